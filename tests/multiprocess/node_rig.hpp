// One "process" of a multi-process deployment, in-process: its own runtime (sqlite on a shared file
// or a PostgreSQL schema, the local embedding provider), index registry, pipeline and change-feed
// follower. Two nodes on one database stand in for two servers on it.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>

#include "indexing/embedding_pipeline.hpp"
#include "plugins/host_services.hpp"
#include "plugins/hot_swap.hpp"
#include "search/change_feed_follower.hpp"

namespace vellum::test {

// Where a node keeps its data, and how often its follower polls when it hears of no change.
struct NodeOptions {
  std::string storage = "sqlite";                            // "sqlite": shared.db in the data dir
  std::map<std::string, std::string> storage_settings;       // e.g. postgres url and schema
  std::chrono::milliseconds change_feed_poll{10};
};

class Node {
 public:
  explicit Node(const std::filesystem::path& data_dir, const NodeOptions& options = {});

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
