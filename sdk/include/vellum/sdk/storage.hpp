// The storage-backend slot: one database, reached only through repositories inside a unit of work.
// Everything a caller does in one `transact` call commits together or not at all — the article row,
// its version row and its queue task (the outbox) are one transaction.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/sdk/result.hpp"
#include "vellum/sdk/types.hpp"

namespace vellum::sdk {

// ---- articles and versions ------------------------------------------------------------------

struct KeywordHit {
  ArticleId article_id = 0;
  std::string slug;
  std::string title;
  std::string folder;
  double score = 0;     // higher is better
  std::string snippet;  // a short excerpt around the match
};

class ArticleRepository {
 public:
  virtual ~ArticleRepository() = default;
  // conflict when the slug is taken.
  virtual Result<Article> insert(const ArticleDraft& draft) = 0;
  // Replaces every field of the draft; keeps created_at/created_by. not_found, conflict (slug).
  virtual Result<Article> update(ArticleId id, const ArticleDraft& draft) = 0;
  virtual Result<std::optional<Article>> find_by_id(ArticleId id) = 0;
  virtual Result<std::optional<Article>> find_by_slug(std::string_view slug) = 0;
  virtual Status remove(ArticleId id) = 0;  // cascades to versions, chunks and tasks; not_found
  virtual Result<std::vector<ArticleSummary>> list(const ArticleFilter& filter) = 0;  // newest update first
  virtual Result<std::int64_t> count(const ArticleFilter& filter) = 0;
  // Ids in ascending order after `after_id`, for batch jobs (reindex, copy).
  virtual Result<std::vector<ArticleId>> list_ids(ArticleId after_id, std::size_t limit) = 0;
  virtual Result<std::vector<std::string>> folders() = 0;  // distinct non-root folders, sorted
  // Moves articles in `from` (and its subfolders when asked) to `to`; returns how many moved.
  virtual Result<std::int64_t> move_folder(std::string_view from, std::string_view to, bool include_subfolders,
                                           Timestamp now) = 0;
  // Full-text search over title (weighted) and content; optional folder filter as in ArticleFilter.
  virtual Result<std::vector<KeywordHit>> keyword_search(std::string_view query, const ArticleFilter& filter,
                                                         std::size_t limit) = 0;
};

class VersionRepository {
 public:
  virtual ~VersionRepository() = default;
  // Stores a snapshot as the article's next version_number; returns it with id and number set.
  virtual Result<ArticleVersion> append(const ArticleVersion& version) = 0;
  virtual Result<std::vector<ArticleVersion>> list(ArticleId article_id) = 0;  // newest first, content included
  virtual Result<std::optional<ArticleVersion>> get(ArticleId article_id, std::int64_t version_number) = 0;
  // Removes the given versions (all when `numbers` is empty); returns how many.
  virtual Result<std::int64_t> remove(ArticleId article_id, const std::vector<std::int64_t>& numbers) = 0;
};

// ---- chunks, vectors, embedding sets ------------------------------------------------------------

struct ChunkChange {
  std::int64_t seq = 0;  // strictly increasing across the database
  EmbeddingSetId embedding_set_id = 0;
  ArticleId article_id = 0;
};

class ChunkRepository {
 public:
  virtual ~ChunkRepository() = default;
  // Replaces all chunks of one article in one set, and records a change-feed entry.
  virtual Status replace_article_chunks(EmbeddingSetId set, ArticleId article, const std::vector<Chunk>& chunks) = 0;
  // Removes an article's chunks from one set (or every set when `set` is nullopt); records changes.
  virtual Status remove_article_chunks(std::optional<EmbeddingSetId> set, ArticleId article) = 0;
  virtual Result<std::vector<Chunk>> article_chunks(EmbeddingSetId set, ArticleId article, bool with_vectors) = 0;
  // All chunks of a set with article_id > after_article, ordered by (article_id, chunk_index), at most
  // `limit` articles' worth; used to load the in-memory index.
  virtual Result<std::vector<Chunk>> scan(EmbeddingSetId set, ArticleId after_article, std::size_t limit_articles) = 0;
  // Change feed entries with seq > after_seq, ascending.
  virtual Result<std::vector<ChunkChange>> changes_since(std::int64_t after_seq, std::size_t limit) = 0;
  virtual Result<std::int64_t> latest_change_seq() = 0;
  virtual Result<std::int64_t> count_chunks(EmbeddingSetId set) = 0;
  virtual Result<std::vector<ArticleId>> indexed_articles(EmbeddingSetId set) = 0;
};

class EmbeddingSetRepository {
 public:
  virtual ~EmbeddingSetRepository() = default;
  // The set for (provider, model, dimensions), created in state "building" when new.
  virtual Result<EmbeddingSet> find_or_create(std::string_view provider, std::string_view model,
                                              std::uint32_t dimensions, Timestamp now) = 0;
  virtual Result<std::optional<EmbeddingSet>> get(EmbeddingSetId id) = 0;
  virtual Result<std::vector<EmbeddingSet>> list() = 0;
  // Moves a set to `state` (building, active, previous, retired); entering or leaving `active` stamps
  // activated_at / deactivated_at with `now`. Callers keep "at most one active, one previous" by
  // doing every transition of a cut-over in one transaction.
  virtual Status set_state(EmbeddingSetId id, std::string_view state, Timestamp now) = 0;
  virtual Status set_provider(EmbeddingSetId id, std::string_view plugin, std::string_view settings_json) = 0;

