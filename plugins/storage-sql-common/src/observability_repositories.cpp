// Audit log and performance metrics: append-only rows with retention by age.
#include <algorithm>

#include "repositories.hpp"
#include "vellum/storage_sql/ids.hpp"
#include "vellum/storage_sql/sql_guard.hpp"

namespace vellum::storage_sql {

namespace {

// Rows per INSERT: far below SQLite's 32,766 bound parameters at 11 columns a row.
constexpr std::size_t kRowsPerInsert = 64;

std::string audit_values(Params& p, const sdk::AuditEntry& e) {
  const std::optional<long long> article = e.article_id ? std::optional<long long>(*e.article_id) : std::nullopt;
  return "(" + p.text(new_uuid()) + ", " + p.ts(e.timestamp) + ", " + p.text(e.level) + ", " + p.text(e.category) +
         ", " + p.text(e.message) + ", " + p.opt_text(e.task_id) + ", " + p.opt_integer(article) + ", " +
         p.opt_text(e.operation_id) + ", " + p.text(e.metadata_json) + ", " + p.opt_real(e.duration_ms) + ", " +
         p.opt_text(e.error) + ")";
}

std::string metric_values(Params& p, const sdk::MetricSample& m) {
  const std::optional<long long> article = m.article_id ? std::optional<long long>(*m.article_id) : std::nullopt;
  return "(" + p.text(new_uuid()) + ", " + p.ts(m.timestamp) + ", " + p.text(m.metric_type) + ", " + p.real(m.value) +
         ", " + p.text(m.unit) + ", " + p.opt_text(m.task_id) + ", " + p.opt_integer(article) + ", " +
         p.text(m.metadata_json) + ")";
}

// One multi-row INSERT per kRowsPerInsert rows: statements, not rows, are what cost (parsing, a round
// trip to PostgreSQL), and a queue batch journals dozens of rows.
template <typename Row, typename Values>
void insert_rows(SqlContext& ctx, const std::string& head, std::span<const Row> rows, Values values) {
  for (std::size_t first = 0; first < rows.size(); first += kRowsPerInsert) {
    Params p(ctx.dialect);
    std::string sql = head;
    const std::size_t end = std::min(rows.size(), first + kRowsPerInsert);
    for (std::size_t i = first; i < end; ++i) sql += (i == first ? " VALUES " : ", ") + values(p, rows[i]);
    execute(ctx, sql, p);
  }
}

const std::string kAuditInsert =
    "INSERT INTO embedding_audit_logs (id, timestamp, level, category, message, task_id, article_id, operation_id, "
    "metadata, duration, error)";
const std::string kMetricInsert =
    "INSERT INTO performance_metrics (id, timestamp, metric_type, value, unit, task_id, article_id, metadata)";

}  // namespace

sdk::Status SqlAuditRepository::append(const sdk::AuditEntry& e) { return append_all({&e, 1}); }

sdk::Status SqlAuditRepository::append_all(std::span<const sdk::AuditEntry> entries) {
  return guarded(ctx_.dialect, "audit.append", [&]() -> sdk::Status {
    insert_rows(ctx_, kAuditInsert, entries, audit_values);
    return sdk::ok_status();
  });
}

sdk::Result<std::vector<sdk::AuditEntry>> SqlAuditRepository::recent(std::size_t limit,
                                                                     std::optional<std::string> category) {
  return guarded(ctx_.dialect, "audit.recent", [&]() -> sdk::Result<std::vector<sdk::AuditEntry>> {
    const Dialect& d = ctx_.dialect;
    Params p(d);
    std::string sql = "SELECT " + d.ts_out("timestamp") + ", level, category, message, task_id, article_id, "
                      "operation_id, metadata, duration, error FROM embedding_audit_logs";
    if (category) sql += " WHERE category = " + p.text(*category);
    sql += " ORDER BY timestamp DESC, id DESC" + limit_offset(p, limit, 0);
    std::string timestamp, level, cat, message;
    OptTextOut task_id, operation_id, metadata, error;
    OptIntOut article_id;
    OptRealOut duration;
    auto prepared = (ctx_.sql.prepare << sql);
    prepared, soci::into(timestamp), soci::into(level), soci::into(cat), soci::into(message),
        soci::into(task_id.value, task_id.ind), soci::into(article_id.value, article_id.ind),
        soci::into(operation_id.value, operation_id.ind), soci::into(metadata.value, metadata.ind),
        soci::into(duration.value, duration.ind), soci::into(error.value, error.ind);
    p.bind(prepared);
    soci::statement st(prepared);
    st.execute();
    std::vector<sdk::AuditEntry> out;
    while (st.fetch()) {
      sdk::AuditEntry e;
      e.timestamp = timestamp_from_db(timestamp);
      e.level = level;
      e.category = cat;
      e.message = message;
      e.task_id = task_id.get();
      if (auto a = article_id.get()) e.article_id = *a;
      e.operation_id = operation_id.get();
      e.metadata_json = d.json_from_db(metadata.or_default("{}"));
      e.duration_ms = duration.get();
      e.error = error.get();
      out.push_back(std::move(e));
    }
    return out;
  });
}

sdk::Result<std::int64_t> SqlAuditRepository::prune(sdk::Timestamp before) {
  return guarded(ctx_.dialect, "audit.prune", [&]() -> sdk::Result<std::int64_t> {
    Params p(ctx_.dialect);
    return static_cast<std::int64_t>(execute(ctx_, "DELETE FROM embedding_audit_logs WHERE timestamp < " + p.ts(before), p));
  });
}

sdk::Status SqlMetricsRepository::append(const sdk::MetricSample& m) { return append_all({&m, 1}); }

sdk::Status SqlMetricsRepository::append_all(std::span<const sdk::MetricSample> samples) {
  return guarded(ctx_.dialect, "metrics.append", [&]() -> sdk::Status {
    insert_rows(ctx_, kMetricInsert, samples, metric_values);
    return sdk::ok_status();
  });
}

sdk::Result<std::vector<sdk::MetricSample>> SqlMetricsRepository::since(sdk::Timestamp from,
                                                                        std::optional<std::string> metric_type) {
  return guarded(ctx_.dialect, "metrics.since", [&]() -> sdk::Result<std::vector<sdk::MetricSample>> {
    const Dialect& d = ctx_.dialect;
    Params p(d);
    std::string sql = "SELECT " + d.ts_out("timestamp") + ", metric_type, value, unit, task_id, article_id, metadata "
                      "FROM performance_metrics WHERE timestamp >= " + p.ts(from);
    if (metric_type) sql += " AND metric_type = " + p.text(*metric_type);
    sql += " ORDER BY timestamp, id";
    std::string timestamp, type, unit;
    double value = 0;
    OptTextOut task_id, metadata;
    OptIntOut article_id;
    auto prepared = (ctx_.sql.prepare << sql);
    prepared, soci::into(timestamp), soci::into(type), soci::into(value), soci::into(unit),
        soci::into(task_id.value, task_id.ind), soci::into(article_id.value, article_id.ind),
        soci::into(metadata.value, metadata.ind);
    p.bind(prepared);
    soci::statement st(prepared);
    st.execute();
    std::vector<sdk::MetricSample> out;
    while (st.fetch()) {
      sdk::MetricSample m;
      m.timestamp = timestamp_from_db(timestamp);
      m.metric_type = type;
      m.value = value;
      m.unit = unit;
      m.task_id = task_id.get();
      if (auto a = article_id.get()) m.article_id = *a;
      m.metadata_json = d.json_from_db(metadata.or_default("{}"));
      out.push_back(std::move(m));
    }
    return out;
  });
}

sdk::Result<std::int64_t> SqlMetricsRepository::prune(sdk::Timestamp before) {
  return guarded(ctx_.dialect, "metrics.prune", [&]() -> sdk::Result<std::int64_t> {
    Params p(ctx_.dialect);
    return static_cast<std::int64_t>(execute(ctx_, "DELETE FROM performance_metrics WHERE timestamp < " + p.ts(before), p));
  });
}

}  // namespace vellum::storage_sql
