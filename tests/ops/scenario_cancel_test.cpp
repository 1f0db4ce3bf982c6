// docs/operations.md, "Cancelled is not failed": tasks an operator cancels are counted apart and never
// make `vellum queue health` fail; `vellum queue retry-failed` previews (--dry-run), filters (--error,
// --since, --reason) and leaves cancelled tasks alone unless given --include-cancelled. Through the
// real `vellum` binary against a running `vellum serve`.
#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

#include "fakes/fake_ollama.hpp"
#include "ops/ops_rig.hpp"

using namespace vellum::test;
using std::chrono::milliseconds;

namespace {

constexpr int kCleared = 12;  // more than the 10 failures a day that make the queue unhealthy

}  // namespace

TEST_CASE("cancel: clear then health exits 0, and retry-failed leaves the cancelled tasks alone", "[ops]") {
  OpsRig rig;
  rig.start();
  CHECK(rig.vellum({"queue", "stop"}).exit_code == 0);
  std::this_thread::sleep_for(milliseconds(300));
  for (int i = 0; i < kCleared; ++i) rig.create_article("Cleared " + std::to_string(i), "text " + std::to_string(i));
  CHECK(rig.count("pending") == kCleared);
  CHECK(rig.vellum_json({"queue", "clear", "--status", "pending", "--confirm"})["cancelled"] == kCleared);
  CHECK(rig.vellum({"queue", "start"}).exit_code == 0);

  auto health = rig.vellum({"queue", "health"});
  INFO(health.out);
  CHECK(health.exit_code == 0);
  CHECK_THAT(health.out, Catch::Contains("Health: HEALTHY") &&
                             Catch::Contains("failed (24 h): 0, cancelled by operators (24 h, not failures): 12"));
  auto health_json = rig.vellum_json({"queue", "health"});
  CHECK(health_json["failedTasksLast24h"] == 0);
  CHECK(health_json["cancelledTasksLast24h"] == kCleared);
  auto status = rig.vellum_json({"queue", "status"});
  CHECK(status["stats"]["cancelled"] == kCleared);
  CHECK(status["stats"]["failed"] == 0);
  CHECK(status["recentActivity"]["tasksCancelledLast24h"] == kCleared);
  CHECK_THAT(rig.vellum({"queue", "status"}).out, Catch::Contains("failed 0, cancelled 12 (total 12)"));
  auto rest = rig.get("/api/queue/status").json();
  CHECK(rest["stats"]["cancelled"] == kCleared);
  CHECK(rest["health"]["isHealthy"] == true);
  CHECK(rest["recentErrors"].empty());
  auto metrics = rig.get("/metrics").body;
  CHECK_THAT(metrics, Catch::Contains("vellum_queue_tasks{status=\"cancelled\"} 12\n") &&
                          Catch::Contains("vellum_queue_tasks{status=\"failed\"} 0\n") &&
                          Catch::Contains("vellum_queue_healthy 1\n"));
  CHECK(rig.get("/health").json()["worker"]["tasksFailed"] == 0);

  // retry-failed, previewed and then run, finds no failure and says what it left alone.
  auto preview = rig.vellum_json({"queue", "retry-failed", "--dry-run"});
  CHECK(preview["dryRun"] == true);
  CHECK(preview["wouldRetry"] == 0);
  CHECK(preview["cancelledLeftAlone"] == kCleared);
  auto retried = rig.vellum({"queue", "retry-failed"});
  CHECK(retried.exit_code == 0);
  CHECK_THAT(retried.out, Catch::Contains("0 tasks are pending again") &&
                              Catch::Contains("12 cancelled tasks match too and were left alone"));
  CHECK(rig.count("pending") == 0);
  CHECK(rig.count("cancelled") == kCleared);

  // Asked for by name, they come back: previewed first (nothing changes), then done.
  auto asked = rig.vellum({"queue", "retry-failed", "--include-cancelled", "--dry-run"});
  CHECK_THAT(asked.out, Catch::Contains("DRY RUN: 12 tasks would be retried; nothing changed.") &&
                            Catch::Contains("cancelled/normal/create"));
  CHECK(rig.count("cancelled") == kCleared);
  CHECK(rig.vellum_json({"queue", "retry-failed", "--include-cancelled"})["retried"] == kCleared);
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
  CHECK(rig.count("completed") == kCleared);
  CHECK(rig.count("cancelled") == 0);
}

