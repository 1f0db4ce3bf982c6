#include "http/detail/refusal_log.hpp"

#include <spdlog/spdlog.h>

namespace vellum::http::detail {

void RefusalLog::note(Refusal refusal, std::string_view detail) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  auto& count = counts_[static_cast<std::size_t>(refusal)];
  ++count.n;
  count.last.assign(detail);
  if (!logged_ || now - last_line_ >= options_.refusal_log_interval) write_locked(now);
}

void RefusalLog::flush() {
  std::lock_guard lock(mutex_);
  write_locked(std::chrono::steady_clock::now());
}

void RefusalLog::write_locked(std::chrono::steady_clock::time_point now) {
  const auto& total = counts_[static_cast<std::size_t>(Refusal::over_total)];
  const auto& address = counts_[static_cast<std::size_t>(Refusal::over_address)];
  const auto& accept = counts_[static_cast<std::size_t>(Refusal::accept_failed)];
  if (total.n == 0 && address.n == 0 && accept.n == 0) return;

  std::string text;
  auto part = [&text](const std::string& piece) { text += (text.empty() ? "" : "; ") + piece; };
  if (address.n > 0) {
    part(fmt::format("refused {} connection(s) over max_connections_per_address ({}), the latest from {}", address.n,
                     options_.max_connections_per_address, address.last));
  }
  if (total.n > 0) {
    part(fmt::format("refused {} connection(s) over max_connections ({}), the latest from {}", total.n,
                     options_.max_connections, total.last));
  }
  if (accept.n > 0) part(fmt::format("{} failed accept(s), the latest: {}", accept.n, accept.last));
  if (logged_) {
    const auto seconds = std::chrono::duration<double>(now - last_line_).count();
    text += fmt::format(" (in the last {:.1f} s)", seconds);
  }
  spdlog::warn("http: {}", text);

  counts_ = {};
  last_line_ = now;
  logged_ = true;
}

}  // namespace vellum::http::detail
