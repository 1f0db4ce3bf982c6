// queue.background's settings: the spec's ranges through the table, the combinations that cannot
// work refused by the factory with the keys named, the unusual ones warned about.
#include <catch2/catch.hpp>

#include "config/plugin_settings.hpp"
#include "settings.hpp"

namespace qb = vellum::queue_background;

namespace {

vellum::sdk::Result<qb::ReadSettings> read(std::map<std::string, std::string> values) {
  std::map<std::string, vellum::config::SettingInput, std::less<>> given;
  for (const auto& [k, v] : values) given[k] = {v, "test"};
  auto config = vellum::config::build_plugin_config("queue.background", qb::kOptions, given);
  if (!config) return config.error();
  return qb::read_settings(config.value());
}

}  // namespace

TEST_CASE("the defaults are valid and give max_retries + 1 attempts") {
  auto read_defaults = read({});
  REQUIRE(read_defaults.ok());
  const auto& s = read_defaults.value().settings;
  CHECK(s.worker_interval.count() == 5000);
  CHECK(s.max_attempts() == 4);
  CHECK(s.batch_size == 10);
  CHECK(read_defaults.value().warnings.empty());
}

TEST_CASE("the spec's ranges hold for the established keys") {
  CHECK_FALSE(read({{"worker_interval_ms", "500"}}).ok());
  CHECK_FALSE(read({{"max_retries", "15"}}).ok());
  CHECK_FALSE(read({{"batch_size", "0"}}).ok());
  CHECK_FALSE(read({{"cleanup_interval_hours", "200"}}).ok());
  CHECK(read({{"poll_interval_ms", "10"}}).ok());  // the fast key tests use
}

TEST_CASE("a worker interval above the heartbeat interval raises the heartbeat, with a warning") {
  auto derived = read({{"worker_interval_ms", "40000"}});
  REQUIRE(derived.ok());
  CHECK(derived.value().settings.heartbeat_interval == std::chrono::milliseconds(80000));
  CHECK_THAT(derived.value().warnings.front(), Catch::Contains("heartbeat_interval_ms (30000) raised to 80000") &&
                                                  Catch::Contains("queue.background.worker_interval_ms (40000)"));
  // Unless the raised heartbeat no longer fits under max_processing_time_ms: then it is refused.
  auto too_slow = read({{"worker_interval_ms", "200000"}, {"max_processing_time_ms", "300000"}});
  REQUIRE_FALSE(too_slow.ok());
  CHECK_THAT(too_slow.error().message, Catch::Contains("heartbeat_interval_ms (raised to 400000 for worker_interval_ms)"));
}

TEST_CASE("combinations that cannot work are refused, naming the keys") {
  auto cap = read({{"retry_backoff_base_ms", "5000"}, {"retry_backoff_cap_ms", "1000"}});
  REQUIRE_FALSE(cap.ok());
  CHECK_THAT(cap.error().message, Catch::Contains("retry_backoff_cap_ms"));
  auto timeout = read({{"task_timeout_ms", "4000000"}, {"max_processing_time_ms", "3600000"}});
  REQUIRE_FALSE(timeout.ok());
  CHECK_THAT(timeout.error().message, Catch::Contains("task_timeout_ms"));
}

TEST_CASE("unusual but legal values are warned about") {
  auto unusual = read({{"max_retries", "8"}, {"cleanup_retention_days", "2"}});
  REQUIRE(unusual.ok());
  CHECK(unusual.value().warnings.size() == 2);
}
