// HTTP header fields: an ordered list with case-insensitive names (RFC 9110 §5.1). A plain vector, not
// a map: requests carry a dozen fields, and order matters for repeated fields such as Set-Cookie.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vellum::http {

[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;

class Headers {
 public:
  using Field = std::pair<std::string, std::string>;
  using const_iterator = std::vector<Field>::const_iterator;

  // The first value of `name`, if present.
  [[nodiscard]] std::optional<std::string_view> get(std::string_view name) const noexcept;
  [[nodiscard]] std::string_view get_or(std::string_view name, std::string_view fallback) const noexcept;
  [[nodiscard]] bool contains(std::string_view name) const noexcept { return get(name).has_value(); }

  // Replaces every field called `name` with one field.
  void set(std::string_view name, std::string_view value);
  // Appends a field, keeping earlier ones with the same name.
  void add(std::string_view name, std::string_view value);
  // Removes every field called `name`; returns how many were removed.
  std::size_t erase(std::string_view name);

  [[nodiscard]] std::size_t size() const noexcept { return fields_.size(); }
  [[nodiscard]] bool empty() const noexcept { return fields_.empty(); }
  [[nodiscard]] const_iterator begin() const noexcept { return fields_.begin(); }
  [[nodiscard]] const_iterator end() const noexcept { return fields_.end(); }

 private:
  std::vector<Field> fields_;
};

}  // namespace vellum::http
