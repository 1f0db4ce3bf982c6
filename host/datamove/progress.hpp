// Progress of a long data move, shown on a terminal only: one line rewritten in place, so logs and
// pipes stay clean.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

namespace vellum::datamove {

class Progress {
 public:
  Progress(std::ostream& out, bool terminal) : out_(out), terminal_(terminal) {}
  // "copying articles 120/1000" (total 0 = unknown).
  void show(const std::string& what, std::int64_t done, std::int64_t total);
  void finish();  // ends the line, if one was shown

 private:
  std::ostream& out_;
  bool terminal_;
  bool shown_ = false;
};

// True when `fd` is a terminal.
[[nodiscard]] bool is_terminal(int fd);

}  // namespace vellum::datamove
