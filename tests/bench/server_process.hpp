// A real `vellum serve` child for the REST and queue benches: its own data directory (and, on
// PostgreSQL, its own schema), a generated admin token, a free loopback port, rate limits off (a load
// test is not abuse) and the access log off (nobody drains the child's stderr during a run, and a full
// pipe would stall the server).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "bench/bench_env.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace vellum::bench {

class ServerProcess {
 public:
  // `extra_yaml` is appended to the generated vellum.yaml (e.g. an embedding section). Storage is
  // SQLite in the data directory when `pg_url` is empty, else PostgreSQL in a fresh schema on that
  // server, dropped after the child has stopped.
  explicit ServerProcess(const std::string& extra_yaml = "embedding:\n  provider: local\n",
                         const std::string& pg_url = {});

  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  [[nodiscard]] const std::string& token() const noexcept { return token_; }
  [[nodiscard]] int pid() const noexcept { return pid_; }
  // The child's resident set in MB (VmRSS), 0 when it cannot be read.
  [[nodiscard]] double rss_mb() const;
  // Waits (at most `limit`) until the embedding queue has nothing pending or processing; false when
  // it still had work at the deadline.
  [[nodiscard]] bool drain_queue(std::chrono::seconds limit) const;

 private:
  std::unique_ptr<PgSchema> schema_;  // before process_: dropped once the child has gone
  test::TempDir dir_{"vellum-bench"};
  std::string token_;
  std::uint16_t port_ = 0;
  std::unique_ptr<test::RunningProcess> process_;
  int pid_ = -1;
};

}  // namespace vellum::bench
