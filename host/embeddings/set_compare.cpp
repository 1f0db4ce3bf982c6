#include "embeddings/set_compare.hpp"

#include <cmath>
#include <map>

#include "search/index_registry.hpp"

namespace vellum::embeddings {

namespace {

using sdk::Error;
using sdk::ErrorKind;

// The set's top k articles for `vector`: its best chunk per article, best first.
std::vector<sdk::ArticleId> top_articles(const search::VectorIndex& index, const sdk::Vector& vector, std::size_t k) {
  std::vector<sdk::ArticleId> out;
  for (const auto& hit : index.search(vector, k * 4)) {
    if (std::find(out.begin(), out.end(), hit.key.article_id) != out.end()) continue;
    out.push_back(hit.key.article_id);
    if (out.size() == k) break;
  }
  return out;
}

sdk::Result<sdk::Vector> embed_query(sdk::EmbeddingProvider& provider, const std::string& query) {
  sdk::EmbedOptions options;
  options.purpose = sdk::EmbedPurpose::query;
  std::vector<std::string> texts{query};
  auto embedded = provider.embed(texts, options);
  if (!embedded) return std::move(embedded).error();
  if (embedded.value().size() != 1) return Error(ErrorKind::permanent, "the provider returned no query vector");
  return std::move(embedded.value().front());
}

}  // namespace

sdk::Result<std::vector<std::string>> sample_titles(sdk::StorageBackend& storage, std::size_t count) {
  std::vector<std::string> titles;
  auto read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    auto listed = repos.articles().list({});
    if (!listed) return std::move(listed).error();
    std::vector<std::string> indexable;
    for (const auto& a : listed.value())
      if (!a.no_rag) indexable.push_back(a.title);
    const std::size_t step = std::max<std::size_t>(1, indexable.size() / std::max<std::size_t>(1, count));
    for (std::size_t i = 0; i < indexable.size() && titles.size() < count; i += step) titles.push_back(indexable[i]);
    return {};
  });
  if (!read) return read.error();
  return titles;
}

sdk::Result<Comparison> compare_sets(sdk::StorageBackend& storage, const ComparedSet& first, const ComparedSet& second,
                                     const std::vector<std::string>& queries, std::size_t k) {
  if (k == 0) return Error(ErrorKind::invalid_argument, "k must be at least 1");
  if (queries.empty()) return Error(ErrorKind::invalid_argument, "no queries to compare with");
  search::VectorIndex first_index(first.set.dimensions);
  search::VectorIndex second_index(second.set.dimensions);
  if (auto loaded = search::load_index(storage, first.set.id, first_index); !loaded) return loaded.error();
  if (auto loaded = search::load_index(storage, second.set.id, second_index); !loaded) return loaded.error();

  Comparison out;
  double overlap_sum = 0, shift_sum = 0;
  std::size_t shifted_queries = 0;
  for (const auto& query : queries) {
    auto a = embed_query(*first.provider, query);
    if (!a) return a.error().with_context("embedding \"" + query + "\" for set " + std::to_string(first.set.id));
    auto b = embed_query(*second.provider, query);
    if (!b) return b.error().with_context("embedding \"" + query + "\" for set " + std::to_string(second.set.id));
    QueryComparison one{query, top_articles(first_index, a.value(), k), top_articles(second_index, b.value(), k), 0, {}};
    std::map<sdk::ArticleId, std::size_t> second_rank;
    for (std::size_t r = 0; r < one.second.size(); ++r) second_rank[one.second[r]] = r;
    std::size_t shared = 0;
    double shift = 0;
    for (std::size_t r = 0; r < one.first.size(); ++r) {
      auto it = second_rank.find(one.first[r]);
      if (it == second_rank.end()) continue;
      ++shared;
      shift += std::fabs(static_cast<double>(r) - static_cast<double>(it->second));
    }
    one.overlap = static_cast<double>(shared) / static_cast<double>(k);
    if (shared > 0) {
      one.rank_shift = shift / static_cast<double>(shared);
      shift_sum += *one.rank_shift;
      ++shifted_queries;
    }
    overlap_sum += one.overlap;
    out.queries.push_back(std::move(one));
  }
  out.mean_overlap = overlap_sum / static_cast<double>(queries.size());
  if (shifted_queries > 0) out.mean_rank_shift = shift_sum / static_cast<double>(shifted_queries);
  return out;
}

}  // namespace vellum::embeddings
