#include "datamove/census.hpp"

#include <algorithm>
#include <map>

namespace vellum::datamove {

namespace {

constexpr std::size_t kIdsPerRead = 500;

std::string set_key(const sdk::EmbeddingSet& set) {
  return set.provider + "/" + set.model + "/" + std::to_string(set.dimensions);
}

sdk::Status count_versions(sdk::Repositories& repos, Census& census) {
  sdk::ArticleId after = 0;
  for (;;) {
    auto ids = repos.articles().list_ids(after, kIdsPerRead);
    if (!ids) return std::move(ids).error();
    for (auto id : ids.value()) {
      auto versions = repos.versions().list(id);
      if (!versions) return std::move(versions).error();
      census.versions += static_cast<std::int64_t>(versions->size());
    }
    if (ids->size() < kIdsPerRead) return {};
    after = ids->back();
  }
}

}  // namespace

sdk::Result<Census> take_census(sdk::StorageBackend& storage) {
  Census census;
  auto read = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    census = {};
    auto articles = repos.articles().count({});
    if (!articles) return std::move(articles).error();
    census.articles = articles.value();
    if (auto versions = count_versions(repos, census); !versions) return versions;
    auto tokens = repos.tokens().list();
    if (!tokens) return std::move(tokens).error();
    census.tokens = static_cast<std::int64_t>(tokens->size());
    auto tasks = repos.tasks().counts();
    if (!tasks) return std::move(tasks).error();
    for (const auto& [status, count] : tasks->by_status) census.tasks += count;
    auto settings = repos.settings().all();
    if (!settings) return std::move(settings).error();
    // The dataset id is the database's own, written by its migrations: not content a copy adds.
    census.settings = static_cast<std::int64_t>(settings->size() - settings->count(std::string(sdk::kDatasetIdSetting)));
    auto sets = repos.embedding_sets().list();
    if (!sets) return std::move(sets).error();
    for (const auto& set : sets.value()) {
      auto chunks = repos.chunks().count_chunks(set.id);
      if (!chunks) return std::move(chunks).error();
      census.sets.push_back({set_key(set), set.state, chunks.value()});
    }
    std::sort(census.sets.begin(), census.sets.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    return {};
  });
  if (!read) return std::move(read).error();
  return census;
}

std::vector<std::string> differences(const Census& source, const Census& target) {
  std::vector<std::string> out;
  auto compare = [&](const std::string& what, std::int64_t a, std::int64_t b) {
    if (a != b) out.push_back(what + ": " + std::to_string(a) + " in the source, " + std::to_string(b) + " copied");
  };
  compare("articles", source.articles, target.articles);
  compare("versions", source.versions, target.versions);
  compare("tokens", source.tokens, target.tokens);
  compare("tasks", source.tasks, target.tasks);
  compare("settings", source.settings, target.settings);
  std::map<std::string, const SetCensus*> copied;
  for (const auto& set : target.sets) copied.emplace(set.key, &set);
  for (const auto& set : source.sets) {
    auto it = copied.find(set.key);
    if (it == copied.end()) {
      out.push_back("embedding set " + set.key + ": missing from the copy");
      continue;
    }
    compare("chunks of embedding set " + set.key, set.chunks, it->second->chunks);
    if (set.state != it->second->state) out.push_back("embedding set " + set.key + ": state " + set.state + " became " + it->second->state);
  }
  if (target.sets.size() > source.sets.size()) out.push_back("the copy holds embedding sets the source does not");
  return out;
}

std::string describe(const Census& census) {
  std::int64_t chunks = 0;
  for (const auto& set : census.sets) chunks += set.chunks;
  return std::to_string(census.articles) + " articles, " + std::to_string(census.versions) + " versions, " +
         std::to_string(census.tokens) + " tokens, " + std::to_string(census.sets.size()) + " embedding sets with " +
         std::to_string(chunks) + " chunks, " + std::to_string(census.tasks) + " tasks, " +
         std::to_string(census.settings) + " settings";
}

}  // namespace vellum::datamove
