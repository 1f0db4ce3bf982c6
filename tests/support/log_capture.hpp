// Captures what the process logs, for tests that check a log line is written — or that a secret is
// not. Replaces spdlog's default logger while it lives and puts the previous one back after.
// Create it before the server whose logging it captures and let it outlive that server: the default
// logger must not be swapped while other threads log.
//
//   vellum::test::LogCapture logs;   // level info, so access-log lines are kept
//   ApiFixture api;
//   ...
//   CHECK(logs.text().find("DELETE /api/access-tokens/") != std::string::npos);
#pragma once

#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

namespace vellum::test {

class LogCapture {
 public:
  explicit LogCapture(spdlog::level::level_enum level = spdlog::level::info);
  ~LogCapture();
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  // Everything logged so far, one message per line, without time stamps or levels.
  [[nodiscard]] std::string text() const;
  // The lines that contain `needle`.
  [[nodiscard]] std::vector<std::string> lines_with(const std::string& needle) const;

 private:
  std::shared_ptr<spdlog::logger> previous_;
  spdlog::level::level_enum previous_level_;
  mutable std::mutex mutex_;
  std::ostringstream out_;
};

}  // namespace vellum::test
