// rollback_plan::build_plan: what the plan concludes from the server's documents — instant provider
// rollback inside the window, a frozen previous set after it, no previous set, the backup's age.
#include <catch2/catch.hpp>

#include "cli/rollback_plan.hpp"
#include "common/clock.hpp"

using namespace vellum;
using nlohmann::json;

namespace {

constexpr std::int64_t kHour = 3'600'000;
constexpr std::int64_t kNow = 1'800'000'000'000;  // 2027-01-15

json set(int id, const std::string& provider, int hours_ago_deactivated, bool complete, int stale) {
  return {{"id", id},
          {"provider", provider},
          {"model", provider + "-model"},
          {"dimensions", 768},
          {"deactivatedAt", format_iso8601(from_epoch_ms(kNow - hours_ago_deactivated * kHour))},
          {"coverage", {{"complete", complete}, {"stale", stale}, {"missing", 0}}}};
}

cli::rollback_plan::Inputs inputs(json previous) {
  cli::rollback_plan::Inputs in;
  in.url = "http://127.0.0.1:5000";
  in.runtime = {{"generation", 7},
                {"config", {{"file", "/etc/vellum/vellum.yaml"}, {"sha256", "ab"}}},
                {"slots", {{"storage", {{"plugin", "postgres"}, {"version", "1.0"}}},
                           {"queue", {{"plugin", "background"}, {"version", "1.0"}}}}}};
  in.sets = {{"lanes", {{"active", set(3, "openai", 0, true, 0)}, {"building", nullptr}, {"previous", previous}}},
             {"policy", {{"rollbackWindowSeconds", 86400}}}};
  in.queue = {{"enabled", true}, {"stats", {{"pending", 2}, {"failed", 0}}}, {"worker", {{"status", "Running"}}}};
  in.now_epoch_ms = kNow;
  return in;
}

const json& scenario(const json& plan, const std::string& id) {
  for (const auto& s : plan["scenarios"]) {
    if (s["id"] == id) return s;
  }
  FAIL("no scenario " << id);
  static const json none;
  return none;
}

}  // namespace

TEST_CASE("rollback plan: inside the window the provider rollback is instant", "[rollback-plan]") {
  const auto plan = cli::rollback_plan::build_plan(inputs(set(2, "ollama", 3, true, 0)));
  CHECK(plan["embedding"]["instantRollback"] == true);
  CHECK(plan["embedding"]["instantUntil"] == format_iso8601(from_epoch_ms(kNow + 21 * kHour)));
  const auto& provider = scenario(plan, "provider-rollback");
  CHECK(provider["commands"][0] == "vellum embeddings activate --previous");
  CHECK_THAT(provider["commands"][1].get<std::string>(), Catch::Contains("/etc/vellum/vellum.yaml") &&
                                                              Catch::Contains("ollama/ollama-model, 768 dimensions"));
  CHECK(provider["check"].back() == "vellum verify");
  CHECK(plan["deployment"]["generation"] == 7);
}

TEST_CASE("rollback plan: after the window the previous set is frozen and the plan says what re-embeds", "[rollback-plan]") {
  const auto plan = cli::rollback_plan::build_plan(inputs(set(2, "ollama", 30, true, 12)));
  CHECK(plan["embedding"]["instantRollback"] == false);
  CHECK(plan["embedding"]["reembedOnRollback"] == 12);
  const auto& provider = scenario(plan, "provider-rollback");
  CHECK_THAT(provider["when"].get<std::string>(), Catch::Contains("frozen") && Catch::Contains("12 articles"));
  CHECK(provider["commands"][0] == "vellum embeddings activate --previous --dry-run");
}

TEST_CASE("rollback plan: without a previous set, and without a backup, it says so", "[rollback-plan]") {
  const auto plan = cli::rollback_plan::build_plan(inputs(nullptr));
  CHECK(plan["embedding"]["previous"].is_null());
  CHECK_THAT(scenario(plan, "provider-rollback")["when"].get<std::string>(), Catch::Contains("No previous embedding set"));
  CHECK(plan["backup"].is_null());
  CHECK_THAT(plan["warnings"][0].get<std::string>(), Catch::Contains("no backup is recorded"));
  CHECK(scenario(plan, "data-corruption-recovery")["commands"][0] == "vellum backup --label pre-deployment");
}

TEST_CASE("rollback plan: the newest backup is what a restore uses, and an old one is a warning", "[rollback-plan]") {
  auto in = inputs(nullptr);
  in.backup = datamove::BackupRecord{"/var/lib/vellum/backups/b.pgdump", from_epoch_ms(kNow - 30 * kHour), 1024,
                                     "postgres", "scheduled"};
  const auto plan = cli::rollback_plan::build_plan(in);
  CHECK(plan["backup"]["ageSeconds"] == 30 * 3600);
  CHECK_THAT(plan["warnings"][0].get<std::string>(), Catch::Contains("30 hours old"));
  const auto& restore = scenario(plan, "data-corruption-recovery");
  CHECK(restore["commands"][2] == "vellum restore /var/lib/vellum/backups/b.pgdump --confirm    # pg_restore must be on PATH");
  const auto text = cli::rollback_plan::render_markdown(plan);
  CHECK_THAT(text, Catch::Contains("# Rollback plan — http://127.0.0.1:5000") &&
                       Catch::Contains("- Latest backup: `/var/lib/vellum/backups/b.pgdump`") &&
                       Catch::Contains("## Data corruption recovery"));
}
