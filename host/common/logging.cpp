#include "common/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"

namespace vellum {

namespace {

// One JSON object per line, message properly escaped (a pattern string could not escape it).
class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    nlohmann::json line = {
        {"time", format_iso8601(std::chrono::time_point_cast<std::chrono::milliseconds>(msg.time))},
        {"level", spdlog::level::to_string_view(msg.level).data()},
        {"msg", std::string(msg.payload.data(), msg.payload.size())},
    };
    const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

spdlog::level::level_enum to_spdlog(std::string_view level) {
  if (level == "trace") return spdlog::level::trace;
  if (level == "debug") return spdlog::level::debug;
  if (level == "warn" || level == "warning") return spdlog::level::warn;
  if (level == "error") return spdlog::level::err;
  return spdlog::level::info;
}

}  // namespace

void setup_logging(std::string_view level, LogFormat format) {
  spdlog::drop("vellum");
  auto logger = spdlog::stderr_color_mt("vellum");
  if (format == LogFormat::json) {
    logger->set_formatter(std::make_unique<JsonFormatter>());
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ %v", spdlog::pattern_time_type::utc);
  }
  logger->set_level(to_spdlog(level));
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

void set_log_level(std::string_view level) { spdlog::set_level(to_spdlog(level)); }

void log_message(sdk::LogLevel level, std::string_view message) {
  switch (level) {
    case sdk::LogLevel::trace: spdlog::trace("{}", message); break;
    case sdk::LogLevel::debug: spdlog::debug("{}", message); break;
    case sdk::LogLevel::info: spdlog::info("{}", message); break;
    case sdk::LogLevel::warn: spdlog::warn("{}", message); break;
    case sdk::LogLevel::error: spdlog::error("{}", message); break;
  }
}

}  // namespace vellum
