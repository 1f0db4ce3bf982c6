#include "cli/rollback_plan.hpp"

#include <sstream>

#include "common/clock.hpp"

namespace vellum::cli::rollback_plan {

namespace {

using nlohmann::json;

constexpr std::int64_t kBackupMaxAgeSeconds = 26 * 3600;  // as the VellumBackupTooOld alert

std::string text(const json& value, const char* key) {
  return value.is_object() && value.contains(key) && value[key].is_string() ? value[key].get<std::string>() : "";
}

std::int64_t number(const json& value, const char* key) {
  return value.is_object() && value.contains(key) && value[key].is_number() ? value[key].get<std::int64_t>() : 0;
}

std::string set_name(const json& set) {
  return "set " + std::to_string(number(set, "id")) + " (" + text(set, "provider") + "/" + text(set, "model") + ", " +
         std::to_string(number(set, "dimensions")) + " dimensions)";
}

json scenario(std::string id, std::string title, std::string when, json commands, json checks) {
  checks.push_back("vellum verify");
  return {{"id", std::move(id)},
          {"title", std::move(title)},
          {"when", std::move(when)},
          {"commands", std::move(commands)},
          {"check", std::move(checks)}};
}

// Whether going back to the previous embedding set needs no re-embedding, and until when.
json embedding_state(const json& sets, std::int64_t now_ms) {
  const auto lanes = sets.value("lanes", json::object());
  const auto active = lanes.value("active", json());
  const auto previous = lanes.value("previous", json());
  const auto building = lanes.value("building", json());
  json out = {{"active", active.is_object() ? json(set_name(active)) : json()},
              {"building", building.is_object() ? json(set_name(building)) : json()},
              {"previous", previous.is_object() ? json(set_name(previous)) : json()},
              // What the configuration names to go back for good: provider/model, dimensions.
              {"previousModel", previous.is_object() ? json(text(previous, "provider") + "/" + text(previous, "model") +
                                                            ", " + std::to_string(number(previous, "dimensions")) +
                                                            " dimensions")
                                                     : json()},
              {"instantRollback", false},
              {"instantUntil", nullptr},
              {"reembedOnRollback", nullptr}};
  if (!previous.is_object()) return out;
  const auto window = sets.value("policy", json::object()).value("rollbackWindowSeconds", std::int64_t{0});
  const auto deactivated = parse_iso8601(text(previous, "deactivatedAt"));
  const auto coverage = previous.value("coverage", json::object());
  out["reembedOnRollback"] = number(coverage, "stale") + number(coverage, "missing");
  if (deactivated) {
    const std::int64_t until = to_epoch_ms(*deactivated) + window * 1000;
    out["instantUntil"] = format_iso8601(from_epoch_ms(until));
    out["instantRollback"] = now_ms < until && coverage.value("complete", false);
  }
  return out;
}

json backup_state(const std::optional<datamove::BackupRecord>& backup, std::int64_t now_ms) {
  if (!backup) return nullptr;
  const auto age = (now_ms - to_epoch_ms(backup->finished_at)) / 1000;
  return {{"file", backup->file},
          {"finishedAt", format_iso8601(backup->finished_at)},
          {"ageSeconds", age},
          {"bytes", backup->bytes},
          {"backend", backup->backend},
          {"label", backup->label}};
}

json provider_rollback(const json& embedding, const std::string& config_file) {
  json commands = json::array();
  json checks = json::array();
  std::string when;
  if (embedding["previous"].is_null()) {
    when = "No previous embedding set: going back to another provider builds its set from the start (search "
           "stays on the active set until the new one is complete).";
    commands.push_back("$EDITOR " + config_file + "    # embedding.provider and its section");
    commands.push_back("vellum config check --probe");
    commands.push_back("vellum reload");
    checks.push_back("vellum embeddings list    # the new set fills, then becomes active");
  } else if (embedding["instantRollback"].get<bool>()) {
    when = "Instant: the previous " + embedding["previous"].get<std::string>() + " is kept current until " +
           embedding["instantUntil"].get<std::string>() + "; nothing is embedded again.";
    commands.push_back("vellum embeddings activate --previous");
    commands.push_back("$EDITOR " + config_file + "    # embedding: back to " +
                       embedding["previousModel"].get<std::string>() + " (keeps it after restarts)");
    commands.push_back("vellum reload");
    checks.push_back("vellum embeddings list    # the previous set active, 100% coverage, 0 stale");
  } else {
    when = "The previous " + embedding["previous"].get<std::string>() +
           " is frozen (its rollback window ended): activating it embeds again the " +
           std::to_string(embedding["reembedOnRollback"].get<std::int64_t>()) + " articles changed since.";
    commands.push_back("vellum embeddings activate --previous --dry-run");
    commands.push_back("vellum embeddings activate --previous --force    # search degraded until they are embedded");
    checks.push_back("vellum embeddings list    # stale and missing count down to 0");
  }
  return scenario("provider-rollback", "Provider rollback", when, commands, checks);
}

json restore_scenario(const json& backup, const std::string& backend) {
  json commands = json::array();
  std::string when;
  if (backup.is_null()) {
    when = "No backup is recorded for this data directory: there is nothing to restore from. Take one now.";
    commands.push_back("vellum backup --label pre-deployment");
  } else {
    when = "Restore the newest backup, " + backup["file"].get<std::string>() + " (" +
           backup["finishedAt"].get<std::string>() + "); writes made since are lost.";
    commands.push_back("systemctl stop vellum    # every server on this database");
    commands.push_back("vellum backup --label before-restore    # what is there now, in case");
    commands.push_back("vellum restore " + backup["file"].get<std::string>() + " --confirm" +
                       (backend == "postgres" ? "    # pg_restore must be on PATH" : ""));
    commands.push_back("systemctl start vellum");
  }
  return scenario("data-corruption-recovery", "Data corruption recovery", when, commands,
                  json::array({"vellum migrate status    # schema current"}));
}

}  // namespace

json build_plan(const Inputs& in) {
  const auto slots = in.runtime.value("slots", json::object());
  const auto config = in.runtime.value("config", json::object());
  const std::string config_file = text(config, "file").empty() ? "vellum.yaml" : text(config, "file");
  const std::string backend = text(slots.value("storage", json::object()), "plugin");
  const std::string strategy = text(slots.value("queue", json::object()), "plugin");
  json deployment = {{"generation", number(in.runtime, "generation")},
                     {"configFile", config_file},
                     {"configSha256", text(config, "sha256")},
                     {"slots", slots},
                     {"lastReload", in.runtime.value("lastReload", json())}};
  const auto embedding = embedding_state(in.sets, in.now_epoch_ms);
  const auto backup = backup_state(in.backup, in.now_epoch_ms);
  const auto stats = in.queue.value("stats", json::object());
  const bool queue_on = in.queue.value("enabled", true);
  json queue = {{"enabled", queue_on},
                {"strategy", strategy},
                {"worker", text(in.queue.value("worker", json::object()), "status")},
                {"pending", number(stats, "pending")},
                {"processing", number(stats, "processing")},
                {"failed", number(stats, "failed")}};

  json warnings = json::array();
  if (backup.is_null()) {
    warnings.push_back("no backup is recorded: take one before changing anything (vellum backup --label pre-deployment)");
  } else if (backup["ageSeconds"].get<std::int64_t>() > kBackupMaxAgeSeconds) {
    warnings.push_back("the newest backup is " + std::to_string(backup["ageSeconds"].get<std::int64_t>() / 3600) +
                       " hours old: take a fresh one (vellum backup --label pre-deployment)");
  }
  if (text(in.runtime.value("lastReload", json::object()), "outcome") == "refused") {
    warnings.push_back("the last reload was refused: " + config_file +
                       " holds a change the server does not run (vellum reload says why)");
  }
  for (const auto& masked : in.runtime.value("maskedByEnvironment", json::array())) {
    warnings.push_back(text(masked, "key") + " is set by the environment variable " + text(masked, "variable") +
                       ", not by " + config_file + ": a file edit of it has no effect until the service's "
                       "environment changes");
  }
  if (!embedding["building"].is_null()) {
    warnings.push_back("a provider switch is in progress: " + embedding["building"].get<std::string>() +
                       " is being filled");
  }
  if (number(stats, "failed") > 0) {
    warnings.push_back(std::to_string(number(stats, "failed")) + " failed tasks: look first (vellum queue failed)");
  }

  json scenarios = json::array();
  scenarios.push_back(scenario(
      "temporary-queue-disable", "Temporary queue disable",
      queue_on ? "Stops claims at once; writes keep being queued and are embedded after the start."
               : "The queue is off by configuration (queue.enabled: false); nothing to stop.",
      queue_on ? json::array({"vellum queue stop", "vellum queue start    # when done"}) : json::array(),
      json::array({"vellum queue status    # Paused, then Running"})));
  scenarios.push_back(scenario(
      "configuration-rollback", "Configuration rollback",
      "Keep the queue's tasks, put the previous " + config_file + " back, apply it; the last good copy the "
      "server keeps is <data_dir>/last-good-config.yaml.",
      json::array({"vellum queue export > queue-before-rollback.json", "$EDITOR " + config_file,
                   "vellum config check --probe", "vellum reload",
                   "vellum queue import queue-before-rollback.json    # only if tasks were lost"}),
      json::array({"vellum reload    # configuration unchanged, generation stays"})));
  scenarios.push_back(scenario(
      "migration-rollback", "Migration rollback",
      "Cancels the pending re-embedding tasks of a migration (they are stored as cancelled, not failed).",
      json::array({"vellum queue list --status pending --reason migration",
                   "vellum queue clear --status pending --reason migration --confirm"}),
      json::array({"vellum queue list --status pending --reason migration    # none"})));
  scenarios.push_back(provider_rollback(embedding, config_file));
  scenarios.push_back(scenario(
      "emergency-stop", "Emergency stop",
      "Stops every worker at once; tasks in flight are cancelled and can be brought back.",
      json::array({"vellum queue emergency-stop --reason \"…\"", "vellum queue start    # once the cause is fixed",
                   "vellum queue retry-failed --include-cancelled --since 1h --dry-run"}),
      json::array({"vellum queue status    # Stopped (emergency stop), then Running"})));
  scenarios.push_back(restore_scenario(backup, backend));
  scenarios.push_back(scenario(
      "gradual-rollback", "Gradual rollback to synchronous embedding",
      strategy == "sync" ? "Already on the synchronous strategy."
                         : "Finish the queued work, then embed inline on each write (queue.strategy: sync).",
      strategy == "sync" ? json::array()
                         : json::array({"vellum queue drain --wait", "$EDITOR " + config_file + "    # queue.strategy: sync",
                                        "vellum reload"}),
      json::array({"vellum queue status    # strategy sync, nothing pending"})));

  return {{"generatedAt", format_iso8601(from_epoch_ms(in.now_epoch_ms))},
          {"server", in.url},
          {"deployment", deployment},
          {"embedding", embedding},
          {"backup", backup},
          {"queue", queue},
          {"warnings", warnings},
          {"scenarios", scenarios}};
}

std::string render_markdown(const json& plan) {
  std::ostringstream out;
  const auto& d = plan["deployment"];
  out << "# Rollback plan — " << plan["server"].get<std::string>() << "\n\n"
      << "Generated " << plan["generatedAt"].get<std::string>() << " from the running server.\n\n"
      << "## Deployment\n\n"
      << "- Runtime generation " << d["generation"] << ", configuration `" << d["configFile"].get<std::string>()
      << "`" << (d["configSha256"].get<std::string>().empty() ? "" : " (sha256 " + d["configSha256"].get<std::string>().substr(0, 12) + "…)")
      << "\n";
  for (const auto& [slot, value] : d["slots"].items()) {
    if (!value.is_object()) continue;
    out << "- " << slot << ": `" << text(value, "plugin") << "` " << text(value, "version") << "\n";
  }
  const auto& e = plan["embedding"];
  out << "- Embedding: active " << (e["active"].is_null() ? "none" : e["active"].get<std::string>());
  if (!e["previous"].is_null()) {
    out << "; previous " << e["previous"].get<std::string>()
        << (e["instantRollback"].get<bool>() ? ", instant rollback until " + e["instantUntil"].get<std::string>()
                                             : ", frozen")
        << "";
  }
  out << "\n";
  const auto& b = plan["backup"];
  out << "- Latest backup: "
      << (b.is_null() ? std::string("none recorded")
                      : "`" + b["file"].get<std::string>() + "` (" + b["finishedAt"].get<std::string>() + ")")
      << "\n";
  const auto& q = plan["queue"];
  out << "- Queue: " << (q["enabled"].get<bool>() ? q["strategy"].get<std::string>() + ", " + q["worker"].get<std::string>()
                                                 : std::string("off"))
      << ", " << q["pending"] << " pending, " << q["processing"] << " processing, " << q["failed"] << " failed\n\n";
  if (!plan["warnings"].empty()) {
    out << "## Warnings\n\n";
    for (const auto& w : plan["warnings"]) out << "- " << w.get<std::string>() << "\n";
    out << "\n";
  }
  for (const auto& s : plan["scenarios"]) {
    out << "## " << s["title"].get<std::string>() << "\n\n" << s["when"].get<std::string>() << "\n\n";
    if (!s["commands"].empty()) {
      out << "```bash\n";
      for (const auto& c : s["commands"]) out << c.get<std::string>() << "\n";
      out << "```\n\n";
    }
    out << "Then check:\n\n```bash\n";
    for (const auto& c : s["check"]) out << c.get<std::string>() << "\n";
    out << "```\n\n";
  }
  return out.str();
}

}  // namespace vellum::cli::rollback_plan
