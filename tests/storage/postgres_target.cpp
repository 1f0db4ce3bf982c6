#define CATCH_CONFIG_EXTERNAL_INTERFACES  // the listener base class below
#include "storage/postgres_target.hpp"

#include <catch2/catch.hpp>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <random>
#include <stdexcept>

#include "storage/pg_connection.hpp"

namespace vellum::test {

namespace {

// CTest's SKIP_RETURN_CODE for the PostgreSQL suites (tests/storage/CMakeLists.txt).
constexpr int kSkipExitCode = 77;

std::string unique_schema_name() {
  static std::atomic<int> counter{0};
  std::random_device device;
  return "vellum_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(device() % 1000000);
}

// Without a server the PostgreSQL suites cannot run; they exit with the skip code before the first
// test, so CTest reports them SKIPPED instead of silently passing.
struct SkipWithoutServer : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;
  void testRunStarting(Catch::TestRunInfo const& info) override {
    if (storage_kind() == "postgres" && test_pg_url().empty()) {
      std::cout << info.name << ": VELLUM_TEST_PG_URL is not set, so the PostgreSQL tests are skipped. "
                << "Start a server with: eval \"$(scripts/pg_throwaway.sh start)\"" << std::endl;
      std::exit(kSkipExitCode);
    }
  }
};
CATCH_REGISTER_LISTENER(SkipWithoutServer)

}  // namespace

std::string test_pg_url() {
  const char* url = std::getenv("VELLUM_TEST_PG_URL");
  return url ? url : "";
}

PostgresTarget::PostgresTarget() : url_(test_pg_url()), schema_(unique_schema_name()) {
  if (url_.empty()) throw std::runtime_error("VELLUM_TEST_PG_URL is not set");
  PgConnection(url_).exec("CREATE SCHEMA " + quote_ident(schema_));
}

PostgresTarget::~PostgresTarget() {
  try {
    PgConnection(url_).exec("DROP SCHEMA IF EXISTS " + quote_ident(schema_) + " CASCADE");
  } catch (const std::exception& e) {
    std::cerr << "warning: could not drop test schema " << schema_ << ": " << e.what() << std::endl;
  }
}

Settings PostgresTarget::settings() const {
  return {{"url", {url_, "storage test fixture"}}, {"schema", {schema_, "storage test fixture"}}};
}

}  // namespace vellum::test
