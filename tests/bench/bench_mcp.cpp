// MCP tools/call latency against a real `vellum serve` (SQLite, local embeddings, background queue)
// over Streamable HTTP. 1,000 articles of ~2 KB are created through REST and the queue is drained,
// so semantic search has every vector. Then each of N sessions — its own keep-alive connection, its
// own initialize and notifications/initialized, its MCP-Session-Id on every call — calls one tool
// in a closed loop for a fixed time. A JSON-RPC error or a tool result with isError is an error.
//
//   VELLUM_BENCH_SESSIONS (32)  VELLUM_BENCH_SECONDS (10, per bench)
#include <memory>

#include <nlohmann/json.hpp>

#include "bench/bench_env.hpp"
#include "bench/load_client.hpp"
#include "bench/server_process.hpp"

namespace vellum::bench {
namespace {

using nlohmann::json;

constexpr std::size_t kArticles = 1000;
constexpr std::size_t kArticleBytes = 2048;
constexpr const char* kProtocolVersion = "2025-11-25";

// Rate limits off for MCP as for REST, and room for every session of repeated runs (sessions are
// left to expire, not deleted).
constexpr const char* kServerYaml =
    "embedding:\n  provider: local\n"
    "mcp:\n  rate_limit_max_requests: 0\n  rate_limit_initialize: 0\n  max_sessions: 100000\n"
    "  max_sessions_per_token: 99999\n";

// Phrases from the seeded articles' vocabulary (bench_env.hpp's article_text), so every query has hits.

LoadRequest post(const json& message, const std::string& session) {
  LoadRequest request{"POST", "/mcp", message.dump(), {}};
  request.headers = {{"Accept", "application/json, text/event-stream"}, {"MCP-Protocol-Version", kProtocolVersion}};
  if (!session.empty()) request.headers.emplace_back("Mcp-Session-Id", session);
  return request;
}

std::string clip(const std::string& text) { return text.substr(0, 200); }

// The JSON-RPC response in a reply: the last `data:` of an event stream (progress notifications may
// come first), or the whole body when it is application/json. Discarded JSON when there is none.
json response_message(const LoadReply& reply) {
  if (reply.header("Content-Type").find("text/event-stream") == std::string::npos) {
    return json::parse(reply.body, nullptr, false);
  }
  std::string last;
  for (std::size_t at = reply.body.find("data:"); at != std::string::npos; at = reply.body.find("data:", at + 5)) {
    if (at > 0 && reply.body[at - 1] != '\n') continue;
    const auto start = at + (reply.body.compare(at, 6, "data: ") == 0 ? 6 : 5);
    last = reply.body.substr(start, reply.body.find('\n', start) - start);
  }
  return json::parse(last, nullptr, false);
}

// "" when the message is a successful JSON-RPC response; otherwise what it is.
std::string rpc_problem(const LoadReply& reply, unsigned want_status, const json& message) {
  if (reply.status != want_status) return "HTTP " + std::to_string(reply.status) + ": " + clip(reply.body);
  if (message.is_discarded() || !message.is_object()) return "no JSON-RPC response in: " + clip(reply.body);
  if (message.contains("error")) return "JSON-RPC error: " + clip(message["error"].dump());
  if (!message.contains("result") || !message["result"].is_object()) return "no result: " + clip(message.dump());
  return {};
}

// Judges a tools/call reply; `results` is the tool's JSON text when it succeeded.
std::string tool_problem(const LoadReply& reply, json& results) {
  const auto message = response_message(reply);
  if (auto problem = rpc_problem(reply, 200, message); !problem.empty()) return problem;
  const auto& result = message["result"];
  const auto& content = result.value("content", json::array());
  const std::string text = !content.empty() && content[0].is_object() ? content[0].value("text", "") : "";
  if (result.value("isError", false)) return "tool error: " + clip(text);
  results = json::parse(text, nullptr, false);
  return {};
}

// What one run saw beyond the load client's counts; the I/O thread is the only writer.
struct Tally {
  std::uint64_t empty_results = 0;  // semanticSearch answers with no hit
};

using ToolArguments = std::function<json(std::uint64_t n)>;

// One MCP session's script: initialize, notifications/initialized, then `tool` in a closed loop.
ConnectionScript session_script(std::string tool, ToolArguments arguments, Tally& tally) {
  auto session = std::make_shared<std::string>();
  SetupStep initialize{
      [] {
        return post({{"jsonrpc", "2.0"}, {"id", 0}, {"method", "initialize"},
                     {"params", {{"protocolVersion", kProtocolVersion}, {"capabilities", json::object()},
                                 {"clientInfo", {{"name", "bench_mcp"}, {"version", "1"}}}}}},
                    "");
      },
      [session](const LoadReply& reply) {
        if (auto problem = rpc_problem(reply, 200, response_message(reply)); !problem.empty()) return problem;
        *session = reply.header("Mcp-Session-Id");
        return session->empty() ? std::string("initialize answered without an Mcp-Session-Id") : std::string();
      }};
  SetupStep initialized{
      [session] { return post({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, *session); },
      [](const LoadReply& reply) {
        return reply.status == 202 ? std::string() : "HTTP " + std::to_string(reply.status) + ": " + clip(reply.body);
      }};
  auto next = [session, tool, arguments = std::move(arguments)](std::uint64_t n) {
    // Ids are unique across the run (n counts every call), so a session never reuses one in flight.
    return post({{"jsonrpc", "2.0"}, {"id", n + 1}, {"method", "tools/call"},
                 {"params", {{"name", tool}, {"arguments", arguments(n)}}}},
                *session);
  };
  const bool searches = tool == "semanticSearch";
  auto check = [&tally, searches](const LoadReply& reply) {
    json results;
    auto problem = tool_problem(reply, results);
    if (problem.empty() && searches && (!results.is_array() || results.empty())) ++tally.empty_results;
    return problem;
  };
  return {{std::move(initialize), std::move(initialized)}, std::move(next), std::move(check)};
}

// One server for both benches, seeded through REST once.
struct Rig {
  ServerProcess server{kServerYaml};
  std::uint64_t seed_failed = 0;
  std::string seed_failure;
  bool drained = false;
};

LoadOptions load_options(const ServerProcess& server, std::size_t connections, std::uint64_t max_requests,
                         std::chrono::milliseconds max) {
  LoadOptions o;
  o.port = server.port();
  o.bearer_token = server.token();
  o.connections = connections;
  o.max_requests = max_requests;
  o.max_duration = max;
  return o;
}

Rig& rig() {
  static auto instance = [] {
    auto r = std::make_unique<Rig>();
    auto seed = run_load(load_options(r->server, 16, kArticles, std::chrono::minutes(5)), [](std::uint64_t n) {
      const json body{{"title", "Bench Article " + std::to_string(n)}, {"content", article_text(n, kArticleBytes)}};
      return LoadRequest{"POST", "/api/articles", body.dump(), {}};
    });
    r->seed_failed = seed.failed + (kArticles - seed.ok - seed.failed);  // unsent ones too (deadline)
    r->seed_failure = seed.first_failure;
    r->drained = r->server.drain_queue(std::chrono::minutes(5));
    return r;
  }();
  return *instance;
}

void run(benchmark::State& state, const std::string& tool, const ToolArguments& arguments) {
  auto& r = rig();
  const auto sessions = env_size("VELLUM_BENCH_SESSIONS", 32);
  const std::chrono::milliseconds window(1000 * env_size("VELLUM_BENCH_SECONDS", 10));
  LoadResult result;
  Tally tally;
  for (auto _ : state) {
    tally = {};
    result = run_scripted_load(load_options(r.server, sessions, UINT64_MAX, window),
                               [&](std::size_t) { return session_script(tool, arguments, tally); });
  }
  state.counters["calls_per_s"] = result.per_second();
  state.counters["calls"] = static_cast<double>(result.ok + result.failed);
  state.counters["errors"] = static_cast<double>(result.failed);
  state.counters["sessions"] = static_cast<double>(sessions);
  state.counters["server_rss_MB"] = r.server.rss_mb();
  if (tool == "semanticSearch") state.counters["empty_results"] = static_cast<double>(tally.empty_results);
  result.latencies.report(state);
  // Whatever went wrong is shown, never hidden: the first error, then the seeding's state.
  std::string label;
  if (result.failed > 0) label += "first error: " + result.first_failure + "; ";
  if (r.seed_failed > 0) label += "seeding: " + std::to_string(r.seed_failed) + " failed (" + r.seed_failure + "); ";
  if (!r.drained) label += "queue did not drain within 5 minutes; ";
  if (!label.empty()) state.SetLabel(label);
}

void read_article(benchmark::State& state) {
  run(state, "readArticle", [](std::uint64_t n) {
    return json{{"filename", "bench-article-" + std::to_string(n % kArticles) + ".md"}};
  });
}

void semantic_search(benchmark::State& state) {
  run(state, "semanticSearch", [](std::uint64_t n) { return json{{"query", kSearchQueries[n % std::size(kSearchQueries)]}}; });
}

// One iteration each: a bench is a whole timed load run, repeated by hand if wanted.
BENCHMARK(read_article)->Name("mcp/readArticle")->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(semantic_search)->Name("mcp/semanticSearch")->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
}  // namespace vellum::bench

BENCHMARK_MAIN();
