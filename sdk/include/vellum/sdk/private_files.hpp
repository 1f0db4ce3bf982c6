// Files only the server's user may read or write. A data directory, its database, backups and queue
// exports hold every article and every token hash; under the usual umask of 022 they would be
// readable by every local user. What Vellum creates is therefore 0700 (directories) and 0600 (files)
// whatever the umask. Header-only, so the host and the plugins that write files (the SQLite backend)
// follow one rule.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>

#include "vellum/sdk/result.hpp"

namespace vellum::sdk {

inline constexpr mode_t kPrivateDirectoryMode = 0700;
inline constexpr mode_t kPrivateFileMode = 0600;

namespace detail {

inline Error file_error(std::string_view what, const std::filesystem::path& path, int error_number) {
  return Error(ErrorKind::unavailable,
               std::string(what) + " " + path.string() + ": " + std::strerror(error_number));
}

}  // namespace detail

// Creates `directory` and its missing parents, each 0700. Directories that exist keep their mode: an
// operator who opened one up on purpose keeps that choice.
inline Status make_private_directories(const std::filesystem::path& directory) {
  if (directory.empty()) return Error(ErrorKind::invalid_argument, "cannot create a directory with an empty name");
  std::filesystem::path built;
  for (const auto& part : directory) {
    built /= part;
    if (::mkdir(built.c_str(), kPrivateDirectoryMode) == 0) {
      // mkdir applies the umask; chmod does not, so a umask of 077 or 277 leaves the same mode.
      if (::chmod(built.c_str(), kPrivateDirectoryMode) != 0) {
        return detail::file_error("cannot set the mode of the directory", built, errno);
      }
      continue;
    }
    const int failure = errno;
    // EEXIST, or EACCES/EROFS for a directory that exists where this user may not create one.
    std::error_code ignored;
    if (std::filesystem::is_directory(built, ignored)) continue;
    return detail::file_error("cannot create the directory", built, failure);
  }
  return {};
}

// Creates `file` empty and 0600 unless it exists; an existing file is left as it is. For files another
// library fills: SQLite keeps the mode of a database file it finds, and gives its -wal, -shm and
// -journal files the mode of the database file.
inline Status create_private_file(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kPrivateFileMode);
  if (fd < 0) {
    if (errno == EEXIST) return {};
    return detail::file_error("cannot create", file, errno);
  }
  const bool narrowed = ::fchmod(fd, kPrivateFileMode) == 0;  // the umask may have taken owner bits
  const int failure = errno;
  ::close(fd);
  if (!narrowed) return detail::file_error("cannot set the mode of", file, failure);
  return {};
}

// Writes `content` to `file`, replacing what it held, and leaves a regular file 0600 — also one that
// existed with a wider mode, since what it holds now is private. (A device such as /dev/stdout keeps
// its mode.)
inline Status write_private_file(const std::filesystem::path& file, std::string_view content) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, kPrivateFileMode);
  if (fd < 0) return detail::file_error("cannot write", file, errno);
  auto fail = [&](std::string_view what) -> Status {
    const int failure = errno;
    ::close(fd);
    return detail::file_error(what, file, failure);
  };
  struct stat info {};
  if (::fstat(fd, &info) != 0) return fail("cannot read the mode of");
  if (S_ISREG(info.st_mode) && (info.st_mode & 07777) != kPrivateFileMode && ::fchmod(fd, kPrivateFileMode) != 0) {
    return fail("cannot set the mode of");
  }
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return fail("cannot write");
    content.remove_prefix(static_cast<std::size_t>(written));
  }
  if (::close(fd) != 0) return detail::file_error("cannot write", file, errno);
  return {};
}

}  // namespace vellum::sdk
