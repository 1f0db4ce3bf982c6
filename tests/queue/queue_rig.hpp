// A real process-in-miniature for queue tests: the storage plugin (SQLite or PostgreSQL, see
// queue_database.hpp), an embedding plugin (local, or ollama against a fake server) and the queue
// plugin under test, all loaded as .so files through the real loader, with the host's pipeline and
// article service. Two rigs on one QueueDatabase are two worker processes on one database.
//
//   QueueRig rig({.queue_settings = {{"batch_size", "5"}}});
//   auto id = rig.create("Notes", "# Notes\n\nText.");   // outbox: the task is written with the article
//   REQUIRE(rig.wait_until([&] { return rig.task_status(id) == "completed"; }));
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "articles/article_service.hpp"
#include "indexing/embedding_pipeline.hpp"
#include "plugins/host_services.hpp"
#include "plugins/hot_swap.hpp"
#include "queue/queue_database.hpp"
#include "search/index_registry.hpp"
#include "support/temp_dir.hpp"

namespace vellum::test {

struct QueueRigOptions {
  std::string embedding = "local";
  std::map<std::string, std::string> embedding_settings;
  std::string queue = "background";  // "background", "sync", or "" for none
  std::map<std::string, std::string> queue_settings;  // over the rig's fast defaults
  std::string identity = "worker-a";
  std::shared_ptr<QueueDatabase> database;  // another rig's, to share it; nullptr = a fresh one
};

class QueueRig {
 public:
  explicit QueueRig(QueueRigOptions options = {});
  ~QueueRig();
  QueueRig(const QueueRig&) = delete;
  QueueRig& operator=(const QueueRig&) = delete;

  // Swaps the queue strategy on the live rig, the way a reload does (RuntimeManager::apply); the
  // storage and embedding slots are kept. Fails the test when the swap is refused.
  void use_queue(const std::string& queue, const std::map<std::string, std::string>& settings = {});

  // Writes through the article service (one transaction with the outbox task, then on_committed).
  sdk::ArticleId create(const std::string& title, const std::string& content, bool no_rag = false);
  void edit(sdk::ArticleId id, const std::string& content, std::optional<bool> no_rag = std::nullopt);
  void rename(sdk::ArticleId id, const std::string& new_slug);
  // An article with no task at all (as if written while the queue was off).
  sdk::ArticleId insert_without_task(const std::string& slug, const std::string& content);
  // A task written directly, as a producer other than the article service would.
  sdk::Task enqueue(sdk::ArticleId id, sdk::TaskPriority priority = sdk::TaskPriority::normal,
                    std::optional<std::int32_t> max_attempts = std::nullopt, std::string reason = "test");

  [[nodiscard]] sdk::Article article(sdk::ArticleId id);
  [[nodiscard]] std::vector<sdk::Task> tasks(sdk::ArticleId id);  // newest first
  [[nodiscard]] std::vector<sdk::Task> all_tasks();
  // The newest task of the article; its status as text ("none" when there is none).
  [[nodiscard]] std::optional<sdk::Task> latest_task(sdk::ArticleId id);
  [[nodiscard]] std::string task_status(sdk::ArticleId id);
  [[nodiscard]] std::vector<sdk::Chunk> chunks(sdk::ArticleId id);
  [[nodiscard]] std::vector<sdk::AuditEntry> audit(std::optional<std::string> category = std::nullopt);
  // Audit rows whose metadata names this event, optionally of one task.
  [[nodiscard]] std::vector<sdk::AuditEntry> events(const std::string& event,
                                                    std::optional<std::string> task_id = std::nullopt);
  [[nodiscard]] std::vector<sdk::MetricSample> metrics(const std::string& type);
  // Every audit row, oldest first, one per line: for INFO() when a wait fails.
  [[nodiscard]] std::string audit_trail();
  [[nodiscard]] sdk::WorkerControl control();
  [[nodiscard]] std::vector<sdk::WorkerHeartbeat> workers();

  [[nodiscard]] sdk::QueueStrategy& queue() { return *manager.current()->queue.object; }
  [[nodiscard]] sdk::StorageBackend& storage() { return *manager.current()->storage.object; }
  [[nodiscard]] QueueDatabase& database() { return *database_; }
  [[nodiscard]] std::shared_ptr<QueueDatabase> shared_database() const { return database_; }
  [[nodiscard]] const std::string& worker_id() const { return identity_; }

  // Polls `condition` every 10 ms for up to `timeout`; true as soon as it holds.
  static bool wait_until(const std::function<bool()>& condition,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  std::shared_ptr<QueueDatabase> database_;
  std::string identity_;

 public:
  TempDir dir;
  plugins::HostServices host;
  plugins::PluginCatalog catalog;
  plugins::RuntimeManager manager;
  search::IndexRegistry indexes;
  indexing::EmbeddingPipeline pipeline;
  articles::ArticleService articles;
};

// The rig's settings for queue.background: intervals a test can wait for.
[[nodiscard]] std::map<std::string, std::string> fast_background_settings();

}  // namespace vellum::test
