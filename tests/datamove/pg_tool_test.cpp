// pg_dump and pg_restore never see the password on their command line: PgToolConnection takes it
// out of the connection string and hands it over in a private passfile named by PGPASSFILE.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "datamove/external_tool.hpp"
#include "datamove/pg_tool.hpp"

using vellum::datamove::passfile_line;
using vellum::datamove::PgToolConnection;
using vellum::datamove::ToolEnvironment;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("pg tools: a URL's password goes to a 0600 passfile, not into the connection string") {
  std::string passfile;
  {
    auto connection = PgToolConnection::prepare("postgresql://alice:s3cr%3At@db.example:5433/kb?sslmode=require");
    REQUIRE(connection.ok());
    CHECK(connection->conninfo().find("s3cr") == std::string::npos);
    CHECK(connection->conninfo().find("password") == std::string::npos);
    CHECK(connection->conninfo() == "user='alice' host='db.example' port='5433' dbname='kb' sslmode='require'");
    passfile = connection->passfile();
    REQUIRE_FALSE(passfile.empty());
    CHECK(connection->environment() == std::vector<std::string>{"PGPASSFILE=" + passfile});
    CHECK(connection->unset() == std::vector<std::string>{"PGPASSWORD"});
    struct stat info {};
    REQUIRE(::stat(passfile.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(read_file(passfile) == "*:*:*:*:s3cr\\:t\n");
  }
  CHECK_FALSE(std::filesystem::exists(passfile));  // removed with the connection
}

TEST_CASE("pg tools: a key=value string loses its password and any passfile of its own") {
  auto connection = PgToolConnection::prepare("host=127.0.0.1 port=5432 dbname=kb user=bob password='a b\\'c' "
                                              "passfile=/home/bob/.pgpass");
  REQUIRE(connection.ok());
  CHECK(connection->conninfo() == "host='127.0.0.1' port='5432' dbname='kb' user='bob'");
  CHECK(read_file(connection->passfile()) == "*:*:*:*:a b'c\n");
}

TEST_CASE("pg tools: without a password nothing is written and libpq's own sources stay in charge") {
  auto connection = PgToolConnection::prepare("postgresql://carol@db/kb");
  REQUIRE(connection.ok());
  CHECK(connection->conninfo() == "user='carol' host='db' dbname='kb'");
  CHECK(connection->passfile().empty());
  CHECK(connection->environment().empty());
  CHECK(connection->unset().empty());  // an operator's PGPASSWORD or ~/.pgpass still works
}

TEST_CASE("pg tools: a malformed URL is refused with the setting's name, never echoing it") {
  auto connection = PgToolConnection::prepare("postgresql://dave:pw%zz@db/kb");
  REQUIRE_FALSE(connection.ok());
  CHECK(connection.error().message.find("storage.postgres.url") != std::string::npos);
  CHECK(connection.error().message.find("pw") == std::string::npos);
}

TEST_CASE("pg tools: passfile lines escape the characters libpq reads as syntax") {
  CHECK(passfile_line("plain") == "*:*:*:*:plain\n");
  CHECK(passfile_line("a:b\\c") == "*:*:*:*:a\\:b\\\\c\n");
}

TEST_CASE("pg tools: the tool's environment replaces and drops inherited variables") {
  ::setenv("PGPASSWORD", "inherited", 1);
  ::setenv("PGPASSFILE", "/somewhere/else", 1);
  const auto env = vellum::datamove::tool_environment(ToolEnvironment{{"PGPASSFILE=/tmp/ours"}, {"PGPASSWORD"}});
  ::unsetenv("PGPASSWORD");
  ::unsetenv("PGPASSFILE");
  int passfiles = 0;
  for (const auto& entry : env) {
    CHECK(entry.rfind("PGPASSWORD=", 0) != 0);
    if (entry.rfind("PGPASSFILE=", 0) == 0) {
      ++passfiles;
      CHECK(entry == "PGPASSFILE=/tmp/ours");
    }
  }
  CHECK(passfiles == 1);
}
