#include "cli/service_watchdog.hpp"

#include <spdlog/spdlog.h>

#include "cli/admin_client.hpp"

namespace vellum::cli {

void ServiceWatchdog::start(const std::string& url) {
  const auto interval = notifier_.watchdog_interval();
  if (!interval || thread_.joinable()) return;
  const auto every = *interval / 2;
  spdlog::info("systemd watchdog: a keep-alive every {} ms while {}/health answers",
               std::chrono::duration_cast<std::chrono::milliseconds>(every).count(), url);
  thread_ = std::thread([this, url, every] { run(url, every); });
}

void ServiceWatchdog::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ServiceWatchdog::run(std::string url, std::chrono::microseconds every) {
  // An answer must come well within the interval the manager allows.
  const auto timeout = std::max(std::chrono::seconds(1), std::chrono::duration_cast<std::chrono::seconds>(every));
  bool silent = false;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    auto answer = call_server(url, "", ServerRequest{"GET", "/health", {}, {}, false}, timeout);
    if (answer) {
      notifier_.keep_alive();
      if (silent) spdlog::info("systemd watchdog: /health answers again");
      silent = false;
    } else if (!silent) {
      spdlog::error("systemd watchdog: /health did not answer ({}); no keep-alive sent", answer.error().message);
      silent = true;
    }
    lock.lock();
    wake_.wait_for(lock, every, [this] { return stopping_; });
  }
}

}  // namespace vellum::cli
