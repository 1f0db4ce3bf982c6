#include "common/service_notify.hpp"

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace vellum {

namespace {

std::string monotonic_usec() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return std::to_string(static_cast<long long>(now.tv_sec) * 1'000'000 + now.tv_nsec / 1000);
}

}  // namespace

ServiceNotifier ServiceNotifier::from_environment() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  std::optional<std::chrono::microseconds> watchdog;
  const char* usec = std::getenv("WATCHDOG_USEC");
  const char* pid = std::getenv("WATCHDOG_PID");
  // WATCHDOG_PID, when set, names the process the watchdog is meant for (not a child that inherited it).
  const bool ours = !pid || std::strtoll(pid, nullptr, 10) == static_cast<long long>(getpid());
  if (usec && ours) {
    const long long value = std::strtoll(usec, nullptr, 10);
    if (value > 0) watchdog = std::chrono::microseconds(value);
  }
  return ServiceNotifier(socket && *socket ? socket : "", watchdog);
}

bool ServiceNotifier::send(std::string_view message) const {
  if (socket_.empty()) return false;
  static std::atomic<bool> reported{false};
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socket_.size() >= sizeof address.sun_path || (socket_[0] != '/' && socket_[0] != '@')) {
    if (!reported.exchange(true)) spdlog::warn("NOTIFY_SOCKET '{}' is not a socket path; not notifying", socket_);
    return false;
  }
  std::memcpy(address.sun_path, socket_.data(), socket_.size());
  if (socket_[0] == '@') address.sun_path[0] = '\0';  // the abstract namespace
  const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socket_.size());
  const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const auto sent = sendto(fd, message.data(), message.size(), MSG_NOSIGNAL, reinterpret_cast<sockaddr*>(&address),
                           length);
  const int error = errno;
  close(fd);
  if (sent < 0) {
    if (!reported.exchange(true)) {
      spdlog::warn("cannot notify the service manager at {}: {}", socket_, std::strerror(error));
    }
    return false;
  }
  return true;
}

void ServiceNotifier::ready(std::string_view status) const {
  send("READY=1\nSTATUS=" + std::string(status) + "\nMAINPID=" + std::to_string(getpid()));
}

void ServiceNotifier::reloading() const { send("RELOADING=1\nMONOTONIC_USEC=" + monotonic_usec()); }

void ServiceNotifier::stopping() const { send("STOPPING=1"); }

void ServiceNotifier::status(std::string_view status) const { send("STATUS=" + std::string(status)); }

void ServiceNotifier::keep_alive() const { send("WATCHDOG=1"); }

}  // namespace vellum
