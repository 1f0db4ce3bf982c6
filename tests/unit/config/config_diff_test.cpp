// Reload: which slots must be rebuilt and which core settings changed.
#include <catch2/catch.hpp>

#include "config/config_diff.hpp"
#include "config/test_schemas.hpp"
#include "support/temp_dir.hpp"

using namespace vellum;
using vellum::test::load;

namespace {
config::Config loaded(const test::TempDir& dir, const std::string& yaml, config::Environment env = {}) {
  return test::load_valid(dir.path(), yaml, std::move(env));
}
}  // namespace

TEST_CASE("a changed provider setting rebuilds the embedding slot only") {
  test::TempDir dir;
  auto old = loaded(dir, "embedding:\n  provider: ollama\n  ollama:\n    model: a\n");
  auto now = loaded(dir, "embedding:\n  provider: ollama\n  ollama:\n    model: b\n");
  auto d = config::diff(old, now);
  REQUIRE(d.slots.size() == 1);
  CHECK(d.slots[0].slot == sdk::Slot::embedding);
  CHECK_FALSE(d.slots[0].plugin_changed);
  CHECK(d.slots[0].keys == std::vector<std::string>{"embedding.ollama.model"});
  CHECK(d.slot_changed(sdk::Slot::embedding));
  CHECK_FALSE(d.slot_changed(sdk::Slot::storage));
  CHECK_FALSE(d.slot_changed(sdk::Slot::queue));
  CHECK(d.core_keys.empty());
  CHECK(config::describe(d) == "embedding: settings embedding.ollama.model");
}

TEST_CASE("another plugin, queue.enabled and core settings are reported as such") {
  test::TempDir dir;
  auto old = loaded(dir, "embedding:\n  provider: local\nlog:\n  level: info\n");
  auto now = loaded(dir, "embedding:\n  provider: ollama\nlog:\n  level: debug\nqueue:\n  enabled: false\n");
  auto d = config::diff(old, now);
  REQUIRE(d.slots.size() == 2);
  CHECK(d.slots[0].slot == sdk::Slot::embedding);
  CHECK(d.slots[0].plugin_changed);
  CHECK(d.slots[0].old_plugin == "local");
  CHECK(d.slots[0].new_plugin == "ollama");
  CHECK(d.slots[1].slot == sdk::Slot::queue);
  CHECK(d.slots[1].keys == std::vector<std::string>{"queue.enabled"});
  CHECK_FALSE(d.slot_changed(sdk::Slot::storage));
  CHECK(d.core_keys == std::vector<std::string>{"log.level"});
  CHECK(config::describe(d) == "embedding: plugin local -> ollama; queue: settings queue.enabled; core: log.level");
}

TEST_CASE("the same values from another source are no change") {
  test::TempDir dir;
  auto old = loaded(dir, "server:\n  port: 8080\n");
  auto now = loaded(dir, "{}\n", {{"PORT", "8080"}});
  auto d = config::diff(old, now);
  CHECK(d.empty());
  CHECK(config::describe(d) == "no changes");
}
