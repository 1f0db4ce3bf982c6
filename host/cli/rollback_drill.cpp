#include "cli/rollback_drill.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/admin_client.hpp"
#include "cli/app_config.hpp"
#include "cli/drill_server.hpp"
#include "cli/server_address.hpp"
#include "common/crypto.hpp"
#include "config/client_view.hpp"
#include "config/env_names.hpp"
#include "datamove/census.hpp"
#include "datamove/copy_data.hpp"
#include "datamove/external_tool.hpp"
#include "datamove/pg_tool.hpp"
#include "http/auth_admin_token.hpp"
#include "plugins/host_services.hpp"
#include "vellum/sdk/private_files.hpp"

namespace vellum::cli::drill {

namespace {

using nlohmann::json;
using verify::Verdict;

constexpr std::chrono::seconds kRequestTimeout{30};
constexpr std::chrono::seconds kStateTimeout{20};
constexpr std::chrono::milliseconds kPoll{200};

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

class Drill {
 public:
  Drill(const CommandContext& context, const Options& options, const Progress& progress)
      : context_(context), options_(options), progress_(progress) {}

  Report run() {
    if (!prepare()) return finish();
    if (options_.dry_run) {
      describe_dry_run();
      return finish();
    }
    if (copy() && start()) {
      check_verify("verify-before");
      queue_disable();
      configuration_rollback();
      migration_rollback();
      provider_rollback();
      emergency_stop();
      data_corruption_recovery();
      check_verify("verify-after");
    }
    cleanup();
    return finish();
  }

 private:
  // ---- steps ----------------------------------------------------------------------------------

  bool prepare() {
    auto loaded = load_config_and_plugins(context_);
    if (!loaded.report.ok()) return record("prepare", Verdict::fail, "the configuration has errors: " +
                                                                         joined(loaded.report.errors));
    setup_logging_for(*loaded.report.config, context_);  // to stderr: stdout holds the report
    backend_ = loaded.report.config->storage.plugin;
    if (backend_ != "sqlite" && backend_ != "postgres") {
      return record("prepare", Verdict::fail, "the drill knows SQLite and PostgreSQL, not '" + backend_ + "'");
    }
    const char* base = std::getenv("TMPDIR");
    // mkdtemp's pattern: it replaces the X's with a unique name (a dry run shows the pattern itself).
    const std::string pattern = std::string(base && *base ? base : "/tmp") + "/vellum-drill-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (!options_.dry_run) {
      if (!mkdtemp(buffer.data())) return record("prepare", Verdict::fail, "cannot create a temporary directory");
      workspace_ = buffer.data();
    } else {
      workspace_ = pattern;
    }
    data_dir_ = workspace_ / "data";
    overrides_[config::env_name_for("data_dir")] = data_dir_.string();
    overrides_[config::env_name_for("server.host")] = "127.0.0.1";
    overrides_[config::env_name_for("server.port")] = "0";
    if (backend_ == "sqlite") {
      copy_location_ = (data_dir_ / "drill.db").string();
      overrides_[config::env_name_for("storage.sqlite.path")] = copy_location_;
    } else {
      schema_ = "vellum_drill_" + random_hex(4);
      copy_location_ = "schema " + schema_;
      overrides_[config::env_name_for("storage.postgres.schema")] = schema_;
    }
    for (const auto& [name, value] : overrides_) environment_.set.push_back(name + "=" + value);
    // Under systemd the drill's server is not the service: it must not speak for it.
    environment_.unset = {"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"};
    if (auto file = context_.args.value("config")) config_args_ = {"--config", *file};
    self_ = std::filesystem::read_symlink("/proc/self/exe").string();
    return true;
  }

  void describe_dry_run() {
    record("dry-run", Verdict::skip,
           "would copy the " + backend_ + " database into " + copy_location_ + " (workspace " + workspace_.string() +
               "), start `vellum serve` on it at 127.0.0.1 on a free port, and run: verify, temporary queue "
               "disable, configuration rollback (export, clear, import), migration rollback, provider rollback "
               "(to the previous embedding set and back, when there is one), emergency stop, data corruption "
               "recovery (backup, restore, restart), verify; then stop it and remove " +
               (schema_.empty() ? workspace_.string() : workspace_.string() + " and the schema " + schema_));
  }

