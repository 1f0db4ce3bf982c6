// Applies and reverts the backend's migration steps, recording them in schema_migrations. Each step
// runs in its own transaction with the write lock held, so a failed step leaves no trace.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "vellum/sdk/storage.hpp"
#include "vellum/storage_sql/dialect.hpp"
#include "vellum/storage_sql/migration_source.hpp"

namespace vellum::storage_sql {

class SqlBackend;

class SqlMigrationRunner final : public sdk::MigrationRunner {
 public:
  SqlMigrationRunner(SqlBackend& backend, MigrationList steps) : backend_(backend), steps_(steps) {}

  sdk::Result<std::vector<sdk::MigrationStep>> status() override;
  sdk::Result<std::vector<sdk::MigrationStep>> up(std::optional<int> target) override;
  sdk::Result<std::vector<sdk::MigrationStep>> down(std::optional<int> target) override;
  // Which dataset the database holds, read without creating anything (sdk::StorageBackend::identify).
  sdk::Result<sdk::DatasetIdentity> identify();
  // Creates the schema when it is missing (Dialect::ensure_schema), under the migration lock.
  sdk::Status ensure_schema();

 private:
  struct Applied {
    std::string name;
    sdk::Timestamp applied_at;
  };
  using AppliedMap = std::map<int, Applied>;

  sdk::Result<AppliedMap> applied(soci::session& sql);
  // One session with the write lock and the dialect's cross-process migration lock held, on a
  // schema that exists.
  sdk::Status with_locked_session(const std::function<sdk::Status(soci::session&)>& body);
  const MigrationSource* find(int version) const;

  SqlBackend& backend_;
  MigrationList steps_;
};

}  // namespace vellum::storage_sql
