#include "repositories.hpp"

namespace vellum::storage_sql {

SqlRepositories::SqlRepositories(soci::session& sql, const Dialect& dialect)
    : articles_({sql, dialect}),
      versions_({sql, dialect}),
      chunks_({sql, dialect}),
      sets_({sql, dialect}),
      tasks_({sql, dialect}),
      workers_({sql, dialect}),
      tokens_({sql, dialect}),
      audit_({sql, dialect}),
      metrics_({sql, dialect}),
      settings_({sql, dialect}) {}

}  // namespace vellum::storage_sql