  bool copy() {
    auto source_loaded = load_config_and_plugins(context_);
    const auto& source_config = *source_loaded.report.config;
    plugins::HostServices source_host(source_config.data_dir.string());
    auto source = open_storage(source_config, source_loaded.catalog, source_host, /*migrate=*/false);
    if (!source) return record("copy", Verdict::fail, "cannot open this deployment's database: " + source.error().message);

    CommandContext drill_context = drill_view();
    auto target_loaded = load_config_and_plugins(drill_context);
    if (!target_loaded.report.ok()) {
      return record("copy", Verdict::fail, "the drill's configuration has errors: " + joined(target_loaded.report.errors));
    }
    const auto& target_config = *target_loaded.report.config;
    if (auto made = sdk::make_private_directories(target_config.data_dir); !made) {
      return record("copy", Verdict::fail, made.error().message);
    }
    plugins::HostServices target_host(target_config.data_dir.string());
    copy_made_ = true;  // from here on there is something to remove
    auto target = open_storage(target_config, target_loaded.catalog, target_host, /*migrate=*/true);
    if (!target) return record("copy", Verdict::fail, "cannot create the copy: " + target.error().message);
    datamove::Progress progress(context_.err, datamove::is_terminal(2));
    auto copied = datamove::copy_all(*source.value(), *target.value(), progress);
    progress.finish();
    if (!copied) return record("copy", Verdict::fail, copied.error().message);
    auto expected = datamove::take_census(*source.value());
    auto arrived = datamove::take_census(*target.value());
    if (!expected || !arrived) return record("copy", Verdict::fail, "copied, but cannot count to check");
    if (auto mismatches = datamove::differences(expected.value(), arrived.value()); !mismatches.empty()) {
      return record("copy", Verdict::fail, "the copy differs: " + joined(mismatches));
    }
    return record("copy", Verdict::pass, datamove::describe(arrived.value()) + " into " + copy_location_);
  }

  bool start(const std::string& step = "start") {
    std::vector<std::string> argv{self_, "serve"};
    argv.insert(argv.end(), config_args_.begin(), config_args_.end());
    auto url = server_.start(argv, environment_, workspace_ / "server.log", data_dir_ / kServerUrlFileName,
                             options_.wait);
    if (!url) return record(step, Verdict::fail, url.error().message);
    url_ = url.value();
    config::LoadOptions load;
    if (auto file = context_.args.value("config")) load.config_file = *file;
    load.env = drill_view().environment;
    const auto view = config::client_view(config::read_config_source(load));
    auto token = http::find_admin_token(view.auth, view.data_dir);
    if (!token) return record(step, Verdict::fail, "no admin token for the drill server: " + token.error().message);
    token_ = token->token;
    return record(step, Verdict::pass, "vellum serve on the copy at " + url_ + " (log " +
                                           (workspace_ / "server.log").string() + ")");
  }

  void check_verify(const std::string& name) {
    verify::Options options;
    options.wait = options_.wait;
    const auto report = verify::run(url_, token_, options, nullptr);
    const auto failed = report.failed();
    if (failed.empty()) {
      record(name, Verdict::pass, "vellum verify: all " + std::to_string(report.checks.size()) + " checks passed");
      return;
    }
    std::string evidence = "vellum verify failed:";
    for (const auto& check : report.checks) {
      if (check.verdict == Verdict::fail) evidence += " " + check.name + " (" + check.evidence + ");";
    }
    record(name, Verdict::fail, evidence);
  }

  void queue_disable() {
    const auto strategy = queue_strategy();
    if (strategy != "background") {
      record("temporary-queue-disable", Verdict::skip, "the queue strategy is '" + strategy + "': nothing to stop");
      return;
    }
    if (!command({"queue", "stop"}, "temporary-queue-disable") || !worker_becomes("Paused", "temporary-queue-disable") ||
        !command({"queue", "start"}, "temporary-queue-disable") || !worker_becomes("Running", "temporary-queue-disable")) {
      return;
    }
    record("temporary-queue-disable", Verdict::pass, "vellum queue stop → Paused, vellum queue start → Running");
  }

  void configuration_rollback() {
    const std::string name = "configuration-rollback";
    if (queue_strategy().empty()) {
      record(name, Verdict::skip, "the queue is off by configuration");
      return;
    }
    const auto file = (workspace_ / "queue-export.json").string();
    const auto before = task_total();
    if (!command({"queue", "export"}, name, file) || !command({"queue", "clear", "--all", "--confirm"}, name) ||
        !command({"queue", "import", file}, name)) {
      return;
    }
    const auto after = task_total();
    if (!before || !after || *before != *after) {
      record(name, Verdict::fail, "tasks before export " + std::to_string(before.value_or(-1)) + ", after import " +
                                      std::to_string(after.value_or(-1)));
      return;
    }
    record(name, Verdict::pass, "vellum queue export, clear --all, import: " + std::to_string(*after) +
                                    " tasks before and after");
  }

