#include "node_rig.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

#include "common/clock.hpp"
#include "support/slot_choice.hpp"

namespace vellum::test {

Node::Node(const std::filesystem::path& data_dir, const NodeOptions& options)
    : host(data_dir.string()),
      catalog(plugins::PluginCatalog::scan({VELLUM_TEST_PLUGIN_DIR})),
      manager(host),
      pipeline(manager.holder(), indexes, {120, 20}, "node"),
      follower(manager.holder(), indexes, options.change_feed_poll) {
  plugins::RuntimeSpec spec;
  auto storage_settings = options.storage_settings;
  if (options.storage == "sqlite" && storage_settings.empty()) storage_settings["path"] = "shared.db";
  spec.storage = slot_choice(catalog, sdk::Slot::storage, options.storage, storage_settings);
  spec.embedding = slot_choice(catalog, sdk::Slot::embedding, "local", {});
  auto applied = manager.apply(spec, catalog);
  if (!applied) FAIL(applied.error().message);
}

sdk::ArticleId Node::write_article(const std::string& slug, const std::string& content) {
  sdk::ArticleId id = 0;
  auto written = storage().transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto existing = repos.articles().find_by_slug(slug);
    if (!existing) return std::move(existing).error();
    sdk::ArticleDraft draft;
    draft.slug = slug;
    draft.title = slug;
    draft.content = content;
    draft.now = now_ms();
    auto stored = *existing ? repos.articles().update((*existing)->id, draft) : repos.articles().insert(draft);
    if (!stored) return std::move(stored).error();
    id = stored->id;
    return {};
  });
  REQUIRE(written.ok());
  return id;
}

void Node::delete_article(sdk::ArticleId id) {
  REQUIRE(storage().transact([&](sdk::Repositories& repos) { return repos.articles().remove(id); }).ok());
}

void Node::index(sdk::ArticleId id) {
  const std::vector<sdk::ArticleId> ids{id};
  auto outcomes = pipeline.index_articles(ids, {});
  REQUIRE(outcomes.size() == 1);
  REQUIRE(outcomes[0].status.ok());
}

std::shared_ptr<search::VectorIndex> Node::index_of_active_set() {
  auto set = pipeline.active_set();
  REQUIRE(set.ok());
  auto index = indexes.get(storage(), set.value());
  REQUIRE(index.ok());
  return index.value();
}

std::vector<sdk::ArticleId> Node::nearest(const std::string& text, std::size_t k) {
  const std::vector<std::string> texts{text};
  auto embedded = manager.current()->embedding.object->embed(texts, {});
  REQUIRE(embedded.ok());
  std::vector<sdk::ArticleId> ids;
  for (const auto& hit : index_of_active_set()->search(embedded.value().at(0), k)) {
    if (std::find(ids.begin(), ids.end(), hit.key.article_id) == ids.end()) ids.push_back(hit.key.article_id);
  }
  return ids;
}

}  // namespace vellum::test
