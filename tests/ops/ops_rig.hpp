// One operator's setup for the scenarios of docs/operations.md: a vellum.yaml in a temporary
// directory, `vellum serve` running on it, and the `vellum …` commands of the guide run beside it with
// the same configuration and environment (AUTH_TOKEN generated per rig).
//
//   OpsRig rig;                                   // SQLite; rig.backend() == "postgres" with VELLUM_TEST_PG_URL
//   rig.create_article("Hello", "# Hello\nworld");
//   auto done = rig.vellum({"queue", "wait-for-completion", "--timeout", "20"});
//   CHECK(done.exit_code == 0);
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace vellum::test {

struct OpsOptions {
  bool postgres = false;       // use VELLUM_TEST_PG_URL (the caller checks it is set)
  int dimensions = 64;         // of the local embedding provider
  std::string queue_strategy = "background";
  std::string embedding_yaml;   // the `embedding:` section's body; "" = the local provider above
  std::string background_yaml;  // more `queue.background:` keys, each line indented by four spaces
  std::string extra_yaml;       // more top-level sections, appended as written
  std::string storage_yaml;     // the `storage:` section's body; "" = SQLite, or PostgreSQL as above
  bool queue_enabled = true;
};

class OpsRig {
 public:
  explicit OpsRig(OpsOptions options = {});
  ~OpsRig();

  void start();                // vellum serve; waits until it listens
  void stop();                 // SIGTERM, waits
  void kill();                 // SIGKILL (a crash: nothing is cleaned up), waits
  // `vellum reload`, as the guide does it; requires the answer to be generation N applied.
  void reload(int generation);
  void signal(int signal_number);  // to the server
  void write_config(const OpsOptions& options);
  // For `vellum serve` and the commands alike (the operator's shell); set before start().
  void set_env(const std::string& name, const std::string& value) { env_[name] = value; }

  [[nodiscard]] Completed vellum(const std::vector<std::string>& args,
                                 const std::map<std::string, std::string>& extra_env = {});
  // `vellum <args> --json`, parsed; fails the test on a non-JSON answer.
  [[nodiscard]] nlohmann::json vellum_json(std::vector<std::string> args, int expected_exit = 0);

  [[nodiscard]] HttpResult get(const std::string& path);
  [[nodiscard]] HttpResult del(const std::string& path);
  [[nodiscard]] HttpResult post(const std::string& path, const nlohmann::json& body);
  [[nodiscard]] HttpResult put(const std::string& path, const nlohmann::json& body);
  // POST /api/articles; fails the test unless 201.
  void create_article(const std::string& title, const std::string& content);

  [[nodiscard]] std::int64_t count(const std::string& status);  // from `vellum queue status --json`
  [[nodiscard]] std::string output() { return server_ ? server_->output() : std::string(); }
  [[nodiscard]] const TempDir& dir() const { return dir_; }
  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] const std::string& token() const { return token_; }

 private:
  TempDir dir_;
  std::string token_;
  std::map<std::string, std::string> env_;
  std::unique_ptr<RunningProcess> server_;
  std::unique_ptr<HttpClient> client_;
  std::uint16_t port_ = 0;
};

// The PostgreSQL URL for the second pass, or "" (the caller WARNs that the pass is skipped).
[[nodiscard]] std::string postgres_url();

// Polls `condition` every 50 ms until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(20));

}  // namespace vellum::test
