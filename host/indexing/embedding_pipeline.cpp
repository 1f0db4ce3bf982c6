#include "indexing/embedding_pipeline.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <cmath>
#include <map>
#include <optional>

#include <spdlog/spdlog.h>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "common/redact.hpp"
#include "indexing/batch_planner.hpp"
#include "indexing/chunker.hpp"

namespace vellum::indexing {

namespace {

using sdk::Error;
using sdk::ErrorKind;

// Everything known about one article during one batch.
struct ArticleWork {
  sdk::ArticleId id = 0;
  std::optional<sdk::Article> article;
  std::vector<ChunkDraft> drafts;
  std::vector<sdk::Vector> vectors;  // one per draft once complete
  std::optional<Error> error;
  bool skipped = false;  // deleted or no_rag
};

// Which text of which article a planned call carries.
struct TextRef {
  std::size_t work = 0;
  std::size_t draft = 0;
};

// Provider calls one batch may have in flight at once.
constexpr std::size_t kParallelCalls = 4;

bool stops_the_batch(const Error& error) {
  // After these, later calls in the same batch would fail the same way; fail them without trying.
  return error.kind == ErrorKind::rate_limited || error.kind == ErrorKind::cancelled ||
         error.kind == ErrorKind::unauthenticated || error.kind == ErrorKind::permission_denied ||
         error.kind == ErrorKind::unavailable;
}

sdk::Status check_vectors(const std::vector<sdk::Vector>& vectors, std::size_t expected_count, std::uint32_t dims) {
  if (vectors.size() != expected_count) {
    return Error(ErrorKind::bad_dimension, "provider returned " + std::to_string(vectors.size()) + " vectors for " +
                                               std::to_string(expected_count) + " texts");
  }
  for (const auto& v : vectors) {
    if (v.size() != dims) {
      return Error(ErrorKind::bad_dimension, "provider returned a vector of " + std::to_string(v.size()) +
                                                 " dimensions; the embedding set has " + std::to_string(dims));
    }
    if (!std::all_of(v.begin(), v.end(), [](float x) { return std::isfinite(x); })) {
      return Error(ErrorKind::permanent, "provider returned a vector with a non-finite value");
    }
  }
  return {};
}

// The chunk rows of one complete article.
std::vector<sdk::Chunk> chunk_rows(ArticleWork& w, sdk::EmbeddingSetId set) {
  std::vector<sdk::Chunk> chunks;
  chunks.reserve(w.drafts.size());
  for (std::size_t d = 0; d < w.drafts.size(); ++d) {
    sdk::Chunk c;
    c.article_id = w.id;
    c.embedding_set_id = set;
    c.chunk_index = static_cast<std::int32_t>(d);
    c.chunk_id = w.article->slug + ".md#" + std::to_string(d);
    c.heading_path = w.drafts[d].heading_path;
    c.text = w.drafts[d].text;
    c.content_hash = w.drafts[d].content_hash;
    c.vector = std::move(w.vectors[d]);
    chunks.push_back(std::move(c));
  }
  return chunks;
}

// One article's chunk write: its rows (none = the article is skipped and loses its chunks), and once
// stored, the change-feed sequence of the write.
struct PendingWrite {
  const ArticleWork* work = nullptr;
  std::vector<sdk::Chunk> chunks;
  std::optional<std::int64_t> seq;
  sdk::Status status;
};

// Writes one article's chunks. The write's change-feed sequence, read back inside the same
// transaction, tags the indexed state: the change-feed follower then skips this change and cannot
// undo it with an older read.
sdk::Status write_article(sdk::Repositories& repos, sdk::EmbeddingSetId set, PendingWrite& write) {
  write.seq.reset();
  const auto id = write.work->id;
  if (write.work->skipped) {
    if (auto removed = repos.chunks().remove_article_chunks(std::nullopt, id); !removed) return removed;
    return repos.embedding_sets().forget_article(std::nullopt, id);
  }
  if (auto replaced = repos.chunks().replace_article_chunks(set, id, write.chunks); !replaced) return replaced;
  // Which text the vectors were made from: the article is stale in this set once it changes again.
  const auto& article = *write.work->article;
  if (auto marked = repos.embedding_sets().mark_embedded(set, id, sha256_hex(article.content), article.updated_at,
                                                         now_ms());
      !marked) {
    return marked;
  }
  if (write.chunks.empty()) return {};
  auto written = repos.chunks().article_chunks(set, id, /*with_vectors=*/false);
  if (!written) return std::move(written).error();
  if (!written->empty()) write.seq = written->front().seq;
  return {};
}

// The whole batch in one transaction: one commit instead of one per article (the queue drains several
// times faster on SQLite). If it fails, each article is tried in a transaction of its own, so one bad
// article cannot keep the others unindexed.
// Row-guarded: an article's chunks are replaced whole (delete, then insert under a unique index), so
// two writers of one article (a worker whose lease ran out, and the one that took over) end with one
// of the two sets either way; SERIALIZABLE only made two processes' batches abort each other.
void store_writes(sdk::StorageBackend& storage, sdk::EmbeddingSetId set, std::vector<PendingWrite>& writes) {
  if (writes.empty()) return;
  auto together = storage.transact_row_guarded([&](sdk::Repositories& repos) -> sdk::Status {
    for (auto& write : writes) {
      if (auto stored = write_article(repos, set, write); !stored) return stored;
    }
    return {};
  });
  if (together) return;
  for (auto& write : writes) {
    write.status =
        storage.transact_row_guarded([&](sdk::Repositories& repos) { return write_article(repos, set, write); });
  }
}

}  // namespace

EmbeddingPipeline::EmbeddingPipeline(const plugins::RuntimeHolder& runtime, search::IndexRegistry& indexes,
                                     PipelineSettings settings, std::string worker_identity)
    : runtime_(runtime), indexes_(indexes), settings_(settings), worker_identity_(std::move(worker_identity)) {}

std::shared_ptr<sdk::StorageBackend> EmbeddingPipeline::storage() {
  auto rt = runtime_.current();
  return rt ? rt->storage.object : nullptr;
}

sdk::Result<sdk::EmbeddingSet> EmbeddingPipeline::active_set() const {
  auto rt = runtime_.current();
  if (!rt || !rt->lanes.active) return Error(ErrorKind::unavailable, "no embedding set is active");
  return rt->lanes.active->set;
}

std::vector<sdk::IndexOutcome> EmbeddingPipeline::index_articles(std::span<const sdk::ArticleId> ids,
                                                                 std::stop_token stop) {
  std::vector<sdk::IndexRequest> requests;
  requests.reserve(ids.size());
  for (auto id : ids) requests.push_back({id, std::nullopt});
  return index_requests(requests, stop);
}

std::vector<sdk::IndexOutcome> EmbeddingPipeline::index_requests(std::span<const sdk::IndexRequest> requests,
                                                                 std::stop_token stop) {
  std::vector<sdk::IndexOutcome> outcomes(requests.size());
  const auto rt = runtime_.current();  // one snapshot for the whole batch
  if (!rt || !rt->storage.object || !rt->lanes.active) {
    for (std::size_t i = 0; i < requests.size(); ++i) {
      outcomes[i] = {requests[i].article_id, Error(ErrorKind::unavailable, "no active storage backend or embedding set"),
                     0, false};
    }
    return outcomes;
  }
  // Which requests go to which lane. A request for every set answers with the active set's outcome;
  // the other sets' failures are logged (the switch coordinator fills what they miss).
  struct LaneWork {
    const plugins::EmbeddingLane* lane = nullptr;
    std::vector<sdk::ArticleId> ids;
    std::vector<std::size_t> answers;  // index into outcomes, or npos when the outcome is not reported
  };
  constexpr auto kUnreported = static_cast<std::size_t>(-1);
  std::vector<LaneWork> work;
  auto work_of = [&](const plugins::EmbeddingLane* lane) -> LaneWork& {
    for (auto& w : work)
      if (w.lane == lane) return w;
    return work.emplace_back(LaneWork{lane, {}, {}});
  };
  const auto live = rt->lanes.live();
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const auto& request = requests[i];
    outcomes[i].article_id = request.article_id;
    if (!request.embedding_set_id) {
      for (const auto* lane : live) {
        auto& w = work_of(lane);
        w.ids.push_back(request.article_id);
        w.answers.push_back(lane == &*rt->lanes.active ? i : kUnreported);
      }
    } else if (const auto* lane = rt->lanes.find(*request.embedding_set_id)) {
      auto& w = work_of(lane);
      w.ids.push_back(request.article_id);
      w.answers.push_back(i);
    } else {
      outcomes[i].skipped = true;  // a set no longer kept current (rolled back or retired): nothing to do
    }
  }
  for (auto& w : work) {
    auto done = index_into(*rt, *w.lane, w.ids, stop);
    for (std::size_t j = 0; j < done.size(); ++j) {
      if (w.answers[j] != kUnreported) {
        outcomes[w.answers[j]] = std::move(done[j]);
      } else if (!done[j].status) {
        spdlog::warn("article {} not embedded into set {} ({}): {}", done[j].article_id, w.lane->set.id,
                     w.lane->set.state, done[j].status.error().message);
      }
    }
  }
  return outcomes;
}

