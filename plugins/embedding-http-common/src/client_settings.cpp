#include "vellum/embedding_http/client_settings.hpp"

#include <algorithm>

#include "vellum/embedding_http/header_list.hpp"

namespace vellum::embedding_http {

namespace {

std::size_t size_of(const sdk::PluginConfig& config, std::string_view key) {
  return static_cast<std::size_t>(std::max<std::int64_t>(0, config.get_integer(key)));
}

}  // namespace

sdk::Result<ClientSettings> read_client_settings(const sdk::PluginConfig& config) {
  ClientSettings s;
  s.section = config.section();
  s.dimensions = size_of(config, "dimensions");
  s.connect_timeout = std::chrono::milliseconds(config.get_integer("connect_timeout_ms"));
  s.timeout = std::chrono::milliseconds(config.get_integer("timeout_ms"));
  s.limits.max_inputs_per_call = size_of(config, "max_inputs_per_call");
  s.limits.max_tokens_per_input = size_of(config, "max_tokens_per_input");
  s.limits.max_tokens_per_call = size_of(config, "max_tokens_per_call");
  s.limits.truncate = config.get_boolean("truncate");
  s.concurrency = size_of(config, "concurrency");
  s.requests_per_minute = static_cast<std::uint64_t>(size_of(config, "requests_per_minute"));
  s.tokens_per_minute = static_cast<std::uint64_t>(size_of(config, "tokens_per_minute"));

  auto headers = parse_header_list(config.get_string("headers"), s.section + ".headers");
  if (!headers) return std::move(headers).error();
  s.extra_headers = std::move(headers).value();

  if (s.dimensions == 0 || s.limits.max_inputs_per_call == 0 || s.limits.max_tokens_per_input == 0 ||
      s.concurrency == 0) {
    return sdk::Error(sdk::ErrorKind::invalid_argument,
                      s.section + ": dimensions, max_inputs_per_call, max_tokens_per_input and concurrency must be "
                                  "at least 1");
  }
  if (s.limits.max_tokens_per_input > s.limits.max_tokens_per_call) {
    return sdk::Error(sdk::ErrorKind::invalid_argument,
                      s.section + ".max_tokens_per_input (" + std::to_string(s.limits.max_tokens_per_input) +
                          ") is larger than " + s.section + ".max_tokens_per_call (" +
                          std::to_string(s.limits.max_tokens_per_call) + "): one input must fit in one call");
  }
  if (s.tokens_per_minute != 0 && s.limits.max_tokens_per_call > s.tokens_per_minute) {
    // A request larger than a minute's token budget would overdraw it on its own: keep requests within
    // the budget (but never below what one input may need).
    s.limits.max_tokens_per_call = std::max<std::size_t>(s.limits.max_tokens_per_input, s.tokens_per_minute);
  }
  return s;
}

}  // namespace vellum::embedding_http
