// Knobs shared by the benches, read from the environment so a run needs no rebuild, and the
// PostgreSQL schema a run gets when the environment names a server.
#pragma once

#include <atomic>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>

#include <unistd.h>

#ifdef VELLUM_BENCH_POSTGRES
#include <iostream>

#include "storage/pg_connection.hpp"
#endif

namespace vellum::bench {

// An unsigned setting from the environment, `fallback` when unset or not a number.
inline std::size_t env_size(const char* name, std::size_t fallback) {
  const char* value = std::getenv(name);
  if (!value || !*value) return fallback;
  char* end = nullptr;
  const auto parsed = std::strtoull(value, &end, 10);
  return end && *end == '\0' ? static_cast<std::size_t>(parsed) : fallback;
}

// About `bytes` of markdown prose, different for each `seed`, in paragraphs so it chunks like a note.
// No "# " heading: it would become the title (and the slug) in place of the one the bench chooses.
inline std::string article_text(std::size_t seed, std::size_t bytes) {
  static const char* const words[] = {"vector", "index", "backup", "queue", "agent", "memory", "schema",
                                      "token", "search", "folder", "version", "plugin", "server", "chunk"};
  std::string text = "Note " + std::to_string(seed) + ".\n\n";
  std::size_t i = seed;
  while (text.size() < bytes) {
    text += words[i % 14];
    text += (++i % 23 == 0) ? ".\n\n" : " ";
    i = i * 2654435761u % 1000003u;  // a cheap deterministic shuffle of the word order
  }
  return text;
}

// Search queries made of article_text's words (one is not: "schedule"), so most match many articles.
inline constexpr const char* kSearchQueries[] = {
    "vector index",        "backup schedule",      "queue agent",        "memory schema",
    "token search",        "folder version",       "plugin server",      "chunk vector",
    "agent memory search", "schema version token", "index backup queue", "server plugin folder",
    "search chunk index",  "memory token agent",   "queue version",      "backup folder schema"};

// The PostgreSQL server the benches also run on: VELLUM_BENCH_PG_URL, else VELLUM_TEST_PG_URL (what
// `scripts/pg_throwaway.sh start` exports), a libpq URI or key=value string. Empty when neither is set, or when
// the build has no PostgreSQL backend (-DVELLUM_POSTGRES=OFF): SQLite only.
inline std::string bench_pg_url() {
#ifdef VELLUM_BENCH_POSTGRES
  for (const char* name : {"VELLUM_BENCH_PG_URL", "VELLUM_TEST_PG_URL"}) {
    const char* value = std::getenv(name);
    if (value && *value) return value;
  }
#endif
  return {};
}

// A fresh, empty schema on `url` for one run (a server child or an in-process rig), dropped with all
// it holds on destruction: the PostgreSQL counterpart of a run's temporary directory. Destroy it after
// whatever was connected to it, or the drop waits for their locks. (tests/storage's PostgresTarget does
// the same for Catch2 tests, but fails through Catch and knows only VELLUM_TEST_PG_URL.)
class PgSchema {
 public:
  explicit PgSchema(std::string url) : url_(std::move(url)) {
    static std::atomic<int> counter{0};
    name_ = "vellum_bench_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
            std::to_string(std::random_device{}() % 1000000);
#ifdef VELLUM_BENCH_POSTGRES
    test::PgConnection(url_).exec("CREATE SCHEMA " + test::quote_ident(name_));
#else
    throw std::runtime_error("this build has no PostgreSQL backend (-DVELLUM_POSTGRES=OFF)");
#endif
  }
  ~PgSchema() {
#ifdef VELLUM_BENCH_POSTGRES
    try {
      test::PgConnection(url_).exec("DROP SCHEMA IF EXISTS " + test::quote_ident(name_) + " CASCADE");
    } catch (const std::exception& e) {
      std::cerr << "warning: could not drop bench schema " << name_ << ": " << e.what() << std::endl;
    }
#endif
  }
  PgSchema(const PgSchema&) = delete;
  PgSchema& operator=(const PgSchema&) = delete;

  [[nodiscard]] const std::string& url() const noexcept { return url_; }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }

 private:
  std::string url_;
  std::string name_;
};

}  // namespace vellum::bench
