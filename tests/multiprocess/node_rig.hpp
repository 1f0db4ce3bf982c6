// One "process" of a multi-process deployment, in-process: its own runtime (sqlite on a shared file,
// the local embedding provider), index registry, pipeline and change-feed follower. Two nodes on one
// file stand in for two servers on one database.
#pragma once

#include <filesystem>

#include "indexing/embedding_pipeline.hpp"
#include "plugins/host_services.hpp"
#include "plugins/hot_swap.hpp"
#include "search/change_feed_follower.hpp"

namespace vellum::test {

class Node {
 public:
  explicit Node(const std::filesystem::path& data_dir);

  [[nodiscard]] sdk::StorageBackend& storage() { return *manager.current()->storage.object; }
  sdk::ArticleId write_article(const std::string& slug, const std::string& content);
  void delete_article(sdk::ArticleId id);
  void index(sdk::ArticleId id);                  // through this node's pipeline
  std::shared_ptr<search::VectorIndex> index_of_active_set();  // loads it on first use
  // The ids of the articles this node's index returns for `text` (embedded by the provider).
  std::vector<sdk::ArticleId> nearest(const std::string& text, std::size_t k);

  plugins::HostServices host;
  plugins::PluginCatalog catalog;
  plugins::RuntimeManager manager;
  search::IndexRegistry indexes;
  indexing::EmbeddingPipeline pipeline;
  search::ChangeFeedFollower follower;
};

}  // namespace vellum::test
