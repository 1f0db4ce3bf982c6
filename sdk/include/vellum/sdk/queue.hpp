// The queue-strategy slot: decides *when* articles are embedded. The host decides *how* (chunking,
// provider calls, replacing chunks) and offers that as QueueHost::index_articles.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "vellum/sdk/result.hpp"
#include "vellum/sdk/storage.hpp"
#include "vellum/sdk/types.hpp"

namespace vellum::sdk {

// An article write the queue must react to, told after the write committed.
struct ArticleChange {
  ArticleId article_id = 0;
  TaskOperation operation = TaskOperation::update;
  TaskPriority priority = TaskPriority::normal;
  std::string reason;  // create, update, version_restore, no_rag_enabled, manual_retry, migration…
};

// The outcome of indexing one article.
struct IndexOutcome {
  ArticleId article_id = 0;
  Status status;             // the failure is classified (transient, rate_limited, permanent…)
  std::size_t chunks = 0;    // chunks now stored for the article (0 for no_rag / deleted)
  bool skipped = false;      // no_rag or deleted: vectors removed, nothing embedded
};

// One unit of indexing work: an article, for one embedding set or (nullopt) for every set the host
// keeps current — the active one, and during a switch or a rollback window the building or previous one.
struct IndexRequest {
  ArticleId article_id = 0;
  std::optional<EmbeddingSetId> embedding_set_id;
};

class QueueHost {
 public:
  virtual ~QueueHost() = default;
  // The storage backend of the current runtime snapshot (it may change on hot swap).
  [[nodiscard]] virtual std::shared_ptr<StorageBackend> storage() = 0;
  // Loads each article by id, chunks it, embeds every changed chunk in as few provider calls as the
  // provider allows, and replaces the article's chunks in one transaction. One outcome per id.
  // Every id is indexed into every set the host keeps current.
  [[nodiscard]] virtual std::vector<IndexOutcome> index_articles(std::span<const ArticleId> ids,
                                                                 std::stop_token stop) = 0;
  // The same for tasks that name their set (Task::embedding_set_id). A set the host no longer keeps
  // current (rolled back, retired) is not written: its outcome is ok and skipped. One outcome per request.
  [[nodiscard]] virtual std::vector<IndexOutcome> index_requests(std::span<const IndexRequest> requests,
                                                                 std::stop_token stop) = 0;
  // A stable identity for this process's workers ("host:pid:random").
  [[nodiscard]] virtual std::string worker_identity() const = 0;
};

struct QueueStatus {
  std::string strategy;   // "background", "sync"
  std::string state;      // running | paused | draining | stopped
  std::size_t workers = 0;
  std::int64_t in_flight = 0;
  std::string detail;
};

class QueueStrategy {
 public:
  virtual ~QueueStrategy() = default;

  // True when article writes must add an `embedding_tasks` row in their own transaction (outbox);
  // false when the strategy does its work in on_committed.
  [[nodiscard]] virtual bool uses_task_table() const = 0;
  // The max_attempts the outbox writes into each new task row: how many attempts the strategy's retry
  // settings allow in total (first attempt included). Workers honour the column, so tasks already
  // queued keep their own bound when the setting changes. The default is the column's own default.
  [[nodiscard]] virtual std::int32_t task_max_attempts() const { return 3; }
  // Called after an article write committed. Never fails the write: problems are logged and leave
  // the article visibly unindexed.
  virtual void on_committed(const ArticleChange& change) = 0;

  // May be called again after stop() (a reverted hot swap restarts the previous strategy).
  virtual Status start() = 0;
  // Stops claiming; claimed work goes on. When it returns, no article written afterwards is claimed
  // until resume().
  virtual Status pause() = 0;
  virtual Status resume() = 0;
  // Finishes claimed work and stops claiming; returns when idle or at the deadline (transient error).
  virtual Status drain(std::chrono::steady_clock::time_point deadline) = 0;
  // Stops all threads; in-flight tasks are released for another worker. Idempotent.
  virtual void stop() = 0;
  [[nodiscard]] virtual QueueStatus status() const = 0;
};

}  // namespace vellum::sdk