  // Per-article freshness: which text of the article (its updated_at, and the hash of its content) the
  // set's vectors were made from. Written with the article's chunks, in their transaction.
  virtual Status mark_embedded(EmbeddingSetId id, ArticleId article, std::string_view content_hash,
                               Timestamp article_updated_at, Timestamp now) = 0;
  virtual Result<std::optional<EmbeddedVersion>> embedded_version(EmbeddingSetId id, ArticleId article) = 0;
  // Forgets an article in one set, or in every set when `id` is nullopt (no_rag, or vectors removed).
  virtual Status forget_article(std::optional<EmbeddingSetId> id, ArticleId article) = 0;
  virtual Result<SetCoverage> coverage(EmbeddingSetId id) = 0;
  // Indexable articles with id > after whose vectors in the set are missing or stale, ascending; at
  // most `limit` (0 = all).
  virtual Result<std::vector<ArticleId>> articles_needing(EmbeddingSetId id, ArticleId after, std::size_t limit) = 0;
};

// ---- queue tasks ----------------------------------------------------------------------------

struct TaskDraft {
  ArticleId article_id = 0;
  std::string slug;
  TaskOperation operation = TaskOperation::update;
  TaskPriority priority = TaskPriority::normal;
  std::int32_t max_attempts = 3;
  Timestamp now{};
  Timestamp scheduled_at{};  // not claimable before
  std::string metadata_json = "{}";
  std::optional<EmbeddingSetId> embedding_set_id;
};

struct EnqueueOutcome {
  Task task;
  bool coalesced = false;  // merged into an existing pending task of the same article (and set)
};

// Selects tasks for listing, counting, cancelling and deleting.
struct TaskQuery {
  std::vector<TaskStatus> statuses;        // empty = any
  std::optional<TaskPriority> priority;
  std::optional<std::string> reason;       // metadata.reason
  std::optional<Timestamp> created_before;
  std::optional<Timestamp> completed_before;  // completed_at < this (retention, `queue cleanup`)
  std::optional<Timestamp> completed_after;   // completed_at >= this (activity of the last 24 h)
  std::optional<Timestamp> processed_before;  // processed_at < this (`queue cleanup-stuck`)
  std::optional<ArticleId> article_id;
  std::optional<EmbeddingSetId> embedding_set_id;  // tasks for that set only
  std::optional<std::string> task_id;         // one task (must be a well-formed id)
  std::optional<std::string> error_contains;  // error_message holds this text (ASCII case ignored)
  std::size_t limit = 0;                   // 0 = no limit (list only)
  std::size_t offset = 0;
};

// Which finished tasks `retry_failed` puts back, and whether it only says so.
struct RetryRequest {
  TaskQuery query;  // statuses narrow {failed, cancelled}: empty = failed only, never a cancellation by default
  std::optional<std::int32_t> attempts_below;  // failed tasks need attempts < this (nullopt: their max_attempts)
  bool dry_run = false;                        // select exactly what would be retried, change nothing
};

struct TaskCounts {
  std::map<std::string, std::int64_t> by_status;     // every status of kTaskStatuses, zero included
  std::map<std::string, std::int64_t> by_priority;   // of pending + processing
  std::map<std::string, std::int64_t> by_operation;  // of pending + processing
};

class TaskRepository {
 public:
  virtual ~TaskRepository() = default;
  // One pending task per (article, set): a second enqueue merges into it — newest operation and
  // metadata, highest priority, earliest scheduled_at win.
  virtual Result<EnqueueOutcome> enqueue(const TaskDraft& draft) = 0;
  // Claims up to `limit` due pending tasks (priority, then scheduled_at, then created_at), never two
  // of one article and never an article that already has a processing task; attempts += 1.
  virtual Result<std::vector<Task>> claim_batch(std::string_view worker_id, std::size_t limit, Timestamp now,
                                                std::chrono::milliseconds lease) = 0;
  // Transitions of a claimed task. Each is guarded by status = processing AND claimed_by = worker_id
  // and answers false when the guard failed (cancelled or rescued meanwhile): the result is dropped.
  virtual Result<bool> complete(std::string_view task_id, std::string_view worker_id, Timestamp now) = 0;
  virtual Result<bool> reschedule(std::string_view task_id, std::string_view worker_id, std::string_view error,
                                  Timestamp run_at, bool refund_attempt) = 0;
  virtual Result<bool> fail(std::string_view task_id, std::string_view worker_id, std::string_view error,
                            Timestamp now) = 0;
  virtual Result<bool> extend_lease(std::string_view task_id, std::string_view worker_id, Timestamp until) = 0;
  // Processing tasks whose lease ended before `now` go back to pending (or to failed when their
  // attempts are spent). Returns how many were rescued.
  virtual Result<std::int64_t> rescue_expired(Timestamp now, std::string_view message) = 0;

