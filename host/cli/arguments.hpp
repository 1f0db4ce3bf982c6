// Command-line arguments after the command words: `--name value`, `--name=value`, flags, positionals.
// Each command declares which options take a value, so `--confirm` never swallows the next word.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "vellum/sdk/result.hpp"

namespace vellum::cli {

struct OptionSpec {
  std::set<std::string> with_value;  // e.g. {"config", "reason", "timeout"}
  std::set<std::string> flags;       // e.g. {"json", "confirm", "all"}
};

class Arguments {
 public:
  // Errors name the unknown option and list the accepted ones.
  static sdk::Result<Arguments> parse(const std::vector<std::string>& words, const OptionSpec& spec);

  [[nodiscard]] bool flag(const std::string& name) const { return flags_.count(name) > 0; }
  [[nodiscard]] std::optional<std::string> value(const std::string& name) const;
  [[nodiscard]] const std::vector<std::string>& positionals() const noexcept { return positionals_; }

 private:
  std::set<std::string> flags_;
  std::map<std::string, std::string> values_;
  std::vector<std::string> positionals_;
};

}  // namespace vellum::cli
