#include "article_filter.hpp"
#include "repositories.hpp"
#include "statement_cache.hpp"
#include "vellum/storage_sql/sql_guard.hpp"

namespace vellum::storage_sql {

namespace {

// The columns of a full article row, in the order ArticleRow binds them.
std::string article_columns(const Dialect& d) {
  return "a.id, a.slug, a.title, a.content, a.folder, a.metadata, " + d.bool_out("a.is_public") + ", " +
         d.bool_out("a.no_rag") + ", " + d.ts_out("a.created_at") + ", " + d.ts_out("a.updated_at") +
         ", a.created_by, a.updated_by";
}

struct ArticleRow {
  long long id = 0, is_public = 0, no_rag = 0;
  std::string slug, title, content, folder, created_at, updated_at;
  OptTextOut metadata, created_by, updated_by;

  void bind(soci::details::prepare_temp_type& st) {
    st, soci::into(id), soci::into(slug), soci::into(title), soci::into(content), soci::into(folder),
        soci::into(metadata.value, metadata.ind), soci::into(is_public), soci::into(no_rag), soci::into(created_at),
        soci::into(updated_at), soci::into(created_by.value, created_by.ind),
        soci::into(updated_by.value, updated_by.ind);
  }
  sdk::Article get(const Dialect& d) const {
    sdk::Article a;
    a.id = id;
    a.slug = slug;
    a.title = title;
    a.content = content;
    a.folder = folder;
    a.metadata_json = d.json_from_db(metadata.or_default("{}"));
    a.is_public = is_public != 0;
    a.no_rag = no_rag != 0;
    a.created_at = timestamp_from_db(created_at);
    a.updated_at = timestamp_from_db(updated_at);
    a.created_by = created_by.get();
    a.updated_by = updated_by.get();
    return a;
  }
};

// An article list entry: the article without its content and metadata.
struct SummaryRow {
  long long id = 0, is_public = 0, no_rag = 0;
  std::string slug, title, folder, created_at, updated_at;
  OptTextOut updated_by;