  virtual Result<std::optional<Task>> get(std::string_view task_id) = 0;
  virtual Result<std::vector<Task>> list(const TaskQuery& query) = 0;  // newest first
  virtual Result<TaskCounts> counts() = 0;
  // Marks matching pending/processing tasks cancelled with `message` (why) and completed_at = now.
  virtual Result<std::int64_t> cancel(const TaskQuery& query, std::string_view message, Timestamp now) = 0;
  virtual Result<std::int64_t> remove(const TaskQuery& query) = 0;
  // failed or cancelled → pending, due now; error cleared. A failed task only when attempts <
  // max_attempts unless `force`; a cancelled one always (the operator who named it asks for it).
  virtual Result<bool> retry(std::string_view task_id, bool force, Timestamp now) = 0;
  // Matching failed (and, when the query names them, cancelled) tasks → pending, newest first, one per
  // article and set, none over an existing pending task of its article. The attempts bound holds for
  // failed tasks only: a cancelled task ended by an operator, not by running out of attempts. Returns
  // the tasks retried (or, with dry_run, that would be), as they were before.
  virtual Result<std::vector<Task>> retry_failed(const RetryRequest& request, Timestamp now) = 0;
  // Puts back a task exactly as exported (`vellum queue import`): false when its id already exists,
  // its article is gone, or it is pending while its article already has a pending task.
  virtual Result<bool> restore(const Task& task) = 0;
};

// ---- worker control -------------------------------------------------------------------------

// The desired state operators set (CLI or SQL on embedding_worker_status row id = 1).
struct WorkerControl {
  bool is_running = true;  // false = paused: no new claims
  bool draining = false;   // accept no new tasks, finish the queue
  std::optional<std::string> emergency_reason;
  std::optional<Timestamp> updated_at;
};

// One row per worker process, refreshed every heartbeat.
struct WorkerHeartbeat {
  std::string worker_id;
  std::string hostname;
  std::int64_t pid = 0;
  std::string version;
  bool is_running = false;
  Timestamp started_at{};
  Timestamp last_heartbeat{};
  std::int64_t tasks_processed = 0;
  std::int64_t tasks_succeeded = 0;
  std::int64_t tasks_failed = 0;
};

class WorkerControlRepository {
 public:
  virtual ~WorkerControlRepository() = default;
  virtual Result<WorkerControl> control() = 0;
  virtual Status set_control(const WorkerControl& control, Timestamp now) = 0;
  virtual Status heartbeat(const WorkerHeartbeat& beat) = 0;  // upsert by worker_id
  virtual Result<std::vector<WorkerHeartbeat>> workers() = 0;
  virtual Status remove_worker(std::string_view worker_id) = 0;
};

// ---- tokens, audit, metrics, settings -----------------------------------------------------------

class TokenRepository {
 public:
  virtual ~TokenRepository() = default;
  virtual Result<AccessToken> insert(const AccessToken& token) = 0;  // conflict on duplicate name or hash
  virtual Result<std::vector<AccessToken>> list() = 0;               // newest first
  virtual Result<std::optional<AccessToken>> find_by_hash(std::string_view token_hash) = 0;
  virtual Result<bool> remove(std::int64_t id) = 0;
  virtual Status touch(std::int64_t id, Timestamp now) = 0;  // last_used_at
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  virtual Status append(const AuditEntry& entry) = 0;
  virtual Result<std::vector<AuditEntry>> recent(std::size_t limit, std::optional<std::string> category) = 0;
  virtual Result<std::int64_t> prune(Timestamp before) = 0;
  // Several rows at once (a queue batch writes dozens): a backend may use one statement for many.
  virtual Status append_all(std::span<const AuditEntry> entries) {
    for (const auto& e : entries) {
      if (auto written = append(e); !written) return written;
    }
    return {};
  }
};

class MetricsRepository {
 public:
  virtual ~MetricsRepository() = default;
  virtual Status append(const MetricSample& sample) = 0;
  virtual Result<std::vector<MetricSample>> since(Timestamp from, std::optional<std::string> metric_type) = 0;
  virtual Result<std::int64_t> prune(Timestamp before) = 0;
  // Several samples at once; see AuditRepository::append_all.
  virtual Status append_all(std::span<const MetricSample> samples) {
    for (const auto& s : samples) {
      if (auto written = append(s); !written) return written;
    }
    return {};
  }
};

// Small key/value facts the host keeps in the database (active embedding set, instance id…).
class SettingsRepository {
 public:
  virtual ~SettingsRepository() = default;
  virtual Result<std::optional<std::string>> get(std::string_view key) = 0;
  virtual Status put(std::string_view key, std::string_view value) = 0;
  virtual Result<std::map<std::string, std::string>> all() = 0;  // every key, for copying a database
};

// ---- the unit of work and the backend ------------------------------------------------------------

class Repositories {
 public:
  virtual ~Repositories() = default;
  virtual ArticleRepository& articles() = 0;
  virtual VersionRepository& versions() = 0;
  virtual ChunkRepository& chunks() = 0;
  virtual EmbeddingSetRepository& embedding_sets() = 0;
  virtual TaskRepository& tasks() = 0;
  virtual WorkerControlRepository& workers() = 0;
  virtual TokenRepository& tokens() = 0;
  virtual AuditRepository& audit() = 0;
  virtual MetricsRepository& metrics() = 0;
  virtual SettingsRepository& settings() = 0;
};

struct MigrationStep {
  int version = 0;
  std::string name;
  bool applied = false;
  std::optional<Timestamp> applied_at;
};

class MigrationRunner {
 public:
  virtual ~MigrationRunner() = default;
  virtual Result<std::vector<MigrationStep>> status() = 0;  // every known step, applied or not
  // Applies pending steps up to `target` (all when nullopt), each in its own transaction.
  virtual Result<std::vector<MigrationStep>> up(std::optional<int> target) = 0;
  // Reverts applied steps down to `target` (only the newest when nullopt; 0 = all).
  virtual Result<std::vector<MigrationStep>> down(std::optional<int> target) = 0;
};

// Which dataset a database holds, read without changing anything in it: no schema is created and no
// migration runs. The host refuses to switch a running server onto a database that is empty or
// holds another dataset (a reload would otherwise serve an empty or foreign set of articles).
struct DatasetIdentity {
  bool has_schema = false;     // Vellum's migrations have run on it at least once
  std::string id;              // the dataset's id; empty when the step that writes it has not run
  int pending_migrations = 0;  // steps this build knows and the database has not applied
};

// The settings row that holds the dataset id. It is written once, by the "dataset_identity"
// migration step (random, 32 hex digits), and copied with every other setting by `vellum copy`, so
// a copy holds the same dataset as its source.
inline constexpr std::string_view kDatasetIdSetting = "dataset.id";

struct BackendDescription {
  std::string backend;   // "sqlite", "postgres"
  std::string location;  // file path, or the connection string with the password masked
  std::string server_version;
};

using Work = std::function<Status(Repositories&)>;

class StorageBackend {
 public:
  virtual ~StorageBackend() = default;

