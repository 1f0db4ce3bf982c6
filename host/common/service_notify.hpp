// The systemd service manager protocol (sd_notify(3)), spoken without libsystemd: one datagram per
// state change to the AF_UNIX socket named by $NOTIFY_SOCKET ("@" = the abstract namespace). Under
// `Type=notify` the unit is started once READY=1 arrives — after the server listens — and with
// `WatchdogSec=` the manager restarts a server whose keep-alives stop ($WATCHDOG_USEC). Without
// NOTIFY_SOCKET (not under systemd) every call does nothing.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace vellum {

class ServiceNotifier {
 public:
  // From the process environment (NOTIFY_SOCKET, WATCHDOG_USEC, WATCHDOG_PID).
  static ServiceNotifier from_environment();
  ServiceNotifier(std::string socket_path, std::optional<std::chrono::microseconds> watchdog)
      : socket_(std::move(socket_path)), watchdog_(watchdog) {}

  [[nodiscard]] bool enabled() const noexcept { return !socket_.empty(); }
  // How often the manager expects a keep-alive; nothing when no watchdog is set for this process.
  [[nodiscard]] std::optional<std::chrono::microseconds> watchdog_interval() const noexcept { return watchdog_; }

  void ready(std::string_view status) const;      // READY=1, STATUS=…
  void reloading() const;                         // RELOADING=1 (READY=1 again when done)
  void stopping() const;                          // STOPPING=1
  void status(std::string_view status) const;     // STATUS=…
  void keep_alive() const;                        // WATCHDOG=1

  // Sends `message` ("KEY=value" lines); false when it could not be sent (logged once).
  bool send(std::string_view message) const;

 private:
  std::string socket_;
  std::optional<std::chrono::microseconds> watchdog_;
};

}  // namespace vellum
