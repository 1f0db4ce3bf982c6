// The protocol in-process: lifecycle, tools (scope filtering, pagination), progress, logging levels,
// cancellation, server-to-client requests, resources, and errors as the spec names them.
#include <catch2/catch.hpp>
#include <future>
#include <mutex>
#include <thread>

#include "mcp/dispatcher.hpp"

using namespace vellum;
using mcp::json;

namespace {

http::Caller caller(bool write) {
  http::Caller c;
  c.kind = write ? http::Caller::Kind::admin : http::Caller::Kind::api_key;
  c.name = write ? "admin" : "reader";
  c.scope = write ? "write" : "read-only";
  c.token_id = write ? 0 : 7;
  return c;
}

mcp::Catalogue test_catalogue() {
  mcp::Catalogue c;
  c.tools.push_back({"echo", "", "Echoes its arguments", {{"type", "object"}}, std::nullopt, {}, false,
                     [](const json& args, mcp::RequestContext&) { return mcp::json_result(args); }});
  c.tools.push_back({"write_it", "", "A write", {{"type", "object"}}, std::nullopt,
                     {.read_only = false, .destructive = true, .idempotent = false}, true,
                     [](const json&, mcp::RequestContext&) { return mcp::json_result({{"written", true}}); }});
  c.tools.push_back({"slow", "", "Runs until cancelled", {{"type", "object"}}, std::nullopt, {}, false,
                     [](const json&, mcp::RequestContext& context) {
                       for (int i = 0; i < 500 && !context.cancelled(); ++i) {
                         context.progress(i);
                         std::this_thread::sleep_for(std::chrono::milliseconds(10));
                       }
                       return mcp::json_result({{"cancelled", context.cancelled()}});
                     }});
  c.tools.push_back({"logger", "", "Logs at three levels", {{"type", "object"}}, std::nullopt, {}, false,
                     [](const json&, mcp::RequestContext& context) {
                       context.log(mcp::LogLevel::debug, "d");
                       context.log(mcp::LogLevel::info, "i");
                       context.log(mcp::LogLevel::error, "e");
                       return mcp::json_result(json::object());
                     }});
  c.tools.push_back({"ask", "", "Asks the client", {{"type", "object"}}, std::nullopt, {}, false,
                     [](const json&, mcp::RequestContext& context) {
                       auto reply = context.ask_client("sampling/createMessage", {{"maxTokens", 1}}, "sampling",
                                                       std::chrono::seconds(5));
                       if (!reply) return mcp::error_result(reply.error().message);
                       return mcp::json_result(*reply);
                     }});
  c.tools.push_back({"thrower", "", "Throws", {{"type", "object"}}, std::nullopt, {}, false,
                     [](const json&, mcp::RequestContext&) -> mcp::ToolResult { throw std::runtime_error("boom"); }});
  mcp::ResourceSource source;
  source.list = [](mcp::RequestContext&) -> sdk::Result<std::vector<mcp::Resource>> {
    return std::vector<mcp::Resource>{{"x://a", "a", "", "", "text/plain"}};
  };
  source.read = [](const std::string& uri, mcp::RequestContext&) -> std::optional<sdk::Result<json>> {
    if (uri != "x://a") return std::nullopt;
    return sdk::Result<json>(json::array({{{"uri", uri}, {"text", "A"}}}));
  };
  c.resources.push_back(std::move(source));
  return c;
}

struct Harness {
  explicit Harness(bool write = true, std::size_t page_size = 100)
      : dispatcher(test_catalogue(), {{}, page_size}), session("s", caller(write), std::chrono::steady_clock::now()) {}

