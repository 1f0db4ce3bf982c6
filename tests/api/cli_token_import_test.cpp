// `vellum token` and `vellum import` through the real binary, and `vellum serve` refusing to serve
// without an admin token: it generates one (0600) and the keys the CLI made work against it.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <csignal>
#include <fstream>
#include <regex>

#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using vellum::test::HttpClient;
using vellum::test::ProcessOptions;
using vellum::test::run_vellum;
using vellum::test::RunningProcess;
using vellum::test::TempDir;
using json = nlohmann::json;

namespace {

ProcessOptions in(const TempDir& dir) { return ProcessOptions{dir.path(), {}, {}}; }

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

TEST_CASE("vellum token create | list | revoke") {
  TempDir cwd;
  auto created = run_vellum({"token", "create", "ci-bot", "--scope", "write", "--json"}, in(cwd));
  INFO(created.err);
  REQUIRE(created.exit_code == 0);
  const auto token = json::parse(created.out);
  CHECK(token["name"] == "ci-bot");
  CHECK(std::regex_match(token["token"].get<std::string>(), std::regex("sk-md-[0-9a-f]{64}")));

  auto human = run_vellum({"token", "create", "reader"}, in(cwd));
  CHECK(human.exit_code == 0);
  CHECK_THAT(human.out, Catch::Contains("scope read-only") && Catch::Contains("shown only once"));

  auto listed = run_vellum({"token", "list", "--json"}, in(cwd));
  REQUIRE(listed.exit_code == 0);
  const auto tokens = json::parse(listed.out)["tokens"];
  REQUIRE(tokens.size() == 2);
  CHECK(listed.out.find(token["token"].get<std::string>()) == std::string::npos);
  CHECK_THAT(run_vellum({"token", "list"}, in(cwd)).out, Catch::Contains("sk-md-****..."));

  const std::string id = std::to_string(token["id"].get<int>());
  CHECK(run_vellum({"token", "revoke", id}, in(cwd)).exit_code == 0);
  CHECK(run_vellum({"token", "revoke", id}, in(cwd)).exit_code == 1);
  CHECK(run_vellum({"token", "create"}, in(cwd)).exit_code == 2);
  auto bad_scope = run_vellum({"token", "create", "x", "--scope", "admin"}, in(cwd));
  CHECK(bad_scope.exit_code == 1);
  CHECK_THAT(bad_scope.err, Catch::Contains("Scope must be"));
  CHECK(run_vellum({"token", "create", "reader"}, in(cwd)).exit_code == 1);  // name taken
  CHECK_THAT(run_vellum({"token", "create", "--help"}, in(cwd)).out, Catch::Contains("exit codes"));
}

TEST_CASE("vellum import: dry run, import, conflicts, exit codes") {
  TempDir cwd;
  cwd.write("notes/intro.md", "---\ntitle: Intro\npublic: true\n---\n# Intro\n");
  cwd.write("notes/guides/setup.md", "# Setup Guide\r\nsteps\r\n");
  auto dry = run_vellum({"import", "notes", "--dry-run", "--json"}, in(cwd));
  INFO(dry.err);
  REQUIRE(dry.exit_code == 0);
  CHECK(json::parse(dry.out) ==
        json{{"valid", true}, {"totalFiles", 2}, {"conflicts", json::array()}, {"errors", json::array()}});

  auto imported = run_vellum({"import", "notes"}, in(cwd));
  REQUIRE(imported.exit_code == 0);
  CHECK_THAT(imported.out, Catch::Contains("imported 2"));
  CHECK(imported.err.find("[#") == std::string::npos);  // no progress bar when stderr is not a terminal

  auto again = run_vellum({"import", "notes", "--json"}, in(cwd));
  CHECK(again.exit_code == 0);
  CHECK(json::parse(again.out)["skipped"] == 2);
  CHECK(run_vellum({"import", "notes", "--dry-run"}, in(cwd)).exit_code == 1);  // conflicts now
  auto renamed = run_vellum({"import", "notes", "--conflict", "rename", "--json"}, in(cwd));
  CHECK(json::parse(renamed.out)["renamed"] == 2);
  CHECK(run_vellum({"import", "notes", "--conflict", "bogus"}, in(cwd)).exit_code == 2);
  CHECK(run_vellum({"import", "missing-dir"}, in(cwd)).exit_code == 1);
  CHECK(run_vellum({"import"}, in(cwd)).exit_code == 2);
}

TEST_CASE("vellum serve generates an admin token (0600) when none is configured and requires it") {
  TempDir cwd;
  auto key = json::parse(run_vellum({"token", "create", "agent", "--scope", "write", "--json"}, in(cwd)).out);
  cwd.write("notes/a.md", "# Alpha\n");
  REQUIRE(run_vellum({"import", "notes"}, in(cwd)).exit_code == 0);

  RunningProcess server({"serve", "--host", "127.0.0.1", "--port", "0"}, in(cwd));
  auto log = server.wait_for_output(" ms\n");
  REQUIRE(log);
  CHECK_THAT(*log, Catch::Contains("generated one into") && Catch::Contains("admin-token"));
  std::smatch match;
  REQUIRE(std::regex_search(*log, match, std::regex("listening on [^ ]+:([0-9]+) ")));
  const auto port = static_cast<std::uint16_t>(std::stoi(match[1]));

  const auto token_file = cwd / "data" / "admin-token";
  struct stat info {};
  REQUIRE(::stat(token_file.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  const std::string admin = read_file(token_file);
  CHECK(log->find(admin) == std::string::npos);  // the log says where, never what

  HttpClient client(port);
  CHECK(client.get("/api/articles").status == 401);
  auto listed = client.get("/api/articles", {{"Authorization", "Bearer " + admin}});
  REQUIRE(listed.status == 200);
  CHECK(listed.json()[0]["filename"] == "a.md");
  auto by_key = client.post_json("/api/articles", {{"title", "From Agent"}, {"content", "x"}},
                                 {{"Authorization", "Bearer " + key["token"].get<std::string>()}});
  CHECK(by_key.status == 201);
  CHECK(by_key.json()["modifiedBy"] == "agent");

  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
}
