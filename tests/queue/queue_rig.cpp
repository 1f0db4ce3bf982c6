#include "queue/queue_rig.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>


#include "common/clock.hpp"
#include "support/slot_choice.hpp"
#include "support/stored_article.hpp"
#include "support/wait_until.hpp"

namespace vellum::test {

namespace {

template <class T>
T read_or_fail(sdk::StorageBackend& storage, const std::function<sdk::Result<T>(sdk::Repositories&)>& query) {
  std::optional<T> out;
  auto read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    auto found = query(repos);
    if (!found) return std::move(found).error();
    out = std::move(found).value();
    return {};
  });
  if (!read) FAIL(read.error().message);
  return std::move(*out);
}

// The queue slot of a rig: background starts from the fast settings, `overrides` go on top.
plugins::SlotChoice queue_choice(const plugins::PluginCatalog& catalog, const std::string& queue,
                                 const std::map<std::string, std::string>& overrides) {
  auto settings = queue == "background" ? fast_background_settings() : std::map<std::string, std::string>{};
  for (const auto& [k, v] : overrides) settings[k] = v;
  return slot_choice(catalog, sdk::Slot::queue, queue, settings);
}

}  // namespace

std::map<std::string, std::string> fast_background_settings() {
  return {{"worker_interval_ms", "1000"},    {"poll_interval_ms", "20"},         {"lease_ms", "1500"},
          {"heartbeat_interval_ms", "5000"}, {"retry_backoff_base_ms", "100"},   {"retry_backoff_cap_ms", "2000"},
          {"task_timeout_ms", "20000"},      {"max_processing_time_ms", "60000"}, {"workers", "2"},
          {"batch_size", "10"},              {"metrics_interval_ms", "10000"}};
}

QueueRig::QueueRig(QueueRigOptions options)
    : database_(options.database ? options.database : make_queue_database()),
      identity_(options.identity),
      host(dir.path().string()),
      catalog(plugins::PluginCatalog::scan({VELLUM_TEST_PLUGIN_DIR})),
      manager(host),
      pipeline(manager.holder(), indexes, {120, 20}, identity_),
      articles(manager.holder(), {.semantic_search_enabled = true}) {
  host.set_queue_host(&pipeline);
  plugins::RuntimeSpec spec;
  spec.storage = slot_choice(catalog, sdk::Slot::storage, database_->plugin_name(), database_->settings());
  spec.embedding = slot_choice(catalog, sdk::Slot::embedding, options.embedding, options.embedding_settings);
  if (!options.queue.empty()) spec.queue = queue_choice(catalog, options.queue, options.queue_settings);
  auto applied = manager.apply(spec, catalog);
  if (!applied) FAIL(applied.error().message);
}

void QueueRig::use_queue(const std::string& queue, const std::map<std::string, std::string>& settings) {
  const auto current = manager.current();
  plugins::RuntimeSpec spec{current->embedding.choice, current->storage.choice, queue_choice(catalog, queue, settings)};
  auto applied = manager.apply(spec, catalog);
  if (!applied) FAIL(applied.error().message);
}

QueueRig::~QueueRig() {
  // The queue's threads use the pipeline; they stop before it goes.
  manager.stop_queue();
}

sdk::ArticleId QueueRig::create(const std::string& title, const std::string& content, bool no_rag) {
  articles::NewArticle draft;
  draft.title = title;
  draft.content = content;
  draft.no_rag = no_rag;
  auto created = articles.create(draft, std::string("test"));
  if (!created) FAIL(created.error().message);
  return created.value().id;
}

void QueueRig::edit(sdk::ArticleId id, const std::string& content, std::optional<bool> no_rag) {
  const auto current = article(id);
  articles::ArticleEdit change;
  change.title = current.title;
  change.content = content;
  change.no_rag = no_rag;
  auto updated = articles.update(current.slug, change, std::string("test"));
  if (!updated) FAIL(updated.error().message);
}

void QueueRig::rename(sdk::ArticleId id, const std::string& new_slug) {
  auto renamed = articles.rename_slug(article(id).slug, new_slug, std::string("test"));
  if (!renamed) FAIL(renamed.error().message);
}

sdk::ArticleId QueueRig::insert_without_task(const std::string& slug, const std::string& content) {
  sdk::ArticleDraft draft;
  draft.slug = slug;
  draft.title = slug;
  draft.content = content;
  draft.now = now_ms();
  return test::insert_stored_article(storage(), draft);
}

