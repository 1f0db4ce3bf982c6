#include "datamove/progress.hpp"

#include <ostream>

#include <unistd.h>

namespace vellum::datamove {

void Progress::show(const std::string& what, std::int64_t done, std::int64_t total) {
  if (!terminal_) return;
  out_ << "\r\033[K" << what << " " << done;
  if (total > 0) out_ << "/" << total;
  out_ << std::flush;
  shown_ = true;
}

void Progress::finish() {
  if (shown_) out_ << "\n";
  shown_ = false;
}

bool is_terminal(int fd) { return isatty(fd) == 1; }

}  // namespace vellum::datamove
