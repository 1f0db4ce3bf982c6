// One migration step as a backend ships it (the SQL is embedded into the plugin at build time).
#pragma once

#include <span>

namespace vellum::storage_sql {

struct MigrationSource {
  int version = 0;
  const char* name = "";       // "initial" (from 0001_initial.up.sql)
  const char* up_sql = "";
  const char* down_sql = "";
};

using MigrationList = std::span<const MigrationSource>;

}  // namespace vellum::storage_sql
