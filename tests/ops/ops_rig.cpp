#include "ops/ops_rig.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <regex>

#include "common/crypto.hpp"
#include "support/wait_until.hpp"

namespace vellum::test {

std::string postgres_url() {
  const char* url = std::getenv("VELLUM_TEST_PG_URL");
  return url ? std::string(url) : std::string();
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  return wait_until(condition, timeout, std::chrono::milliseconds(50));  // each check runs a process or a query
}

OpsRig::OpsRig(OpsOptions options) : dir_("vellum-ops"), token_("ops-" + random_hex(16)) {
  env_["AUTH_TOKEN"] = token_;
  write_config(options);
}

OpsRig::~OpsRig() {
  if (server_) stop();
}

void OpsRig::write_config(const OpsOptions& o) {
  std::string storage = "storage:\n  backend: sqlite\n";
  if (o.postgres) storage = "storage:\n  backend: postgres\n  postgres:\n    url: \"" + postgres_url() + "\"\n";
  if (!o.storage_yaml.empty()) storage = "storage:\n" + o.storage_yaml;
  // Millisecond-scale timings so "within one poll interval" is quick to observe.
  dir_.write("vellum.yaml",
             "server:\n  host: 127.0.0.1\n  port: 0\n  rate_limit_general: 0\n  rate_limit_expensive: 0\n"
             "semantic_search:\n  enabled: true\n"
             "embedding:\n" +
                 (o.embedding_yaml.empty()
                      ? "  provider: local\n  local:\n    dimensions: " + std::to_string(o.dimensions) + "\n"
                      : o.embedding_yaml) +
                 storage +
                 "queue:\n  strategy: " + o.queue_strategy + "\n  enabled: " + (o.queue_enabled ? "true" : "false") +
                 "\n  background:\n"
                 "    poll_interval_ms: 100\n    worker_interval_ms: 1000\n    heartbeat_interval_ms: 5000\n"
                 "    retry_backoff_base_ms: 100\n" + o.background_yaml + o.extra_yaml);
}

void OpsRig::start() {
  server_ = std::make_unique<RunningProcess>(std::vector<std::string>{"serve"}, ProcessOptions{dir_.path(), env_, {}});
  // The whole "listening on host:port (…) in N ms" line: earlier lines may end in " ms" too (a refused
  // start on the file before the last good configuration).
  const std::regex listening("listening on [^ ]+:([0-9]+) .* in [0-9]+ ms\n");
  std::smatch match;
  std::string log;
  REQUIRE(eventually([&] {
    log = server_->output();
    return std::regex_search(log, match, listening);
  }));
  port_ = static_cast<std::uint16_t>(std::stoi(match[1]));
  client_ = std::make_unique<HttpClient>(port_);
}

void OpsRig::stop() {
  client_.reset();
  server_->signal(SIGTERM);
  CHECK(server_->wait() == std::optional<int>(0));
  server_.reset();
}

void OpsRig::kill() {
  client_.reset();
  server_->signal(SIGKILL);
  CHECK(server_->wait() == std::optional<int>(128 + SIGKILL));
  server_.reset();
}

void OpsRig::reload(int generation) {
  const auto answer = vellum_json({"reload"});
  INFO(answer.dump(2));
  REQUIRE(answer["outcome"] == "applied");
  REQUIRE(answer["generation"] == generation);
}

void OpsRig::signal(int signal_number) { server_->signal(signal_number); }

Completed OpsRig::vellum(const std::vector<std::string>& args, const std::map<std::string, std::string>& extra_env) {
  auto env = env_;
  for (const auto& [k, v] : extra_env) env[k] = v;
  return run_vellum(args, ProcessOptions{dir_.path(), env, {}}, std::chrono::seconds(120));
}

nlohmann::json OpsRig::vellum_json(std::vector<std::string> args, int expected_exit) {
  args.push_back("--json");
  auto done = vellum(args);
  INFO("vellum " << args[0] << " " << (args.size() > 1 ? args[1] : "") << ": " << done.err);
  CHECK(done.exit_code == expected_exit);
  return nlohmann::json::parse(done.out);
}

HttpResult OpsRig::get(const std::string& path) { return client_->get(path, {{"Authorization", "Bearer " + token_}}); }
HttpResult OpsRig::del(const std::string& path) { return client_->del(path, {{"Authorization", "Bearer " + token_}}); }
HttpResult OpsRig::post(const std::string& path, const nlohmann::json& body) {
  return client_->post_json(path, body, {{"Authorization", "Bearer " + token_}});
}

HttpResult OpsRig::put(const std::string& path, const nlohmann::json& body) {
  return client_->put(path, body.dump(), {{"Authorization", "Bearer " + token_}, {"Content-Type", "application/json"}});
}

void OpsRig::create_article(const std::string& title, const std::string& content) {
  auto created = post("/api/articles", {{"title", title}, {"content", content}});
  INFO(created.body);
  REQUIRE(created.status == 201);
}

std::int64_t OpsRig::count(const std::string& status) {
  auto done = vellum({"queue", "status", "--json"});
  INFO(done.err);
  REQUIRE(done.exit_code == 0);
  return nlohmann::json::parse(done.out)["stats"][status].get<std::int64_t>();
}

}  // namespace vellum::test
