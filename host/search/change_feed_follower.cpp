#include "search/change_feed_follower.hpp"

#include <algorithm>
#include <cmath>

#include <spdlog/spdlog.h>

#include "metrics/prometheus_name.hpp"
#include "metrics/warning_limiter.hpp"

namespace vellum::search {

namespace {

constexpr std::size_t kChangesPerRead = 500;
// A sequence number still missing after this long belonged to a transaction that rolled back (or a
// retried one); no writer holds a chunk transaction open that long.
constexpr auto kGapGrace = std::chrono::seconds(60);
// A jump larger than this is not in-flight transactions (a restored database, a reset sequence):
// nothing to wait for.
constexpr std::int64_t kMostGapsPerJump = 10000;

template <class T>
sdk::Status read_into(sdk::StorageBackend& storage, T& out,
                      const std::function<sdk::Result<T>(sdk::ChunkRepository&)>& query) {
  return storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    auto answer = query(repos.chunks());
    if (!answer) return std::move(answer).error();
    out = std::move(answer).value();
    return {};
  });
}

sdk::Status changes_after(sdk::StorageBackend& storage, std::int64_t after, std::vector<sdk::ChunkChange>& out) {
  return read_into<std::vector<sdk::ChunkChange>>(
      storage, out, [after](sdk::ChunkRepository& chunks) { return chunks.changes_since(after, kChangesPerRead); });
}

}  // namespace

ChangeFeedFollower::ChangeFeedFollower(const plugins::RuntimeHolder& runtime, IndexRegistry& indexes,
                                       std::chrono::milliseconds poll_interval)
    : runtime_(runtime), indexes_(indexes), poll_interval_(poll_interval) {}

ChangeFeedFollower::~ChangeFeedFollower() {
  stop();
  collector_ = {};  // before the state it reads goes
}

void ChangeFeedFollower::start() {
  thread_ = std::jthread([this](std::stop_token stop) {
    bool failing = false;
    while (!stop.stop_requested()) {
      const auto polled = poll_once();
      note_round(polled);
      if (!polled) {
        // Visible once per outage, not once per poll: the index is stale until the feed is readable.
        if (!failing) spdlog::warn("change feed: cannot follow (vector index may be stale): {}", polled.error().message);
        failing = true;
      } else if (failing) {
        spdlog::info("change feed: following again");
        failing = false;
      }
      wait_for_changes(stop);
    }
  });
}

void ChangeFeedFollower::wait_for_changes(const std::stop_token& stop) {
  // Only the backend is held while waiting, not the runtime snapshot; and in slices, so a hot swap
  // of the storage backend lets go of the old one (and its connections) within a slice.
  constexpr auto kSlice = std::chrono::milliseconds(1000);
  const auto deadline = std::chrono::steady_clock::now() + poll_interval_;
  sdk::BackendPtr storage;
  if (const auto rt = runtime_.current()) storage = rt->storage.object;
  while (!stop.stop_requested()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left <= std::chrono::milliseconds(0)) return;
    const auto slice = std::min(left, kSlice);
    if (!storage) {
      std::mutex mutex;
      std::condition_variable_any wake;
      std::unique_lock lock(mutex);
      wake.wait_for(lock, stop, slice, [] { return false; });
      return;
    }
    // A notice from the database (PostgreSQL: LISTEN) ends the wait early; the poll interval stays
    // the fallback, for backends without notices and for notices lost with a dropped connection.
    if (storage->wait_for_chunk_changes(slice, stop)) return;
    const auto rt = runtime_.current();
    if (!rt || rt->storage.object != storage) return;
  }
}

void ChangeFeedFollower::stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

FollowStats ChangeFeedFollower::stats() const {
  std::lock_guard lock(mutex_);
  auto out = stats_;
  out.cursor = cursor_;
  out.open_gaps = gaps_.size();
  return out;
}

sdk::Status ChangeFeedFollower::poll_once() {
  const auto rt = runtime_.current();  // keeps the backend alive for the round
  if (!rt || !rt->storage.object) return {};
  auto& storage = *rt->storage.object;
  std::lock_guard lock(mutex_);
  if (auto bound = bind(storage); !bound) return bound;
  if (auto caught = catch_up_new_sets(storage); !caught) return caught;
  if (auto read = read_new(storage); !read) return read;
  return recheck_gaps(storage);
}

FollowerLag ChangeFeedFollower::lag() {
  std::optional<std::int64_t> head;
  const auto rt = runtime_.current();
  const sdk::StorageBackend* storage = rt ? rt->storage.object.get() : nullptr;
  if (storage) {
    std::int64_t latest = 0;
    auto read = read_into<std::int64_t>(*rt->storage.object, latest, [](auto& chunks) { return chunks.latest_change_seq(); });
    if (read) head = latest;
  }
  // Before the follower binds to this backend, its cursor counts another backend's sequence.
  if (storage != published_bound_.load()) head.reset();
  const auto cursor = published_cursor_.load();
  const auto now = FeedLag::Clock::now();
  FollowerLag out;
  {
    std::lock_guard lock(lag_mutex_);
    feed_lag_.observe(cursor, head, now);
    out.behind = feed_lag_.behind_for(now);
    out.threshold = lag_threshold_;
    out.failing = failing_;
    out.last_error = last_error_;
  }
  if (head) out.changes_behind = std::max<std::int64_t>(0, *head - cursor);
  if (out.over_threshold()) {
    static metrics::WarningLimiter limiter(std::chrono::minutes(1));
    limiter.warn("follower lag",
                 "change feed: a change has waited " + metrics::sample_value(std::floor(out.behind.count())) +
                     " s to be read into the vector index (threshold " +
                     metrics::sample_value(static_cast<double>(out.threshold.count()) / 1000.0) + " s" +
                     (out.changes_behind ? ", " + std::to_string(*out.changes_behind) + " changes behind" : "") +
                     "); searches may miss other processes' writes made since" +
                     (out.failing ? "; the last round failed: " + out.last_error : ""));
  }
  return out;
}

