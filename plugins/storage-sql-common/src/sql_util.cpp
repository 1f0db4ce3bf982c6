#include "sql_util.hpp"

#include <chrono>
#include <limits>

namespace vellum::storage_sql {

std::string Params::next_name() { return "p" + std::to_string(bindings_.size()); }

std::string Params::text(std::string_view value) {
  auto name = next_name();
  texts_.emplace_back(value);
  indicators_.push_back(soci::i_ok);
  bindings_.push_back({Binding::text, name, &texts_.back(), &indicators_.back()});
  return ":" + name;
}

std::string Params::opt_text(const std::optional<std::string>& value) {
  auto placeholder = text(value.value_or(std::string()));
  if (!value) indicators_.back() = soci::i_null;
  return placeholder;
}

std::string Params::integer(long long value) {
  auto name = next_name();
  integers_.push_back(value);
  indicators_.push_back(soci::i_ok);
  bindings_.push_back({Binding::integer, name, &integers_.back(), &indicators_.back()});
  return ":" + name;
}

std::string Params::opt_integer(std::optional<long long> value) {
  auto placeholder = integer(value.value_or(0));
  if (!value) indicators_.back() = soci::i_null;
  return placeholder;
}

std::string Params::real(double value) {
  auto name = next_name();
  reals_.push_back(value);
  indicators_.push_back(soci::i_ok);
  bindings_.push_back({Binding::real, name, &reals_.back(), &indicators_.back()});
  return ":" + name;
}

std::string Params::opt_real(std::optional<double> value) {
  auto placeholder = real(value.value_or(0));
  if (!value) indicators_.back() = soci::i_null;
  return placeholder;
}

std::string Params::boolean(bool value) { return dialect_.bool_in(integer(value ? 1 : 0)); }

std::string Params::ts(sdk::Timestamp value) { return dialect_.ts_in(text(format_timestamp(value))); }

std::string Params::opt_ts(const std::optional<sdk::Timestamp>& value) {
  if (!value) return dialect_.ts_in(opt_text(std::nullopt));
  return ts(*value);
}

std::string Params::blob(std::string_view bytes) { return dialect_.blob_in(text(dialect_.encode_blob(bytes))); }

void Params::bind(soci::details::prepare_temp_type& statement) {
  for (auto& b : bindings_) {
    switch (b.kind) {
      case Binding::text: statement, soci::use(*static_cast<std::string*>(b.value), *b.indicator, b.name); break;
      case Binding::integer: statement, soci::use(*static_cast<long long*>(b.value), *b.indicator, b.name); break;
      case Binding::real: statement, soci::use(*static_cast<double*>(b.value), *b.indicator, b.name); break;
    }
  }
}

long long execute(SqlContext ctx, const std::string& query, Params& params) {
  soci::details::prepare_temp_type prepared = (ctx.sql.prepare << query);
  params.bind(prepared);
  soci::statement st(prepared);
  st.execute(true);
  return st.get_affected_rows();
}

std::optional<long long> query_integer(SqlContext ctx, const std::string& query, Params& params) {
  OptIntOut out;
  soci::details::prepare_temp_type prepared = (ctx.sql.prepare << query);
  prepared, soci::into(out.value, out.ind);
  params.bind(prepared);
  soci::statement st(prepared);
  if (!st.execute(true)) return std::nullopt;
  return out.get();
}

std::optional<std::string> query_text(SqlContext ctx, const std::string& query, Params& params) {
  OptTextOut out;
  soci::details::prepare_temp_type prepared = (ctx.sql.prepare << query);
  prepared, soci::into(out.value, out.ind);
  params.bind(prepared);
  soci::statement st(prepared);
  if (!st.execute(true)) return std::nullopt;
  return out.get();
}

std::string limit_offset(Params& params, std::size_t limit, std::size_t offset) {
  const long long bound = limit == 0 ? std::numeric_limits<long long>::max() : static_cast<long long>(limit);
  return " LIMIT " + params.integer(bound) + " OFFSET " + params.integer(static_cast<long long>(offset));
}

sdk::Timestamp clock_now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

}  // namespace vellum::storage_sql
