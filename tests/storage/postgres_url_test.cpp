// The PostgreSQL connection target: both spellings libpq documents (a URI, as DATABASE_URL usually
// is, and keyword=value) become one keyword string any value survives; the password never shows.
#include <catch2/catch.hpp>

#include "connection_target.hpp"

using vellum::storage_postgres::ConnectionTarget;

namespace {
ConnectionTarget parse(const std::string& text) {
  auto target = ConnectionTarget::parse(text);
  if (!target) FAIL("parse failed: " << target.error().message);
  return target.value();
}
}  // namespace

TEST_CASE("postgres url: a URI becomes keywords, percent-decoded", "[storage][postgres][url]") {
  const auto t = parse("postgresql://us%40er:p%40ss%3Aw@db.example.com:6543/my%20db?sslmode=require&application_name=x");
  CHECK(t.get("user") == std::optional<std::string>("us@er"));
  CHECK(t.get("password") == std::optional<std::string>("p@ss:w"));
  CHECK(t.get("host") == std::optional<std::string>("db.example.com"));
  CHECK(t.get("port") == std::optional<std::string>("6543"));
  CHECK(t.get("dbname") == std::optional<std::string>("my db"));
  CHECK(t.get("sslmode") == std::optional<std::string>("require"));
  CHECK(t.conninfo() ==
        "user='us@er' password='p@ss:w' host='db.example.com' port='6543' dbname='my db' sslmode='require' "
        "application_name='x'");
  CHECK(t.masked() == "user=us@er password=*** host=db.example.com port=6543 dbname=my db sslmode=require application_name=x");
}

TEST_CASE("postgres url: hosts in every form libpq accepts", "[storage][postgres][url]") {
  CHECK(parse("postgres://localhost/db").get("host") == std::optional<std::string>("localhost"));
  CHECK_FALSE(parse("postgres://localhost/db").get("port"));
  const auto v6 = parse("postgresql://[::1]:5433/db");
  CHECK(v6.get("host") == std::optional<std::string>("::1"));
  CHECK(v6.get("port") == std::optional<std::string>("5433"));
  const auto many = parse("postgresql://h1:1,h2:2/db");
  CHECK(many.get("host") == std::optional<std::string>("h1,h2"));
  CHECK(many.get("port") == std::optional<std::string>("1,2"));
  CHECK(parse("postgresql://%2Fvar%2Frun%2Fpostgresql/db").get("host") == std::optional<std::string>("/var/run/postgresql"));
  const auto bare = parse("postgresql://");
  CHECK(bare.conninfo().empty());  // libpq's defaults (PGHOST, the local socket…)
  CHECK(parse("postgresql:///db?host=/tmp").get("host") == std::optional<std::string>("/tmp"));
  CHECK(parse("postgresql://user@host").get("user") == std::optional<std::string>("user"));
  CHECK_FALSE(parse("postgresql://user@host").get("password"));
}

TEST_CASE("postgres url: keyword=value strings keep quoted values; any byte survives", "[storage][postgres][url]") {
  const auto t = parse("host=localhost  port = 5432 dbname='my db' password='it\\'s a \\\\ secret' user=bob");
  CHECK(t.get("dbname") == std::optional<std::string>("my db"));
  CHECK(t.get("password") == std::optional<std::string>("it's a \\ secret"));
  CHECK(t.conninfo() == "host='localhost' port='5432' dbname='my db' password='it\\'s a \\\\ secret' user='bob'");
  CHECK(parse(t.conninfo()).conninfo() == t.conninfo());  // what we write, libpq (and we) read back
  CHECK(t.masked().find("secret") == std::string::npos);

  auto edited = t;
  edited.set("connect_timeout", "5");
  edited.set("port", "6000");
  CHECK(edited.get("port") == std::optional<std::string>("6000"));
  CHECK(edited.conninfo().ends_with("connect_timeout='5'"));
}

TEST_CASE("postgres url: malformed targets are refused with a reason", "[storage][postgres][url]") {
  for (const std::string bad : {"", "   ", "mysql://localhost/db", "host", "host=", "dbname='unterminated",
                                "postgresql://h/db?novalue", "postgresql://h/%zz", "postgresql://[::1/db",
                                "postgresql://h:port/db"}) {
    INFO("target: " << bad);
    auto target = ConnectionTarget::parse(bad);
    if (bad == "host=") {
      CHECK(target.ok());  // an empty value is allowed by libpq too
      continue;
    }
    REQUIRE_FALSE(target.ok());
    CHECK(target.error().kind == vellum::sdk::ErrorKind::invalid_argument);
    CHECK(target.error().message.rfind("database url: ", 0) == 0);
  }
}
