// Storage conformance: audit log, performance metrics and settings.
#include <catch2/catch.hpp>

#include "storage/backend_fixture.hpp"
#include "storage/storage_test_helpers.hpp"

using namespace vellum;
using namespace vellum::test;

TEST_CASE("audit: append, recent newest first with a category filter, prune by age", "[storage][audit]") {
  StorageFixture fx;
  auto& b = fx.backend();
  for (int i = 0; i < 5; ++i) {
    sdk::AuditEntry e;
    e.timestamp = at(i);
    e.level = i == 4 ? "error" : "info";
    e.category = i % 2 ? "worker_status" : "task_lifecycle";
    e.message = "event " + std::to_string(i);
    if (i == 4) {
      e.task_id = "0b7e7f4e-0000-4000-8000-000000000000";
      e.article_id = 42;
      e.operation_id = "bulk_1";
      e.metadata_json = R"({"attempt":2})";
      e.duration_ms = 12.5;
      e.error = "provider timeout";
    }
    ok(write(b, [&](sdk::Repositories& r) { return r.audit().append(e); }));
  }
  auto recent = ok(read(b, [](sdk::Repositories& r) { return r.audit().recent(3, std::nullopt); }));
  REQUIRE(recent.size() == 3);
  CHECK(recent[0].message == "event 4");
  CHECK(recent[0].level == "error");
  CHECK(recent[0].task_id == std::optional<std::string>("0b7e7f4e-0000-4000-8000-000000000000"));
  CHECK(recent[0].article_id == std::optional<sdk::ArticleId>(42));
  CHECK(recent[0].operation_id == std::optional<std::string>("bulk_1"));
  CHECK(recent[0].metadata_json == R"({"attempt":2})");
  CHECK(recent[0].duration_ms == std::optional<double>(12.5));
  CHECK(recent[0].error == std::optional<std::string>("provider timeout"));
  CHECK(recent[0].timestamp == at(4));
  CHECK(recent[2].message == "event 2");
  CHECK_FALSE(recent[1].task_id);

  auto workers = ok(read(b, [](sdk::Repositories& r) { return r.audit().recent(10, std::string("worker_status")); }));
  CHECK(workers.size() == 2);

  CHECK(ok(write(b, [](sdk::Repositories& r) { return r.audit().prune(at(2)); })) == 2);
  CHECK(ok(read(b, [](sdk::Repositories& r) { return r.audit().recent(10, std::nullopt); })).size() == 3);
}

TEST_CASE("metrics: append, read since a time by type, prune by age", "[storage][metrics]") {
  StorageFixture fx;
  auto& b = fx.backend();
  for (int i = 0; i < 4; ++i) {
    sdk::MetricSample m;
    m.timestamp = at(i);
    m.metric_type = i % 2 ? "queue_depth" : "task_processing_time";
    m.value = 1.5 * i;
    m.unit = i % 2 ? "count" : "ms";
    if (i == 2) {
      m.task_id = "t";
      m.article_id = 7;
      m.metadata_json = R"({"chunks":3})";
    }
    ok(write(b, [&](sdk::Repositories& r) { return r.metrics().append(m); }));
  }
  auto since = ok(read(b, [](sdk::Repositories& r) { return r.metrics().since(at(1), std::nullopt); }));
  REQUIRE(since.size() == 3);
  CHECK(since[0].timestamp == at(1));  // oldest first
  CHECK(since[1].value == 3.0);
  CHECK(since[1].unit == "ms");
  CHECK(since[1].task_id == std::optional<std::string>("t"));
  CHECK(since[1].article_id == std::optional<sdk::ArticleId>(7));
  CHECK(since[1].metadata_json == R"({"chunks":3})");
  auto depth = ok(read(b, [](sdk::Repositories& r) { return r.metrics().since(at(0), std::string("queue_depth")); }));
  CHECK(depth.size() == 2);
  CHECK(ok(write(b, [](sdk::Repositories& r) { return r.metrics().prune(at(2)); })) == 2);
  CHECK(ok(read(b, [](sdk::Repositories& r) { return r.metrics().since(at(0), std::nullopt); })).size() == 2);
}

TEST_CASE("audit and metrics: append_all writes every row, past one statement's worth", "[storage][audit]") {
  StorageFixture fx;
  auto& b = fx.backend();
  std::vector<sdk::AuditEntry> entries(150);
  std::vector<sdk::MetricSample> samples(150);
  for (int i = 0; i < 150; ++i) {
    entries[i].timestamp = at(i);
    entries[i].level = "info";
    entries[i].category = "task_lifecycle";
    entries[i].message = "row " + std::to_string(i);
    entries[i].article_id = i % 3 ? std::optional<sdk::ArticleId>(i) : std::nullopt;
    samples[i].timestamp = at(i);
    samples[i].metric_type = "batch_size";
    samples[i].value = i;
    samples[i].unit = "tasks";
  }
  ok(write(b, [&](sdk::Repositories& r) -> sdk::Status {
    if (auto written = r.audit().append_all(entries); !written) return written;
    return r.metrics().append_all(samples);
  }));
  auto recent = ok(read(b, [](sdk::Repositories& r) { return r.audit().recent(500, std::nullopt); }));
  REQUIRE(recent.size() == 150);
  CHECK(recent.front().message == "row 149");  // newest first
  CHECK(recent.back().message == "row 0");
  CHECK_FALSE(recent.back().article_id.has_value());
  auto since = ok(read(b, [](sdk::Repositories& r) { return r.metrics().since(at(0), std::string("batch_size")); }));
  REQUIRE(since.size() == 150);
  CHECK(since.back().value == 149);
}

TEST_CASE("settings: get what was put, put replaces", "[storage][settings]") {
  StorageFixture fx;
  auto& b = fx.backend();
  CHECK_FALSE(ok(read(b, [](sdk::Repositories& r) { return r.settings().get("active_embedding_set"); })));
  ok(write(b, [](sdk::Repositories& r) { return r.settings().put("active_embedding_set", "1"); }));
  ok(write(b, [](sdk::Repositories& r) { return r.settings().put("active_embedding_set", "2"); }));
  ok(write(b, [](sdk::Repositories& r) { return r.settings().put("empty", ""); }));
  CHECK(ok(read(b, [](sdk::Repositories& r) { return r.settings().get("active_embedding_set"); })) ==
        std::optional<std::string>("2"));
  CHECK(ok(read(b, [](sdk::Repositories& r) { return r.settings().get("empty"); })) == std::optional<std::string>(""));
}

TEST_CASE("settings: all lists every key with its value", "[storage][settings]") {
  StorageFixture fx;
  auto& b = fx.backend();
  // A fresh database holds one setting: its dataset id, written by its migrations.
  auto fresh = ok(read(b, [](sdk::Repositories& r) { return r.settings().all(); }));
  REQUIRE(fresh.size() == 1);
  const auto id = fresh.at(std::string(sdk::kDatasetIdSetting));
  ok(write(b, [](sdk::Repositories& r) { return r.settings().put("b", "2"); }));
  ok(write(b, [](sdk::Repositories& r) { return r.settings().put("a", "1"); }));
  CHECK(ok(read(b, [](sdk::Repositories& r) { return r.settings().all(); })) ==
        std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}, {std::string(sdk::kDatasetIdSetting), id}});
}