  void migration_rollback() {
    const std::string name = "migration-rollback";
    if (queue_strategy().empty()) {
      record(name, Verdict::skip, "the queue is off by configuration");
      return;
    }
    if (!command({"queue", "migrate", "--dry-run"}, name) ||
        !command({"queue", "clear", "--status", "pending", "--reason", "migration", "--confirm"}, name)) {
      return;
    }
    record(name, Verdict::pass, "vellum queue migrate --dry-run, clear --status pending --reason migration --confirm");
  }

  void provider_rollback() {
    const std::string name = "provider-rollback";
    const auto sets = get("/api/embedding-sets");
    if (!sets) {
      record(name, Verdict::fail, "GET /api/embedding-sets: " + sets.error().message);
      return;
    }
    const auto lanes = sets->value("lanes", json::object());
    const auto active = lanes.value("active", json());
    const auto previous = lanes.value("previous", json());
    if (!previous.is_object() || !active.is_object()) {
      record(name, Verdict::skip, "no previous embedding set to go back to");
      return;
    }
    const auto before = task_total();
    const auto active_id = std::to_string(active.value("id", 0));
    const auto previous_id = std::to_string(previous.value("id", 0));
    if (!command({"embeddings", "activate", "--previous", "--force"}, name) || !active_set_becomes(previous_id, name) ||
        !command({"embeddings", "activate", active_id, "--force"}, name) || !active_set_becomes(active_id, name)) {
      return;
    }
    const auto after = task_total();
    record(name, Verdict::pass, "vellum embeddings activate --previous (set " + previous_id + ") and back to set " +
                                    active_id + "; tasks " + std::to_string(before.value_or(-1)) + " → " +
                                    std::to_string(after.value_or(-1)));
  }

  void emergency_stop() {
    const std::string name = "emergency-stop";
    if (queue_strategy() != "background") {
      record(name, Verdict::skip, "the queue strategy is '" + queue_strategy() + "': no workers to stop");
      return;
    }
    if (!command({"queue", "emergency-stop", "--reason", "rollback drill"}, name) ||
        !worker_becomes("Stopped (emergency stop)", name) || !command({"queue", "start"}, name) ||
        !worker_becomes("Running", name)) {
      return;
    }
    record(name, Verdict::pass, "vellum queue emergency-stop → Stopped (emergency stop), vellum queue start → Running");
  }

  void data_corruption_recovery() {
    const std::string name = "data-corruption-recovery";
    const auto backup = (workspace_ / (backend_ == "postgres" ? "drill.pgdump" : "drill-backup.sqlite")).string();
    if (!command({"backup", backup}, name)) return;
    if (auto stopped = server_.stop(); !stopped) {
      record(name, Verdict::fail, stopped.error().message);
      return;
    }
    if (!command({"restore", backup, "--confirm"}, name)) return;
    if (!start("restart")) return;
    record(name, Verdict::pass, "vellum backup, server stopped, vellum restore --confirm, server started again");
  }

  void cleanup() {
    std::vector<std::string> done;
    std::vector<std::string> problems;
    if (server_.running()) {
      if (auto stopped = server_.stop(); !stopped) problems.push_back(stopped.error().message);
    }
    done.push_back("server stopped");
    if (!schema_.empty() && copy_made_) {
      if (auto dropped = drop_schema(); dropped) {
        done.push_back("schema " + schema_ + " dropped");
      } else {
        problems.push_back("schema " + schema_ + " left: " + dropped.error().message + " (DROP SCHEMA " + schema_ +
                           " CASCADE)");
      }
    }
    std::error_code ec;
    std::filesystem::remove_all(workspace_, ec);
    if (ec) {
      problems.push_back(workspace_.string() + " left: " + ec.message());
    } else {
      done.push_back(workspace_.string() + " removed");
    }
    record("cleanup", problems.empty() ? Verdict::pass : Verdict::fail,
           problems.empty() ? joined(done) : joined(problems));
  }

  // ---- helpers ----------------------------------------------------------------------------------

  bool record(std::string name, Verdict verdict, std::string evidence) {
    report_.steps.push_back({std::move(name), verdict, std::move(evidence)});
    if (progress_) progress_(report_.steps.back());
    return verdict != Verdict::fail;
  }

  Report finish() {
    report_.workspace = workspace_.string();
    report_.copy = copy_location_;
    return std::move(report_);
  }