  void bind(soci::details::prepare_temp_type& st) {
    st, soci::into(id), soci::into(slug), soci::into(title), soci::into(folder), soci::into(is_public),
        soci::into(no_rag), soci::into(created_at), soci::into(updated_at), soci::into(updated_by.value, updated_by.ind);
  }
  sdk::ArticleSummary get() const {
    return sdk::ArticleSummary{id, slug, title, folder, is_public != 0, no_rag != 0, timestamp_from_db(created_at),
                               timestamp_from_db(updated_at), updated_by.get()};
  }
};

}  // namespace

std::optional<sdk::Article> SqlArticleRepository::find_where(const std::string& condition, Params& params) {
  CachedQuery<ArticleRow> query(ctx_, "SELECT " + article_columns(ctx_.dialect) + " FROM articles a WHERE " + condition,
                                params);
  query.open();
  if (!query.next()) return std::nullopt;
  return query.row().get(ctx_.dialect);
}

sdk::Result<sdk::Article> SqlArticleRepository::insert(const sdk::ArticleDraft& draft) {
  return guarded(ctx_.dialect, "articles.insert", [&]() -> sdk::Result<sdk::Article> {
    Params p(ctx_.dialect);
    const std::string values = p.text(draft.slug) + ", " + p.text(draft.title) + ", " + p.text(draft.content) + ", " +
                               p.text(draft.folder) + ", " + p.text(draft.metadata_json) + ", " +
                               p.boolean(draft.is_public) + ", " + p.boolean(draft.no_rag) + ", " + p.ts(draft.now) +
                               ", " + p.ts(draft.now) + ", " + p.opt_text(draft.actor) + ", " + p.opt_text(draft.actor);
    execute(ctx_,
            "INSERT INTO articles (slug, title, content, folder, metadata, is_public, no_rag, created_at, updated_at, "
            "created_by, updated_by) VALUES (" + values + ")",
            p);
    const auto id = ctx_.dialect.last_insert_id(ctx_.sql, "articles", "id");
    Params q(ctx_.dialect);
    auto article = find_where("a.id = " + q.integer(id), q);
    if (!article) return sdk::Error(sdk::ErrorKind::internal, "articles.insert: the new row vanished");
    return *article;
  });
}

sdk::Result<sdk::Article> SqlArticleRepository::update(sdk::ArticleId id, const sdk::ArticleDraft& draft) {
  return guarded(ctx_.dialect, "articles.update", [&]() -> sdk::Result<sdk::Article> {
    Params p(ctx_.dialect);
    std::string sql = "UPDATE articles SET slug = " + p.text(draft.slug) + ", title = " + p.text(draft.title) +
                      ", content = " + p.text(draft.content) + ", folder = " + p.text(draft.folder) +
                      ", metadata = " + p.text(draft.metadata_json) + ", is_public = " + p.boolean(draft.is_public) +
                      ", no_rag = " + p.boolean(draft.no_rag) + ", updated_by = " + p.opt_text(draft.actor);
    if (draft.touch_updated_at) sql += ", updated_at = " + p.ts(draft.now);
    sql += " WHERE id = " + p.integer(id);
    if (execute(ctx_, sql, p) == 0)
      return sdk::Error(sdk::ErrorKind::not_found, "articles.update: no article with id " + std::to_string(id));
    Params q(ctx_.dialect);
    return *find_where("a.id = " + q.integer(id), q);
  });
}

sdk::Result<std::optional<sdk::Article>> SqlArticleRepository::find_by_id(sdk::ArticleId id) {
  return guarded(ctx_.dialect, "articles.find_by_id", [&]() -> sdk::Result<std::optional<sdk::Article>> {
    Params p(ctx_.dialect);
    return find_where("a.id = " + p.integer(id), p);
  });
}

sdk::Result<std::optional<sdk::Article>> SqlArticleRepository::find_by_slug(std::string_view slug) {
  return guarded(ctx_.dialect, "articles.find_by_slug", [&]() -> sdk::Result<std::optional<sdk::Article>> {
    Params p(ctx_.dialect);
    return find_where("a.slug = " + p.text(slug), p);
  });
}

sdk::Status SqlArticleRepository::remove(sdk::ArticleId id) {
  return guarded(ctx_.dialect, "articles.remove", [&]() -> sdk::Status {
    // Versions, chunks and tasks go by ON DELETE CASCADE; the schema records the change-feed entries.
    Params p(ctx_.dialect);
    if (execute(ctx_, "DELETE FROM articles WHERE id = " + p.integer(id), p) == 0)
      return sdk::Error(sdk::ErrorKind::not_found, "articles.remove: no article with id " + std::to_string(id));
    return sdk::ok_status();
  });
}

sdk::Result<std::vector<sdk::ArticleSummary>> SqlArticleRepository::list(const sdk::ArticleFilter& filter) {
  return guarded(ctx_.dialect, "articles.list", [&]() -> sdk::Result<std::vector<sdk::ArticleSummary>> {
    const Dialect& d = ctx_.dialect;
    Params p(d);
    const std::string where = article_filter_sql(filter, p);
    const std::string paging = limit_offset(p, filter.limit, filter.offset);
    CachedQuery<SummaryRow> query(ctx_,
                                  "SELECT a.id, a.slug, a.title, a.folder, " + d.bool_out("a.is_public") + ", " +
                                      d.bool_out("a.no_rag") + ", " + d.ts_out("a.created_at") + ", " +
                                      d.ts_out("a.updated_at") + ", a.updated_by FROM articles a WHERE " + where +
                                      " ORDER BY a.updated_at DESC, a.id DESC" + paging,
                                  p);
    query.open();
    std::vector<sdk::ArticleSummary> out;
    while (query.next()) out.push_back(query.row().get());
    return out;
  });
}

sdk::Result<std::int64_t> SqlArticleRepository::count(const sdk::ArticleFilter& filter) {
  return guarded(ctx_.dialect, "articles.count", [&]() -> sdk::Result<std::int64_t> {
    Params p(ctx_.dialect);
    const std::string where = article_filter_sql(filter, p);
    return query_integer(ctx_, "SELECT COUNT(*) FROM articles a WHERE " + where, p).value_or(0);
  });
}

sdk::Result<std::vector<sdk::ArticleId>> SqlArticleRepository::list_ids(sdk::ArticleId after_id, std::size_t limit) {
  return guarded(ctx_.dialect, "articles.list_ids", [&]() -> sdk::Result<std::vector<sdk::ArticleId>> {
    Params p(ctx_.dialect);
    const std::string sql = "SELECT id FROM articles WHERE id > " + p.integer(after_id) + " ORDER BY id" +
                            limit_offset(p, limit, 0);
    long long id = 0;
    auto prepared = (ctx_.sql.prepare << sql);
    prepared, soci::into(id);
    p.bind(prepared);
    soci::statement st(prepared);
    st.execute();
    std::vector<sdk::ArticleId> out;
    while (st.fetch()) out.push_back(id);
    return out;
  });
}

sdk::Result<std::vector<std::string>> SqlArticleRepository::folders() {
  return guarded(ctx_.dialect, "articles.folders", [&]() -> sdk::Result<std::vector<std::string>> {
    std::string folder;
    soci::statement st = (ctx_.sql.prepare << "SELECT DISTINCT folder FROM articles WHERE folder <> '' ORDER BY folder",
                          soci::into(folder));
    st.execute();
    std::vector<std::string> out;
    while (st.fetch()) out.push_back(folder);
    return out;
  });
}

sdk::Result<std::int64_t> SqlArticleRepository::move_folder(std::string_view from, std::string_view to,
                                                            bool include_subfolders, sdk::Timestamp now) {
  return guarded(ctx_.dialect, "articles.move_folder", [&]() -> sdk::Result<std::int64_t> {
    if (from == to) return std::int64_t{0};
    Params p(ctx_.dialect);
    const std::string from_s(from), to_s(to);
    const std::string prefix = from_s + "/";
    const std::string to_prefix = to_s.empty() ? std::string() : to_s + "/";
    // Subfolders keep their tail: moving "a" to "x" turns "a/b" into "x/b" (and into "b" at the root).
    std::string sql = "UPDATE articles SET folder = CASE WHEN folder = " + p.text(from_s) + " THEN " + p.text(to_s) +
                      " ELSE " + p.text(to_prefix) + " || substr(folder, " +
                      p.integer(static_cast<long long>(utf8_length(prefix)) + 1) + ") END, updated_at = " + p.ts(now) +
                      " WHERE folder = " + p.text(from_s);
    // Every folder is below the root, so the root moves only its own articles.
    if (include_subfolders && !from_s.empty()) {
      sql += " OR substr(folder, 1, " + p.integer(static_cast<long long>(utf8_length(prefix))) +
             ") = " + p.text(prefix);
    }
    return static_cast<std::int64_t>(execute(ctx_, sql, p));
  });
}

sdk::Result<std::vector<sdk::KeywordHit>> SqlArticleRepository::keyword_search(std::string_view query,
                                                                               const sdk::ArticleFilter& filter,
                                                                               std::size_t limit) {
  return guarded(ctx_.dialect, "articles.keyword_search", [&]() -> sdk::Result<std::vector<sdk::KeywordHit>> {
    std::vector<sdk::KeywordHit> out;
    const auto fts = ctx_.dialect.fts_query(query);
    if (!fts || limit == 0) return out;
    Params p(ctx_.dialect);
    const std::string fts_param = p.text(*fts);
    const std::string where = article_filter_sql(filter, p);
    const std::string limit_param = p.integer(static_cast<long long>(limit));
    long long id = 0;
    std::string slug, title, folder;
    double score = 0;
    OptTextOut snippet;
    auto prepared = (ctx_.sql.prepare << ctx_.dialect.keyword_search_sql(fts_param, where, limit_param));
    prepared, soci::into(id), soci::into(slug), soci::into(title), soci::into(folder), soci::into(score),
        soci::into(snippet.value, snippet.ind);
    p.bind(prepared);
    soci::statement st(prepared);
    st.execute();
    while (st.fetch()) out.push_back(sdk::KeywordHit{id, slug, title, folder, score, snippet.or_default("")});
    return out;
  });
}

}  // namespace vellum::storage_sql
