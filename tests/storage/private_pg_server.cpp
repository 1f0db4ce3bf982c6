#include "storage/private_pg_server.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>

namespace vellum::test {

namespace {

constexpr int kSkipExitCode = 77;  // CTest's SKIP_RETURN_CODE for the fault suites

bool server_binaries_installed() {
  std::error_code ec;
  for (const auto& version : std::filesystem::directory_iterator("/usr/lib/postgresql", ec))
    if (std::filesystem::exists(version.path() / "bin" / "pg_ctl")) return true;
  return false;
}

// Runs a shell command; its stdout, or an exception naming the command when it fails.
std::string shell(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::string out;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
  if (::pclose(pipe) != 0) throw std::runtime_error("failed: " + command + "\n" + out);
  return out;
}

// The value of `export NAME=value` (single quotes removed) in the script's output.
std::string exported(const std::string& output, const std::string& name) {
  const std::string prefix = "export " + name + "=";
  const auto at = output.find(prefix);
  if (at == std::string::npos) throw std::runtime_error("pg_throwaway.sh did not export " + name);
  std::string value = output.substr(at + prefix.size(), output.find('\n', at) - at - prefix.size());
  if (value.size() >= 2 && value.front() == '\'') value = value.substr(1, value.size() - 2);
  return value;
}

}  // namespace

void skip_without_server_binaries() {
  if (!server_binaries_installed()) {
    std::cout << "PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are not installed; "
                 "the fault tests are skipped" << std::endl;
    std::exit(kSkipExitCode);
  }
}

PrivateServer::PrivateServer() : script_(std::string(VELLUM_SOURCE_DIR) + "/scripts/pg_throwaway.sh") {
  const auto out = shell(script_ + " start");
  root_ = exported(out, "PGROOT");
  url_ = exported(out, "VELLUM_TEST_PG_URL");
  admin_url_ = exported(out, "VELLUM_TEST_PG_ADMIN_URL");
}

PrivateServer::~PrivateServer() { std::system((script_ + " stop " + root_ + " >/dev/null 2>&1").c_str()); }

void PrivateServer::halt() { shell(script_ + " halt " + root_); }

void PrivateServer::resume() { shell(script_ + " resume " + root_); }

}  // namespace vellum::test
