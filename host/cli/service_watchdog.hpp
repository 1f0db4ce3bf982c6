// The keep-alives of `WatchdogSec=`: a thread that asks the server's own /health over loopback every
// half watchdog interval and sends WATCHDOG=1 only when an answer came — so a server whose HTTP
// loop hangs stops sending them and systemd restarts it, while a busy one (even answering 429 or
// 503) keeps being left alone.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "common/service_notify.hpp"

namespace vellum::cli {

class ServiceWatchdog {
 public:
  explicit ServiceWatchdog(const ServiceNotifier& notifier) : notifier_(notifier) {}
  ServiceWatchdog(const ServiceWatchdog&) = delete;
  ServiceWatchdog& operator=(const ServiceWatchdog&) = delete;
  ~ServiceWatchdog() { stop(); }

  // Nothing when the manager set no watchdog for this process.
  void start(const std::string& url);
  void stop();

 private:
  void run(std::string url, std::chrono::microseconds every);

  const ServiceNotifier& notifier_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace vellum::cli
