#include "plugins/plugin_trust.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace vellum::plugins {

namespace fs = std::filesystem;

namespace {

std::string octal(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// `what` names the kind of path ("file", "directory", "symlink target") in the answer.
std::optional<std::string> check_path(const fs::path& path, const std::string& what, bool sticky_is_enough,
                                      uid_t trusted_uid) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return "cannot check " + what + " " + path.string() + ": " + std::strerror(errno);
  if (info.st_uid != 0 && info.st_uid != trusted_uid) {
    return what + " " + path.string() + " is owned by uid " + std::to_string(info.st_uid) +
           ", not by root or this server's user (uid " + std::to_string(trusted_uid) + ")";
  }
  const bool group = (info.st_mode & S_IWGRP) != 0;
  const bool world = (info.st_mode & S_IWOTH) != 0;
  if (!group && !world) return std::nullopt;
  if (sticky_is_enough && (info.st_mode & S_ISVTX) != 0) return std::nullopt;
  const char* who = group && world ? "group- and world-writable" : group ? "group-writable" : "world-writable";
  return what + " " + path.string() + " is " + who + " (mode " + octal(info.st_mode) + ")";
}

void add_with_parents(fs::path directory, std::vector<fs::path>& out) {
  for (;;) {
    if (std::find(out.begin(), out.end(), directory) == out.end()) out.push_back(directory);
    if (directory == directory.parent_path()) return;  // the root
    directory = directory.parent_path();
  }
}

}  // namespace

std::optional<std::string> check_plugin_trust(const fs::path& file, uid_t trusted_uid) {
  std::error_code error;
  const fs::path target = fs::canonical(file, error);
  if (error) return "cannot resolve " + file.string() + ": " + error.message();
  const fs::path listed_in = fs::canonical(fs::absolute(file).parent_path(), error);
  if (error) return "cannot resolve the directory of " + file.string() + ": " + error.message();

  const bool linked = fs::is_symlink(file, error);
  if (auto bad = check_path(target, linked ? "symlink target" : "file", false, trusted_uid)) return bad;

  // Nearest first, so the answer names the directory closest to the plugin.
  std::vector<fs::path> directories;
  add_with_parents(target.parent_path(), directories);
  add_with_parents(listed_in, directories);
  for (const auto& directory : directories) {
    const bool holds_plugin = directory == target.parent_path() || directory == listed_in;
    if (auto bad = check_path(directory, "directory", !holds_plugin, trusted_uid)) return bad;
  }
  return std::nullopt;
}

}  // namespace vellum::plugins
