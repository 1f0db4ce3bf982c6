#include "search_rig.hpp"

#include <catch2/catch.hpp>

#include "common/clock.hpp"
#include "support/slot_choice.hpp"
#include "support/stored_article.hpp"

namespace vellum::test {

SearchRig::SearchRig(const std::string& embedding, std::map<std::string, std::string> settings)
    : host(dir.path().string()),
      catalog(plugins::PluginCatalog::scan({VELLUM_TEST_PLUGIN_DIR})),
      manager(host),
      pipeline(manager.holder(), indexes, {120, 20}, "test-worker"),
      search(manager.holder(), indexes, host.metrics()) {
  plugins::RuntimeSpec spec;
  spec.storage = slot_choice(catalog, sdk::Slot::storage, "sqlite", {{"path", "search.db"}});
  spec.embedding = slot_choice(catalog, sdk::Slot::embedding, embedding, settings);
  auto applied = manager.apply(spec, catalog);
  if (!applied) FAIL(applied.error().message);
}

sdk::ArticleId SearchRig::add_article(const std::string& slug, const std::string& title, const std::string& content,
                                      const std::string& folder, bool no_rag) {
  sdk::ArticleDraft draft;
  draft.slug = slug;
  draft.title = title;
  draft.content = content;
  draft.folder = folder;
  draft.no_rag = no_rag;
  draft.now = now_ms();
  return test::insert_stored_article(storage(), draft);
}

void SearchRig::update_content(sdk::ArticleId id, const std::string& content) {
  auto written = storage().transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto found = repos.articles().find_by_id(id);
    if (!found) return std::move(found).error();
    const auto& a = *found.value();
    sdk::ArticleDraft draft{a.slug, a.title, content, a.folder, a.metadata_json, a.is_public, a.no_rag,
                            a.updated_by, now_ms(), true};
    auto updated = repos.articles().update(id, draft);
    if (!updated) return std::move(updated).error();
    return {};
  });
  REQUIRE(written.ok());
}

void SearchRig::set_no_rag(sdk::ArticleId id, bool no_rag) {
  auto written = storage().transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto found = repos.articles().find_by_id(id);
    if (!found) return std::move(found).error();
    const auto& a = *found.value();
    sdk::ArticleDraft draft{a.slug, a.title, a.content, a.folder, a.metadata_json, a.is_public, no_rag,
                            a.updated_by, now_ms(), false};
    auto updated = repos.articles().update(id, draft);
    if (!updated) return std::move(updated).error();
    return {};
  });
  REQUIRE(written.ok());
}

std::vector<sdk::Chunk> SearchRig::chunks(sdk::ArticleId id) {
  auto set = pipeline.active_set();
  REQUIRE(set.ok());
  std::vector<sdk::Chunk> out;
  auto read = storage().read([&](sdk::Repositories& repos) -> sdk::Status {
    auto found = repos.chunks().article_chunks(set->id, id, true);
    if (!found) return std::move(found).error();
    out = std::move(found).value();
    return {};
  });
  REQUIRE(read.ok());
  return out;
}

}  // namespace vellum::test