  json request(const std::string& method, json params = json::object(), json id = nullptr) {
    if (id.is_null()) id = next_id++;
    mcp::Message m = mcp::classify({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
    auto reply = dispatcher.handle_request(session, m, [this](const json& out) {
      std::lock_guard lock(mutex);
      sent.push_back(out);
    });
    return reply ? *reply : json();
  }
  void init(json capabilities = json::object()) {
    auto r = request("initialize", {{"protocolVersion", "2025-06-18"}, {"capabilities", capabilities},
                                    {"clientInfo", {{"name", "t"}, {"version", "1"}}}});
    REQUIRE(r.contains("result"));
  }
  std::vector<json> outbound() {
    std::lock_guard lock(mutex);
    return sent;
  }

  mcp::Dispatcher dispatcher;
  mcp::Session session;
  int next_id = 1;
  std::mutex mutex;
  std::vector<json> sent;
};

}  // namespace

TEST_CASE("initialize negotiates the version and declares what the catalogue offers") {
  Harness h;
  auto r = h.request("initialize", {{"protocolVersion", "2025-06-18"}, {"capabilities", json::object()},
                                    {"clientInfo", {{"name", "t"}, {"version", "1"}}}});
  REQUIRE(r.contains("result"));
  CHECK(r["result"]["protocolVersion"] == "2025-06-18");
  CHECK(r["result"]["serverInfo"]["name"] == "vellum");
  CHECK(r["result"]["capabilities"].contains("tools"));
  CHECK(r["result"]["capabilities"].contains("resources"));
  CHECK(r["result"]["capabilities"].contains("logging"));
  CHECK_FALSE(r["result"]["capabilities"].contains("prompts"));
  CHECK(h.request("initialize", {{"protocolVersion", "2025-06-18"}})["error"]["code"] == -32600);
}

TEST_CASE("before initialize only ping is answered") {
  Harness h;
  CHECK(h.request("ping")["result"] == json::object());
  CHECK(h.request("tools/list")["error"]["code"] == -32600);
  CHECK(h.request("initialize", json::object())["error"]["code"] == -32602);
}

TEST_CASE("unknown methods and unknown tools are protocol errors, tool failures are results") {
  Harness h;
  h.init();
  CHECK(h.request("prompts/list")["error"]["code"] == -32601);
  CHECK(h.request("no/such")["error"]["code"] == -32601);
  auto unknown = h.request("tools/call", {{"name", "nope"}});
  CHECK(unknown["error"]["code"] == -32602);
  CHECK(unknown["error"]["message"] == "Unknown tool: nope");
  CHECK(h.request("tools/call", {{"name", "echo"}, {"arguments", json::array()}})["error"]["code"] == -32602);
  auto threw = h.request("tools/call", {{"name", "thrower"}});
  CHECK(threw["result"]["isError"] == true);
}

TEST_CASE("write tools are hidden from read-only callers and refused when called") {
  Harness reader(false);
  reader.init();
  auto listed = reader.request("tools/list")["result"]["tools"];
  for (const auto& t : listed) CHECK(t["name"] != "write_it");
  auto refused = reader.request("tools/call", {{"name", "write_it"}});
  CHECK(refused["result"]["isError"] == true);
  CHECK(refused["result"]["content"][0]["text"].get<std::string>().find("requires write scope") != std::string::npos);

  Harness writer(true);
  writer.init();
  CHECK(writer.request("tools/list")["result"]["tools"].size() == 6);
  CHECK(writer.request("tools/call", {{"name", "write_it"}})["result"].value("isError", false) == false);
}

TEST_CASE("every tool carries its annotations") {
  Harness h;
  h.init();
  const json tools = h.request("tools/list")["result"]["tools"];
  REQUIRE_FALSE(tools.empty());
  for (const auto& t : tools) {
    INFO(t.dump());
    CHECK(t["annotations"].contains("readOnlyHint"));
    CHECK(t["annotations"].contains("destructiveHint"));
    CHECK(t["annotations"].contains("idempotentHint"));
  }
}

TEST_CASE("tools/list pages with a cursor") {
  Harness h(true, 4);
  h.init();
  auto first = h.request("tools/list")["result"];
  CHECK(first["tools"].size() == 4);
  REQUIRE(first.contains("nextCursor"));
  auto second = h.request("tools/list", {{"cursor", first["nextCursor"]}})["result"];
  CHECK(second["tools"].size() == 2);
  CHECK_FALSE(second.contains("nextCursor"));
  CHECK(h.request("tools/list", {{"cursor", "bogus"}})["error"]["code"] == -32602);
}

TEST_CASE("progress goes out only when the request asked for it") {
  Harness h;
  h.init();
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    h.session.cancel(json(100));
  });
  auto r = h.request("tools/call", {{"name", "slow"}, {"_meta", {{"progressToken", "p1"}}}}, 100);
  canceller.join();
  CHECK(r.is_null());  // cancelled: no response at all
  auto sent = h.outbound();
  REQUIRE_FALSE(sent.empty());
  CHECK(sent.front()["method"] == "notifications/progress");
  CHECK(sent.front()["params"]["progressToken"] == "p1");
}

