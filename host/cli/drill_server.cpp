#include "cli/drill_server.hpp"

#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace vellum::cli {

namespace {

constexpr std::chrono::seconds kStopGrace{30};
constexpr std::chrono::milliseconds kPoll{100};

// waitpid without blocking: the exit status once the child ended, else nothing.
std::optional<int> reaped(pid_t pid) {
  int status = 0;
  const pid_t done = waitpid(pid, &status, WNOHANG);
  if (done != pid) return std::nullopt;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace

std::string log_tail(const std::filesystem::path& file, std::size_t bytes) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  return all.size() <= bytes ? all : all.substr(all.size() - bytes);
}

sdk::Result<std::string> DrillServer::start(const std::vector<std::string>& argv,
                                            const datamove::ToolEnvironment& environment,
                                            const std::filesystem::path& log_file,
                                            const std::filesystem::path& url_file, std::chrono::seconds timeout) {
  log_file_ = log_file;
  auto env_strings = datamove::tool_environment(environment);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  // The drill's own signal mask must not be inherited: `vellum serve` waits for SIGTERM itself.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, args[0], &actions, &attributes, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawned != 0) return sdk::Error(sdk::ErrorKind::unavailable, "cannot start " + argv[0]);
  pid_ = pid;

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto code = reaped(pid_)) {
      pid_ = -1;
      return sdk::Error(sdk::ErrorKind::unavailable, "the drill server exited with code " + std::to_string(*code) +
                                                         ":\n" + log_tail(log_file_));
    }
    std::ifstream in(url_file);
    std::string url;
    if (in && std::getline(in, url) && !url.empty()) return url;
    std::this_thread::sleep_for(kPoll);
  }
  (void)stop();
  return sdk::Error(sdk::ErrorKind::unavailable, "the drill server did not listen within " +
                                                     std::to_string(timeout.count()) + " s:\n" + log_tail(log_file_));
}

sdk::Status DrillServer::stop() {
  if (pid_ <= 0) return {};
  const pid_t pid = pid_;
  pid_ = -1;
  kill(pid, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + kStopGrace;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto code = reaped(pid)) {
      if (*code == 0) return {};
      return sdk::Error(sdk::ErrorKind::internal, "the drill server exited with code " + std::to_string(*code));
    }
    std::this_thread::sleep_for(kPoll);
  }
  kill(pid, SIGKILL);
  while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  return sdk::Error(sdk::ErrorKind::internal, "the drill server did not stop within 30 s and was killed");
}

}  // namespace vellum::cli
