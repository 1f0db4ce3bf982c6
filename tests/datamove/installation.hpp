// A Vellum installation for data-move tests: a temporary data directory with a vellum.yaml on SQLite
// or on a fresh PostgreSQL schema, run through the real `vellum` binary, and opened in-process (the
// real storage plugin) to seed it and to read back everything it holds.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "vellum/sdk/abi.hpp"
#include "vellum/sdk/storage.hpp"

namespace vellum::test {

class PostgresTarget;

class Installation {
 public:
  // "sqlite" | "postgres". `pg_url`, when given, is what the installation connects with instead of
  // VELLUM_TEST_PG_URL (another role); its schema is still made and dropped through the latter.
  explicit Installation(const std::string& backend, const std::string& pg_url = "");
  ~Installation();

  [[nodiscard]] std::string config_file() const { return (dir_ / "vellum.yaml").string(); }
  // `vellum ARGS --config <this>`, with `env` added to the child's environment.
  Completed vellum(std::vector<std::string> args, const std::map<std::string, std::string>& env = {}) const;
  [[nodiscard]] std::string pg_schema() const;  // "" on SQLite
  sdk::StorageBackend& storage();                          // opened on first use
  void close();                                            // before a CLI command replaces the database

 private:
  std::string backend_;
  TempDir dir_;
  std::unique_ptr<PostgresTarget> pg_;
  std::string pg_url_;
  std::shared_ptr<const void> library_;  // declared first: outlives the backend it made
  sdk::BackendPtr storage_;
};

// Writes a small installation's worth of everything: articles (one updated), versions, an embedding
// set with chunks and vectors, a token, tasks in several states, worker control and a setting.
void seed(sdk::StorageBackend& storage);

// Everything the database holds, as lines free of ids, so two databases can be compared.
[[nodiscard]] std::vector<std::string> snapshot(sdk::StorageBackend& storage);

}  // namespace vellum::test
