#include "search/search_service.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>


#include "common/clock.hpp"
#include "common/redact.hpp"
#include "metrics/warning_limiter.hpp"

namespace vellum::search {

namespace {

using sdk::Error;
using sdk::ErrorKind;

// The per-article candidate both halves contribute to.
struct Candidate {
  double fused = 0;
  std::optional<std::size_t> keyword_rank;
  std::optional<std::size_t> semantic_rank;
  float semantic_score = 0;
  std::int32_t chunk_index = 0;  // the best semantic chunk
  std::string keyword_snippet;
};

// What callers are told when the semantic half fails: its classification only. The text of a
// provider's error may echo its URL or credentials, so that goes to the log and the admin's /health,
// never to a read-only key's header or body.
std::string public_reason(const Error& error) {
  std::string reason = "semantic search unavailable (" + std::string(sdk::to_string(error.kind));
  if (error.retryable) reason += ", retryable";
  if (error.retry_after) reason += ", retry after " + std::to_string((error.retry_after->count() + 999) / 1000) + " s";
  return reason + ")";
}

constexpr const char* kSemanticFailures = "vellum_search_semantic_failures_total";

// During a provider outage every semantic and hybrid search fails the same way: one line per
// interval (with how many failed meanwhile) says so without a line per request.
void log_semantic_failure(const Error& error) {
  static metrics::WarningLimiter limiter(std::chrono::seconds(10));
  limiter.warn("semantic half", "search: the semantic half failed: " + mask_credentials(error.message));
}

std::string make_snippet(const std::string& text, std::size_t max_bytes = 240) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // never mid-character
  return text.substr(0, cut) + "…";
}

sdk::ArticleFilter filter_of(const SearchQuery& query) {
  sdk::ArticleFilter filter;
  filter.folder = query.folder;
  if (query.public_only) filter.is_public = true;
  return filter;
}

}  // namespace

SearchService::SearchService(const plugins::RuntimeHolder& runtime, IndexRegistry& indexes, metrics::Registry& metrics,
                             SearchSettings settings)
    : runtime_(runtime), indexes_(indexes), metrics_(metrics), settings_(settings) {
  metrics_.declare(kSemanticFailures, metrics::MetricType::counter,
                   "Searches whose semantic half failed, by mode (hybrid: answered from keywords alone, degraded; "
                   "semantic: refused) and error kind.");
}

std::optional<SearchMode> parse_search_mode(std::string_view text) {
  if (text == "semantic") return SearchMode::semantic;
  if (text == "keyword") return SearchMode::keyword;
  if (text == "hybrid") return SearchMode::hybrid;
  return std::nullopt;
}

std::string_view to_string(SearchMode mode) {
  switch (mode) {
    case SearchMode::semantic: return "semantic";
    case SearchMode::keyword: return "keyword";
    case SearchMode::hybrid: return "hybrid";
  }
  return "hybrid";
}

