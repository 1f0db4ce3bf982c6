#include "datamove/external_tool.hpp"

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace vellum::datamove {

bool tool_available(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    const auto candidate = std::filesystem::path(dir) / program;
    if (access(candidate.c_str(), X_OK) == 0) return true;
  }
  return false;
}

std::vector<std::string> tool_environment(const ToolEnvironment& changes) {
  auto name_of = [](std::string_view entry) { return entry.substr(0, entry.find('=')); };
  auto dropped = [&](std::string_view entry) {
    const auto name = name_of(entry);
    for (const auto& n : changes.unset)
      if (n == name) return true;
    for (const auto& e : changes.set)
      if (name_of(e) == name) return true;
    return false;
  };
  std::vector<std::string> out;
  for (char** entry = environ; entry && *entry; ++entry)
    if (!dropped(*entry)) out.emplace_back(*entry);
  out.insert(out.end(), changes.set.begin(), changes.set.end());
  return out;
}

sdk::Status run_tool(const std::vector<std::string>& argv, const ToolEnvironment& environment,
                     const std::string& stdout_file) {
  auto env_strings = tool_environment(environment);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) return sdk::Error(sdk::ErrorKind::internal, "cannot create a pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  if (!stdout_file.empty()) {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  // posix_spawnp looks argv[0] up on this process's PATH, whatever `envp` says.
  const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (spawned != 0) {
    close(pipe_fds[0]);
    return sdk::Error(sdk::ErrorKind::unavailable, "cannot run " + argv[0]);
  }
  std::string err;
  char buffer[4096];
  for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    err.append(buffer, static_cast<std::size_t>(n));
  }
  close(pipe_fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  while (!err.empty() && err.back() == '\n') err.pop_back();
  return sdk::Error(sdk::ErrorKind::internal, argv[0] + " failed: " + (err.empty() ? "no output" : err));
}

}  // namespace vellum::datamove
