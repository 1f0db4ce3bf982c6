#include "api/route_params.hpp"

#include <charconv>

#include "articles/slug.hpp"

namespace vellum::api {

namespace {
std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t value = 0;
  if (text.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}
}  // namespace

std::string slug_param(const http::Request& request) {
  return std::string(articles::slug_from_filename(request.param("filename")));
}

std::optional<std::int64_t> version_number(std::string_view text) {
  if (!text.empty() && (text.front() == 'v' || text.front() == 'V')) text.remove_prefix(1);
  auto value = parse_int(text);
  if (!value || *value < 1) return std::nullopt;
  return value;
}

sdk::Result<std::optional<std::int64_t>> integer_query(const http::Request& request, const char* name,
                                                       std::int64_t min, std::int64_t max) {
  auto text = request.query.get(name);
  if (!text) return std::optional<std::int64_t>();
  auto value = parse_int(*text);
  if (!value || *value < min || *value > max) {
    return sdk::Error(sdk::ErrorKind::invalid_argument, std::string(name) + " must be an integer from " +
                                                            std::to_string(min) + " to " + std::to_string(max));
  }
  return std::optional<std::int64_t>(value);
}

sdk::Result<bool> boolean_query(const http::Request& request, const char* name) {
  auto text = request.query.get(name);
  if (!text) return false;
  if (*text == "true" || *text == "1") return true;
  if (*text == "false" || *text == "0") return false;
  return sdk::Error(sdk::ErrorKind::invalid_argument, std::string(name) + " must be true or false");
}

}  // namespace vellum::api