  // The CLI's view of the drill: this command's context with the overrides in its environment.
  CommandContext drill_view() const {
    CommandContext view{context_.args, context_.out, context_.err, context_.environment};
    for (const auto& [name, value] : overrides_) view.environment[name] = value;
    return view;
  }

  // `vellum ARGS` on the copy, as an operator would type it; a failure is this step's.
  bool command(std::vector<std::string> args, const std::string& step, const std::string& stdout_file = {}) {
    std::vector<std::string> argv{self_};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), config_args_.begin(), config_args_.end());
    std::string line = "vellum";
    for (const auto& a : args) line += " " + a;
    // What the command prints goes to a file in the workspace, not into the drill's report.
    const auto output = stdout_file.empty() ? (workspace_ / "command.out").string() : stdout_file;
    if (auto ran = datamove::run_tool(argv, environment_, output); !ran) {
      return record(step, Verdict::fail, line + ": " + ran.error().message);
    }
    return true;
  }

  sdk::Result<json> request(const std::string& method, const std::string& path) {
    auto answer = call_server(url_, token_, method, path, kRequestTimeout);
    if (!answer) return std::move(answer).error();
    auto body = json::parse(answer->body, nullptr, false);
    if (answer->status != 200 || !body.is_object()) {
      return sdk::Error(sdk::ErrorKind::internal, "HTTP " + std::to_string(answer->status) + " " + answer->body);
    }
    return body;
  }
  sdk::Result<json> get(const std::string& path) { return request("GET", path); }

  std::string queue_strategy() {
    auto runtime = get("/api/admin/runtime");
    if (!runtime) return "";
    const auto queue = runtime->value("slots", json::object()).value("queue", json());
    return queue.is_object() ? queue.value("plugin", "") : "";
  }

  std::optional<std::int64_t> task_total() {
    auto status = get("/api/queue/status");
    if (!status) return std::nullopt;
    return status->value("stats", json::object()).value("total", std::int64_t{0});
  }

  template <class Condition>
  bool eventually(Condition condition) {
    const auto deadline = std::chrono::steady_clock::now() + kStateTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (condition()) return true;
      std::this_thread::sleep_for(kPoll);
    }
    return false;
  }

  bool worker_becomes(const std::string& label, const std::string& step) {
    std::string seen;
    if (eventually([&] {
          auto status = get("/api/queue/status");
          seen = status ? status->value("worker", json::object()).value("status", "") : "";
          return seen == label;
        })) {
      return true;
    }
    return record(step, Verdict::fail, "the queue did not become " + label + " within " +
                                           std::to_string(kStateTimeout.count()) + " s (it is " + seen + ")");
  }

  bool active_set_becomes(const std::string& id, const std::string& step) {
    if (eventually([&] {
          auto sets = get("/api/embedding-sets");
          if (!sets) return false;
          const auto active = sets->value("lanes", json::object()).value("active", json());
          return active.is_object() && std::to_string(active.value("id", 0)) == id;
        })) {
      return true;
    }
    return record(step, Verdict::fail, "embedding set " + id + " did not become active");
  }

  sdk::Status drop_schema() {
    auto loaded = load_config_and_plugins(context_);
    auto connection = datamove::PgToolConnection::prepare(loaded.report.config->storage.settings.get_string("url"));
    if (!connection) return connection.error();
    if (!datamove::tool_available("psql")) return sdk::Error(sdk::ErrorKind::unavailable, "psql is not on PATH");
    return datamove::run_tool({"psql", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1",
                               "--dbname=" + connection->conninfo(), "--command=DROP SCHEMA IF EXISTS \"" + schema_ +
                                                                        "\" CASCADE"},
                              {connection->environment(), connection->unset()});
  }

  const CommandContext& context_;
  Options options_;
  Progress progress_;
  Report report_;
  std::string backend_;
  std::filesystem::path workspace_;
  std::filesystem::path data_dir_;
  std::string schema_;
  std::string copy_location_;
  bool copy_made_ = false;
  std::map<std::string, std::string> overrides_;
  datamove::ToolEnvironment environment_;
  std::vector<std::string> config_args_;
  std::string self_;
  DrillServer server_;
  std::string url_;
  std::string token_;
};

}  // namespace

std::vector<std::string> Report::failed() const {
  std::vector<std::string> names;
  for (const auto& step : steps) {
    if (step.verdict == Verdict::fail) names.push_back(step.name);
  }
  return names;
}

Report run(const CommandContext& context, const Options& options, const Progress& progress) {
  return Drill(context, options, progress).run();
}

}  // namespace vellum::cli::drill