sdk::Status ChangeFeedFollower::bind(sdk::StorageBackend& storage) {
  if (bound_ == &storage) return {};
  // Indexes load everything there is; only what changes from now on needs following.
  std::int64_t latest = 0;
  if (auto read = read_into<std::int64_t>(storage, latest, [](auto& chunks) { return chunks.latest_change_seq(); });
      !read) {
    return read;
  }
  bound_ = &storage;
  cursor_ = latest;
  gaps_.clear();
  known_sets_.clear();
  {
    std::lock_guard lag(lag_mutex_);
    feed_lag_.reset();
  }
  published_cursor_.store(cursor_);
  published_bound_.store(bound_);
  return {};
}

// A set loaded since the last round may have missed changes committed while it was being read:
// replay those after the sequence the registry noted before the load.
sdk::Status ChangeFeedFollower::catch_up_new_sets(sdk::StorageBackend& storage) {
  for (const auto& [set, from_seq] : indexes_.loaded_sets(storage)) {
    if (known_sets_.count(set) != 0) continue;
    std::int64_t after = from_seq;
    while (after < cursor_) {
      std::vector<sdk::ChunkChange> changes;
      if (auto read = changes_after(storage, after, changes); !read) return read;
      for (const auto& change : changes) {
        if (change.seq > cursor_) break;  // the main read takes it from here
        if (change.embedding_set_id != set) continue;
        if (auto applied = apply(storage, change); !applied) return applied;
      }
      if (changes.size() < kChangesPerRead) break;
      after = changes.back().seq;
    }
    known_sets_.insert(set);
  }
  return {};
}

sdk::Status ChangeFeedFollower::read_new(sdk::StorageBackend& storage) {
  for (;;) {
    std::vector<sdk::ChunkChange> changes;
    if (auto read = changes_after(storage, cursor_, changes); !read) return read;
    for (const auto& change : changes) {
      if (auto applied = apply(storage, change); !applied) return applied;  // retried next round
      note(change.seq);
    }
    if (changes.size() < kChangesPerRead) return {};
  }
}

void ChangeFeedFollower::note(std::int64_t seq) {
  if (seq <= cursor_) return;
  if (seq - cursor_ - 1 <= kMostGapsPerJump) {
    const auto now = std::chrono::steady_clock::now();
    for (std::int64_t missing = cursor_ + 1; missing < seq; ++missing) gaps_.emplace(missing, now);
  }
  cursor_ = seq;
  published_cursor_.store(seq);
}

sdk::Status ChangeFeedFollower::recheck_gaps(sdk::StorageBackend& storage) {
  const auto now = std::chrono::steady_clock::now();
  std::erase_if(gaps_, [&](const auto& gap) { return now - gap.second > kGapGrace; });
  if (gaps_.empty()) return {};
  std::vector<sdk::ChunkChange> changes;
  if (auto read = changes_after(storage, gaps_.begin()->first - 1, changes); !read) return read;
  for (const auto& change : changes) {
    if (change.seq > cursor_) break;
    if (gaps_.count(change.seq) == 0) continue;
    if (auto applied = apply(storage, change); !applied) return applied;
    gaps_.erase(change.seq);
  }
  return {};
}

sdk::Status ChangeFeedFollower::apply(sdk::StorageBackend& storage, const sdk::ChunkChange& change) {
  auto index = indexes_.loaded(storage, change.embedding_set_id);
  // An unloaded set reads everything when it loads; an article already at this change (our own
  // pipeline's write, or a newer one) needs no reload.
  if (!index || index->article_seq(change.article_id) >= change.seq) {
    ++stats_.skipped;
    return {};
  }
  std::vector<sdk::Chunk> chunks;
  auto read = read_into<std::vector<sdk::Chunk>>(storage, chunks, [&](sdk::ChunkRepository& repo) {
    return repo.article_chunks(change.embedding_set_id, change.article_id, /*with_vectors=*/true);
  });
  if (!read) return read;
  // No chunks: the article's vectors are gone as of (at least) this change.
  std::int64_t seq = chunks.empty() ? change.seq : 0;
  std::vector<IndexedVector> vectors;
  for (const auto& chunk : chunks) {
    seq = std::max(seq, chunk.seq);
    if (!chunk.vector.empty()) vectors.push_back({chunk.chunk_index, chunk.vector});
  }
  auto replaced = index->replace_article_at(change.article_id, seq, vectors);
  if (!replaced) return std::move(replaced).error();
  ++stats_.applied;
  return {};
}

}  // namespace vellum::search
