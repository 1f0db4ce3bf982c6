// Small helpers that keep repository code readable: named parameters that own their values (SOCI
// binds by reference, so values must outlive the statement), nullable outputs, and one-line execution.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <soci/soci.h>

#include "vellum/sdk/types.hpp"
#include "vellum/storage_sql/dialect.hpp"
#include "vellum/storage_sql/timestamp_text.hpp"

namespace vellum::storage_sql {

class StatementCache;

// What every repository works with: one session inside the current transaction, the dialect, and
// the session's kept statements (statement_cache.hpp; nullptr: every query prepares its own).
struct SqlContext {
  soci::session& sql;
  const Dialect& dialect;
  StatementCache* statements = nullptr;
};

// Bound parameters. Each method stores the value and returns the placeholder to write into the SQL
// (already wrapped in the dialect's conversion where the type needs one).
class Params {
 public:
  explicit Params(const Dialect& dialect) : dialect_(dialect) {}
  Params(const Params&) = delete;
  Params& operator=(const Params&) = delete;

  std::string text(std::string_view value);
  std::string opt_text(const std::optional<std::string>& value);
  std::string integer(long long value);
  std::string opt_integer(std::optional<long long> value);
  std::string real(double value);
  std::string opt_real(std::optional<double> value);
  std::string boolean(bool value);
  std::string ts(sdk::Timestamp value);
  std::string opt_ts(const std::optional<sdk::Timestamp>& value);
  std::string blob(std::string_view bytes);

  void bind(soci::details::prepare_temp_type& statement);

  // The same placeholders with the same values, stored anew (a kept statement binds to its own).
  [[nodiscard]] std::unique_ptr<Params> copy() const;
  // Overwrites these values with `other`'s, which must have the same placeholders in the same order
  // and of the same types; false (and nothing changed) when they differ.
  bool assign_values(const Params& other);
  // Frees the text values (an article's content can be megabytes) while keeping the placeholders and
  // their bindings; assign_values fills them again.
  void release_values();

 private:
  std::string next_name();
  const Dialect& dialect_;
  std::deque<std::string> texts_;
  std::deque<long long> integers_;
  std::deque<double> reals_;
  std::deque<soci::indicator> indicators_;
  struct Binding {
    enum Kind { text, integer, real } kind;
    std::string name;
    void* value;
    soci::indicator* indicator;
  };
  std::vector<Binding> bindings_;
};

// Nullable outputs.
struct OptTextOut {
  std::string value;
  soci::indicator ind = soci::i_null;
  [[nodiscard]] std::optional<std::string> get() const {
    return ind == soci::i_ok ? std::optional<std::string>(value) : std::nullopt;
  }
  [[nodiscard]] std::string or_default(std::string fallback) const { return ind == soci::i_ok ? value : fallback; }
};
struct OptIntOut {
  long long value = 0;
  soci::indicator ind = soci::i_null;
  [[nodiscard]] std::optional<long long> get() const {
    return ind == soci::i_ok ? std::optional<long long>(value) : std::nullopt;
  }
};
struct OptRealOut {
  double value = 0;
  soci::indicator ind = soci::i_null;
  [[nodiscard]] std::optional<double> get() const {
    return ind == soci::i_ok ? std::optional<double>(value) : std::nullopt;
  }
};

inline std::optional<sdk::Timestamp> opt_timestamp(const OptTextOut& text) {
  if (text.ind != soci::i_ok) return std::nullopt;
  return timestamp_from_db(text.value);
}

// Executes a statement without results; returns the affected row count.
long long execute(SqlContext ctx, const std::string& query, Params& params);
// Runs a single-value query (COUNT, MAX…); nullopt when no row or NULL.
std::optional<long long> query_integer(SqlContext ctx, const std::string& query, Params& params);
std::optional<std::string> query_text(SqlContext ctx, const std::string& query, Params& params);

// "lower(<column>) LIKE lower(:p) ESCAPE '\'": the column holds `text` anywhere, ASCII case ignored on
// SQLite (every case on PostgreSQL); '%', '_' and '\' in `text` are literal.
std::string contains_sql(std::string_view column, std::string_view text, Params& params);

// "LIMIT :a OFFSET :b" with 0 = no limit (a huge bound, which every SQL database accepts).
std::string limit_offset(Params& params, std::size_t limit, std::size_t offset);

// The timestamp columns' canonical text "now" for values the repositories stamp themselves.
sdk::Timestamp clock_now();

}  // namespace vellum::storage_sql
