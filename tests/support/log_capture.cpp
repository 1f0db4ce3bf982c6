#include "support/log_capture.hpp"

#include <spdlog/sinks/ostream_sink.h>

namespace vellum::test {

namespace {

// Writes under the capture's mutex, so that text() can read while server threads log.
class LockedSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 public:
  LockedSink(std::mutex& mutex, std::ostringstream& out) : mutex_(mutex), out_(out) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    std::lock_guard lock(mutex_);
    out_.write(formatted.data(), static_cast<std::streamsize>(formatted.size()));
  }
  void flush_() override {}

 private:
  std::mutex& mutex_;
  std::ostringstream& out_;
};

}  // namespace

LogCapture::LogCapture(spdlog::level::level_enum level)
    : previous_(spdlog::default_logger()), previous_level_(spdlog::get_level()) {
  auto sink = std::make_shared<LockedSink>(mutex_, out_);
  sink->set_pattern("%v");
  auto logger = std::make_shared<spdlog::logger>("capture", std::move(sink));
  logger->set_level(level);
  spdlog::set_default_logger(std::move(logger));
}

LogCapture::~LogCapture() {
  spdlog::set_default_logger(previous_);
  spdlog::set_level(previous_level_);
}

std::string LogCapture::text() const {
  std::lock_guard lock(mutex_);
  return out_.str();
}

std::vector<std::string> LogCapture::lines_with(const std::string& needle) const {
  std::vector<std::string> found;
  std::istringstream in(text());
  for (std::string line; std::getline(in, line);) {
    if (line.find(needle) != std::string::npos) found.push_back(line);
  }
  return found;
}

}  // namespace vellum::test
