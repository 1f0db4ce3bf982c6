#include "migration_runner.hpp"

#include <algorithm>
#include <chrono>

#include <soci/soci.h>

#include "vellum/storage_sql/sql_backend.hpp"
#include "vellum/storage_sql/sql_guard.hpp"
#include "vellum/storage_sql/timestamp_text.hpp"

namespace vellum::storage_sql {

namespace {

std::string step_label(const MigrationSource& step) {
  char number[16];
  std::snprintf(number, sizeof number, "%04d", step.version);
  return std::string(number) + "_" + step.name;
}

// One step in one transaction: the script, then its bookkeeping row; any failure rolls back both.
sdk::Status run_step(soci::session& sql, const Dialect& dialect, const std::string& what,
                     const std::function<void()>& body) {
  return guarded(dialect, what, [&]() -> sdk::Status {
    dialect.before_migration_step(sql);
    try {
      sql << dialect.begin_write();
      try {
        body();
        dialect.verify_migration_step(sql);
        sql << "COMMIT";
      } catch (...) {
        try {
          sql << "ROLLBACK";
        } catch (...) {  // the original error is the one worth reporting
        }
        throw;
      }
    } catch (...) {
      dialect.after_migration_step(sql);
      throw;
    }
    dialect.after_migration_step(sql);
    return sdk::ok_status();
  });
}

// Runs `body` holding the dialect's cross-process migration lock, on a schema that exists: servers
// starting together on one empty database create the schema and its tables once, one at a time.
sdk::Status with_migration_lock(soci::session& sql, const Dialect& dialect, const std::function<sdk::Status()>& body) {
  auto locked = guarded(dialect, "migrations: taking the migration lock", [&]() -> sdk::Status {
    dialect.lock_migrations(sql);
    return sdk::ok_status();
  });
  if (!locked) return locked;
  sdk::Status result = guarded(dialect, "migrations: creating the schema", [&]() -> sdk::Status {
    dialect.ensure_schema(sql);
    return sdk::ok_status();
  });
  if (result) result = body();
  try {
    dialect.unlock_migrations(sql);
  } catch (...) {  // only a lost connection makes this fail, and that released the lock already
  }
  return result;
}

}  // namespace

sdk::Status SqlMigrationRunner::ensure_schema() {
  return with_locked_session([](soci::session&) { return sdk::ok_status(); });
}

sdk::Status SqlMigrationRunner::with_locked_session(const std::function<sdk::Status(soci::session&)>& body) {
  return backend_.with_write_session(
      [&](soci::session& sql) { return with_migration_lock(sql, backend_.dialect(), [&] { return body(sql); }); });
}

const MigrationSource* SqlMigrationRunner::find(int version) const {
  for (const auto& step : steps_)
    if (step.version == version) return &step;
  return nullptr;
}

sdk::Result<SqlMigrationRunner::AppliedMap> SqlMigrationRunner::applied(soci::session& sql) {
  const Dialect& d = backend_.dialect();
  return guarded(d, "migrations: reading schema_migrations", [&]() -> sdk::Result<AppliedMap> {
    sql << d.migrations_table_ddl();
    AppliedMap out;
    int version = 0;
    std::string name, applied_at;
    soci::statement st = (sql.prepare << "SELECT version, name, " << d.ts_out("applied_at")
                                      << " FROM schema_migrations ORDER BY version",
                          soci::into(version), soci::into(name), soci::into(applied_at));
    st.execute();
    while (st.fetch()) out[version] = Applied{name, timestamp_from_db(applied_at)};
    return out;
  });
}

sdk::Result<sdk::DatasetIdentity> SqlMigrationRunner::identify() {
  // No migration lock and no schema_migrations DDL (applied() creates that table): a database this
  // reads must stay exactly as it was, even when it turns out empty.
  sdk::DatasetIdentity identity;
  auto read = backend_.with_write_session([&](soci::session& sql) -> sdk::Status {
    const Dialect& d = backend_.dialect();
    identity = {};
    if (!d.table_exists(sql, "schema_migrations")) return sdk::ok_status();
    identity.has_schema = true;
    std::vector<int> versions(256);
    sql << "SELECT version FROM schema_migrations", soci::into(versions);
    for (const auto& step : steps_)
      if (std::find(versions.begin(), versions.end(), step.version) == versions.end()) ++identity.pending_migrations;
    if (!d.table_exists(sql, "settings")) return sdk::ok_status();
    const std::string key(sdk::kDatasetIdSetting);
    soci::indicator found = soci::i_null;
    sql << "SELECT value FROM settings WHERE key = :k", soci::use(key, "k"), soci::into(identity.id, found);
    if (found != soci::i_ok) identity.id.clear();
    return sdk::ok_status();
  });
  if (!read) return std::move(read).error().with_context("reading which dataset the database holds");
  return identity;
}

sdk::Result<std::vector<sdk::MigrationStep>> SqlMigrationRunner::status() {
  std::vector<sdk::MigrationStep> out;
  auto st = with_locked_session([&](soci::session& sql) -> sdk::Status {
    auto done = applied(sql);
    if (!done) return std::move(done).error();
    for (const auto& step : steps_) {
      sdk::MigrationStep s{step.version, step.name, false, std::nullopt};
      if (auto it = done->find(step.version); it != done->end()) {
        s.applied = true;
        s.applied_at = it->second.applied_at;
      }
      out.push_back(std::move(s));
    }
    // Steps a newer build applied and this one does not know: shown, so `migrate status` tells the truth.
    for (const auto& [version, row] : *done)
      if (!find(version)) out.push_back(sdk::MigrationStep{version, row.name, true, row.applied_at});
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
    return sdk::ok_status();
  });
  if (!st) return std::move(st).error();
  return out;
}

sdk::Result<std::vector<sdk::MigrationStep>> SqlMigrationRunner::up(std::optional<int> target) {
  std::vector<sdk::MigrationStep> done_now;
  auto st = with_locked_session([&](soci::session& sql) -> sdk::Status {
    const Dialect& d = backend_.dialect();
    auto done = applied(sql);
    if (!done) return std::move(done).error();
    std::vector<const MigrationSource*> pending;
    for (const auto& step : steps_)
      if (!done->count(step.version) && (!target || step.version <= *target)) pending.push_back(&step);
    std::sort(pending.begin(), pending.end(), [](auto* a, auto* b) { return a->version < b->version; });
    for (const MigrationSource* step : pending) {
      const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
      const std::string applied_at = format_iso8601(now);
      const std::string name = step->name;
      const int version = step->version;
      auto ok = run_step(sql, d, "migration " + step_label(*step) + " up", [&] {
        d.execute_script(sql, step->up_sql);
        sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, " << d.ts_in(":t") << ")",
            soci::use(version, "v"), soci::use(name, "n"), soci::use(applied_at, "t");
      });
      if (!ok) return ok;
      done_now.push_back(sdk::MigrationStep{version, name, true, now});
    }
    return sdk::ok_status();
  });
  if (!st) return std::move(st).error();
  return done_now;
}

