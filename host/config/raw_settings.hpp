// Settings as written, before validation: the file and the environment merged by precedence.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace vellum::config {

struct RawValue {
  std::string section;  // "" (top level), "server", "embedding.ollama"
  std::string key;      // "port"
  std::string text;     // lists already joined with their separator
  Origin origin;
};

class RawSettings {
 public:
  // Keeps the value from the higher-precedence source. Two environment variables of the same rank
  // for one key: the first one set wins and the other is reported in `warnings`.
  void set(RawValue value, std::vector<std::string>& warnings);

  [[nodiscard]] const RawValue* find(std::string_view dotted_key) const;
  [[nodiscard]] const std::map<std::string, RawValue, std::less<>>& values() const noexcept { return values_; }
  // The file's values that a higher-precedence (environment) value replaced, by key.
  [[nodiscard]] const std::map<std::string, RawValue, std::less<>>& masked_file_values() const noexcept {
    return masked_;
  }

 private:
  std::map<std::string, RawValue, std::less<>> values_;
  std::map<std::string, RawValue, std::less<>> masked_;
};

}  // namespace vellum::config
