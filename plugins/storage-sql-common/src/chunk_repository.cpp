#include <nlohmann/json.hpp>

#include "repositories.hpp"
#include "statement_cache.hpp"
#include "vellum/storage_sql/sql_guard.hpp"
#include "vellum/storage_sql/vector_bytes.hpp"

namespace vellum::storage_sql {

namespace {

std::string headings_to_json(const std::vector<std::string>& headings) { return nlohmann::json(headings).dump(); }

std::vector<std::string> headings_from_json(const std::string& text) {
  if (text.empty()) return {};
  return nlohmann::json::parse(text).get<std::vector<std::string>>();
}

// The columns SqlChunkRepository::select reads, in order.
struct ChunkRow {
  long long article_id = 0, set_id = 0, index = 0, seq = 0;
  std::string chunk_id, headings, text, hash;
  OptTextOut vector;

  void bind(soci::details::prepare_temp_type& st) {
    st, soci::into(article_id), soci::into(set_id), soci::into(chunk_id), soci::into(index), soci::into(headings),
        soci::into(text), soci::into(hash), soci::into(vector.value, vector.ind), soci::into(seq);
  }
};

}  // namespace

std::int64_t SqlChunkRepository::record_change(sdk::EmbeddingSetId set, sdk::ArticleId article) {
  Params p(ctx_.dialect);
  execute(ctx_,
          "INSERT INTO embedding_changes (embedding_set_id, article_id, changed_at) VALUES (" + p.integer(set) + ", " +
              p.integer(article) + ", " + p.ts(clock_now()) + ")",
          p);
  return ctx_.dialect.last_insert_id(ctx_.sql, "embedding_changes", "seq");
}

std::vector<sdk::Chunk> SqlChunkRepository::select(const std::string& condition, Params& params, bool with_vectors) {
  const Dialect& d = ctx_.dialect;
  CachedQuery<ChunkRow> query(ctx_,
                              "SELECT article_id, embedding_set_id, chunk_id, chunk_index, heading_path, text_content, "
                              "content_hash, " + (with_vectors ? d.blob_out("vector") : std::string("NULL")) +
                                  ", seq FROM embeddings WHERE " + condition + " ORDER BY article_id, chunk_index",
                              params);
  query.open();
  std::vector<sdk::Chunk> out;
  while (query.next()) {
    const ChunkRow& row = query.row();
    sdk::Chunk c;
    c.article_id = row.article_id;
    c.embedding_set_id = row.set_id;
    c.chunk_id = row.chunk_id;
    c.chunk_index = static_cast<std::int32_t>(row.index);
    c.heading_path = headings_from_json(row.headings);
    c.text = row.text;
    c.content_hash = row.hash;
    c.seq = row.seq;
    if (with_vectors && row.vector.ind == soci::i_ok) {
      auto bytes = d.decode_blob(row.vector.value);
      auto floats = bytes ? vector_from_bytes(*bytes) : std::nullopt;
      if (!floats) throw std::runtime_error("chunk " + row.chunk_id + ": stored vector is not float32 data");
      c.vector = std::move(*floats);
    }
    out.push_back(std::move(c));
  }
  return out;
}

sdk::Status SqlChunkRepository::replace_article_chunks(sdk::EmbeddingSetId set, sdk::ArticleId article,
                                                       const std::vector<sdk::Chunk>& chunks) {
  return guarded(ctx_.dialect, "chunks.replace_article_chunks", [&]() -> sdk::Status {
    Params ps(ctx_.dialect);
    const auto dimensions = query_integer(ctx_, "SELECT dimensions FROM embedding_sets WHERE id = " + ps.integer(set), ps);
    if (!dimensions)
      return sdk::Error(sdk::ErrorKind::not_found, "chunks.replace_article_chunks: no embedding set " + std::to_string(set));
    for (const auto& c : chunks) {
      // A set holds vectors of one model only; a vector of another size would poison every search.
      if (!c.vector.empty() && static_cast<long long>(c.vector.size()) != *dimensions) {
        return sdk::Error(sdk::ErrorKind::bad_dimension,
                          "chunks.replace_article_chunks: chunk " + std::to_string(c.chunk_index) + " has " +
                              std::to_string(c.vector.size()) + " dimensions, embedding set " + std::to_string(set) +
                              " holds " + std::to_string(*dimensions));
      }
    }
    const std::int64_t seq = record_change(set, article);
    Params pd(ctx_.dialect);
    execute(ctx_,
            "DELETE FROM embeddings WHERE embedding_set_id = " + pd.integer(set) + " AND article_id = " + pd.integer(article),
            pd);
    const auto now = clock_now();
    for (const auto& c : chunks) {
      Params p(ctx_.dialect);
      const std::string vector = c.vector.empty() ? std::string("NULL") : p.blob(vector_to_bytes(c.vector));
      execute(ctx_,
              "INSERT INTO embeddings (embedding_set_id, article_id, chunk_id, chunk_index, heading_path, text_content, "
              "content_hash, vector, seq, created_at) VALUES (" + p.integer(set) + ", " + p.integer(article) + ", " +
                  p.text(c.chunk_id) + ", " + p.integer(c.chunk_index) + ", " + p.text(headings_to_json(c.heading_path)) +
                  ", " + p.text(c.text) + ", " + p.text(c.content_hash) + ", " + vector + ", " + p.integer(seq) + ", " +
                  p.ts(now) + ")",
              p);
    }
    return sdk::ok_status();
  });
}

sdk::Status SqlChunkRepository::remove_article_chunks(std::optional<sdk::EmbeddingSetId> set, sdk::ArticleId article) {
  return guarded(ctx_.dialect, "chunks.remove_article_chunks", [&]() -> sdk::Status {
    std::vector<sdk::EmbeddingSetId> sets;
    if (set) {
      sets.push_back(*set);
    } else {
      Params p(ctx_.dialect);
      long long id = 0;
      auto prepared = (ctx_.sql.prepare << "SELECT DISTINCT embedding_set_id FROM embeddings WHERE article_id = "
                                        << p.integer(article) << " ORDER BY embedding_set_id");
      prepared, soci::into(id);
      p.bind(prepared);
      soci::statement st(prepared);
      st.execute();
      while (st.fetch()) sets.push_back(id);
    }
    for (auto s : sets) {
      Params p(ctx_.dialect);
      execute(ctx_, "DELETE FROM embeddings WHERE embedding_set_id = " + p.integer(s) + " AND article_id = " + p.integer(article), p);
      record_change(s, article);
    }
    return sdk::ok_status();
  });
}

sdk::Result<std::vector<sdk::Chunk>> SqlChunkRepository::article_chunks(sdk::EmbeddingSetId set, sdk::ArticleId article,
                                                                        bool with_vectors) {
  return guarded(ctx_.dialect, "chunks.article_chunks", [&]() -> sdk::Result<std::vector<sdk::Chunk>> {
    Params p(ctx_.dialect);
    return select("embedding_set_id = " + p.integer(set) + " AND article_id = " + p.integer(article), p, with_vectors);
  });
}

sdk::Result<std::vector<sdk::Chunk>> SqlChunkRepository::scan(sdk::EmbeddingSetId set, sdk::ArticleId after_article,
                                                              std::size_t limit_articles) {
  return guarded(ctx_.dialect, "chunks.scan", [&]() -> sdk::Result<std::vector<sdk::Chunk>> {
    Params p(ctx_.dialect);
    const std::string condition = "embedding_set_id = " + p.integer(set) +
                                  " AND article_id IN (SELECT DISTINCT article_id FROM embeddings WHERE "
                                  "embedding_set_id = " + p.integer(set) + " AND article_id > " +
                                  p.integer(after_article) + " ORDER BY article_id" +
                                  limit_offset(p, limit_articles, 0) + ")";
    return select(condition, p, true);
  });
}

sdk::Result<std::vector<sdk::ChunkChange>> SqlChunkRepository::changes_since(std::int64_t after_seq, std::size_t limit) {
  return guarded(ctx_.dialect, "chunks.changes_since", [&]() -> sdk::Result<std::vector<sdk::ChunkChange>> {
    Params p(ctx_.dialect);
    long long seq = 0, set = 0, article = 0;
    auto prepared = (ctx_.sql.prepare << "SELECT seq, embedding_set_id, article_id FROM embedding_changes WHERE seq > "
                                      << p.integer(after_seq) << " ORDER BY seq" << limit_offset(p, limit, 0));
    prepared, soci::into(seq), soci::into(set), soci::into(article);
    p.bind(prepared);
    soci::statement st(prepared);
    st.execute();
    std::vector<sdk::ChunkChange> out;
    while (st.fetch()) out.push_back(sdk::ChunkChange{seq, set, article});
    return out;
  });
}

sdk::Result<std::int64_t> SqlChunkRepository::latest_change_seq() {
  return guarded(ctx_.dialect, "chunks.latest_change_seq", [&]() -> sdk::Result<std::int64_t> {
    Params p(ctx_.dialect);
    return static_cast<std::int64_t>(query_integer(ctx_, "SELECT MAX(seq) FROM embedding_changes", p).value_or(0));
  });
}

sdk::Result<std::int64_t> SqlChunkRepository::count_chunks(sdk::EmbeddingSetId set) {
  return guarded(ctx_.dialect, "chunks.count_chunks", [&]() -> sdk::Result<std::int64_t> {
    Params p(ctx_.dialect);
    return static_cast<std::int64_t>(
        query_integer(ctx_, "SELECT COUNT(*) FROM embeddings WHERE embedding_set_id = " + p.integer(set), p).value_or(0));
  });
}

sdk::Result<std::vector<sdk::ArticleId>> SqlChunkRepository::indexed_articles(sdk::EmbeddingSetId set) {
  return guarded(ctx_.dialect, "chunks.indexed_articles", [&]() -> sdk::Result<std::vector<sdk::ArticleId>> {
    Params p(ctx_.dialect);
    long long id = 0;
    auto prepared = (ctx_.sql.prepare << "SELECT DISTINCT article_id FROM embeddings WHERE embedding_set_id = "
                                      << p.integer(set) << " ORDER BY article_id");
    prepared, soci::into(id);
    p.bind(prepared);
    soci::statement st(prepared);
    st.execute();
    std::vector<sdk::ArticleId> out;
    while (st.fetch()) out.push_back(id);
    return out;
  });
}

}  // namespace vellum::storage_sql
