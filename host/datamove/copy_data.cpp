#include "datamove/copy_data.hpp"

#include <algorithm>
#include <map>

namespace vellum::datamove {

namespace {

constexpr std::size_t kArticlesPerRead = 100;

using SetMap = std::map<sdk::EmbeddingSetId, sdk::EmbeddingSetId>;  // source id → target id
using ArticleMap = std::map<sdk::ArticleId, sdk::ArticleId>;

struct ArticleBundle {
  sdk::Article article;
  std::vector<sdk::ArticleVersion> versions;                      // oldest first
  std::map<sdk::EmbeddingSetId, std::vector<sdk::Chunk>> chunks;  // by source set
  std::map<sdk::EmbeddingSetId, sdk::EmbeddedVersion> embedded;   // by source set
};

// The set's state with its activation times, and the provider that fills it.
sdk::Status copy_lifecycle(sdk::EmbeddingSetRepository& sets, sdk::EmbeddingSetId id, const sdk::EmbeddingSet& set) {
  if (set.activated_at) {  // became active once: stamp it, then leave active when it has since
    if (auto s = sets.set_state(id, "active", *set.activated_at); !s) return s;
  }
  if (auto s = sets.set_state(id, set.state, set.deactivated_at.value_or(set.created_at)); !s) return s;
  return sets.set_provider(id, set.provider_plugin, set.provider_settings_json);
}

sdk::Result<SetMap> copy_sets(sdk::StorageBackend& source, sdk::StorageBackend& target) {
  std::vector<sdk::EmbeddingSet> sets;
  auto read = source.read([&](sdk::Repositories& repos) -> sdk::Status {
    auto listed = repos.embedding_sets().list();
    if (!listed) return std::move(listed).error();
    sets = std::move(listed).value();
    return {};
  });
  if (!read) return std::move(read).error();
  SetMap map;
  auto written = target.transact([&](sdk::Repositories& repos) -> sdk::Status {
    map.clear();
    for (const auto& set : sets) {
      auto created = repos.embedding_sets().find_or_create(set.provider, set.model, set.dimensions, set.created_at);
      if (!created) return std::move(created).error();
      if (auto copied = copy_lifecycle(repos.embedding_sets(), created->id, set); !copied) return copied;
      map.emplace(set.id, created->id);
    }
    return {};
  });
  if (!written) return std::move(written).error();
  return map;
}

sdk::Status read_bundle(sdk::Repositories& repos, sdk::ArticleId id, const SetMap& sets,
                        std::optional<ArticleBundle>& out) {
  auto article = repos.articles().find_by_id(id);
  if (!article) return std::move(article).error();
  if (!*article) return {};  // deleted since its id was listed
  ArticleBundle bundle{std::move(**article), {}, {}, {}};
  auto versions = repos.versions().list(id);
  if (!versions) return std::move(versions).error();
  bundle.versions = std::move(versions).value();
  std::reverse(bundle.versions.begin(), bundle.versions.end());
  for (const auto& [set, unused] : sets) {
    auto chunks = repos.chunks().article_chunks(set, id, /*with_vectors=*/true);
    if (!chunks) return std::move(chunks).error();
    if (!chunks->empty()) bundle.chunks.emplace(set, std::move(chunks).value());
    auto embedded = repos.embedding_sets().embedded_version(set, id);
    if (!embedded) return std::move(embedded).error();
    if (*embedded) bundle.embedded.emplace(set, **embedded);
  }
  out = std::move(bundle);
  return {};
}

sdk::Result<sdk::ArticleId> write_bundle(sdk::Repositories& repos, const ArticleBundle& bundle, const SetMap& sets) {
  const auto& a = bundle.article;
  sdk::ArticleDraft draft{a.slug, a.title, a.content, a.folder, a.metadata_json, a.is_public, a.no_rag,
                          a.created_by, a.created_at, true};
  auto inserted = repos.articles().insert(draft);
  if (!inserted) return std::move(inserted).error();
  const auto id = inserted->id;
  if (a.updated_at != a.created_at || a.updated_by != a.created_by) {
    draft.actor = a.updated_by;
    draft.now = a.updated_at;
    if (auto updated = repos.articles().update(id, draft); !updated) return std::move(updated).error();
  }
  for (auto version : bundle.versions) {
    version.article_id = id;
    if (auto appended = repos.versions().append(version); !appended) return std::move(appended).error();
  }
  for (const auto& [source_set, chunks] : bundle.chunks) {
    const auto set = sets.at(source_set);
    std::vector<sdk::Chunk> moved = chunks;
    for (auto& c : moved) {
      c.article_id = id;
      c.embedding_set_id = set;
    }
    if (auto replaced = repos.chunks().replace_article_chunks(set, id, moved); !replaced) return replaced.error();
  }
  for (const auto& [source_set, version] : bundle.embedded) {
    if (auto marked = repos.embedding_sets().mark_embedded(sets.at(source_set), id, version.content_hash,
                                                           version.article_updated_at, version.embedded_at);
        !marked) {
      return marked.error();
    }
  }
  return id;
}

sdk::Result<ArticleMap> copy_articles(sdk::StorageBackend& source, sdk::StorageBackend& target, const SetMap& sets,
                                      Progress& progress) {
  std::int64_t total = 0;
  auto counted = source.read([&](sdk::Repositories& repos) -> sdk::Status {
    auto count = repos.articles().count({});
    if (!count) return std::move(count).error();
    total = count.value();
    return {};
  });
  if (!counted) return std::move(counted).error();
  ArticleMap map;
  sdk::ArticleId after = 0;
  for (;;) {
    std::vector<ArticleBundle> bundles;
    std::vector<sdk::ArticleId> ids;
    auto read = source.read([&](sdk::Repositories& repos) -> sdk::Status {
      bundles.clear();
      auto listed = repos.articles().list_ids(after, kArticlesPerRead);
      if (!listed) return std::move(listed).error();
      ids = std::move(listed).value();
      for (auto id : ids) {
        std::optional<ArticleBundle> bundle;
        if (auto one = read_bundle(repos, id, sets, bundle); !one) return one;
        if (bundle) bundles.push_back(std::move(*bundle));
      }
      return {};
    });
    if (!read) return std::move(read).error();
    if (ids.empty()) return map;
    std::vector<sdk::ArticleId> created;
    auto written = target.transact([&](sdk::Repositories& repos) -> sdk::Status {
      created.clear();
      for (const auto& bundle : bundles) {
        auto id = write_bundle(repos, bundle, sets);
        if (!id) return std::move(id).error().with_context("article " + bundle.article.slug);
        created.push_back(id.value());
      }
      return {};
    });
    if (!written) return std::move(written).error();
    for (std::size_t i = 0; i < bundles.size(); ++i) map.emplace(bundles[i].article.id, created[i]);
    progress.show("copying articles", static_cast<std::int64_t>(map.size()), total);
    after = ids.back();
  }
}

sdk::Status copy_tokens(sdk::StorageBackend& source, sdk::StorageBackend& target) {
  std::vector<sdk::AccessToken> tokens;
  auto read = source.read([&](sdk::Repositories& repos) -> sdk::Status {
    auto listed = repos.tokens().list();
    if (!listed) return std::move(listed).error();
    tokens = std::move(listed).value();
    return {};
  });
  if (!read) return read;
  std::reverse(tokens.begin(), tokens.end());  // oldest first, so ids keep their order
  return target.transact([&](sdk::Repositories& repos) -> sdk::Status {
    for (const auto& token : tokens) {
      if (auto inserted = repos.tokens().insert(token); !inserted) return std::move(inserted).error();
    }
    return {};
  });
}

sdk::Status copy_tasks(sdk::StorageBackend& source, sdk::StorageBackend& target, const ArticleMap& articles,
                       const SetMap& sets) {
  std::vector<sdk::Task> tasks;
  auto read = source.read([&](sdk::Repositories& repos) -> sdk::Status {
    auto listed = repos.tasks().list({});
    if (!listed) return std::move(listed).error();
    tasks = std::move(listed).value();
    return {};
  });
  if (!read) return read;
  return target.transact([&](sdk::Repositories& repos) -> sdk::Status {
    for (auto task : tasks) {
      auto article = articles.find(task.article_id);
      if (article == articles.end()) continue;  // its article was deleted while copying
      task.article_id = article->second;
      if (task.embedding_set_id) task.embedding_set_id = sets.at(*task.embedding_set_id);
      auto restored = repos.tasks().restore(task);
      if (!restored) return std::move(restored).error();
      if (!restored.value()) {
        return sdk::Error(sdk::ErrorKind::conflict, "task " + task.id + " could not be put into the target");
      }
    }
    return {};
  });
}

sdk::Status copy_control_and_settings(sdk::StorageBackend& source, sdk::StorageBackend& target) {
  sdk::WorkerControl control;
  std::map<std::string, std::string> settings;
  auto read = source.read([&](sdk::Repositories& repos) -> sdk::Status {
    auto current = repos.workers().control();
    if (!current) return std::move(current).error();
    control = std::move(current).value();
    auto all = repos.settings().all();
    if (!all) return std::move(all).error();
    settings = std::move(all).value();
    return {};
  });
  if (!read) return read;
  return target.transact([&](sdk::Repositories& repos) -> sdk::Status {
    if (auto set = repos.workers().set_control(control, control.updated_at.value_or(sdk::Timestamp{})); !set) return set;
    for (const auto& [key, value] : settings) {
      if (auto put = repos.settings().put(key, value); !put) return put;
    }
    return {};
  });
}

}  // namespace

sdk::Status copy_all(sdk::StorageBackend& source, sdk::StorageBackend& target, Progress& progress) {
  auto sets = copy_sets(source, target);
  if (!sets) return sets.error().with_context("copying embedding sets");
  auto articles = copy_articles(source, target, sets.value(), progress);
  progress.finish();
  if (!articles) return articles.error().with_context("copying articles");
  if (auto tokens = copy_tokens(source, target); !tokens) return tokens.error().with_context("copying tokens");
  if (auto tasks = copy_tasks(source, target, articles.value(), sets.value()); !tasks) {
    return tasks.error().with_context("copying tasks");
  }
  if (auto rest = copy_control_and_settings(source, target); !rest) {
    return rest.error().with_context("copying worker control and settings");
  }
  return {};
}

}  // namespace vellum::datamove
