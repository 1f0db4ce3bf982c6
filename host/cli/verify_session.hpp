// The HTTP side of `vellum verify`: requests to one server with the admin token, each one's time kept
// for the latency check.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/admin_client.hpp"

namespace vellum::cli::verify {

struct Timing {
  std::string request;  // "GET /api/search?…"
  std::chrono::microseconds elapsed;
};

class Session {
 public:
  // `notice` is told when the session waits (rate-limited); the operator sees why it pauses.
  using Notice = std::function<void(const std::string&)>;
  Session(std::string url, std::string token, std::chrono::seconds timeout, Notice notice)
      : url_(std::move(url)), token_(std::move(token)), timeout_(timeout), notice_(std::move(notice)) {}

  // An error when nothing answered. Every answer's time is recorded. A 429 whose Retry-After is at
  // most a minute is waited out once: the server's rate limits count the operator's token too.
  sdk::Result<ServerAnswer> send(const ServerRequest& request);
  sdk::Result<ServerAnswer> get(const std::string& path) { return send({"GET", path, {}, {}, true}); }
  sdk::Result<ServerAnswer> send_json(const std::string& method, const std::string& path, const nlohmann::json& body) {
    return send({method, path, body.dump(), {{"Content-Type", "application/json"}}, true});
  }

  [[nodiscard]] const std::vector<Timing>& timings() const noexcept { return timings_; }

 private:
  std::string url_;
  std::string token_;
  std::chrono::seconds timeout_;
  Notice notice_;
  std::vector<Timing> timings_;
};

// The answer's JSON body, or a discarded value when it is not JSON.
[[nodiscard]] nlohmann::json json_of(const ServerAnswer& answer);
// "HTTP 503: storage is not available" — the status and the body's error message (or its start).
[[nodiscard]] std::string describe(const ServerAnswer& answer);

}  // namespace vellum::cli::verify
