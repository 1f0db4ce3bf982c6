// `vellum serve` under a service manager (systemd's Type=notify and WatchdogSec=, packaging/systemd):
// a datagram socket stands in for systemd's and reads what the server says, in order — ready once it
// listens, keep-alives while /health answers, reloading and ready again around SIGHUP, stopping.
#include <catch2/catch.hpp>

#include <csignal>
#include <thread>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ops/ops_rig.hpp"

using namespace vellum::test;
using std::chrono::milliseconds;

namespace {

// systemd's end of NOTIFY_SOCKET: an AF_UNIX datagram socket bound to a path.
class NotifySocket {
 public:
  explicit NotifySocket(std::string path) : path_(std::move(path)) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    REQUIRE(path_.size() < sizeof address.sun_path);
    std::copy(path_.begin(), path_.end(), address.sun_path);
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    timeval timeout{0, 200'000};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  ~NotifySocket() {
    close(fd_);
    unlink(path_.c_str());
  }
  [[nodiscard]] const std::string& path() const { return path_; }

  // Every message that arrives within `window`.
  std::vector<std::string> read_for(milliseconds window) {
    std::vector<std::string> messages;
    const auto until = std::chrono::steady_clock::now() + window;
    char buffer[4096];
    while (std::chrono::steady_clock::now() < until) {
      const auto n = recv(fd_, buffer, sizeof buffer, 0);
      if (n > 0) messages.emplace_back(buffer, static_cast<std::size_t>(n));
    }
    return messages;
  }
  // Waits until a message containing `text` arrives (at most `timeout`); answers it, or "".
  std::string wait_for(const std::string& text, milliseconds timeout = milliseconds(15000)) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    char buffer[4096];
    while (std::chrono::steady_clock::now() < until) {
      const auto n = recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) continue;
      std::string message(buffer, static_cast<std::size_t>(n));
      if (message.find(text) != std::string::npos) return message;
    }
    return "";
  }

 private:
  std::string path_;
  int fd_ = -1;
};

std::size_t count_containing(const std::vector<std::string>& messages, const std::string& text) {
  return static_cast<std::size_t>(std::count_if(messages.begin(), messages.end(), [&](const std::string& m) {
    return m.find(text) != std::string::npos;
  }));
}

}  // namespace

TEST_CASE("vellum serve tells a service manager when it is ready, alive, reloading and stopping", "[ops]") {
  OpsRig rig;
  NotifySocket manager((rig.dir() / "notify.sock").string());
  rig.set_env("NOTIFY_SOCKET", manager.path());
  rig.set_env("WATCHDOG_USEC", "1000000");  // a keep-alive every 0.5 s
  rig.start();

  const auto ready = manager.wait_for("READY=1");
  CHECK_THAT(ready, Catch::Contains("STATUS=listening on http://127.0.0.1:") && Catch::Contains("generation 1") &&
                        Catch::Contains("MAINPID="));
  const auto alive = manager.read_for(milliseconds(2500));
  CHECK(count_containing(alive, "WATCHDOG=1") >= 3);

  rig.signal(SIGHUP);
  CHECK_THAT(manager.wait_for("RELOADING=1"), Catch::Contains("MONOTONIC_USEC="));
  CHECK_THAT(manager.wait_for("READY=1"), Catch::Contains("last reload unchanged"));

  rig.stop();
  CHECK_FALSE(manager.wait_for("STOPPING=1").empty());
  // Keep-alives end with the server.
  CHECK(count_containing(manager.read_for(milliseconds(1500)), "WATCHDOG=1") == 0);
}