TEST_CASE("cancel: retry-failed --dry-run and its filters pick failures by error, end time and reason", "[ops]") {
  FakeOllama fake({.dimensions = 16});
  OpsOptions options;
  options.embedding_yaml = "  provider: ollama\n  ollama:\n    base_url: " + fake.base_url() + "\n    dimensions: 16\n";
  OpsRig rig(options);
  rig.start();
  // Two permanent failures with different errors, one after the other, and one cancellation.
  fake.fail_always(Fault::unauthorized());
  rig.create_article("Alpha", "alpha text");
  REQUIRE(eventually([&] { return rig.count("failed") == 1; }));
  fake.fail_always(Fault::wrong_dimension());
  rig.create_article("Beta", "beta text");
  REQUIRE(eventually([&] { return rig.count("failed") == 2; }));
  fake.clear_faults();
  CHECK(rig.vellum({"queue", "stop"}).exit_code == 0);
  std::this_thread::sleep_for(milliseconds(300));
  rig.create_article("Gamma", "gamma text");
  CHECK(rig.vellum_json({"queue", "clear", "--status", "pending", "--confirm"})["cancelled"] == 1);

  auto slugs = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"queue", "retry-failed", "--dry-run"});
    const auto answer = rig.vellum_json(args);  // held: a range-for over a temporary's member dangles
    std::vector<std::string> out;
    for (const auto& t : answer["tasks"]) out.push_back(t["slug"].get<std::string>());
    std::sort(out.begin(), out.end());
    return out;
  };
  using Slugs = std::vector<std::string>;
  CHECK(slugs({}) == Slugs{"alpha", "beta"});
  CHECK(slugs({"--error", "UNAUTHORIZED"}) == Slugs{"alpha"});  // case ignored
  CHECK(slugs({"--error", "dimensions"}) == Slugs{"beta"});
  std::string beta_end;
  const auto failed = rig.vellum_json({"queue", "failed"});
  for (const auto& t : failed["tasks"])
    if (t["slug"] == "beta") beta_end = t["completed_at"].get<std::string>();
  REQUIRE_FALSE(beta_end.empty());
  CHECK(slugs({"--since", beta_end}) == Slugs{"beta"});  // ended at or after
  CHECK(slugs({"--since", "1h"}) == Slugs{"alpha", "beta"});
  CHECK(slugs({"--reason", "create"}) == Slugs{"alpha", "beta"});
  CHECK(slugs({"--reason", "migration"}).empty());
  CHECK(slugs({"--include-cancelled", "--reason", "create"}) == Slugs{"alpha", "beta", "gamma"});

  auto text = rig.vellum({"queue", "retry-failed", "--dry-run"});
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.out, Catch::Contains("DRY RUN: 2 tasks would be retried; nothing changed.") &&
                           Catch::Contains("alpha  failed/normal/create") && Catch::Contains("beta  failed/normal/create") &&
                           Catch::Contains("1 cancelled tasks match too and were left alone"));
  CHECK(rig.count("failed") == 2);  // a preview changes nothing
  CHECK(rig.count("cancelled") == 1);

  // Wrong usage: exit 2 and a message naming the option.
  auto bad_since = rig.vellum({"queue", "retry-failed", "--since", "yesterday"});
  CHECK(bad_since.exit_code == 2);
  CHECK_THAT(bad_since.err, Catch::Contains("--since expects a duration"));
  auto empty_error = rig.vellum({"queue", "retry-failed", "--error="});
  CHECK(empty_error.exit_code == 2);
  CHECK_THAT(empty_error.err, Catch::Contains("--error expects"));
  CHECK(rig.vellum({"queue", "retry-failed", "--status", "failed"}).exit_code == 2);

  // The real retry takes only what the filter selects; the provider works again, so it embeds.
  CHECK(rig.vellum({"queue", "start"}).exit_code == 0);
  CHECK(rig.vellum_json({"queue", "retry-failed", "--error", "dimensions"})["retried"] == 1);
  CHECK(rig.vellum({"queue", "wait-for-completion", "--timeout", "30"}).exit_code == 0);
  CHECK(rig.count("failed") == 1);
  CHECK(rig.count("cancelled") == 1);
  CHECK(rig.count("completed") == 1);
}
