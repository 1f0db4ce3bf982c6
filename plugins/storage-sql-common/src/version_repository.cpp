#include "repositories.hpp"
#include "vellum/storage_sql/ids.hpp"
#include "vellum/storage_sql/sql_guard.hpp"

namespace vellum::storage_sql {

std::vector<sdk::ArticleVersion> SqlVersionRepository::select(const std::string& condition, Params& params) {
  const Dialect& d = ctx_.dialect;
  long long id = 0, article_id = 0, number = 0, size = 0;
  std::string title, content, folder, hash, created_at;
  OptTextOut metadata, message, created_by;
  auto prepared = (ctx_.sql.prepare << "SELECT id, article_id, version_number, title, content, folder, metadata, "
                                       "message, content_hash, size_bytes, "
                                    << d.ts_out("created_at") << ", created_by FROM article_versions WHERE "
                                    << condition << " ORDER BY version_number DESC");
  prepared, soci::into(id), soci::into(article_id), soci::into(number), soci::into(title), soci::into(content),
      soci::into(folder), soci::into(metadata.value, metadata.ind), soci::into(message.value, message.ind),
      soci::into(hash), soci::into(size), soci::into(created_at), soci::into(created_by.value, created_by.ind);
  params.bind(prepared);
  soci::statement st(prepared);
  st.execute();
  std::vector<sdk::ArticleVersion> out;
  while (st.fetch()) {
    sdk::ArticleVersion v;
    v.id = id;
    v.article_id = article_id;
    v.version_number = number;
    v.title = title;
    v.content = content;
    v.folder = folder;
    v.metadata_json = d.json_from_db(metadata.or_default("{}"));
    v.message = message.or_default("");
    v.content_hash = hash;
    v.size_bytes = static_cast<std::uint64_t>(size);
    v.created_at = timestamp_from_db(created_at);
    v.created_by = created_by.get();
    out.push_back(std::move(v));
  }
  return out;
}

sdk::Result<sdk::ArticleVersion> SqlVersionRepository::append(const sdk::ArticleVersion& version) {
  return guarded(ctx_.dialect, "versions.append", [&]() -> sdk::Result<sdk::ArticleVersion> {
    Params p(ctx_.dialect);
    // The caller may leave the digest and size to us; they always describe `content`.
    const std::string hash = version.content_hash.empty() ? sha256_hex(version.content) : version.content_hash;
    const auto size = version.size_bytes == 0 ? version.content.size() : version.size_bytes;
    const auto created = version.created_at == sdk::Timestamp{} ? clock_now() : version.created_at;
    const std::string article = p.integer(version.article_id);
    // Numbering inside the INSERT: the write transaction serialises appends to one article, and
    // UNIQUE(article_id, version_number) refuses a duplicate should two ever race.
    const std::string sql =
        "INSERT INTO article_versions (article_id, version_number, title, content, folder, metadata, message, "
        "content_hash, size_bytes, created_at, created_by) SELECT " + article +
        ", COALESCE(MAX(version_number), 0) + 1, " + p.text(version.title) + ", " + p.text(version.content) + ", " +
        p.text(version.folder) + ", " + p.text(version.metadata_json) + ", " + p.text(version.message) + ", " +
        p.text(hash) + ", " + p.integer(static_cast<long long>(size)) + ", " + p.ts(created) + ", " +
        p.opt_text(version.created_by) + " FROM article_versions WHERE article_id = " +
        p.integer(version.article_id);
    execute(ctx_, sql, p);
    const auto id = ctx_.dialect.last_insert_id(ctx_.sql, "article_versions", "id");
    Params q(ctx_.dialect);
    auto rows = select("id = " + q.integer(id), q);
    if (rows.empty()) return sdk::Error(sdk::ErrorKind::internal, "versions.append: the new row vanished");
    return rows.front();
  });
}

sdk::Result<std::vector<sdk::ArticleVersion>> SqlVersionRepository::list(sdk::ArticleId article_id) {
  return guarded(ctx_.dialect, "versions.list", [&]() -> sdk::Result<std::vector<sdk::ArticleVersion>> {
    Params p(ctx_.dialect);
    return select("article_id = " + p.integer(article_id), p);
  });
}

sdk::Result<std::optional<sdk::ArticleVersion>> SqlVersionRepository::get(sdk::ArticleId article_id,
                                                                         std::int64_t version_number) {
  return guarded(ctx_.dialect, "versions.get", [&]() -> sdk::Result<std::optional<sdk::ArticleVersion>> {
    Params p(ctx_.dialect);
    auto rows = select("article_id = " + p.integer(article_id) + " AND version_number = " + p.integer(version_number), p);
    if (rows.empty()) return std::optional<sdk::ArticleVersion>();
    return std::optional<sdk::ArticleVersion>(std::move(rows.front()));
  });
}

sdk::Result<std::int64_t> SqlVersionRepository::remove(sdk::ArticleId article_id,
                                                       const std::vector<std::int64_t>& numbers) {
  return guarded(ctx_.dialect, "versions.remove", [&]() -> sdk::Result<std::int64_t> {
    Params p(ctx_.dialect);
    std::string sql = "DELETE FROM article_versions WHERE article_id = " + p.integer(article_id);
    if (!numbers.empty()) {
      sql += " AND version_number IN (";
      for (std::size_t i = 0; i < numbers.size(); ++i) sql += (i ? ", " : "") + p.integer(numbers[i]);
      sql += ")";
    }
    return static_cast<std::int64_t>(execute(ctx_, sql, p));
  });
}

}  // namespace vellum::storage_sql
