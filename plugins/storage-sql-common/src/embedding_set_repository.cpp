#include "repositories.hpp"
#include "vellum/storage_sql/sql_guard.hpp"

namespace vellum::storage_sql {

namespace {

bool known_state(std::string_view state) {
  return state == "building" || state == "active" || state == "previous" || state == "retired";
}

// Indexable articles (not no_rag) joined with what one set recorded of them; `e` is NULL when missing.
std::string freshness_join(Params& p, sdk::EmbeddingSetId id) {
  return "FROM articles a LEFT JOIN embedding_set_articles e ON e.article_id = a.id AND e.embedding_set_id = " +
         p.integer(id) + " WHERE a.no_rag = " + p.boolean(false);
}

}  // namespace

std::vector<sdk::EmbeddingSet> SqlEmbeddingSetRepository::select(const std::string& condition, Params& params) {
  long long id = 0, dimensions = 0;
  std::string provider, model, state, created_at, plugin, settings;
  OptTextOut activated_at, deactivated_at;
  auto prepared = (ctx_.sql.prepare << "SELECT id, provider, model, dimensions, state, "
                                    << ctx_.dialect.ts_out("created_at") << ", " << ctx_.dialect.ts_out("activated_at")
                                    << ", " << ctx_.dialect.ts_out("deactivated_at")
                                    << ", provider_plugin, provider_settings FROM embedding_sets WHERE " << condition
                                    << " ORDER BY id");
  prepared, soci::into(id), soci::into(provider), soci::into(model), soci::into(dimensions), soci::into(state),
      soci::into(created_at), soci::into(activated_at.value, activated_at.ind),
      soci::into(deactivated_at.value, deactivated_at.ind), soci::into(plugin), soci::into(settings);
  params.bind(prepared);
  soci::statement st(prepared);
  st.execute();
  std::vector<sdk::EmbeddingSet> out;
  while (st.fetch()) {
    sdk::EmbeddingSet set;
    set.id = id;
    set.provider = provider;
    set.model = model;
    set.dimensions = static_cast<std::uint32_t>(dimensions);
    set.state = state;
    set.created_at = timestamp_from_db(created_at);
    set.activated_at = opt_timestamp(activated_at);
    set.deactivated_at = opt_timestamp(deactivated_at);
    set.provider_plugin = plugin;
    set.provider_settings_json = settings;
    out.push_back(std::move(set));
  }
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

sdk::Status SqlEmbeddingSetRepository::set_state(sdk::EmbeddingSetId id, std::string_view state, sdk::Timestamp now) {
  return guarded(ctx_.dialect, "embedding_sets.set_state", [&]() -> sdk::Status {
    if (!known_state(state))
      return sdk::Error(sdk::ErrorKind::invalid_argument, "embedding_sets.set_state: '" + std::string(state) +
                                                              "' is not one of building, active, previous, retired");
    Params p(ctx_.dialect);
    // Entering active stamps activated_at; leaving it stamps deactivated_at; other moves keep both.
    const std::string stamp = state == "active"
                                  ? "activated_at = CASE WHEN state <> 'active' THEN " + p.ts(now) + " ELSE activated_at END"
                                  : "deactivated_at = CASE WHEN state = 'active' THEN " + p.ts(now) + " ELSE deactivated_at END";
    const std::string query =
        "UPDATE embedding_sets SET " + stamp + ", state = " + p.text(state) + " WHERE id = " + p.integer(id);
    if (execute(ctx_, query, p) == 0)
      return sdk::Error(sdk::ErrorKind::not_found, "embedding_sets.set_state: no embedding set " + std::to_string(id));
    return sdk::ok_status();
  });
}

sdk::Status SqlEmbeddingSetRepository::set_provider(sdk::EmbeddingSetId id, std::string_view plugin,
                                                    std::string_view settings_json) {
  return guarded(ctx_.dialect, "embedding_sets.set_provider", [&]() -> sdk::Status {
    Params p(ctx_.dialect);
    if (execute(ctx_,
                "UPDATE embedding_sets SET provider_plugin = " + p.text(plugin) + ", provider_settings = " +
                    p.text(settings_json) + " WHERE id = " + p.integer(id),
                p) == 0)
      return sdk::Error(sdk::ErrorKind::not_found, "embedding_sets.set_provider: no embedding set " + std::to_string(id));
    return sdk::ok_status();
  });
}

sdk::Status SqlEmbeddingSetRepository::mark_embedded(sdk::EmbeddingSetId id, sdk::ArticleId article,
                                                     std::string_view content_hash, sdk::Timestamp article_updated_at,
                                                     sdk::Timestamp now) {
  return guarded(ctx_.dialect, "embedding_sets.mark_embedded", [&]() -> sdk::Status {
    Params p(ctx_.dialect);
    execute(ctx_,
            "INSERT INTO embedding_set_articles (embedding_set_id, article_id, content_hash, article_updated_at, "
            "embedded_at) VALUES (" +
                p.integer(id) + ", " + p.integer(article) + ", " + p.text(content_hash) + ", " +
                p.ts(article_updated_at) + ", " + p.ts(now) +
                ") ON CONFLICT (embedding_set_id, article_id) DO UPDATE SET content_hash = excluded.content_hash, "
                "article_updated_at = excluded.article_updated_at, embedded_at = excluded.embedded_at",
            p);
    return sdk::ok_status();
  });
}

sdk::Result<std::optional<sdk::EmbeddedVersion>> SqlEmbeddingSetRepository::embedded_version(sdk::EmbeddingSetId id,
                                                                                           sdk::ArticleId article) {
  using Found = std::optional<sdk::EmbeddedVersion>;
  return guarded(ctx_.dialect, "embedding_sets.embedded_version", [&]() -> sdk::Result<Found> {
    Params p(ctx_.dialect);
    std::string hash, updated_at, embedded_at;
    auto prepared = (ctx_.sql.prepare << "SELECT content_hash, " << ctx_.dialect.ts_out("article_updated_at") << ", "
                                      << ctx_.dialect.ts_out("embedded_at")
                                      << " FROM embedding_set_articles WHERE embedding_set_id = " << p.integer(id)
                                      << " AND article_id = " << p.integer(article));
    prepared, soci::into(hash), soci::into(updated_at), soci::into(embedded_at);
    p.bind(prepared);
    soci::statement st(prepared);
    if (!st.execute(true)) return Found();
    return Found(sdk::EmbeddedVersion{hash, timestamp_from_db(updated_at), timestamp_from_db(embedded_at)});
  });
}

sdk::Status SqlEmbeddingSetRepository::forget_article(std::optional<sdk::EmbeddingSetId> id, sdk::ArticleId article) {
  return guarded(ctx_.dialect, "embedding_sets.forget_article", [&]() -> sdk::Status {
    Params p(ctx_.dialect);
    std::string query = "DELETE FROM embedding_set_articles WHERE article_id = " + p.integer(article);
    if (id) query += " AND embedding_set_id = " + p.integer(*id);
    execute(ctx_, query, p);
    return sdk::ok_status();
  });
}

sdk::Result<sdk::SetCoverage> SqlEmbeddingSetRepository::coverage(sdk::EmbeddingSetId id) {
  return guarded(ctx_.dialect, "embedding_sets.coverage", [&]() -> sdk::Result<sdk::SetCoverage> {
    Params p(ctx_.dialect);
    long long indexable = 0, missing = 0, stale = 0;
    auto prepared = (ctx_.sql.prepare << "SELECT COUNT(*), "
                                         "COALESCE(SUM(CASE WHEN e.article_id IS NULL THEN 1 ELSE 0 END), 0), "
                                         "COALESCE(SUM(CASE WHEN e.article_updated_at <> a.updated_at THEN 1 ELSE 0 "
                                         "END), 0) "
                                      << freshness_join(p, id));
    prepared, soci::into(indexable), soci::into(missing), soci::into(stale);
    p.bind(prepared);
    soci::statement st(prepared);
    st.execute(true);
    sdk::SetCoverage coverage;
    coverage.indexable = indexable;
    coverage.missing = missing;
    coverage.stale = stale;
    coverage.fresh = indexable - missing - stale;
    return coverage;
  });
}

sdk::Result<std::vector<sdk::ArticleId>> SqlEmbeddingSetRepository::articles_needing(sdk::EmbeddingSetId id,
                                                                                     sdk::ArticleId after,
                                                                                     std::size_t limit) {
  return guarded(ctx_.dialect, "embedding_sets.articles_needing", [&]() -> sdk::Result<std::vector<sdk::ArticleId>> {
    Params p(ctx_.dialect);
    std::string query = "SELECT a.id " + freshness_join(p, id) + " AND a.id > " + p.integer(after) +
                        " AND (e.article_id IS NULL OR e.article_updated_at <> a.updated_at) ORDER BY a.id";
    query += limit_offset(p, limit, 0);
    long long article = 0;
    auto prepared = (ctx_.sql.prepare << query);
    prepared, soci::into(article);
    p.bind(prepared);
    soci::statement st(prepared);
    st.execute();
    std::vector<sdk::ArticleId> out;
    while (st.fetch()) out.push_back(article);
    return out;
  });
}

}  // namespace vellum::storage_sql
