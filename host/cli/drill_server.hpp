// The throwaway `vellum serve` of `vellum rollback-drill`: this very binary, started on the drill's
// copy of the data (environment overrides point it there), its output kept in a log file, stopped with
// SIGTERM (SIGKILL after a grace period) — and always stopped when the object goes away.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

#include "datamove/external_tool.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::cli {

class DrillServer {
 public:
  DrillServer() = default;
  DrillServer(const DrillServer&) = delete;
  DrillServer& operator=(const DrillServer&) = delete;
  ~DrillServer() { (void)stop(); }

  // Starts `argv` and waits until `url_file` names the address it listens on (at most `timeout`).
  sdk::Result<std::string> start(const std::vector<std::string>& argv, const datamove::ToolEnvironment& environment,
                                 const std::filesystem::path& log_file, const std::filesystem::path& url_file,
                                 std::chrono::seconds timeout);
  // SIGTERM, then SIGKILL after 30 s; an error when it had to be killed or exited non-zero.
  sdk::Status stop();
  [[nodiscard]] bool running() const noexcept { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
  std::filesystem::path log_file_;
};

// The tail of a log file, for an error message.
[[nodiscard]] std::string log_tail(const std::filesystem::path& file, std::size_t bytes = 600);

}  // namespace vellum::cli
