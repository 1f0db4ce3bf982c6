#include "cli/verify_session.hpp"

#include <thread>

#include "config/value_parsing.hpp"

namespace vellum::cli::verify {

namespace {
constexpr std::int64_t kLongestRateLimitWait = 60;  // seconds
}  // namespace

sdk::Result<ServerAnswer> Session::send(const ServerRequest& request) {
  auto answer = call_server(url_, token_, request, timeout_);
  if (answer && answer->status == 429) {
    const auto header = answer->headers.find("retry-after");
    const auto seconds = header == answer->headers.end() ? std::nullopt : config::parse_integer(header->second);
    if (seconds && *seconds >= 0 && *seconds <= kLongestRateLimitWait) {
      if (notice_) {
        notice_("rate-limited by the server (" + request.method + " " + request.path + "), waiting " +
                std::to_string(*seconds) + " s as its Retry-After says");
      }
      std::this_thread::sleep_for(std::chrono::seconds(*seconds));
      answer = call_server(url_, token_, request, timeout_);
    }
  }
  if (answer) timings_.push_back({request.method + " " + request.path, answer->elapsed});
  return answer;
}

nlohmann::json json_of(const ServerAnswer& answer) {
  return nlohmann::json::parse(answer.body, nullptr, false);
}

std::string describe(const ServerAnswer& answer) {
  std::string text = "HTTP " + std::to_string(answer.status);
  const auto body = json_of(answer);
  if (body.is_object() && body.contains("error") && body["error"].is_string()) {
    return text + ": " + body["error"].get<std::string>();
  }
  if (body.is_object() && body.contains("message") && body["message"].is_string()) {
    return text + ": " + body["message"].get<std::string>();
  }
  constexpr std::size_t kShown = 200;
  if (!answer.body.empty()) text += ": " + answer.body.substr(0, kShown);
  return text;
}

}  // namespace vellum::cli::verify