sdk::Task QueueRig::enqueue(sdk::ArticleId id, sdk::TaskPriority priority, std::optional<std::int32_t> max_attempts,
                            std::string reason) {
  sdk::TaskDraft draft;
  draft.article_id = id;
  draft.slug = article(id).slug;
  draft.priority = priority;
  draft.max_attempts = max_attempts.value_or(queue().task_max_attempts());
  draft.now = now_ms();
  draft.scheduled_at = draft.now;
  draft.metadata_json = nlohmann::json{{"reason", reason}}.dump();
  // For the active set, as the outbox queues an article write's task (so the two coalesce).
  if (const auto& active = manager.current()->lanes.active) draft.embedding_set_id = active->set.id;
  std::optional<sdk::Task> task;
  auto written = storage().transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto enqueued = repos.tasks().enqueue(draft);
    if (!enqueued) return std::move(enqueued).error();
    task = enqueued.value().task;
    return {};
  });
  if (!written) FAIL(written.error().message);
  queue().on_committed({id, sdk::TaskOperation::update, priority, reason});
  return *task;
}

sdk::Article QueueRig::article(sdk::ArticleId id) {
  auto found = read_or_fail<std::optional<sdk::Article>>(
      storage(), [&](sdk::Repositories& repos) { return repos.articles().find_by_id(id); });
  REQUIRE(found.has_value());
  return *found;
}

std::vector<sdk::Task> QueueRig::tasks(sdk::ArticleId id) {
  sdk::TaskQuery query;
  query.article_id = id;
  return read_or_fail<std::vector<sdk::Task>>(storage(), [&](sdk::Repositories& repos) { return repos.tasks().list(query); });
}

std::vector<sdk::Task> QueueRig::all_tasks() {
  return read_or_fail<std::vector<sdk::Task>>(storage(),
                                              [&](sdk::Repositories& repos) { return repos.tasks().list({}); });
}

std::optional<sdk::Task> QueueRig::latest_task(sdk::ArticleId id) {
  auto list = tasks(id);
  if (list.empty()) return std::nullopt;
  return list.front();
}

std::string QueueRig::task_status(sdk::ArticleId id) {
  auto task = latest_task(id);
  return task ? std::string(sdk::to_string(task->status)) : "none";
}

std::vector<sdk::Chunk> QueueRig::chunks(sdk::ArticleId id) {
  auto set = pipeline.active_set();
  REQUIRE(set.ok());
  return read_or_fail<std::vector<sdk::Chunk>>(
      storage(), [&](sdk::Repositories& repos) { return repos.chunks().article_chunks(set->id, id, false); });
}

std::vector<sdk::AuditEntry> QueueRig::audit(std::optional<std::string> category) {
  return read_or_fail<std::vector<sdk::AuditEntry>>(
      storage(), [&](sdk::Repositories& repos) { return repos.audit().recent(100000, category); });
}

std::vector<sdk::AuditEntry> QueueRig::events(const std::string& event, std::optional<std::string> task_id) {
  std::vector<sdk::AuditEntry> out;
  for (auto& entry : audit()) {
    const auto metadata = nlohmann::json::parse(entry.metadata_json, nullptr, false);
    if (!metadata.is_object() || metadata.value("event", "") != event) continue;
    if (task_id && entry.task_id != *task_id) continue;
    out.push_back(std::move(entry));
  }
  return out;
}

std::string QueueRig::audit_trail() {
  auto rows = audit();
  std::string out;
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
    out += it->message + " " + it->metadata_json + (it->error ? " error: " + *it->error : "") + "\n";
  }
  return out;
}

std::vector<sdk::MetricSample> QueueRig::metrics(const std::string& type) {
  return read_or_fail<std::vector<sdk::MetricSample>>(
      storage(), [&](sdk::Repositories& repos) { return repos.metrics().since(sdk::Timestamp{}, type); });
}

sdk::WorkerControl QueueRig::control() {
  return read_or_fail<sdk::WorkerControl>(storage(), [](sdk::Repositories& repos) { return repos.workers().control(); });
}

std::vector<sdk::WorkerHeartbeat> QueueRig::workers() {
  return read_or_fail<std::vector<sdk::WorkerHeartbeat>>(
      storage(), [](sdk::Repositories& repos) { return repos.workers().workers(); });
}

bool QueueRig::wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  return test::wait_until(condition, timeout);
}

}  // namespace vellum::test
