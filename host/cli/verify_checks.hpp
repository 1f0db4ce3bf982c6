// `vellum verify`: the operations guide's rollback success criteria as named checks against a running
// server, each with its evidence — the server answers; its health; create → read → update → versions →
// delete of a probe article (always removed again); keyword, semantic and hybrid search find it, from
// which embedding set; MCP initialize + tools/list; the queue runs as configured with nothing stuck;
// no recent queue errors; the database takes writes; every request within a time budget.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace vellum::cli::verify {

enum class Verdict { pass, fail, skip };
[[nodiscard]] std::string_view to_string(Verdict verdict) noexcept;

struct Check {
  std::string name;
  Verdict verdict = Verdict::pass;
  std::string evidence;  // what was seen: the proof of a pass, the reason of a failure
};

struct Options {
  bool quick = false;                       // read-only: no probe article, searches for a common word
  std::chrono::milliseconds budget{2000};   // the slowest single request allowed
  std::chrono::seconds wait{60};            // for the probe to be embedded and found semantically
  std::chrono::seconds request_timeout{30};
};

struct Report {
  std::string url;
  std::vector<Check> checks;
  [[nodiscard]] std::vector<std::string> failed() const;
};

// `notice` hears why the run pauses (a rate limit's Retry-After).
[[nodiscard]] Report run(const std::string& url, const std::string& admin_token, const Options& options,
                         const std::function<void(const std::string&)>& notice);

}  // namespace vellum::cli::verify
