// Runs the real `vellum` binary as a child process: arguments, environment, working directory,
// captured stdout/stderr, signals. Used by tests that must prove what an operator would see.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace vellum::test {

struct ProcessOptions {
  std::filesystem::path working_dir;
  std::map<std::string, std::string> env;  // added to a minimal environment (PATH, HOME; replaceable)
  std::string stdin_text;
};

struct Completed {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs to completion (killed after `timeout`).
Completed run_vellum(const std::vector<std::string>& args, const ProcessOptions& options = {},
                     std::chrono::seconds timeout = std::chrono::seconds(60));

// A long-running child (vellum serve) whose stderr is collected in the background.
class RunningProcess {
 public:
  RunningProcess(const std::vector<std::string>& args, const ProcessOptions& options);
  ~RunningProcess();  // SIGKILL if still running
  RunningProcess(const RunningProcess&) = delete;
  RunningProcess& operator=(const RunningProcess&) = delete;

  // Waits until stderr contains `text`; returns the stderr read so far, or nullopt on timeout/exit.
  std::optional<std::string> wait_for_output(const std::string& text,
                                             std::chrono::milliseconds timeout = std::chrono::seconds(20));
  void signal(int signal_number);
  // Waits for exit; returns the exit code (or 128 + signal), nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  [[nodiscard]] std::string output();

 private:
  // Reads stderr until EOF on a thread of its own: a busy server (an access log line per request)
  // fills a pipe in milliseconds, and one nobody reads blocks the server's logging, and so the server.
  void read_stderr(std::stop_token stop);
  void reap();  // records the exit code once the child has exited

  int pid_ = -1;
  int err_fd_ = -1;
  std::mutex mutex_;
  std::condition_variable changed_;  // err_ grew, or stderr reached EOF
  std::string err_;
  bool err_closed_ = false;
  std::optional<int> exit_code_;
  std::jthread reader_;  // last: stopped and joined before the members it uses go
};

}  // namespace vellum::test
