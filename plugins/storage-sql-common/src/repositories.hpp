// The shared SQL repositories, one class per sdk interface, each bound to the session of the
// current transaction. Declared together because SqlRepositories owns one of each.
#pragma once

#include <functional>

#include "sql_util.hpp"
#include "vellum/sdk/storage.hpp"

namespace vellum::storage_sql {

class SqlArticleRepository final : public sdk::ArticleRepository {
 public:
  explicit SqlArticleRepository(SqlContext ctx) : ctx_(ctx) {}
  sdk::Result<sdk::Article> insert(const sdk::ArticleDraft& draft) override;
  sdk::Result<sdk::Article> update(sdk::ArticleId id, const sdk::ArticleDraft& draft) override;
  sdk::Result<std::optional<sdk::Article>> find_by_id(sdk::ArticleId id) override;
  sdk::Result<std::optional<sdk::Article>> find_by_slug(std::string_view slug) override;
  sdk::Status remove(sdk::ArticleId id) override;
  sdk::Result<std::vector<sdk::ArticleSummary>> list(const sdk::ArticleFilter& filter) override;
  sdk::Result<std::int64_t> count(const sdk::ArticleFilter& filter) override;
  sdk::Result<std::vector<sdk::ArticleId>> list_ids(sdk::ArticleId after_id, std::size_t limit) override;
  sdk::Result<std::vector<std::string>> folders() override;
  sdk::Result<std::int64_t> move_folder(std::string_view from, std::string_view to, bool include_subfolders,
                                        sdk::Timestamp now) override;
  sdk::Result<std::vector<sdk::KeywordHit>> keyword_search(std::string_view query, const sdk::ArticleFilter& filter,
                                                           std::size_t limit) override;

 private:
  std::optional<sdk::Article> find_where(const std::string& condition, Params& params);
  SqlContext ctx_;
};

class SqlVersionRepository final : public sdk::VersionRepository {
 public:
  explicit SqlVersionRepository(SqlContext ctx) : ctx_(ctx) {}
  sdk::Result<sdk::ArticleVersion> append(const sdk::ArticleVersion& version) override;
  sdk::Result<std::vector<sdk::ArticleVersion>> list(sdk::ArticleId article_id) override;
  sdk::Result<std::optional<sdk::ArticleVersion>> get(sdk::ArticleId article_id, std::int64_t version_number) override;
  sdk::Result<std::int64_t> remove(sdk::ArticleId article_id, const std::vector<std::int64_t>& numbers) override;

 private:
  std::vector<sdk::ArticleVersion> select(const std::string& condition, Params& params);
  SqlContext ctx_;
};

class SqlChunkRepository final : public sdk::ChunkRepository {
 public:
  explicit SqlChunkRepository(SqlContext ctx) : ctx_(ctx) {}
  sdk::Status replace_article_chunks(sdk::EmbeddingSetId set, sdk::ArticleId article,
                                     const std::vector<sdk::Chunk>& chunks) override;
  sdk::Status remove_article_chunks(std::optional<sdk::EmbeddingSetId> set, sdk::ArticleId article) override;
  sdk::Result<std::vector<sdk::Chunk>> article_chunks(sdk::EmbeddingSetId set, sdk::ArticleId article,
                                                      bool with_vectors) override;
  sdk::Result<std::vector<sdk::Chunk>> scan(sdk::EmbeddingSetId set, sdk::ArticleId after_article,
                                            std::size_t limit_articles) override;
  sdk::Result<std::vector<sdk::ChunkChange>> changes_since(std::int64_t after_seq, std::size_t limit) override;
  sdk::Result<std::int64_t> latest_change_seq() override;
  sdk::Result<std::int64_t> count_chunks(sdk::EmbeddingSetId set) override;
  sdk::Result<std::vector<sdk::ArticleId>> indexed_articles(sdk::EmbeddingSetId set) override;

