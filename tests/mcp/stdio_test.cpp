// `vellum mcp` through the real binary: newline-delimited JSON-RPC on stdin/stdout, logs on stderr
// only, a clean exit at end of input, and bad lines answered without stopping.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

using namespace vellum::test;
using nlohmann::json;

namespace {

std::string config_in(const TempDir& dir) {
  const auto path = dir.path() / "vellum.yaml";
  std::ofstream(path) << "data_dir: " << (dir.path() / "data").string() << "\nlog:\n  level: info\n";
  return path.string();
}

std::map<std::string, json> responses_by_id(const std::string& out) {
  std::map<std::string, json> by_id;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    INFO(line);
    const json message = json::parse(line);  // every stdout line must be one JSON-RPC message
    if (message.contains("id")) by_id[message["id"].dump()] = message;
  }
  return by_id;
}

std::string lines(std::initializer_list<json> messages) {
  std::string text;
  for (const auto& m : messages) text += m.dump() + "\n";
  return text;
}

const json kInitialize = {{"jsonrpc", "2.0"},
                          {"id", 1},
                          {"method", "initialize"},
                          {"params",
                           {{"protocolVersion", "2025-06-18"},
                            {"capabilities", json::object()},
                            {"clientInfo", {{"name", "stdio-test"}, {"version", "1"}}}}}};

}  // namespace

