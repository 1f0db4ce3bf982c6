// The export file's task objects: every field survives the round trip; malformed ones are named.
#include <catch2/catch.hpp>

#include "common/clock.hpp"
#include "queue_admin/admin_operations.hpp"
#include "queue_admin/export_format.hpp"
#include "queue_admin/task_json.hpp"

using namespace vellum;
using namespace vellum::queue_admin;

TEST_CASE("a task survives task_json and task_from_json unchanged") {
  sdk::Task t;
  t.id = "0b8f3c2e-1d2a-4c3b-9e8f-7a6b5c4d3e2f";
  t.article_id = 42;
  t.slug = "hello";
  t.operation = sdk::TaskOperation::delete_;
  t.priority = sdk::TaskPriority::low;
  t.status = sdk::TaskStatus::failed;
  t.attempts = 4;
  t.max_attempts = 4;
  t.created_at = *parse_iso8601("2024-12-14T12:00:00.123Z");
  t.scheduled_at = *parse_iso8601("2024-12-14T12:00:01.000Z");
  t.processed_at = *parse_iso8601("2024-12-14T12:00:02.000Z");
  t.completed_at = *parse_iso8601("2024-12-14T12:00:03.500Z");
  t.error_message = "provider said no";
  t.metadata_json = R"({"reason":"migration"})";
  t.embedding_set_id = 3;
  auto back = task_from_json(task_json(t));
  REQUIRE(back.ok());
  CHECK(back->id == t.id);
  CHECK(back->operation == t.operation);
  CHECK(back->priority == t.priority);
  CHECK(back->status == t.status);
  CHECK(back->attempts == 4);
  CHECK(back->created_at == t.created_at);
  CHECK(back->completed_at == t.completed_at);
  CHECK_FALSE(back->claimed_by.has_value());
  CHECK(back->error_message == t.error_message);
  CHECK(nlohmann::json::parse(back->metadata_json)["reason"] == "migration");
  CHECK(back->embedding_set_id == std::optional<sdk::EmbeddingSetId>(3));
}

TEST_CASE("task_from_json names the broken field") {
  auto j = task_json(sdk::Task{});
  j["status"] = "exploded";
  auto bad = task_from_json(j);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::Contains("status") && Catch::Contains("exploded"));
  j.erase("article_id");
  CHECK_THAT(task_from_json(j).error().message, Catch::Contains("article_id"));
}

TEST_CASE("task ids: only UUID-shaped text is looked up (a malformed id is a 404, not a 500)") {
  CHECK(looks_like_task_id("0b8f3c2e-1d2a-4c3b-9e8f-7a6b5c4d3e2f"));
  CHECK_FALSE(looks_like_task_id("not-a-uuid"));
  CHECK_FALSE(looks_like_task_id("0b8f3c2e-1d2a-4c3b-9e8f-7a6b5c4d3e2g"));
  CHECK_FALSE(looks_like_task_id("0b8f3c2e11d2a-4c3b-9e8f-7a6b5c4d3e2f"));
}
