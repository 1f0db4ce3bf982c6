// Housekeeping on a schedule: completed tasks, audit rows and metric samples past their retention
// are deleted (at start and every cleanup interval); failed tasks stay for operators; each batch
// leaves processing-time, wait-time and batch-size samples.
#include <catch2/catch.hpp>

#include <set>

#include "common/clock.hpp"
#include "queue/queue_rig.hpp"

using namespace std::chrono_literals;
using vellum::test::QueueRig;
namespace sdk = vellum::sdk;

namespace {

constexpr auto kDay = std::chrono::hours(24);

// A task that ran and finished (or failed) `age` ago, claimed by a worker long gone.
std::string old_task(QueueRig& rig, sdk::ArticleId id, std::chrono::hours age, bool completed) {
  const auto then = vellum::now_ms() - age;
  std::string task_id;
  auto written = rig.storage().transact([&](sdk::Repositories& repos) -> sdk::Status {
    sdk::TaskDraft draft;
    draft.article_id = id;
    draft.slug = "old";
    draft.now = then;
    auto e = repos.tasks().enqueue(draft);
    if (!e) return std::move(e).error();
    task_id = e.value().task.id;
    auto c = repos.tasks().claim_batch("old-worker", 1, then + 1s, 60s);
    if (!c) return std::move(c).error();
    auto done = completed ? repos.tasks().complete(task_id, "old-worker", then + 2s)
                          : repos.tasks().fail(task_id, "old-worker", "long ago", then + 2s);
    if (!done) return std::move(done).error();
    return {};
  });
  REQUIRE(written.ok());
  return task_id;
}

}  // namespace

TEST_CASE("retention deletes old completed tasks, audit rows and metrics, and keeps what is recent") {
  QueueRig rig({.queue_settings = {{"cleanup_retention_days", "30"}, {"audit_retention_days", "90"},
                                   {"metrics_retention_days", "30"}}});
  const auto recent = rig.create("Recent", "finished today");
  REQUIRE(rig.wait_until([&] { return rig.task_status(recent) == "completed"; }));
  rig.queue().stop();

  const auto old_id = rig.insert_without_task("old", "old words");
  const auto old_completed = old_task(rig, old_id, 40 * kDay, true);
  const auto failed_id = rig.insert_without_task("old-failed", "old failure");
  const auto old_failed = old_task(rig, failed_id, 40 * kDay, false);
  auto written = rig.storage().transact([&](sdk::Repositories& repos) -> sdk::Status {
    sdk::AuditEntry entry;
    entry.timestamp = vellum::now_ms() - 100 * kDay;
    entry.category = "worker_status";
    entry.message = "Worker ancient";
    if (auto a = repos.audit().append(entry); !a) return a;
    sdk::MetricSample sample;
    sample.timestamp = vellum::now_ms() - 40 * kDay;
    sample.metric_type = "ancient_metric";
    sample.unit = "ms";
    return repos.metrics().append(sample);
  });
  REQUIRE(written.ok());
  const auto runs_before = rig.events("retention").size();

  REQUIRE(rig.queue().start().ok());  // retention runs at start, then every cleanup interval
  REQUIRE(rig.wait_until([&] { return rig.events("retention").size() > runs_before; }));
  const auto all = rig.all_tasks();
  auto has = [&](const std::string& id) {
    return std::any_of(all.begin(), all.end(), [&](const sdk::Task& t) { return t.id == id; });
  };
  CHECK_FALSE(has(old_completed));
  CHECK(has(old_failed));
  CHECK(rig.task_status(recent) == "completed");
  CHECK(rig.metrics("ancient_metric").empty());
  for (const auto& entry : rig.audit()) CHECK(entry.message != "Worker ancient");
  CHECK_THAT(rig.events("retention").front().metadata_json, Catch::Contains("\"deletedTasks\":1"));
}

TEST_CASE("each batch leaves processing time, wait time and batch size samples, in the database and the host") {
  QueueRig rig;
  const auto id = rig.create("Measured", "some words to embed");
  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
  const auto task = *rig.latest_task(id);
  const auto processing = rig.metrics("task_processing_time");
  REQUIRE(processing.size() == 1);
  CHECK(processing[0].task_id == task.id);
  CHECK(processing[0].unit == "ms");
  CHECK(rig.metrics("task_wait_time").size() == 1);
  CHECK(rig.metrics("batch_size").size() == 1);
  // The host's registry has them too, named as /metrics shows them (metrics/plugin_metric_name.hpp).
  std::set<std::string> in_registry;
  for (const auto& series : rig.host.metrics().series()) in_registry.insert(series.name);
  CHECK(in_registry.count("vellum_plugin_queue_task_processing_time_seconds") == 1);
  CHECK(in_registry.count("vellum_plugin_queue_batch_size_tasks") == 1);
}