TEST_CASE("vellum mcp answers on stdout, logs on stderr and exits 0 at end of input") {
  TempDir dir;
  const auto config = config_in(dir);
  ProcessOptions options;
  options.stdin_text = lines({kInitialize,
                              {{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}},
                              {{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/list"}},
                              {{"jsonrpc", "2.0"},
                               {"id", 3},
                               {"method", "tools/call"},
                               {"params",
                                {{"name", "createArticle"},
                                 {"arguments", {{"title", "Stdio Note"}, {"content", "# Stdio Note\n\nfrom a pipe"}}}}}}});
  auto run = run_vellum({"mcp", "--config", config}, options);
  INFO(run.err);
  CHECK(run.exit_code == 0);
  auto by_id = responses_by_id(run.out);
  REQUIRE(by_id.count("1") == 1);
  CHECK(by_id["1"]["result"]["protocolVersion"] == "2025-06-18");
  REQUIRE(by_id.count("2") == 1);
  CHECK(by_id["2"]["result"]["tools"].size() >= 12);
  REQUIRE(by_id.count("3") == 1);
  CHECK(json::parse(by_id["3"]["result"]["content"][0]["text"].get<std::string>())["filename"] == "stdio-note.md");
  CHECK(run.err.find("MCP server on stdio") != std::string::npos);

  // A second process sees the article the first one wrote: same database, same services.
  options.stdin_text = lines({kInitialize,
                              {{"jsonrpc", "2.0"},
                               {"id", 2},
                               {"method", "tools/call"},
                               {"params", {{"name", "readArticle"}, {"arguments", {{"filename", "stdio-note.md"}}}}}}});
  auto again = run_vellum({"mcp", "--config", config}, options);
  CHECK(again.exit_code == 0);
  auto read = responses_by_id(again.out);
  REQUIRE(read.count("2") == 1);
  CHECK(read["2"]["result"]["content"][0]["text"].get<std::string>().find("from a pipe") != std::string::npos);
}

TEST_CASE("vellum mcp answers bad lines with errors and keeps going") {
  TempDir dir;
  ProcessOptions options;
  options.stdin_text = "{not json\n" + lines({kInitialize}) + "[1,2]\n\n" +
                       lines({{{"jsonrpc", "2.0"}, {"id", 5}, {"method", "nope"}},
                              {{"jsonrpc", "2.0"}, {"id", 6}, {"method", "ping"}}});
  auto run = run_vellum({"mcp", "--config", config_in(dir)}, options);
  CHECK(run.exit_code == 0);
  std::istringstream out(run.out);
  std::string first;
  std::getline(out, first);
  CHECK(json::parse(first)["error"]["code"] == -32700);
  auto by_id = responses_by_id(run.out);
  CHECK(by_id["5"]["error"]["code"] == -32601);
  CHECK(by_id["6"]["result"] == json::object());
  CHECK(run.out.find("-32600") != std::string::npos);  // the batch
}

TEST_CASE("vellum mcp answers a line nested 50,000 levels deep with a parse error and keeps going") {
  TempDir dir;
  ProcessOptions options;
  options.stdin_text = lines({kInitialize}) + std::string(50'000, '[') + std::string(50'000, ']') + "\n" +
                       lines({{{"jsonrpc", "2.0"}, {"id", 6}, {"method", "ping"}}});
  auto run = run_vellum({"mcp", "--config", config_in(dir)}, options);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("Parse error: JSON nested deeper than 64 levels"));
  CHECK(responses_by_id(run.out)["6"]["result"] == json::object());
}

TEST_CASE("vellum mcp --read-only hides the write tools") {
  TempDir dir;
  ProcessOptions options;
  options.stdin_text = lines({kInitialize, {{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/list"}}});
  auto run = run_vellum({"mcp", "--config", config_in(dir), "--read-only"}, options);
  CHECK(run.exit_code == 0);
  auto by_id = responses_by_id(run.out);
  for (const auto& tool : by_id["2"]["result"]["tools"]) CHECK(tool["name"] != "createArticle");
}

TEST_CASE("vellum mcp refuses a token that is not valid") {
  TempDir dir;
  ProcessOptions options;
  options.env["VELLUM_MCP_TOKEN"] = "sk-md-" + std::string(64, '0');
  auto run = run_vellum({"mcp", "--config", config_in(dir)}, options);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.err, Catch::Contains("VELLUM_MCP_TOKEN is not a valid token"));
  CHECK_THAT(run.err, !Catch::Contains("unknown key"));
  CHECK(run.out.empty());
}

TEST_CASE("vellum mcp acts as the API key in VELLUM_MCP_TOKEN, with its scope") {
  TempDir dir;
  const auto config = config_in(dir);
  auto created = run_vellum({"token", "create", "agent", "--scope", "read-only", "--json", "--config", config});
  INFO(created.err);
  REQUIRE(created.exit_code == 0);
  const auto key = json::parse(created.out)["token"].get<std::string>();
  ProcessOptions options;
  options.env["VELLUM_MCP_TOKEN"] = key;
  options.stdin_text = lines({kInitialize, {{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/list"}}});
  auto run = run_vellum({"mcp", "--config", config}, options);
  INFO(run.err);
  CHECK(run.exit_code == 0);
  auto by_id = responses_by_id(run.out);
  REQUIRE(by_id["2"]["result"]["tools"].size() > 0);
  for (const auto& tool : by_id["2"]["result"]["tools"]) CHECK(tool["name"] != "createArticle");  // read-only key
}

TEST_CASE("vellum mcp without a configuration file refuses to start an empty store where it is run") {
  TempDir dir;
  ProcessOptions options;
  options.working_dir = dir.path();
  options.stdin_text = lines({kInitialize});
  auto run = run_vellum({"mcp"}, options);
  CHECK(run.exit_code == 1);
  CHECK(run.out.empty());
  CHECK_THAT(run.err, Catch::Contains("no configuration file") && Catch::Contains("--config"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "data"));  // nothing was created

  // With a configuration file it starts, and once its database exists, running without the file
  // from the same directory finds it.
  std::ofstream(dir.path() / "vellum.yaml") << "log:\n  level: info\n";
  REQUIRE(run_vellum({"mcp"}, options).exit_code == 0);
  std::filesystem::remove(dir.path() / "vellum.yaml");
  CHECK(run_vellum({"mcp"}, options).exit_code == 0);
}
