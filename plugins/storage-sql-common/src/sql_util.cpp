#include "sql_util.hpp"

#include <chrono>
#include <limits>

#include "statement_cache.hpp"

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

std::string Params::ts(sdk::Timestamp value) { return dialect_.ts_in(text(format_iso8601(value))); }

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

std::unique_ptr<Params> Params::copy() const {
  auto out = std::make_unique<Params>(dialect_);
  for (const auto& b : bindings_) {
    switch (b.kind) {
      case Binding::text: out->text(*static_cast<const std::string*>(b.value)); break;
      case Binding::integer: out->integer(*static_cast<const long long*>(b.value)); break;
      case Binding::real: out->real(*static_cast<const double*>(b.value)); break;
    }
    out->indicators_.back() = *b.indicator;
  }
  return out;
}

bool Params::assign_values(const Params& other) {
  if (other.bindings_.size() != bindings_.size()) return false;
  for (std::size_t i = 0; i < bindings_.size(); ++i)
    if (bindings_[i].kind != other.bindings_[i].kind) return false;
  for (std::size_t i = 0; i < bindings_.size(); ++i) {
    const auto& from = other.bindings_[i];
    auto& to = bindings_[i];
    switch (to.kind) {
      case Binding::text: *static_cast<std::string*>(to.value) = *static_cast<const std::string*>(from.value); break;
      case Binding::integer: *static_cast<long long*>(to.value) = *static_cast<const long long*>(from.value); break;
      case Binding::real: *static_cast<double*>(to.value) = *static_cast<const double*>(from.value); break;
    }
    *to.indicator = *from.indicator;
  }
  return true;
}

void Params::release_values() {
  for (auto& text : texts_) std::string().swap(text);
}

namespace {

template <class T>
struct SingleValue {
  T value{};
  soci::indicator ind = soci::i_null;
  void bind(soci::details::prepare_temp_type& st) { st, soci::into(value, ind); }
};

template <class T>
std::optional<T> query_single(SqlContext ctx, const std::string& query, const Params& params) {
  CachedQuery<SingleValue<T>> q(ctx, query, params);
  q.open();
  if (!q.next() || q.row().ind != soci::i_ok) return std::nullopt;
  return q.row().value;
}

}  // namespace

long long execute(SqlContext ctx, const std::string& query, Params& params) {
  return CachedQuery<>(ctx, query, params).execute();
}

std::optional<long long> query_integer(SqlContext ctx, const std::string& query, Params& params) {
  return query_single<long long>(ctx, query, params);
}

std::optional<std::string> query_text(SqlContext ctx, const std::string& query, Params& params) {
  return query_single<std::string>(ctx, query, params);
}

std::string contains_sql(std::string_view column, std::string_view text, Params& params) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return "lower(" + std::string(column) + ") LIKE lower(" + params.text(pattern) + ") ESCAPE '\\'";
}

std::string limit_offset(Params& params, std::size_t limit, std::size_t offset) {
  const long long bound = limit == 0 ? std::numeric_limits<long long>::max() : static_cast<long long>(limit);
  return " LIMIT " + params.integer(bound) + " OFFSET " + params.integer(static_cast<long long>(offset));
}

sdk::Timestamp clock_now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

}  // namespace vellum::storage_sql
