#include "datamove/pg_tool.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "connection_target.hpp"

namespace vellum::datamove {

namespace {

// mkstemp creates the file 0600, as libpq requires of a passfile (it ignores a group- or
// world-readable one).
sdk::Result<std::string> write_passfile(std::string_view password) {
  std::error_code ec;
  auto dir = std::filesystem::temp_directory_path(ec);
  if (ec) dir = "/tmp";
  std::string path = (dir / "vellum-pgpass-XXXXXX").string();
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return sdk::Error(sdk::ErrorKind::internal, "cannot create a passfile in " + dir.string() + ": " +
                                                                std::strerror(errno));
  const std::string line = passfile_line(password);
  std::size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(fd, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(path.c_str());
      return sdk::Error(sdk::ErrorKind::internal, "cannot write the passfile " + path + ": " + why);
    }
    written += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return path;
}

}  // namespace

std::string passfile_line(std::string_view password) {
  std::string line = "*:*:*:*:";
  for (char c : password) {
    if (c == ':' || c == '\\') line += '\\';
    line += c;
  }
  return line + "\n";
}

sdk::Result<PgToolConnection> PgToolConnection::prepare(std::string_view url) {
  auto target = storage_postgres::ConnectionTarget::parse(url);
  if (!target) return std::move(target).error().with_context("storage.postgres.url");
  PgToolConnection out;
  auto password = target->take("password");
  if (password) {
    target->take("passfile");  // our passfile is the one that holds the password
    if (password->find_first_of("\r\n") != std::string::npos) {
      // A passfile line cannot hold a line break; the child's own environment still keeps it off
      // the command line.
      out.environment_.push_back("PGPASSWORD=" + *password);
    } else {
      auto file = write_passfile(*password);
      if (!file) return std::move(file).error();
      out.passfile_ = file.value();
      out.environment_.push_back("PGPASSFILE=" + out.passfile_);
      out.unset_.push_back("PGPASSWORD");
    }
  }
  out.conninfo_ = target->conninfo();
  return out;
}

PgToolConnection::PgToolConnection(PgToolConnection&& other) noexcept
    : conninfo_(std::move(other.conninfo_)),
      environment_(std::move(other.environment_)),
      unset_(std::move(other.unset_)),
      passfile_(std::move(other.passfile_)) {
  other.passfile_.clear();
}

PgToolConnection::~PgToolConnection() {
  if (!passfile_.empty()) ::unlink(passfile_.c_str());
}

}  // namespace vellum::datamove
