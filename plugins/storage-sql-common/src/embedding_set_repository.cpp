#include "repositories.hpp"
#include "vellum/storage_sql/sql_guard.hpp"

namespace vellum::storage_sql {

std::vector<sdk::EmbeddingSet> SqlEmbeddingSetRepository::select(const std::string& condition, Params& params) {
  long long id = 0, dimensions = 0;
  std::string provider, model, state, created_at;
  auto prepared = (ctx_.sql.prepare << "SELECT id, provider, model, dimensions, state, "
                                    << ctx_.dialect.ts_out("created_at") << " FROM embedding_sets WHERE " << condition
                                    << " ORDER BY id");
  prepared, soci::into(id), soci::into(provider), soci::into(model), soci::into(dimensions), soci::into(state),
      soci::into(created_at);
  params.bind(prepared);
  soci::statement st(prepared);
  st.execute();
  std::vector<sdk::EmbeddingSet> out;
  while (st.fetch())
    out.push_back(sdk::EmbeddingSet{id, provider, model, static_cast<std::uint32_t>(dimensions), state,
                                    timestamp_from_db(created_at)});
  return out;
}

sdk::Result<sdk::EmbeddingSet> SqlEmbeddingSetRepository::find_or_create(std::string_view provider,
                                                                         std::string_view model,
                                                                         std::uint32_t dimensions, sdk::Timestamp now) {
  return guarded(ctx_.dialect, "embedding_sets.find_or_create", [&]() -> sdk::Result<sdk::EmbeddingSet> {
    if (dimensions == 0)
      return sdk::Error(sdk::ErrorKind::invalid_argument, "embedding_sets.find_or_create: dimensions must be positive");
    Params p(ctx_.dialect);
    execute(ctx_,
            "INSERT INTO embedding_sets (provider, model, dimensions, state, created_at) VALUES (" + p.text(provider) +
                ", " + p.text(model) + ", " + p.integer(dimensions) + ", 'building', " + p.ts(now) +
                ") ON CONFLICT (provider, model, dimensions) DO NOTHING",
            p);
    Params q(ctx_.dialect);
    auto rows = select("provider = " + q.text(provider) + " AND model = " + q.text(model) +
                           " AND dimensions = " + q.integer(dimensions),
                       q);
    if (rows.empty()) return sdk::Error(sdk::ErrorKind::internal, "embedding_sets.find_or_create: row vanished");
    return rows.front();
  });
}

sdk::Result<std::optional<sdk::EmbeddingSet>> SqlEmbeddingSetRepository::get(sdk::EmbeddingSetId id) {
  return guarded(ctx_.dialect, "embedding_sets.get", [&]() -> sdk::Result<std::optional<sdk::EmbeddingSet>> {
    Params p(ctx_.dialect);
    auto rows = select("id = " + p.integer(id), p);
    if (rows.empty()) return std::optional<sdk::EmbeddingSet>();
    return std::optional<sdk::EmbeddingSet>(rows.front());
  });
}

sdk::Result<std::vector<sdk::EmbeddingSet>> SqlEmbeddingSetRepository::list() {
  return guarded(ctx_.dialect, "embedding_sets.list", [&]() -> sdk::Result<std::vector<sdk::EmbeddingSet>> {
    Params p(ctx_.dialect);
    return select("1 = 1", p);
  });
}

sdk::Status SqlEmbeddingSetRepository::set_state(sdk::EmbeddingSetId id, std::string_view state) {
  return guarded(ctx_.dialect, "embedding_sets.set_state", [&]() -> sdk::Status {
    if (state != "building" && state != "active" && state != "retired")
      return sdk::Error(sdk::ErrorKind::invalid_argument,
                        "embedding_sets.set_state: '" + std::string(state) + "' is not one of building, active, retired");
    Params p(ctx_.dialect);
    if (execute(ctx_, "UPDATE embedding_sets SET state = " + p.text(state) + " WHERE id = " + p.integer(id), p) == 0)
      return sdk::Error(sdk::ErrorKind::not_found, "embedding_sets.set_state: no embedding set " + std::to_string(id));
    return sdk::ok_status();
  });
}

}  // namespace vellum::storage_sql
