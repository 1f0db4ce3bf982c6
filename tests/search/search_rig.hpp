// A real runtime for pipeline and search tests: the sqlite plugin on a temporary file, an embedding
// plugin (local, or ollama against a fake server), the index registry, pipeline and search service.
#pragma once

#include <memory>

#include "indexing/embedding_pipeline.hpp"
#include "plugins/host_services.hpp"
#include "plugins/hot_swap.hpp"
#include "search/search_service.hpp"
#include "support/temp_dir.hpp"

namespace vellum::test {

class SearchRig {
 public:
  // `embedding` is the plugin name; `settings` its textual settings.
  SearchRig(const std::string& embedding, std::map<std::string, std::string> settings = {});

  // Inserts an article directly through the storage backend (no queue involved).
  sdk::ArticleId add_article(const std::string& slug, const std::string& title, const std::string& content,
                             const std::string& folder = "", bool no_rag = false);
  void update_content(sdk::ArticleId id, const std::string& content);
  void set_no_rag(sdk::ArticleId id, bool no_rag);
  [[nodiscard]] std::vector<sdk::Chunk> chunks(sdk::ArticleId id);
  [[nodiscard]] sdk::StorageBackend& storage() { return *manager.current()->storage.object; }

  TempDir dir;
  plugins::HostServices host;
  plugins::PluginCatalog catalog;
  plugins::RuntimeManager manager;
  search::IndexRegistry indexes;
  indexing::EmbeddingPipeline pipeline;
  search::SearchService search;
};

}  // namespace vellum::test
