#include "bench/runtime_rig.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "bench/bench_env.hpp"
#include "common/clock.hpp"
#include "config/plugin_settings.hpp"

namespace vellum::bench {
namespace {

plugins::SlotChoice choice(const plugins::PluginCatalog& catalog, sdk::Slot slot, const std::string& name,
                           const Settings& settings) {
  auto library = catalog.find(slot, name);
  if (!library) throw std::runtime_error("plugin not found: " + name + " in " VELLUM_TEST_PLUGIN_DIR);
  std::map<std::string, config::SettingInput, std::less<>> given;
  for (const auto& [k, v] : settings) given[k] = {v, "bench"};
  auto built = config::build_plugin_config(std::string(sdk::to_string(slot)) + "." + name,
                                           library->manifest().options, given);
  if (!built) throw std::runtime_error(built.error().message);
  return {name, built.value()};
}

void apply(plugins::RuntimeManager& manager, const plugins::RuntimeSpec& spec, const plugins::PluginCatalog& catalog) {
  auto applied = manager.apply(spec, catalog);
  if (!applied) throw std::runtime_error("runtime: " + applied.error().message);
}

Settings storage_settings(const PgSchema* schema) {
  if (!schema) return {{"path", "bench.db"}};
  return {{"url", schema->url()}, {"schema", schema->name()}};
}

// The server's defaults; VELLUM_BENCH_HNSW_THRESHOLD moves the row count from which the index keeps
// an HNSW graph (inserting into the graph costs 0.6–1 ms of CPU per vector, which is what a
// deep-queue drain then measures instead of the queue).
search::VectorIndexOptions index_options() {
  search::VectorIndexOptions options;
  options.hnsw_threshold = env_size("VELLUM_BENCH_HNSW_THRESHOLD", options.hnsw_threshold);
  return options;
}

}  // namespace

RuntimeRig::RuntimeRig(const Settings& ollama_settings, indexing::PipelineSettings pipeline_settings,
                       const std::string& pg_url)
    : schema(pg_url.empty() ? nullptr : std::make_unique<PgSchema>(pg_url)),
      host(dir.path().string()),
      catalog(plugins::PluginCatalog::scan({VELLUM_TEST_PLUGIN_DIR})),
      manager(host),
      indexes(index_options()),
      pipeline(manager.holder(), indexes, pipeline_settings, "bench-worker"),
      articles(manager.holder(), {.semantic_search_enabled = true}) {
  host.set_queue_host(&pipeline);
  spec_.storage = choice(catalog, sdk::Slot::storage, schema ? "postgres" : "sqlite", storage_settings(schema.get()));
  spec_.embedding = choice(catalog, sdk::Slot::embedding, "ollama", ollama_settings);
  apply(manager, spec_, catalog);
}

RuntimeRig::~RuntimeRig() { manager.stop_queue(); }

void RuntimeRig::start_queue(const Settings& queue_settings) {
  spec_.queue = choice(catalog, sdk::Slot::queue, "background", queue_settings);
  apply(manager, spec_, catalog);
}

void RuntimeRig::switch_embedding(const Settings& ollama_settings, plugins::SwitchPolicy policy) {
  spec_.embedding = choice(catalog, sdk::Slot::embedding, "ollama", ollama_settings);
  spec_.switching = policy;
  apply(manager, spec_, catalog);
}

std::vector<sdk::ArticleId> RuntimeRig::insert_articles(const std::vector<std::string>& contents, bool with_tasks) {
  std::vector<sdk::ArticleId> ids;
  auto written = storage().transact([&](sdk::Repositories& repos) -> sdk::Status {
    for (std::size_t i = 0; i < contents.size(); ++i) {
      sdk::ArticleDraft draft;
      draft.slug = "bench-" + std::to_string(i);
      draft.title = draft.slug;
      draft.content = contents[i];
      draft.now = now_ms();
      auto inserted = repos.articles().insert(draft);
      if (!inserted) return std::move(inserted).error();
      ids.push_back(inserted.value().id);
      if (!with_tasks) continue;
      sdk::TaskDraft task;
      task.article_id = ids.back();
      task.slug = draft.slug;
      task.max_attempts = 4;
      task.now = draft.now;
      task.scheduled_at = draft.now;
      task.metadata_json = nlohmann::json{{"reason", "bench"}}.dump();
      auto enqueued = repos.tasks().enqueue(task);
      if (!enqueued) return std::move(enqueued).error();
    }
    return {};
  });
  if (!written) throw std::runtime_error("insert: " + written.error().message);
  return ids;
}

std::shared_ptr<search::VectorIndex> RuntimeRig::active_index() {
  auto set = pipeline.active_set();
  if (!set) throw std::runtime_error("embedding set: " + set.error().message);
  auto index = indexes.get(storage(), set.value());
  if (!index) throw std::runtime_error("index: " + index.error().message);
  return index.value();
}

}  // namespace vellum::bench
