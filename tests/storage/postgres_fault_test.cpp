// PostgreSQL faults on a private server this test starts itself (scripts/pg_throwaway.sh), so it
// can stop and restart it without disturbing anything else: a statement timeout is a transient
// error that says so; a stopped server makes calls fail `unavailable` quickly; after the restart
// the same backend object works again.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <span>
#include <stdexcept>

#include "config/plugin_settings.hpp"
#include "plugins/plugin_library.hpp"
#include "storage/backend_fixture.hpp"
#include "storage/pg_connection.hpp"
#include "storage/storage_test_helpers.hpp"

using namespace vellum;
using namespace vellum::test;

namespace {

constexpr int kSkipExitCode = 77;  // CTest's SKIP_RETURN_CODE for this suite

bool server_binaries_installed() {
  std::error_code ec;
  for (const auto& version : std::filesystem::directory_iterator("/usr/lib/postgresql", ec))
    if (std::filesystem::exists(version.path() / "bin" / "pg_ctl")) return true;
  return false;
}

// Runs a shell command; its stdout, or an exception naming the command when it fails.
std::string shell(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::string out;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
  if (::pclose(pipe) != 0) throw std::runtime_error("failed: " + command + "\n" + out);
  return out;
}

// The value of `export NAME=value` (single quotes removed) in the script's output.
std::string exported(const std::string& output, const std::string& name) {
  const std::string prefix = "export " + name + "=";
  const auto at = output.find(prefix);
  if (at == std::string::npos) throw std::runtime_error("pg_throwaway.sh did not export " + name);
  std::string value = output.substr(at + prefix.size(), output.find('\n', at) - at - prefix.size());
  if (value.size() >= 2 && value.front() == '\'') value = value.substr(1, value.size() - 2);
  return value;
}

// A private cluster for one test: started in the constructor, stopped and deleted in the destructor.
class PrivateServer {
 public:
  PrivateServer() {
    const auto out = shell(script_ + " start");
    root_ = exported(out, "PGROOT");
    url_ = exported(out, "VELLUM_TEST_PG_URL");
  }
  ~PrivateServer() { std::system((script_ + " stop " + root_ + " >/dev/null 2>&1").c_str()); }
  PrivateServer(const PrivateServer&) = delete;
  PrivateServer& operator=(const PrivateServer&) = delete;

  [[nodiscard]] const std::string& url() const { return url_; }
  void halt() { shell(script_ + " halt " + root_); }
  void resume() { shell(script_ + " resume " + root_); }

 private:
  std::string script_ = std::string(VELLUM_SOURCE_DIR) + "/scripts/pg_throwaway.sh";
  std::string root_, url_;
};

struct Backend {
  plugins::LibraryPtr library;
  TestHostContext host;
  sdk::BackendPtr backend;

  Backend(const std::string& url, const Settings& extra) {
    auto opened = plugins::PluginLibrary::open(std::string(VELLUM_TEST_PLUGIN_DIR) + "/vellum-storage-postgres.so");
    if (!opened) throw std::runtime_error(opened.error().message);
    library = opened.value();
    Settings settings = extra;
    settings["url"] = {url, "test"};
    auto config = config::build_plugin_config(
        "storage.postgres", std::span<const sdk::ConfigOption>(library->manifest().options), settings);
    if (!config) throw std::runtime_error(config.error().message);
    auto created = library->create<sdk::Slot::storage>(config.value(), host);
    if (!created) throw std::runtime_error(created.error().message);
    backend = created.value();
  }
  ~Backend() { backend.reset(); }  // before the library goes
};

void skip_without_server_binaries() {
  if (!server_binaries_installed()) {
    std::cout << "PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are not installed; "
                 "the fault tests are skipped" << std::endl;
    std::exit(kSkipExitCode);
  }
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("postgres faults: a statement timeout is a transient error that names the timeout", "[storage][postgres][faults]") {
  skip_without_server_binaries();
  PrivateServer server;
  Backend b(server.url(), {{"statement_timeout_ms", {"100", "test"}}, {"pool_size", {"2", "test"}}});
  add_article(*b.backend, draft("a"));

  // Another session holds a lock the backend's reads must wait for, longer than the timeout allows.
  PgConnection blocker(server.url());
  blocker.exec("BEGIN");
  blocker.exec("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE");
  const auto start = std::chrono::steady_clock::now();
  auto blocked = read(*b.backend, [](sdk::Repositories& r) { return r.articles().count({}); });
  REQUIRE_FALSE(blocked.ok());
  CHECK(blocked.error().kind == sdk::ErrorKind::transient);
  CHECK(blocked.error().retryable);
  CHECK(blocked.error().message.find("statement timeout") != std::string::npos);
  CHECK(seconds_since(start) < 20);
  blocker.exec("ROLLBACK");

  CHECK(ok(read(*b.backend, [](sdk::Repositories& r) { return r.articles().count({}); })) == 1);
}

TEST_CASE("postgres faults: a stopped server fails calls quickly; after a restart the same backend works",
          "[storage][postgres][faults]") {
  skip_without_server_binaries();
  PrivateServer server;
  Backend b(server.url(), {{"connect_timeout_ms", {"2000", "test"}}, {"pool_size", {"2", "test"}}});
  add_article(*b.backend, draft("before"));
  ok(b.backend->health());

  server.halt();
  auto start = std::chrono::steady_clock::now();
  auto during = write(*b.backend, [](sdk::Repositories& r) { return r.articles().insert(draft("during")); });
  REQUIRE_FALSE(during.ok());
  CHECK(during.error().kind == sdk::ErrorKind::unavailable);
  CHECK(during.error().retryable);
  CHECK(during.error().message.find("reconnect") != std::string::npos);
  CHECK(seconds_since(start) < 5);
  start = std::chrono::steady_clock::now();
  auto health = b.backend->health();
  REQUIRE_FALSE(health.ok());
  CHECK(health.error().kind == sdk::ErrorKind::unavailable);
  auto count = read(*b.backend, [](sdk::Repositories& r) { return r.articles().count({}); });
  REQUIRE_FALSE(count.ok());
  CHECK(count.error().kind == sdk::ErrorKind::unavailable);
  CHECK(seconds_since(start) < 5);

  server.resume();
  // Every pooled connection died with the server; each is replaced on its first use.
  for (int i = 0; i < 4; ++i) ok(b.backend->health());
  add_article(*b.backend, draft("after"));
  CHECK(ok(read(*b.backend, [](sdk::Repositories& r) { return r.articles().count({}); })) == 2);
  CHECK(b.host.metric_total("storage_reconnects") > 0);
}
