#include "http/auth_admin_token.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include <spdlog/spdlog.h>

#include "articles/validation.hpp"
#include "common/crypto.hpp"

namespace vellum::http {

namespace fs = std::filesystem;

namespace {

sdk::Result<std::string> first_line(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return sdk::Error(sdk::ErrorKind::unavailable, "cannot read the admin token file " + file.string());
  std::string line;
  std::getline(in, line);
  auto token = std::string(articles::trim(line));
  if (token.empty()) return sdk::Error(sdk::ErrorKind::invalid_argument, "the admin token file " + file.string() + " is empty");
  return token;
}

void warn_if_readable_by_others(const fs::path& file) {
  struct stat info {};
  if (::stat(file.c_str(), &info) == 0 && (info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    spdlog::warn("the admin token file {} is readable by other users; run: chmod 600 {}", file.string(), file.string());
  }
}

// Writes a new token to `file` only if the file does not exist yet (O_EXCL): two servers starting at
// once on one data directory end up with the same token.
sdk::Result<bool> write_new(const fs::path& file, const std::string& token) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    return sdk::Error(sdk::ErrorKind::unavailable,
                      "cannot create the admin token file " + file.string() + ": " + std::strerror(errno));
  }
  const std::string line = token + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!written || !synced) {
    std::error_code ignored;
    fs::remove(file, ignored);
    return sdk::Error(sdk::ErrorKind::unavailable, "cannot write the admin token file " + file.string());
  }
  return true;
}

}  // namespace

sdk::Result<AdminToken> resolve_admin_token(const config::AuthSettings& auth, const fs::path& data_dir) {
  AdminToken admin;
  if (auth.token) {
    admin.token = std::string(articles::trim(*auth.token));
    if (admin.token.empty()) return sdk::Error(sdk::ErrorKind::invalid_argument, "auth.token is empty");
    admin.source = "auth.token";
  } else if (auth.token_file) {
    auto token = first_line(*auth.token_file);
    if (!token) return std::move(token).error();
    admin.token = std::move(token).value();
    admin.file = *auth.token_file;
    admin.source = "auth.token_file " + auth.token_file->string();
    warn_if_readable_by_others(admin.file);
  } else {
    admin.file = data_dir / kAdminTokenFileName;
    auto created = write_new(admin.file, random_hex(32));
    if (!created) return std::move(created).error();
    admin.generated = created.value();
    auto token = first_line(admin.file);
    if (!token) return std::move(token).error();
    admin.token = std::move(token).value();
    admin.source = (admin.generated ? "generated " : "") + admin.file.string();
    if (!admin.generated) warn_if_readable_by_others(admin.file);
  }
  // A short token can be guessed, and it opens everything: refuse to serve with one.
  if (admin.token.size() < config::kMinAdminTokenLength) {
    const std::string which = auth.token ? "auth.token (AUTH_TOKEN)" : "the admin token in " + admin.source;
    return sdk::Error(sdk::ErrorKind::invalid_argument,
                      which + " is " + std::to_string(admin.token.size()) + " characters; it must be at least " +
                          std::to_string(config::kMinAdminTokenLength) +
                          " (choose a long random one, e.g. openssl rand -hex 32)");
  }
  return admin;
}

sdk::Result<AdminToken> find_admin_token(const config::AuthSettings& auth, const std::filesystem::path& data_dir) {
  const auto generated = data_dir / kAdminTokenFileName;
  std::error_code ignored;
  if (!auth.token && !auth.token_file && !fs::exists(generated, ignored)) {
    return sdk::Error(sdk::ErrorKind::not_found, "no admin token: set AUTH_TOKEN (or auth.token, auth.token_file), or "
                                                 "let `vellum serve` generate " + generated.string() + " first");
  }
  return resolve_admin_token(auth, data_dir);
}

}  // namespace vellum::http
