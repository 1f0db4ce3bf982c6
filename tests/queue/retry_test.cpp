// Failures from the provider, classified by it and scheduled by the queue: transient → backoff until
// max_attempts, rate-limited → after Retry-After without spending an attempt, permanent → failed at
// once; any failure keeps the article's old vectors.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "fake_ollama.hpp"
#include "queue/queue_rig.hpp"

using namespace std::chrono_literals;
using vellum::test::FakeOllama;
using vellum::test::Fault;
using vellum::test::QueueRig;
using vellum::test::QueueRigOptions;
namespace sdk = vellum::sdk;

namespace {

QueueRigOptions on(const FakeOllama& fake, std::map<std::string, std::string> queue = {}) {
  return {.embedding = "ollama",
          .embedding_settings = {{"base_url", fake.base_url()}, {"dimensions", "16"}, {"timeout_ms", "30000"}},
          .queue_settings = std::move(queue)};
}

std::int64_t metadata_integer(const sdk::AuditEntry& entry, const char* key) {
  return nlohmann::json::parse(entry.metadata_json).at(key).get<std::int64_t>();
}

}  // namespace

TEST_CASE("a provider outage is retried with exponential backoff, then fails, and the old vectors stay") {
  FakeOllama fake({.dimensions = 16});
  QueueRig rig(on(fake, {{"max_retries", "3"}, {"retry_backoff_base_ms", "100"}, {"retry_jitter_percent", "10"}}));
  const auto id = rig.create("Kept", "# Kept\n\nOriginal words.");
  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
  const auto before = rig.chunks(id);
  REQUIRE(before.size() == 1);

  fake.fail_always(Fault::server_error());
  REQUIRE(rig.queue().pause().ok());
  rig.edit(id, "# Kept\n\nNew words that cannot be embedded.");
  const auto task = rig.enqueue(id);  // coalesces into the update's task with the queue's max_attempts
  REQUIRE(task.max_attempts == 4);
  REQUIRE(rig.queue().resume().ok());
  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "failed"; }));

  const auto failed = *rig.latest_task(id);
  CHECK(failed.attempts == 4);  // one rule: the claim counts, attempts never pass max_attempts
  CHECK_THAT(*failed.error_message, Catch::Contains("after 4 of 4 attempts"));
  auto retries = rig.events("retry_scheduled", failed.id);
  REQUIRE(retries.size() == 3);
  std::reverse(retries.begin(), retries.end());
  for (std::size_t i = 0; i < retries.size(); ++i) {
    const auto nominal = 100 << i;  // 100, 200, 400 ms
    const auto delay = metadata_integer(retries[i], "retryDelayMs");
    CHECK(delay >= nominal * 9 / 10);
    CHECK(delay <= nominal * 11 / 10);
  }
  CHECK(rig.events("permanently_failed", failed.id).size() == 1);
  const auto after = rig.chunks(id);
  REQUIRE(after.size() == before.size());
  CHECK(after[0].text == before[0].text);
  CHECK(rig.metrics("task_failure").size() == 4);
}

TEST_CASE("the max_attempts column of a task is honoured") {
  FakeOllama fake({.dimensions = 16});
  QueueRig rig(on(fake));
  fake.fail_always(Fault::server_error());
  REQUIRE(rig.queue().pause().ok());
  const auto id = rig.insert_without_task("twice", "only two tries");
  rig.enqueue(id, sdk::TaskPriority::normal, 2);
  REQUIRE(rig.queue().resume().ok());
  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "failed"; }));
  CHECK(rig.latest_task(id)->attempts == 2);
}

TEST_CASE("rate limiting reschedules after Retry-After without spending an attempt") {
  FakeOllama fake({.dimensions = 16});
  QueueRig rig(on(fake, {{"workers", "1"}}));
  REQUIRE(rig.queue().pause().ok());
  const auto id = rig.create("Limited", "words under a rate limit");
  fake.fail_next(Fault::rate_limited(1s));
  REQUIRE(rig.queue().resume().ok());
  REQUIRE(rig.wait_until([&] { return !rig.events("rate_limited").empty(); }));
  const auto snoozed = *rig.latest_task(id);
  CHECK(snoozed.status == sdk::TaskStatus::pending);
  CHECK(snoozed.attempts == 0);
  const auto limited = rig.events("rate_limited", snoozed.id);
  REQUIRE(limited.size() == 1);
  CHECK(metadata_integer(limited[0], "retryAfterMs") == 1000);
  CHECK(snoozed.scheduled_at >= limited[0].timestamp + 1s);

  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
  CHECK(rig.latest_task(id)->attempts == 1);
}

TEST_CASE("a permanent failure fails the task at once") {
  FakeOllama fake({.dimensions = 16});
  QueueRig rig(on(fake));
  REQUIRE(rig.queue().pause().ok());
  const auto id = rig.create("Wrong", "a vector of the wrong size comes back");
  fake.fail_always(Fault::wrong_dimension());
  REQUIRE(rig.queue().resume().ok());
  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "failed"; }));
  const auto task = *rig.latest_task(id);
  CHECK(task.attempts == 1);
  CHECK_THAT(*task.error_message, Catch::StartsWith("bad_dimension"));
  CHECK(rig.events("retry_scheduled", task.id).empty());
}

TEST_CASE("a batch running past task_timeout_ms is cancelled and counts as a failed attempt") {
  FakeOllama fake({.dimensions = 16});
  QueueRig rig(on(fake, {{"task_timeout_ms", "300"}, {"workers", "1"}}));
  REQUIRE(rig.queue().pause().ok());
  const auto id = rig.create("Slow", "the provider never answers");
  fake.fail_next(Fault::hang());
  REQUIRE(rig.queue().resume().ok());
  REQUIRE(rig.wait_until([&] { return !rig.events("retry_scheduled").empty(); }));
  const auto retried = rig.events("retry_scheduled");
  CHECK_THAT(*retried[0].error, Catch::Contains("timed out after 300 ms"));
  REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
  CHECK(rig.latest_task(id)->attempts == 2);
}
