// The shared SQL layer on a real PostgreSQL, below the plugin boundary, where a test can look at the
// connection itself: a one-connection SqlBackend with the PostgreSQL dialect and migrations.
#include <catch2/catch.hpp>

#include <soci/soci.h>

#include <memory>

#include "postgres_dialect.hpp"
#include "postgres_session.hpp"
#include "storage/postgres_target.hpp"
#include "storage/storage_test_helpers.hpp"
#include "support/test_host_context.hpp"
#include "vellum/storage_sql/sql_backend.hpp"

namespace vellum::storage_postgres {
storage_sql::MigrationList postgres_migrations();  // generated from migrations/postgres/*.sql
}  // namespace vellum::storage_postgres

using namespace vellum;
using namespace vellum::test;

TEST_CASE("postgres: a statement that failed in a transaction does not stay prepared on the server",
          "[storage][postgres]") {
  PostgresTarget target;
  storage_postgres::PostgresSettings settings;
  settings.conninfo = target.url();
  settings.schema = target.schema();
  TestHostContext host;
  storage_sql::SqlBackendOptions options;
  options.pool_size = 1;  // every transaction below, and the count, on one connection
  auto opened = storage_sql::SqlBackend::open(
      std::make_unique<storage_postgres::PostgresDialect>(settings.schema),
      [settings] { return storage_postgres::open_postgres_session(settings); },
      storage_postgres::postgres_migrations(), options, host);
  REQUIRE(opened);
  storage_sql::SqlBackend& backend = *opened.value();
  REQUIRE(backend.migrations().up(std::nullopt));

  // with_write_session makes the pool forget its kept statements, finalised on the connection's next
  // lease; so a count taken right after another one sees only statements no one in the process holds.
  auto prepared_on_server = [&] {
    long long count = -1;
    ok(backend.with_write_session([&](soci::session& sql) -> sdk::Status {
      sql << "SELECT count(*) FROM pg_prepared_statements", soci::into(count);
      return sdk::ok_status();
    }));
    return count;
  };
  add_article(backend, draft("taken"));
  CHECK(prepared_on_server() > 0);  // the insert's statements, kept for the next insert
  CHECK(prepared_on_server() == 0);

  for (int i = 0; i < 5; ++i) {
    // The INSERT's unique violation aborts the transaction; the statement fails with it, and it is the
    // only statement these transactions prepare.
    auto again = write(backend, [](sdk::Repositories& r) { return r.articles().insert(draft("taken")); });
    CHECK(error_kind(again) == sdk::ErrorKind::conflict);
  }
  CHECK(prepared_on_server() == 0);
}
