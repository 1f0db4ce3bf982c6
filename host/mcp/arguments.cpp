#include "mcp/arguments.hpp"

#include <charconv>
#include <cmath>

#include "articles/slug.hpp"
#include "articles/validation.hpp"

namespace vellum::mcp {

namespace {

sdk::Error bad(std::string message) { return sdk::Error(sdk::ErrorKind::invalid_argument, std::move(message)); }

sdk::Result<std::string> check_text(const std::string& name, const json& value, const TextRule& rule) {
  if (!value.is_string()) return bad(name + " must be a string");
  const auto& raw = value.get_ref<const std::string&>();
  if (!articles::is_valid_utf8(raw)) return bad(name + " must be valid UTF-8");
  std::string text(rule.trim ? articles::trim(raw) : std::string_view(raw));
  if (articles::trim(text).empty()) return bad(name + " cannot be empty");
  if (articles::utf8_length(text) > rule.max_length) {
    return bad(name + " exceeds maximum length of " + std::to_string(rule.max_length) + " characters");
  }
  return text;
}

}  // namespace

const json* Arguments::find(std::string_view name) const {
  const auto it = args_.find(name);
  if (it == args_.end() || it->is_null()) return nullptr;
  return &*it;
}

sdk::Result<std::optional<std::string>> Arguments::text(std::string_view name, TextRule rule) const {
  const json* value = find(name);
  if (!value) {
    if (rule.required) return bad(std::string(name) + " is required");
    return std::optional<std::string>();
  }
  auto checked = check_text(std::string(name), *value, rule);
  if (!checked) return checked.error();
  return std::optional<std::string>(std::move(checked).value());
}

sdk::Result<std::int64_t> Arguments::integer(std::string_view name, std::int64_t fallback, std::int64_t min,
                                             std::int64_t max) const {
  const json* value = find(name);
  if (!value) return fallback;
  const std::string field(name);
  double number = 0;
  if (value->is_number()) {
    number = value->get<double>();
  } else if (value->is_string()) {
    const auto text = articles::trim(value->get_ref<const std::string&>());
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return bad(field + " must be a number");
  } else {
    return bad(field + " must be a number");
  }
  if (!std::isfinite(number)) return bad(field + " must be a number");
  if (number != std::floor(number)) return bad(field + " must be an integer");
  if (number < static_cast<double>(min)) return bad(field + " must be at least " + std::to_string(min));
  if (number > static_cast<double>(max)) return bad(field + " must be at most " + std::to_string(max));
  return static_cast<std::int64_t>(number);
}

sdk::Result<std::vector<std::string>> Arguments::texts(std::string_view name, std::size_t max_items,
                                                       TextRule rule) const {
  const std::string field(name);
  const json* value = find(name);
  if (!value) return bad(field + " is required");
  if (!value->is_array()) return bad(field + " must be an array");
  if (value->empty()) return bad(field + " must have at least 1 items");
  if (value->size() > max_items) {
    return bad(field + " exceeds maximum length of " + std::to_string(max_items) + " items");
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < value->size(); ++i) {
    const std::string item = field + "[" + std::to_string(i) + "]";
    auto checked = check_text(item, (*value)[i], rule);
    if (!checked) return bad(item + ": " + checked.error().message);
    out.push_back(std::move(checked).value());
  }
  return out;
}

sdk::Result<std::string> Arguments::slug(std::string_view name) const {
  auto filename = text(name, {.required = true, .max_length = articles::kMaxSlugLength + 3});
  if (!filename) return filename.error();
  const std::string slug(articles::slug_from_filename(**filename));
  if (auto valid = articles::validate_slug(slug); !valid) {
    return bad(std::string(name) + ": " + valid.error().message);
  }
  return slug;
}

sdk::Result<std::optional<std::string>> Arguments::folder(std::string_view name) const {
  const json* value = find(name);
  if (!value) return std::optional<std::string>();
  if (!value->is_string()) return bad(std::string(name) + " must be a string");
  auto normalized = articles::normalize_folder(value->get_ref<const std::string&>());
  if (!normalized) return bad(std::string(name) + ": " + normalized.error().message);
  return std::optional<std::string>(std::move(normalized).value());
}

sdk::Result<std::int64_t> Arguments::version(std::string_view name) const {
  const std::string field(name);
  const json* value = find(name);
  if (!value) return bad(field + " is required");
  if (value->is_number_integer() && value->get<std::int64_t>() >= 1) return value->get<std::int64_t>();
  if (value->is_string()) {
    std::string_view text = value->get_ref<const std::string&>();
    if (!text.empty() && (text.front() == 'v' || text.front() == 'V')) text.remove_prefix(1);
    std::int64_t number = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (!text.empty() && ec == std::errc() && end == text.data() + text.size() && number >= 1) return number;
  }
  return bad(field + " must be a version id such as \"v3\" or 3");
}

}  // namespace vellum::mcp
