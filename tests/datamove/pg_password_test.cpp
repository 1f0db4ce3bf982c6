// vellum backup / restore on PostgreSQL as a role with a password: pg_dump and pg_restore (wrapped
// here, to record what they were given) get the connection string without the password, and the
// password through PGPASSFILE, a 0600 file that is gone once the command ends. Where the test can
// edit the server's pg_hba.conf (the throwaway cluster), the role must really authenticate.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "installation.hpp"
#include "storage/pg_connection.hpp"
#include "storage/postgres_target.hpp"

using namespace vellum::test;

namespace {

std::string random_hex(std::size_t n) {
  std::random_device device;
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += "0123456789abcdef"[device() % 16];
  return out;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string find_tool(const std::string& name) {
  for (const char* dir : {"/usr/local/bin", "/usr/bin", "/bin"}) {
    const auto candidate = std::filesystem::path(dir) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

// A LOGIN role with a generated password that owns the test's schema and may recreate it (what
// pg_restore --clean does); dropped with everything it owns.
class PasswordRole {
 public:
  PasswordRole() : name_("vellum_pw_" + std::to_string(::getpid()) + "_" + random_hex(6)),
                   password_("Pw:" + random_hex(16) + "@ x") {
    PgConnection admin(test_pg_url());
    admin.exec("CREATE ROLE " + quote_ident(name_) + " LOGIN PASSWORD '" + password_ + "'");
    admin.exec("GRANT CREATE ON DATABASE " + quote_ident(admin.one("SELECT current_database()")) + " TO " +
               quote_ident(name_));
  }
  ~PasswordRole() {
    try {
      PgConnection admin(test_pg_url());
      admin.exec("DROP OWNED BY " + quote_ident(name_) + " CASCADE");
      admin.exec("DROP ROLE " + quote_ident(name_));
    } catch (const std::exception& e) {
      WARN("could not drop role " << name_ << ": " << e.what());
    }
  }
  PasswordRole(const PasswordRole&) = delete;
  PasswordRole& operator=(const PasswordRole&) = delete;

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::string& password() const { return password_; }
  // VELLUM_TEST_PG_URL's server and database as this role, without or with its password.
  [[nodiscard]] std::string url(bool with_password) const {
    PgConnection admin(test_pg_url());
    const auto where = admin.one("SELECT COALESCE(host(inet_server_addr()), current_setting('unix_socket_directories')) "
                                 "|| '|' || current_setting('port') || '|' || current_database()");
    const auto host = where.substr(0, where.find('|'));
    const auto rest = where.substr(where.find('|') + 1);
    std::string url = "host=" + host + " port=" + rest.substr(0, rest.find('|')) +
                      " dbname=" + rest.substr(rest.find('|') + 1) + " user=" + name_;
    return with_password ? url + " password='" + password_ + "'" : url;
  }

 private:
  std::string name_, password_;
};

// Makes the server ask this role for its password over TCP (the throwaway cluster trusts everyone),
// by putting a scram-sha-256 line for it first in pg_hba.conf; the file is restored afterwards.
// Inactive when the file is not writable here (a server on another machine).
class PasswordRequired {
 public:
  explicit PasswordRequired(const std::string& role) {
    PgConnection admin(test_pg_url());
    file_ = admin.one("SHOW hba_file");
    if (::access(file_.c_str(), W_OK) != 0) return;
    original_ = read_file(file_);
    std::ofstream(file_) << "host all " << role << " 127.0.0.1/32 scram-sha-256\n"
                         << "host all " << role << " ::1/128 scram-sha-256\n"
                         << original_;
    admin.exec("SELECT pg_reload_conf()");
    active_ = true;
  }
  ~PasswordRequired() {
    if (!active_) return;
    std::ofstream(file_) << original_;
    try {
      PgConnection(test_pg_url()).exec("SELECT pg_reload_conf()");
    } catch (...) {
    }
  }
  PasswordRequired(const PasswordRequired&) = delete;
  PasswordRequired& operator=(const PasswordRequired&) = delete;
  [[nodiscard]] bool active() const { return active_; }

 private:
  std::string file_, original_;
  bool active_ = false;
};

}  // namespace

TEST_CASE("backup and restore as a role with a password keep it off pg_dump's and pg_restore's command line",
          "[postgres]") {
  const auto pg_dump = find_tool("pg_dump"), pg_restore = find_tool("pg_restore");
  if (pg_dump.empty() || pg_restore.empty()) {
    WARN("pg_dump/pg_restore are not installed; nothing to check");
    return;
  }
  PasswordRole role;
  PasswordRequired required(role.name());
  if (required.active()) {
    // Without the password the server now says no, so a working backup proves the passfile was read.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the postmaster rereads pg_hba.conf
    CHECK_THROWS_WITH(PgConnection(role.url(false) + " passfile=/nonexistent"), Catch::Contains("password"));
  } else {
    WARN("pg_hba.conf is not writable here: the role is trusted, only the command lines are checked");
  }

  // Wrappers record their arguments and what they know of the password, then run the real tool.
  TempDir bin("vellum-pgwrap");
  const auto log = bin / "calls.log";
  for (const auto& [name, real] : {std::pair{"pg_dump", pg_dump}, std::pair{"pg_restore", pg_restore}}) {
    const auto script = bin.write(name, "#!/bin/sh\n"
                                        "{ printf 'argv: %s' \"$0\"; printf ' %s' \"$@\"; printf '\\n'\n"
                                        "  echo \"PGPASSWORD=${PGPASSWORD:-}\"\n"
                                        "  echo \"PGPASSFILE=${PGPASSFILE:-}\"\n"
                                        "  [ -n \"${PGPASSFILE:-}\" ] && stat -c 'mode=%a' \"$PGPASSFILE\"\n"
                                        "} >> '" + log.string() + "'\n"
                                        "exec '" + real + "' \"$@\"\n");
    std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  }
  const std::map<std::string, std::string> env{{"PATH", bin.path().string() + ":/usr/local/bin:/usr/bin:/bin"},
                                               {"PGPASSWORD", "not-the-password"}};

  Installation source("postgres", role.url(true));
  PgConnection(test_pg_url()).exec("ALTER SCHEMA " + quote_ident(source.pg_schema()) + " OWNER TO " +
                                   quote_ident(role.name()));
  seed(source.storage());
  const auto before = snapshot(source.storage());
  source.close();

  TempDir files("vellum-backups");
  const auto file = (files / "vellum.backup").string();
  auto backed_up = source.vellum({"backup", file}, env);
  INFO(backed_up.err);
  REQUIRE(backed_up.exit_code == 0);
  auto restored = source.vellum({"restore", file, "--confirm"}, env);
  INFO(restored.err);
  REQUIRE(restored.exit_code == 0);
  CHECK(snapshot(source.storage()) == before);
  source.close();

  const auto calls = read_file(log);
  INFO(calls);
  CHECK(calls.find("argv: " + (bin / "pg_dump").string()) != std::string::npos);
  CHECK(calls.find("argv: " + (bin / "pg_restore").string()) != std::string::npos);
  CHECK(calls.find(role.password()) == std::string::npos);
  CHECK(calls.find("password") == std::string::npos);
  CHECK(calls.find("not-the-password") == std::string::npos);  // an inherited PGPASSWORD would win over the file
  std::istringstream lines(calls);
  int passfiles = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("PGPASSFILE=", 0) != 0) continue;
    ++passfiles;
    const auto path = line.substr(std::string("PGPASSFILE=").size());
    CHECK_FALSE(path.empty());
    CHECK_FALSE(std::filesystem::exists(path));  // removed once the tool finished
  }
  CHECK(passfiles == 2);
  CHECK(calls.find("mode=600") != std::string::npos);
}
