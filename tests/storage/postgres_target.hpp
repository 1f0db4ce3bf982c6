// The PostgreSQL side of the storage test fixture: a fresh schema per test in the database named by
// VELLUM_TEST_PG_URL (scripts/pg_throwaway.sh start exports it), dropped with the target.
#pragma once

#include <memory>
#include <string>

#include "storage/backend_fixture.hpp"

namespace vellum::test {

// The URL from VELLUM_TEST_PG_URL; empty when unset.
[[nodiscard]] std::string test_pg_url();

class PostgresTarget final : public DatabaseTarget {
 public:
  PostgresTarget();
  ~PostgresTarget() override;
  [[nodiscard]] std::string plugin_name() const override { return "postgres"; }
  [[nodiscard]] Settings settings() const override;
  [[nodiscard]] const std::string& url() const { return url_; }
  [[nodiscard]] const std::string& schema() const { return schema_; }

 private:
  std::string url_;
  std::string schema_;
};

}  // namespace vellum::test
