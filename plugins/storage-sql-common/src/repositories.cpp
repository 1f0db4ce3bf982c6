#include "repositories.hpp"

namespace vellum::storage_sql {

SqlRepositories::SqlRepositories(SqlContext ctx)
    : articles_(ctx),
      versions_(ctx),
      chunks_(ctx),
      sets_(ctx),
      tasks_(ctx),
      workers_(ctx),
      tokens_(ctx),
      audit_(ctx),
      metrics_(ctx),
      settings_(ctx) {}

}  // namespace vellum::storage_sql
