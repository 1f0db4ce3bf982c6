#include "cli/pid_file.hpp"

#include <csignal>
#include <fstream>
#include <string>

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "vellum/sdk/private_files.hpp"

namespace vellum::cli {

namespace {

long read_pid(const std::filesystem::path& file) {
  std::ifstream in(file);
  long pid = 0;
  return in >> pid ? pid : 0;
}

}  // namespace

void write_pid_file(const std::filesystem::path& file) {
  const long ours = static_cast<long>(getpid());
  if (const long other = read_pid(file); other > 0 && other != ours && kill(static_cast<pid_t>(other), 0) == 0) {
    spdlog::warn("{} named the running process {}; it now names this server ({})", file.string(), other, ours);
  }
  if (auto written = sdk::write_private_file(file, std::to_string(ours) + "\n"); !written) {
    spdlog::warn("cannot write the pid file: {}", written.error().message);
  }
}

void remove_pid_file(const std::filesystem::path& file) {
  if (read_pid(file) != static_cast<long>(getpid())) return;
  std::error_code ec;
  std::filesystem::remove(file, ec);
}

}  // namespace vellum::cli