TEST_CASE("notifications/cancelled stops a running request, which then sends no response") {
  Harness h;
  h.init();
  auto running = std::async(std::launch::async, [&] { return h.request("tools/call", {{"name", "slow"}}, "c1"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  h.dispatcher.handle_notification(h.session, mcp::classify({{"jsonrpc", "2.0"},
                                                             {"method", "notifications/cancelled"},
                                                             {"params", {{"requestId", "c1"}, {"reason", "x"}}}}));
  CHECK(running.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK(running.get().is_null());
  CHECK(h.outbound().empty());  // no progress token, no progress
}

TEST_CASE("logging/setLevel filters log notifications") {
  Harness h;
  h.init();
  CHECK(h.request("logging/setLevel", {{"level", "loud"}})["error"]["code"] == -32602);
  CHECK(h.request("logging/setLevel", {{"level", "error"}})["result"] == json::object());
  h.request("tools/call", {{"name", "logger"}});
  auto sent = h.outbound();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0]["method"] == "notifications/message");
  CHECK(sent[0]["params"]["level"] == "error");
  h.request("logging/setLevel", {{"level", "debug"}});
  h.request("tools/call", {{"name", "logger"}});
  CHECK(h.outbound().size() == 4);
}

TEST_CASE("a tool can ask the client and gets its reply") {
  Harness h;
  h.init({{"sampling", json::object()}});
  auto running = std::async(std::launch::async, [&] { return h.request("tools/call", {{"name", "ask"}}); });
  json question;
  for (int i = 0; i < 100 && question.is_null(); ++i) {
    for (const auto& m : h.outbound()) {
      if (m.value("method", "") == "sampling/createMessage") question = m;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE_FALSE(question.is_null());
  h.dispatcher.handle_response(h.session, mcp::classify({{"jsonrpc", "2.0"}, {"id", question["id"]},
                                                         {"result", {{"answer", 42}}}}));
  auto r = running.get();
  CHECK(json::parse(r["result"]["content"][0]["text"].get<std::string>())["answer"] == 42);
}

TEST_CASE("asking a client without the capability fails as a tool error") {
  Harness h;
  h.init();
  auto r = h.request("tools/call", {{"name", "ask"}});
  CHECK(r["result"]["isError"] == true);
}

TEST_CASE("resources are listed and read, unknown URIs are -32002") {
  Harness h;
  h.init();
  CHECK(h.request("resources/list")["result"]["resources"][0]["uri"] == "x://a");
  CHECK(h.request("resources/read", {{"uri", "x://a"}})["result"]["contents"][0]["text"] == "A");
  CHECK(h.request("resources/read", {{"uri", "x://b"}})["error"]["code"] == -32002);
  CHECK(h.request("resources/read", json::object())["error"]["code"] == -32602);
  CHECK(h.request("resources/subscribe", {{"uri", "x://a"}})["error"]["code"] == -32601);
}

TEST_CASE("a request id already in flight is refused") {
  Harness h;
  h.init();
  auto running = std::async(std::launch::async, [&] { return h.request("tools/call", {{"name", "slow"}}, "dup"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(h.request("ping", json::object(), "dup")["error"]["code"] == -32600);
  h.session.cancel(json("dup"));
  running.get();
}