sdk::Result<SearchResponse> SearchService::search(const SearchQuery& query) {
  if (query.text.empty()) return Error(ErrorKind::invalid_argument, "query must not be empty");
  // SQLite ends a string at NUL, so FTS5 would read "unterminated string" (found by fuzz_http_request).
  if (query.text.find('\0') != std::string::npos) {
    return Error(ErrorKind::invalid_argument, "query must not contain NUL characters");
  }
  if (query.k < 1 || query.k > 100) return Error(ErrorKind::invalid_argument, "k must be between 1 and 100");
  const auto rt = runtime_.current();
  if (!rt || !rt->storage.object) return Error(ErrorKind::unavailable, "storage is not available");
  auto& storage = *rt->storage.object;
  const std::size_t candidates = query.k * settings_.candidates_per_k;
  const auto filter = filter_of(query);

  SearchResponse response;
  response.mode = query.mode;
  std::map<sdk::ArticleId, Candidate> fused;

  if (query.mode != SearchMode::semantic) {
    // Fusion needs more candidates from each half than it keeps; keyword mode answers with the keyword
    // ranking as it is, so its first k hits are all it needs. Each candidate costs a snippet (FTS5's
    // snippet(), PostgreSQL's ts_headline), which costs more than ranking it.
    const std::size_t keyword_candidates = query.mode == SearchMode::keyword ? query.k : candidates;
    std::vector<sdk::KeywordHit> keyword;
    auto read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
      auto hits = repos.articles().keyword_search(query.text, filter, keyword_candidates);
      if (!hits) return std::move(hits).error();
      keyword = std::move(hits).value();
      return {};
    });
    if (!read) return read.error().with_context("keyword search");
    for (std::size_t rank = 0; rank < keyword.size(); ++rank) {
      auto& c = fused[keyword[rank].article_id];
      c.keyword_rank = rank;
      c.keyword_snippet = keyword[rank].snippet;
      c.fused += 1.0 / (settings_.rrf_k + static_cast<double>(rank + 1));
    }
  }

  // The set that answers the semantic half, with the provider that filled it: a switch in progress
  // never changes it, only a cut-over does.
  const plugins::EmbeddingLane* active = rt->lanes.active ? &*rt->lanes.active : nullptr;
  if (query.mode != SearchMode::keyword && active) {
    response.answered_by = active->set;
    if (active->progress && active->progress->has_gap(to_epoch_ms(now_ms()))) {
      const auto coverage = active->progress->coverage();
      response.degraded = true;
      response.degraded_reason = "embedding set " + std::to_string(active->set.id) + " lacks " +
                                 std::to_string(coverage.missing) + " of " + std::to_string(coverage.indexable) +
                                 " articles";
    }
  }
  if (query.mode != SearchMode::keyword) {
    auto semantic = [&]() -> sdk::Status {
      if (!active) return Error(ErrorKind::unavailable, "no embedding set is active");
      if (!active->provider) {
        return Error(ErrorKind::unavailable,
                     "the provider of embedding set " + std::to_string(active->set.id) + " is not loaded");
      }
      auto index = indexes_.get(storage, active->set);
      if (!index) return index.error();
      std::vector<std::string> texts{query.text};
      sdk::EmbedOptions options;
      options.purpose = sdk::EmbedPurpose::query;
      auto embedded = active->provider->embed(texts, options);
      if (!embedded) return embedded.error().with_context("embedding the query");
      if (embedded.value().size() != 1) return Error(ErrorKind::permanent, "provider returned no query vector");

      // A folder or public filter becomes the set of articles the index may return.
      ArticlePredicate accept;
      std::set<sdk::ArticleId> allowed;
      if (filter.folder || filter.is_public) {
        auto read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
          auto listed = repos.articles().list(filter);
          if (!listed) return std::move(listed).error();
          for (const auto& a : listed.value()) allowed.insert(a.id);
          return {};
        });
        if (!read) return read;
        accept = [&allowed](sdk::ArticleId id) { return allowed.count(id) > 0; };
      }
      // Chunks, best first; the first chunk seen of an article is its best.
      auto hits = index.value()->search(embedded.value()[0], candidates * 4, accept);
      std::size_t rank = 0;
      for (const auto& hit : hits) {
        auto& c = fused[hit.key.article_id];
        if (c.semantic_rank) continue;
        c.semantic_rank = rank;
        c.semantic_score = hit.score;
        c.chunk_index = hit.key.chunk_index;
        c.fused += 1.0 / (settings_.rrf_k + static_cast<double>(rank + 1));
        if (++rank == candidates) break;
      }
      return {};
    }();
    if (!semantic) {
      const Error& failed = semantic.error();
      log_semantic_failure(failed);
      metrics_.add(kSemanticFailures, {{"mode", std::string(to_string(query.mode))}, {"kind", std::string(sdk::to_string(failed.kind))}}, 1);
      if (query.mode == SearchMode::semantic) {
        // A query the provider refuses stays the caller's mistake (400); anything else is ours (503).
        const bool refused = failed.kind == ErrorKind::invalid_argument;
        Error e(refused ? ErrorKind::invalid_argument : ErrorKind::unavailable, public_reason(failed));
        e.retry_after = failed.retry_after;
        return e;
      }
      response.degraded = true;
      response.degraded_reason = public_reason(failed);
    }
  }

  // Order: semantic score for semantic mode; fused rank otherwise (keyword mode: keyword rank).
  std::vector<std::pair<sdk::ArticleId, Candidate>> ordered(fused.begin(), fused.end());
  std::erase_if(ordered, [&](const auto& entry) {
    return query.mode == SearchMode::semantic ? !entry.second.semantic_rank : false;
  });
  std::sort(ordered.begin(), ordered.end(), [&](const auto& a, const auto& b) {
    if (query.mode == SearchMode::semantic) return a.second.semantic_score > b.second.semantic_score;
    if (a.second.fused != b.second.fused) return a.second.fused > b.second.fused;
    return a.first < b.first;
  });
  if (ordered.size() > query.k) ordered.resize(query.k);

  auto loaded = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    for (const auto& [id, candidate] : ordered) {
      auto article = repos.articles().find_by_id(id);
      if (!article) return std::move(article).error();
      if (!article.value()) continue;  // deleted since it was indexed
      const auto& a = *article.value();
      SearchHit hit;
      hit.article = {a.id, a.slug, a.title, a.folder, a.is_public, a.no_rag, a.created_at, a.updated_at, a.updated_by};
      hit.keyword_match = candidate.keyword_rank.has_value();
      hit.semantic_match = candidate.semantic_rank.has_value();
      if (query.mode == SearchMode::semantic) {
        hit.score = std::clamp(static_cast<double>(candidate.semantic_score), 0.0, 1.0);
      } else {
        // First in every half that ran scores 1: keyword alone has one half, hybrid two.
        const double halves = query.mode == SearchMode::keyword ? 1.0 : 2.0;
        hit.fusion = candidate.fused;
        hit.score = std::min(1.0, candidate.fused / (halves / (settings_.rrf_k + 1.0)));
      }
      hit.chunk_index = candidate.chunk_index;
      hit.chunk_id = a.slug + ".md#" + std::to_string(candidate.chunk_index);
      if (hit.semantic_match && active) {
        auto chunks = repos.chunks().article_chunks(active->set.id, id, /*with_vectors=*/false);
        if (chunks) {
          for (const auto& c : chunks.value()) {
            if (c.chunk_index != candidate.chunk_index) continue;
            hit.text = c.text;
            hit.heading_path = c.heading_path;
            hit.chunk_id = c.chunk_id;
          }
        }
      }
      if (hit.text.empty()) hit.text = candidate.keyword_snippet.empty() ? make_snippet(a.content) : candidate.keyword_snippet;
      hit.snippet = !candidate.keyword_snippet.empty() ? candidate.keyword_snippet : make_snippet(hit.text);
      response.hits.push_back(std::move(hit));
    }
    return {};
  });
  if (!loaded) return loaded.error().with_context("loading search results");
  return response;
}

}  // namespace vellum::search
