#include "repositories.hpp"
#include "vellum/storage_sql/sql_guard.hpp"

namespace vellum::storage_sql {

std::vector<sdk::AccessToken> SqlTokenRepository::select(const std::string& tail, Params& params) {
  const Dialect& d = ctx_.dialect;
  long long id = 0;
  std::string name, scope, hash, hint, created_at;
  OptTextOut last_used_at;
  auto prepared = (ctx_.sql.prepare << "SELECT id, name, scope, token_hash, token_hint, " << d.ts_out("created_at")
                                    << ", " << d.ts_out("last_used_at") << " FROM access_tokens " << tail);
  prepared, soci::into(id), soci::into(name), soci::into(scope), soci::into(hash), soci::into(hint),
      soci::into(created_at), soci::into(last_used_at.value, last_used_at.ind);
  params.bind(prepared);
  soci::statement st(prepared);
  st.execute();
  std::vector<sdk::AccessToken> out;
  while (st.fetch())
    out.push_back(sdk::AccessToken{id, name, scope, hash, hint, timestamp_from_db(created_at), opt_timestamp(last_used_at)});
  return out;
}

sdk::Result<sdk::AccessToken> SqlTokenRepository::insert(const sdk::AccessToken& token) {
  return guarded(ctx_.dialect, "tokens.insert", [&]() -> sdk::Result<sdk::AccessToken> {
    if (token.scope != "read-only" && token.scope != "write")
      return sdk::Error(sdk::ErrorKind::invalid_argument, "tokens.insert: scope must be read-only or write");
    Params p(ctx_.dialect);
    execute(ctx_,
            "INSERT INTO access_tokens (name, scope, token_hash, token_hint, created_at, last_used_at) VALUES (" +
                p.text(token.name) + ", " + p.text(token.scope) + ", " + p.text(token.token_hash) + ", " +
                p.text(token.token_hint) + ", " + p.ts(token.created_at) + ", " + p.opt_ts(token.last_used_at) + ")",
            p);
    const auto id = ctx_.dialect.last_insert_id(ctx_.sql, "access_tokens", "id");
    Params q(ctx_.dialect);
    auto rows = select("WHERE id = " + q.integer(id), q);
    if (rows.empty()) return sdk::Error(sdk::ErrorKind::internal, "tokens.insert: the new row vanished");
    return rows.front();
  });
}

sdk::Result<std::vector<sdk::AccessToken>> SqlTokenRepository::list() {
  return guarded(ctx_.dialect, "tokens.list", [&]() -> sdk::Result<std::vector<sdk::AccessToken>> {
    Params p(ctx_.dialect);
    return select("ORDER BY created_at DESC, id DESC", p);
  });
}

sdk::Result<std::optional<sdk::AccessToken>> SqlTokenRepository::find_by_hash(std::string_view token_hash) {
  return guarded(ctx_.dialect, "tokens.find_by_hash", [&]() -> sdk::Result<std::optional<sdk::AccessToken>> {
    Params p(ctx_.dialect);
    auto rows = select("WHERE token_hash = " + p.text(token_hash), p);
    if (rows.empty()) return std::optional<sdk::AccessToken>();
    return std::optional<sdk::AccessToken>(rows.front());
  });
}

sdk::Result<bool> SqlTokenRepository::remove(std::int64_t id) {
  return guarded(ctx_.dialect, "tokens.remove", [&]() -> sdk::Result<bool> {
    Params p(ctx_.dialect);
    return execute(ctx_, "DELETE FROM access_tokens WHERE id = " + p.integer(id), p) > 0;
  });
}

sdk::Status SqlTokenRepository::touch(std::int64_t id, sdk::Timestamp now) {
  return guarded(ctx_.dialect, "tokens.touch", [&]() -> sdk::Status {
    Params p(ctx_.dialect);
    if (execute(ctx_, "UPDATE access_tokens SET last_used_at = " + p.ts(now) + " WHERE id = " + p.integer(id), p) == 0)
      return sdk::Error(sdk::ErrorKind::not_found, "tokens.touch: no token with id " + std::to_string(id));
    return sdk::ok_status();
  });
}

}  // namespace vellum::storage_sql
