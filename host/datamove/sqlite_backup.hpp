// SQLite's online backup API: a consistent copy of a live database file, page by page, while other
// connections keep reading and writing (each step takes the read lock briefly).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>

#include "vellum/sdk/result.hpp"

namespace vellum::datamove {

using PageProgress = std::function<void(std::int64_t copied, std::int64_t total)>;

// Copies the database `from` into `to` (replacing what `to` held). The copy is written next to `to`
// and renamed over it only when complete, so a failed backup never leaves half a file behind.
[[nodiscard]] sdk::Status sqlite_backup(const std::filesystem::path& from, const std::filesystem::path& to,
                                        const PageProgress& progress);

// Copies `from` into the database `to` in place (restore: `to` may be open elsewhere only if idle).
[[nodiscard]] sdk::Status sqlite_restore(const std::filesystem::path& from, const std::filesystem::path& to,
                                         const PageProgress& progress);

// True when `file` starts with the SQLite 3 header.
[[nodiscard]] bool is_sqlite_file(const std::filesystem::path& file);

}  // namespace vellum::datamove