  [[nodiscard]] virtual BackendDescription describe() const = 0;
  [[nodiscard]] virtual Status health() = 0;
  [[nodiscard]] virtual MigrationRunner& migrations() = 0;
  [[nodiscard]] virtual Result<DatasetIdentity> identify() = 0;
  // Runs `work` in one transaction: commits when it returns ok, rolls back otherwise (and when the
  // commit fails). Transient conflicts (busy database, serialization failure) are retried by the
  // backend a bounded number of times before `work` sees nothing; `work` must therefore be safe to run again.
  // The SQL backends run these transactions one at a time across every process on the database
  // (SQLite's write lock, a PostgreSQL advisory lock), so `work` should only read and write: never wait
  // on the network or on another thread.
  [[nodiscard]] virtual Status transact(const Work& work) = 0;
  // Runs read-only `work` against a consistent snapshot.
  [[nodiscard]] virtual Status read(const Work& work) = 0;
  // Like transact(), for work whose every statement guards itself: updates conditioned on the row's
  // current state ("... WHERE status = 'processing' AND claimed_by = ?"), SKIP LOCKED claims, inserts
  // of new rows. A backend may run it at a weaker isolation (PostgreSQL: READ COMMITTED instead of
  // SERIALIZABLE): queue workers on several processes then stop aborting each other's claims and
  // completions with serialization failures. Guarded statements that lose a race to a concurrent
  // commit (a unique index, a changed row) fail or change nothing, and the work is retried like a
  // transient conflict. The default is transact().
  [[nodiscard]] virtual Status transact_row_guarded(const Work& work) { return transact(work); }

  // Blocks until the chunk change feed may hold entries another process committed, `timeout` has
  // passed, or `stop` is requested, so a follower of the feed (ChunkRepository::changes_since) need
  // not poll. true: a change was signalled, read the feed now; false: the timeout or the stop came
  // first. A notice may be spurious, and one may be missed (a dropped connection): callers still
  // read the feed after every timeout. The default, for databases that cannot notify, waits out
  // the timeout. Called outside any unit of work; a backend may let a second concurrent waiter
  // fall back to the default.
  [[nodiscard]] virtual bool wait_for_chunk_changes(std::chrono::milliseconds timeout, std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    wake.wait_for(lock, stop, timeout, [] { return false; });
    return false;
  }
};

}  // namespace vellum::sdk