 private:
  std::int64_t record_change(sdk::EmbeddingSetId set, sdk::ArticleId article);
  std::vector<sdk::Chunk> select(const std::string& condition, Params& params, bool with_vectors);
  SqlContext ctx_;
};

class SqlEmbeddingSetRepository final : public sdk::EmbeddingSetRepository {
 public:
  explicit SqlEmbeddingSetRepository(SqlContext ctx) : ctx_(ctx) {}
  sdk::Result<sdk::EmbeddingSet> find_or_create(std::string_view provider, std::string_view model,
                                                std::uint32_t dimensions, sdk::Timestamp now) override;
  sdk::Result<std::optional<sdk::EmbeddingSet>> get(sdk::EmbeddingSetId id) override;
  sdk::Result<std::vector<sdk::EmbeddingSet>> list() override;
  sdk::Status set_state(sdk::EmbeddingSetId id, std::string_view state, sdk::Timestamp now) override;
  sdk::Status set_provider(sdk::EmbeddingSetId id, std::string_view plugin, std::string_view settings_json) override;
  sdk::Status mark_embedded(sdk::EmbeddingSetId id, sdk::ArticleId article, std::string_view content_hash,
                            sdk::Timestamp article_updated_at, sdk::Timestamp now) override;
  sdk::Result<std::optional<sdk::EmbeddedVersion>> embedded_version(sdk::EmbeddingSetId id,
                                                                    sdk::ArticleId article) override;
  sdk::Status forget_article(std::optional<sdk::EmbeddingSetId> id, sdk::ArticleId article) override;
  sdk::Result<sdk::SetCoverage> coverage(sdk::EmbeddingSetId id) override;
  sdk::Result<std::vector<sdk::ArticleId>> articles_needing(sdk::EmbeddingSetId id, sdk::ArticleId after,
                                                            std::size_t limit) override;

 private:
  std::vector<sdk::EmbeddingSet> select(const std::string& condition, Params& params);
  SqlContext ctx_;
};

class SqlTaskRepository final : public sdk::TaskRepository {
 public:
  explicit SqlTaskRepository(SqlContext ctx) : ctx_(ctx) {}
  sdk::Result<sdk::EnqueueOutcome> enqueue(const sdk::TaskDraft& draft) override;
  sdk::Result<std::vector<sdk::Task>> claim_batch(std::string_view worker_id, std::size_t limit, sdk::Timestamp now,
                                                  std::chrono::milliseconds lease) override;
  sdk::Result<bool> complete(std::string_view task_id, std::string_view worker_id, sdk::Timestamp now) override;
  sdk::Result<bool> reschedule(std::string_view task_id, std::string_view worker_id, std::string_view error,
                               sdk::Timestamp run_at, bool refund_attempt) override;
  sdk::Result<bool> fail(std::string_view task_id, std::string_view worker_id, std::string_view error,
                         sdk::Timestamp now) override;
  sdk::Result<bool> extend_lease(std::string_view task_id, std::string_view worker_id, sdk::Timestamp until) override;
  sdk::Result<std::int64_t> rescue_expired(sdk::Timestamp now, std::string_view message) override;
  sdk::Result<std::optional<sdk::Task>> get(std::string_view task_id) override;
  sdk::Result<std::vector<sdk::Task>> list(const sdk::TaskQuery& query) override;
  sdk::Result<sdk::TaskCounts> counts() override;
  sdk::Result<std::int64_t> cancel(const sdk::TaskQuery& query, std::string_view message, sdk::Timestamp now) override;
  sdk::Result<std::int64_t> remove(const sdk::TaskQuery& query) override;
  sdk::Result<bool> retry(std::string_view task_id, bool force, sdk::Timestamp now) override;
  sdk::Result<std::vector<sdk::Task>> retry_failed(const sdk::RetryRequest& request, sdk::Timestamp now) override;
  sdk::Result<bool> restore(const sdk::Task& task) override;

 private:
  // SELECT … FROM embedding_tasks <index_hint> <tail>.
  std::vector<sdk::Task> select(const std::string& tail, Params& params, const std::string& index_hint = {});
  std::optional<sdk::Task> find(const std::string& id);
  std::string where(const sdk::TaskQuery& query, Params& params) const;
  bool has_other_pending(const sdk::Task& task);
  bool revive(const std::string& task_id, sdk::Timestamp now);  // failed/cancelled → pending
  // Writes the WHERE condition that proves a transition is still allowed, binding into the given Params.
  using Guard = std::function<std::string(Params&)>;
  bool requeue(const sdk::Task& task, const std::string& error, sdk::Timestamp run_at, bool refund,
               const Guard& guard);
  SqlContext ctx_;
};

class SqlWorkerControlRepository final : public sdk::WorkerControlRepository {
 public:
  explicit SqlWorkerControlRepository(SqlContext ctx) : ctx_(ctx) {}
  sdk::Result<sdk::WorkerControl> control() override;
  sdk::Status set_control(const sdk::WorkerControl& control, sdk::Timestamp now) override;
  sdk::Status heartbeat(const sdk::WorkerHeartbeat& beat) override;
  sdk::Result<std::vector<sdk::WorkerHeartbeat>> workers() override;
  sdk::Status remove_worker(std::string_view worker_id) override;

