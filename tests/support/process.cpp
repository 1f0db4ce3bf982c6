#include "support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <thread>

namespace vellum::test {

namespace {

struct Spawned {
  int pid;
  int in_fd;
  int out_fd;
  int err_fd;
};

Spawned spawn(const std::vector<std::string>& args, const ProcessOptions& options) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe)) throw std::runtime_error("pipe failed");
  std::vector<std::string> env_strings;
  // PATH and HOME have defaults a test may replace (getenv would read only the first of two).
  if (!options.env.count("PATH")) env_strings.push_back("PATH=/usr/local/bin:/usr/bin:/bin");
  if (!options.env.count("HOME")) env_strings.push_back("HOME=/tmp");
  for (const auto& [k, v] : options.env) env_strings.push_back(k + "=" + v);
  std::vector<std::string> argv_strings = {VELLUM_TEST_BINARY};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());

  const int pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    if (!options.working_dir.empty() && chdir(options.working_dir.c_str()) != 0) _exit(126);
    std::vector<char*> argv, envp;
    for (auto& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  return {pid, in_pipe[1], out_pipe[0], err_pipe[0]};
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

Completed run_vellum(const std::vector<std::string>& args, const ProcessOptions& options, std::chrono::seconds timeout) {
  auto child = spawn(args, options);
  if (!options.stdin_text.empty()) {
    [[maybe_unused]] auto written = write(child.in_fd, options.stdin_text.data(), options.stdin_text.size());
  }
  close(child.in_fd);
  Completed result;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  pollfd fds[2] = {{child.out_fd, POLLIN, 0}, {child.err_fd, POLLIN, 0}};
  int open_fds = 2;
  char buffer[4096];
  while (open_fds > 0 && std::chrono::steady_clock::now() < deadline) {
    if (poll(fds, 2, 100) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      const auto n = read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
      }
    }
  }
  if (open_fds > 0) kill(child.pid, SIGKILL);
  for (auto& fd : fds) if (fd.fd >= 0) close(fd.fd);
  int status = 0;
  waitpid(child.pid, &status, 0);
  result.exit_code = decode_status(status);
  return result;
}

RunningProcess::RunningProcess(const std::vector<std::string>& args, const ProcessOptions& options) {
  auto child = spawn(args, options);
  close(child.in_fd);
  close(child.out_fd);
  pid_ = child.pid;
  err_fd_ = child.err_fd;
  fcntl(err_fd_, F_SETFL, O_NONBLOCK);
  reader_ = std::jthread([this](std::stop_token stop) { read_stderr(std::move(stop)); });
}

RunningProcess::~RunningProcess() {
  if (!exit_code_) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  reader_.request_stop();
  if (reader_.joinable()) reader_.join();
  if (err_fd_ >= 0) close(err_fd_);
}

void RunningProcess::read_stderr(std::stop_token stop) {
  char buffer[4096];
  while (!stop.stop_requested()) {
    pollfd fd{err_fd_, POLLIN, 0};
    if (poll(&fd, 1, 50) <= 0) continue;  // the timeout lets a stop request end the loop
    for (;;) {
      const auto n = read(err_fd_, buffer, sizeof buffer);
      if (n > 0) {
        std::lock_guard lock(mutex_);
        err_.append(buffer, static_cast<std::size_t>(n));
        changed_.notify_all();
        continue;
      }
      if (n == 0) {  // the child and every copy of its stderr are gone
        std::lock_guard lock(mutex_);
        err_closed_ = true;
        changed_.notify_all();
        return;
      }
      break;  // EAGAIN: wait for more
    }
  }
}

void RunningProcess::reap() {
  int status = 0;
  if (!exit_code_ && waitpid(pid_, &status, WNOHANG) == pid_) exit_code_ = decode_status(status);
}

std::optional<std::string> RunningProcess::wait_for_output(const std::string& text, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  for (;;) {
    if (err_.find(text) != std::string::npos) return err_;
    if (err_closed_ || std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    changed_.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(50)));
  }
}

void RunningProcess::signal(int signal_number) { kill(pid_, signal_number); }

std::optional<int> RunningProcess::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (reap(); !exit_code_ && std::chrono::steady_clock::now() < deadline; reap()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (exit_code_) {
    // Everything the child wrote before it exited is in the pipe: wait (briefly) for the reader.
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(2), [&] { return err_closed_; });
  }
  return exit_code_;
}

std::string RunningProcess::output() {
  std::lock_guard lock(mutex_);
  return err_;
}

}  // namespace vellum::test
