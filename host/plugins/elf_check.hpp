// A sanity check of a file's ELF headers before dlopen. dlopen maps segments without checking that
// the file really contains them, so a truncated library kills the process with SIGBUS instead of
// returning an error; reading the headers first turns that into a clear refusal.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace vellum::plugins {

// nullopt when the file looks like a complete shared library for this machine; otherwise why not.
[[nodiscard]] std::optional<std::string> check_elf_shared_library(const std::filesystem::path& file);

}  // namespace vellum::plugins