 private:
  SqlContext ctx_;
};

class SqlTokenRepository final : public sdk::TokenRepository {
 public:
  explicit SqlTokenRepository(SqlContext ctx) : ctx_(ctx) {}
  sdk::Result<sdk::AccessToken> insert(const sdk::AccessToken& token) override;
  sdk::Result<std::vector<sdk::AccessToken>> list() override;
  sdk::Result<std::optional<sdk::AccessToken>> find_by_hash(std::string_view token_hash) override;
  sdk::Result<bool> remove(std::int64_t id) override;
  sdk::Status touch(std::int64_t id, sdk::Timestamp now) override;

 private:
  std::vector<sdk::AccessToken> select(const std::string& tail, Params& params);
  SqlContext ctx_;
};

class SqlAuditRepository final : public sdk::AuditRepository {
 public:
  explicit SqlAuditRepository(SqlContext ctx) : ctx_(ctx) {}
  sdk::Status append(const sdk::AuditEntry& entry) override;
  sdk::Status append_all(std::span<const sdk::AuditEntry> entries) override;
  sdk::Result<std::vector<sdk::AuditEntry>> recent(std::size_t limit, std::optional<std::string> category) override;
  sdk::Result<std::int64_t> prune(sdk::Timestamp before) override;

 private:
  SqlContext ctx_;
};

class SqlMetricsRepository final : public sdk::MetricsRepository {
 public:
  explicit SqlMetricsRepository(SqlContext ctx) : ctx_(ctx) {}
  sdk::Status append(const sdk::MetricSample& sample) override;
  sdk::Status append_all(std::span<const sdk::MetricSample> samples) override;
  sdk::Result<std::vector<sdk::MetricSample>> since(sdk::Timestamp from, std::optional<std::string> metric_type) override;
  sdk::Result<std::int64_t> prune(sdk::Timestamp before) override;

 private:
  SqlContext ctx_;
};

class SqlSettingsRepository final : public sdk::SettingsRepository {
 public:
  explicit SqlSettingsRepository(SqlContext ctx) : ctx_(ctx) {}
  sdk::Result<std::optional<std::string>> get(std::string_view key) override;
  sdk::Status put(std::string_view key, std::string_view value) override;
  sdk::Result<std::map<std::string, std::string>> all() override;

 private:
  SqlContext ctx_;
};

class SqlRepositories final : public sdk::Repositories {
 public:
  explicit SqlRepositories(SqlContext ctx);
  sdk::ArticleRepository& articles() override { return articles_; }
  sdk::VersionRepository& versions() override { return versions_; }
  sdk::ChunkRepository& chunks() override { return chunks_; }
  sdk::EmbeddingSetRepository& embedding_sets() override { return sets_; }
  sdk::TaskRepository& tasks() override { return tasks_; }
  sdk::WorkerControlRepository& workers() override { return workers_; }
  sdk::TokenRepository& tokens() override { return tokens_; }
  sdk::AuditRepository& audit() override { return audit_; }
  sdk::MetricsRepository& metrics() override { return metrics_; }
  sdk::SettingsRepository& settings() override { return settings_; }

 private:
  SqlArticleRepository articles_;
  SqlVersionRepository versions_;
  SqlChunkRepository chunks_;
  SqlEmbeddingSetRepository sets_;
  SqlTaskRepository tasks_;
  SqlWorkerControlRepository workers_;
  SqlTokenRepository tokens_;
  SqlAuditRepository audit_;
  SqlMetricsRepository metrics_;
  SqlSettingsRepository settings_;
};

}  // namespace vellum::storage_sql
