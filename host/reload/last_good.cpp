#include "reload/last_good.hpp"

#include <fstream>
#include <sstream>

#include "vellum/sdk/private_files.hpp"

namespace vellum::reload {

namespace fs = std::filesystem;

fs::path last_good_path(const fs::path& data_dir) { return data_dir / kLastGoodFileName; }

sdk::Status save_last_good(const fs::path& data_dir, std::string_view text) {
  const auto target = last_good_path(data_dir);
  auto partial = target;
  partial += ".partial";
  if (auto written = sdk::write_private_file(partial, text); !written) return written;
  std::error_code error;
  fs::rename(partial, target, error);
  if (error) {
    return sdk::Error(sdk::ErrorKind::unavailable, "cannot replace " + target.string() + ": " + error.message());
  }
  return {};
}

std::optional<std::string> read_last_good(const fs::path& data_dir) {
  std::ifstream in(last_good_path(data_dir), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

}  // namespace vellum::reload