std::vector<sdk::IndexOutcome> EmbeddingPipeline::index_into(const plugins::Runtime& runtime,
                                                             const plugins::EmbeddingLane& lane,
                                                             std::span<const sdk::ArticleId> ids,
                                                             std::stop_token stop) {
  std::vector<sdk::IndexOutcome> outcomes;
  auto fail_all = [&](const Error& error) {
    outcomes.clear();
    for (auto id : ids) outcomes.push_back({id, error, 0, false});
    return outcomes;
  };
  if (!lane.provider) {
    return fail_all(Error(ErrorKind::unavailable, "the provider of embedding set " + std::to_string(lane.set.id) +
                                                      " is not loaded"));
  }
  auto& storage = *runtime.storage.object;
  auto& provider = *lane.provider;
  const auto described = provider.describe();
  const auto* set = &lane.set;
  auto index = indexes_.get(storage, lane.set);
  if (!index) return fail_all(index.error());

  ChunkOptions chunk_options;
  chunk_options.max_tokens = std::max<std::size_t>(
      1, std::min(settings_.chunk_tokens, described.limits.max_tokens_per_input));
  chunk_options.overlap_tokens = settings_.chunk_overlap_tokens;
  chunk_options.estimate_tokens = [&provider](std::string_view text) { return provider.estimate_tokens(text); };

  // 1. Load each article and its current chunks; chunk it; keep vectors of unchanged chunks.
  std::vector<ArticleWork> work(ids.size());
  std::vector<std::string> texts;
  std::vector<TextRef> refs;
  for (std::size_t w = 0; w < ids.size(); ++w) {
    work[w].id = ids[w];
    std::vector<sdk::Chunk> existing;
    auto read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
      auto article = repos.articles().find_by_id(ids[w]);
      if (!article) return std::move(article).error();
      work[w].article = std::move(article).value();
      if (!work[w].article || work[w].article->no_rag) return {};
      auto chunks = repos.chunks().article_chunks(set->id, ids[w], /*with_vectors=*/true);
      if (!chunks) return std::move(chunks).error();
      existing = std::move(chunks).value();
      return {};
    });
    if (!read) {
      work[w].error = read.error();
      continue;
    }
    if (!work[w].article || work[w].article->no_rag) {
      work[w].skipped = true;
      continue;
    }
    work[w].drafts = chunk_markdown(work[w].article->content, chunk_options);
    std::map<std::string, const sdk::Vector*> reusable;
    for (const auto& chunk : existing) {
      if (chunk.vector.size() == described.dimensions) reusable.emplace(chunk.content_hash, &chunk.vector);
    }
    work[w].vectors.resize(work[w].drafts.size());
    for (std::size_t d = 0; d < work[w].drafts.size(); ++d) {
      if (auto it = reusable.find(work[w].drafts[d].content_hash); it != reusable.end()) {
        work[w].vectors[d] = *it->second;
      } else {
        texts.push_back(work[w].drafts[d].text);
        refs.push_back({w, d});
      }
    }
  }

  // 2. Embed the changed chunks of the whole batch in as few calls as the provider's limits allow.
  // Calls run side by side (up to kParallelCalls; the provider plugin's own concurrency limit caps what
  // really goes out at once): one call at a time left a 50 ms provider idle between calls. Each call
  // fills disjoint vector slots; errors and the batch stopper are shared and guarded.
  const auto calls = plan_calls(texts, described.limits, chunk_options.estimate_tokens);
  std::mutex shared_state;
  std::optional<Error> batch_stopper;
  auto run_call = [&](const PlannedCall& call) {
    std::vector<std::string> call_texts;
    for (auto i : call.text_indexes) call_texts.push_back(texts[i]);
    std::optional<Error> failure;
    {
      std::lock_guard lock(shared_state);
      failure = batch_stopper;
    }
    if (!failure && stop.stop_requested()) failure = Error(ErrorKind::cancelled, "indexing stopped");
    if (!failure) {
      sdk::EmbedOptions options;
      options.stop = stop;
      auto embedded = provider.embed(call_texts, options);
      if (!embedded) {
        // A task's error is shown to operators and stored with the task: no key an upstream echoed.
        failure = embedded.error();
        failure->message = mask_credentials(failure->message);
      } else if (auto valid = check_vectors(embedded.value(), call_texts.size(), described.dimensions); !valid) {
        failure = valid.error();
      } else {
        for (std::size_t j = 0; j < call.text_indexes.size(); ++j) {
          const auto& ref = refs[call.text_indexes[j]];
          work[ref.work].vectors[ref.draft] = std::move(embedded.value()[j]);
        }
      }
    }
    if (!failure) return;
    std::lock_guard lock(shared_state);
    if (stops_the_batch(*failure) && !batch_stopper) batch_stopper = failure;
    for (auto i : call.text_indexes) {
      auto& w = work[refs[i].work];
      if (!w.error) w.error = failure->with_context("embedding " + described.provider + "/" + described.model);
    }
  };
  std::atomic<std::size_t> next_call{0};
  auto drain_calls = [&] {
    for (std::size_t i = next_call++; i < calls.size(); i = next_call++) run_call(calls[i]);
  };
  std::vector<std::thread> helpers;
  for (std::size_t t = 1; t < std::min(calls.size(), kParallelCalls); ++t) helpers.emplace_back(drain_calls);
  drain_calls();
  for (auto& helper : helpers) helper.join();

  // 3. Store the chunks, then update the in-memory index.
  std::vector<PendingWrite> writes;
  for (auto& w : work) {
    if (w.error) continue;
    writes.push_back({&w, w.skipped ? std::vector<sdk::Chunk>{} : chunk_rows(w, set->id), std::nullopt, {}});
  }
  store_writes(storage, set->id, writes);
  std::size_t next_write = 0;
  for (auto& w : work) {
    sdk::IndexOutcome outcome{w.id, {}, 0, w.skipped};
    if (w.error) {
      outcome.status = *w.error;
      outcomes.push_back(std::move(outcome));
      continue;
    }
    auto& written = writes[next_write++];
    if (!written.status) {
      outcome.status = written.status;
    } else if (w.skipped) {
      index.value()->remove_article(w.id);
    } else {
      std::vector<search::IndexedVector> vectors;
      for (const auto& c : written.chunks) vectors.push_back({c.chunk_index, c.vector});
      if (written.seq) {
        if (auto indexed = index.value()->replace_article_at(w.id, *written.seq, vectors); !indexed) {
          outcome.status = indexed.error();
        }
      } else if (auto indexed = index.value()->replace_article(w.id, vectors); !indexed) {
        outcome.status = indexed;
      }
      outcome.chunks = written.chunks.size();
    }
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

}  // namespace vellum::indexing
