// The plugin settings builder on its own: first error for plugin factories, all errors for config check.
#include <catch2/catch.hpp>

#include "config/plugin_settings.hpp"

using namespace vellum;

namespace {
const sdk::ConfigOption kTable[] = {
    sdk::option_integer("size", "10", 1, 100, "Size"),
    sdk::option_required_string("name", "Name"),
};
using Given = std::map<std::string, config::SettingInput, std::less<>>;
}  // namespace

TEST_CASE("build_plugin_config stops at the first problem") {
  auto result = config::build_plugin_config("x", kTable, Given{{"size", {"0", "f.yaml:3"}}, {"zzz", {"1", "f.yaml:4"}}});
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message == "f.yaml:3: x.size: expected an integer from 1 to 100, got '0'");
}

TEST_CASE("collect_plugin_config reports every problem, and required keys only when asked") {
  std::vector<sdk::Error> errors;
  auto settings = config::collect_plugin_config("x", kTable, Given{{"size", {"0", "f.yaml:3"}}, {"zzz", {"1", "f.yaml:4"}}},
                                                errors);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].message == "f.yaml:3: x.size: expected an integer from 1 to 100, got '0'");
  CHECK(errors[1].message == "f.yaml:4: unknown key 'x.zzz'; accepted keys: size, name");
  CHECK(errors[2].message == "x.name is required (a string): Name");
  CHECK_FALSE(settings.has("size"));  // a bad value does not fall back to the default

  errors.clear();
  auto optional = config::collect_plugin_config("x", kTable, Given{}, errors, false);
  CHECK(errors.empty());
  CHECK(optional.get_integer("size") == 10);
}

TEST_CASE("top-level keys have no leading dot") {
  CHECK(config::qualified_key("", "data_dir") == "data_dir");
  CHECK(config::qualified_key("server", "port") == "server.port");
}
