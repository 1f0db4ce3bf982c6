// Whether anyone but this server's user could have changed a plugin before it is loaded. dlopen runs
// a library's initialisers before the host can read its manifest, so a plugin file another user can
// write — or one in a directory another user can write, where the file can be replaced — is code that
// user runs as this server. As sshd's StrictModes does for authorized_keys, a plugin is refused unless
// its file and every directory above it are owned by root or this server's user and writable by no
// one else. The one allowance: a directory above the plugin directory (not the plugin directory
// itself) may be world-writable with the sticky bit, as /tmp is, since there no one else can rename
// or remove what this user owns.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>

namespace vellum::plugins {

// nullopt when `file` may be loaded by a process running as `trusted_uid` (root is always trusted);
// otherwise why not, naming the file or directory at fault. A symlink is judged by its target, and
// the directory holding the link is checked as well as the target's.
[[nodiscard]] std::optional<std::string> check_plugin_trust(const std::filesystem::path& file, uid_t trusted_uid);

}  // namespace vellum::plugins
