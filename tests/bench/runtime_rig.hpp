// An in-process runtime for the pipeline and queue benches: the real sqlite (or postgres), ollama and
// background queue plugins (.so files through the real loader) on a temporary directory (and a fresh
// PostgreSQL schema), with the host's index registry, embedding pipeline and article service — the
// same wiring as `vellum serve`, without HTTP.
// Catch-free (tests/search's SearchRig reports through REQUIRE): a failure here throws, and Google
// Benchmark's main reports it and exits.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "articles/article_service.hpp"
#include "bench/bench_env.hpp"
#include "indexing/embedding_pipeline.hpp"
#include "plugins/host_services.hpp"
#include "plugins/hot_swap.hpp"
#include "search/index_registry.hpp"
#include "support/temp_dir.hpp"

namespace vellum::bench {

using Settings = std::map<std::string, std::string>;

class RuntimeRig {
 public:
  // Storage and embedding only; no queue strategy runs until start_queue(). Storage is SQLite in the
  // temporary directory when `pg_url` is empty, else PostgreSQL in a fresh schema on that server,
  // dropped with the rig.
  RuntimeRig(const Settings& ollama_settings, indexing::PipelineSettings pipeline_settings,
             const std::string& pg_url = {});
  ~RuntimeRig();  // stops the queue before the pipeline it calls goes
  RuntimeRig(const RuntimeRig&) = delete;
  RuntimeRig& operator=(const RuntimeRig&) = delete;

  // Adds the background queue with these settings (over the plugin's defaults); the other slots are reused.
  void start_queue(const Settings& queue_settings);
  // Points the embedding slot at another Ollama (a provider switch), with this switch policy.
  void switch_embedding(const Settings& ollama_settings, plugins::SwitchPolicy policy);

  // Articles written straight to storage, with a pending task each when `with_tasks` (as an import
  // with the queue stopped would leave them); one transaction for all.
  std::vector<sdk::ArticleId> insert_articles(const std::vector<std::string>& contents, bool with_tasks);
  // The active embedding set's in-memory index (loaded on first call); poll its stats() cheaply.
  [[nodiscard]] std::shared_ptr<search::VectorIndex> active_index();
  [[nodiscard]] sdk::StorageBackend& storage() { return *manager.current()->storage.object; }

  std::unique_ptr<PgSchema> schema;  // first: dropped after the storage plugin has closed its pool
  test::TempDir dir{"vellum-bench"};
  plugins::HostServices host;
  plugins::PluginCatalog catalog;
  plugins::RuntimeManager manager;
  search::IndexRegistry indexes;
  indexing::EmbeddingPipeline pipeline;
  articles::ArticleService articles;

 private:
  plugins::RuntimeSpec spec_;
};

}  // namespace vellum::bench