sdk::Result<std::vector<sdk::MigrationStep>> SqlMigrationRunner::down(std::optional<int> target) {
  std::vector<sdk::MigrationStep> reverted;
  auto st = with_locked_session([&](soci::session& sql) -> sdk::Status {
    const Dialect& d = backend_.dialect();
    auto done = applied(sql);
    if (!done) return std::move(done).error();
    std::vector<int> versions;
    for (auto it = done->rbegin(); it != done->rend(); ++it) {
      if (target ? it->first <= *target : !versions.empty()) break;
      versions.push_back(it->first);
    }
    for (int version : versions) {
      const MigrationSource* step = find(version);
      if (!step) {
        return sdk::Error(sdk::ErrorKind::invalid_argument,
                          "migration " + std::to_string(version) + " (" + done->at(version).name +
                              ") was applied by a newer build; this build cannot revert it");
      }
      auto ok = run_step(sql, d, "migration " + step_label(*step) + " down", [&] {
        d.execute_script(sql, step->down_sql);
        sql << "DELETE FROM schema_migrations WHERE version = :v", soci::use(version, "v");
      });
      if (!ok) return ok;
      reverted.push_back(sdk::MigrationStep{version, step->name, false, std::nullopt});
    }
    return sdk::ok_status();
  });
  if (!st) return std::move(st).error();
  return reverted;
}

}  // namespace vellum::storage_sql
