// Refused connections and failed accepts, summed up. The first is logged at once; those that follow
// within the interval are only counted, and the next one after it logs the counts. A flood of
// connections therefore costs one warning per interval, never one per connection. Internal.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "http/server_options.hpp"

namespace vellum::http::detail {

enum class Refusal { over_total, over_address, accept_failed };

class RefusalLog {
 public:
  explicit RefusalLog(const ServerOptions& options) : options_(options) {}

  // `detail`: the peer address, or the accept error.
  void note(Refusal refusal, std::string_view detail);
  // Logs what was counted since the last line, if anything (at server stop).
  void flush();

 private:
  struct Count {
    std::uint64_t n = 0;
    std::string last;  // the latest peer address or error
  };
  void write_locked(std::chrono::steady_clock::time_point now);

  const ServerOptions& options_;
  std::mutex mutex_;
  std::array<Count, 3> counts_;
  std::chrono::steady_clock::time_point last_line_{};
  bool logged_ = false;
};

}  // namespace vellum::http::detail
