#include "change_listener.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdint>

namespace vellum::storage_postgres {

namespace {

// What StorageBackend's default does: wait out the timeout unless stopped first.
bool sleep_out(std::chrono::milliseconds timeout, const std::stop_token& stop) {
  std::mutex mutex;
  std::condition_variable_any wake;
  std::unique_lock lock(mutex);
  wake.wait_for(lock, stop, timeout, [] { return false; });
  return false;
}

}  // namespace

ChangeListener::ChangeListener(std::string conninfo, std::string schema, sdk::HostContext& host)
    : conninfo_(std::move(conninfo)), schema_(std::move(schema)), host_(host),
      wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

ChangeListener::~ChangeListener() {
  disconnect();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

bool ChangeListener::connect() {
  conn_ = PQconnectdb(conninfo_.c_str());
  std::string problem;
  if (PQstatus(conn_) != CONNECTION_OK) {
    problem = PQerrorMessage(conn_);
  } else {
    PGresult* listened = PQexec(conn_, (std::string("LISTEN ") + kChunkChannel).c_str());
    if (PQresultStatus(listened) != PGRES_COMMAND_OK) problem = PQerrorMessage(conn_);
    PQclear(listened);
  }
  if (!problem.empty()) {
    disconnect();
    while (!problem.empty() && problem.back() == '\n') problem.pop_back();
    if (!degraded_) {
      host_.log(sdk::LogLevel::warn, "storage.postgres: cannot listen for chunk change notices (other servers' "
                                     "writes reach this one's index at the next change-feed poll): " + problem);
    }
    degraded_ = true;
    return false;
  }
  if (degraded_) host_.log(sdk::LogLevel::info, "storage.postgres: listening for chunk change notices again");
  degraded_ = false;
  return true;
}

void ChangeListener::disconnect() {
  if (conn_) PQfinish(conn_);
  conn_ = nullptr;
}

bool ChangeListener::take_notices() {
  if (!PQconsumeInput(conn_)) {  // the connection is gone; a later wait opens a new one
    host_.log(sdk::LogLevel::debug, std::string("storage.postgres: the change-notice connection dropped: ") +
                                        PQerrorMessage(conn_));
    disconnect();
    return false;
  }
  bool ours = false;
  while (PGnotify* notice = PQnotifies(conn_)) {
    ours = ours || schema_ == notice->extra;  // other installations in the same database: not ours
    PQfreemem(notice);
  }
  if (PQstatus(conn_) != CONNECTION_OK) disconnect();  // the server said goodbye (57P01) before closing
  return ours;
}

bool ChangeListener::wait_readable(std::chrono::milliseconds timeout, const std::stop_token& stop) {
  std::stop_callback on_stop(stop, [this] {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(wake_fd_, &one, sizeof one);
  });
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (stop.stop_requested()) return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd fds[2] = {{PQsocket(conn_), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    const int ready = ::poll(fds, 2, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return false;
    if (ready == 0) return false;
    if (fds[1].revents) {
      std::uint64_t drained = 0;
      [[maybe_unused]] auto got = ::read(wake_fd_, &drained, sizeof drained);
      continue;  // a stop: checked at the top
    }
    return true;  // data, or the socket closing (PQconsumeInput will say which)
  }
}

bool ChangeListener::wait(std::chrono::milliseconds timeout, std::stop_token stop) {
  std::unique_lock busy(mutex_, std::try_to_lock);
  if (!busy || wake_fd_ < 0) return sleep_out(timeout, stop);
  if (!conn_) {
    if (!connect()) return sleep_out(timeout, stop);
    return true;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (take_notices()) return true;
    if (!conn_) return true;  // dropped: notices may have been lost with it, so read the feed
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !wait_readable(left, stop)) return false;
  }
}

}  // namespace vellum::storage_postgres
