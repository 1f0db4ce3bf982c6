#include "installation.hpp"

#include <algorithm>
#include <fstream>
#include <span>
#include <stdexcept>

#include "common/clock.hpp"
#include "config/plugin_settings.hpp"
#include "plugins/plugin_library.hpp"
#include "storage/postgres_target.hpp"
#include "support/test_host_context.hpp"

namespace vellum::test {

namespace {

using Settings = std::map<std::string, config::SettingInput, std::less<>>;

sdk::Timestamp at(int minute) { return sdk::Timestamp(std::chrono::minutes(28'000'000 + minute)); }

void must(const sdk::Status& status) {
  if (!status) throw std::runtime_error(status.error().message);
}

template <class T>
T must(sdk::Result<T> result) {
  if (!result) throw std::runtime_error(result.error().message);
  return std::move(result).value();
}

std::string ts(sdk::Timestamp t) { return format_iso8601(t); }
std::string opt(const std::optional<std::string>& s) { return s.value_or("-"); }

}  // namespace

Installation::Installation(const std::string& backend, const std::string& pg_url)
    : backend_(backend), dir_("vellum-datamove") {
  std::string storage = "storage:\n  backend: " + backend + "\n";
  if (backend == "postgres") {
    pg_ = std::make_unique<PostgresTarget>();
    pg_url_ = pg_url.empty() ? pg_->url() : pg_url;
    storage += "  postgres:\n    url: \"" + pg_url_ + "\"\n    schema: " + pg_->schema() + "\n";
  }
  std::ofstream(dir_ / "vellum.yaml") << "data_dir: " << dir_.path().string() << "\n"
                                      << "embedding:\n  provider: local\n"
                                      << storage << "queue:\n  enabled: false\n";
}

Installation::~Installation() { close(); }

Completed Installation::vellum(std::vector<std::string> args, const std::map<std::string, std::string>& env) const {
  args.push_back("--config");
  args.push_back(config_file());
  return run_vellum(args, ProcessOptions{dir_.path(), env, {}});
}

std::string Installation::pg_schema() const { return pg_ ? pg_->schema() : std::string(); }

sdk::StorageBackend& Installation::storage() {
  if (storage_) return *storage_;
  const std::string file = std::string(VELLUM_TEST_PLUGIN_DIR) + "/vellum-storage-" + backend_ + ".so";
  auto library = must(plugins::PluginLibrary::open(file));
  Settings settings;
  if (pg_) {
    settings = pg_->settings();
    settings["url"] = {pg_url_, "test"};
  } else {
    settings["path"] = {(dir_ / "vellum.db").string(), "test"};
  }
  const auto& options = library->manifest().options;
  auto config = must(config::build_plugin_config("storage." + backend_, std::span<const sdk::ConfigOption>(options),
                                                 settings));
  static TestHostContext host;
  storage_ = must(library->create<sdk::Slot::storage>(config, host));
  library_ = library;
  return *storage_;
}

void Installation::close() { storage_.reset(); }

void seed(sdk::StorageBackend& storage) {
  must(storage.transact([](sdk::Repositories& repos) -> sdk::Status {
    auto set = must(repos.embedding_sets().find_or_create("local", "hashed", 3, at(0)));
    must(repos.embedding_sets().set_state(set.id, "active", at(0)));
    for (int i = 1; i <= 3; ++i) {
      sdk::ArticleDraft draft{"article-" + std::to_string(i), "Article " + std::to_string(i),
                              "# Article\n\nBody " + std::to_string(i) + "\n", i == 3 ? "notes/deep" : "",
                              "{\"tag\":\"t" + std::to_string(i) + "\"}", i == 2, false, "alice", at(i), true};
      auto article = must(repos.articles().insert(draft));
      for (int v = 1; v <= i; ++v) {
        sdk::ArticleVersion version;
        version.article_id = article.id;
        version.title = draft.title;
        version.content = draft.content + "v" + std::to_string(v);
        version.message = "edit " + std::to_string(v);
        version.created_at = at(i * 10 + v);
        version.created_by = "alice";
        must(repos.versions().append(version));
      }
      if (i == 2) {
        draft.actor = "bob";
        draft.now = at(50);
        draft.content += "more\n";
        must(repos.articles().update(article.id, draft));
      }
      if (i != 3) {
        std::vector<sdk::Chunk> chunks;
        for (int c = 0; c < 2; ++c) {
          sdk::Chunk chunk;
          chunk.chunk_id = draft.slug + ".md#" + std::to_string(c);
          chunk.chunk_index = c;
          chunk.heading_path = {"# Article"};
          chunk.text = "chunk " + std::to_string(c);
          chunk.content_hash = "hash" + std::to_string(c);
          chunk.vector = {static_cast<float>(i), static_cast<float>(c), 0.5f};
          chunks.push_back(chunk);
        }
        must(repos.chunks().replace_article_chunks(set.id, article.id, chunks));
      }
      sdk::TaskDraft task;
      task.article_id = article.id;
      task.slug = draft.slug;
      task.operation = sdk::TaskOperation::create;
      task.now = at(60 + i);
      task.scheduled_at = at(60 + i);
      task.metadata_json = "{\"reason\":\"seed\"}";
      must(repos.tasks().enqueue(task));
    }
    sdk::AccessToken token{0, "ci", "write", std::string(64, 'a'), "aaaa", at(70), at(71)};
    must(repos.tokens().insert(token));
    must(repos.settings().put("instance_name", "test"));
    must(repos.workers().set_control({false, false, std::nullopt, at(80)}, at(80)));
    return {};
  }));
  // One task completed and one failed, so history is copied too.
  std::vector<sdk::Task> claimed;
  must(storage.transact([&](sdk::Repositories& repos) -> sdk::Status {
    claimed = must(repos.tasks().claim_batch("seed-worker", 2, at(90), std::chrono::minutes(5)));
    return {};
  }));
  must(storage.transact([&](sdk::Repositories& repos) -> sdk::Status {
    must(repos.tasks().complete(claimed.at(0).id, "seed-worker", at(91)));
    must(repos.tasks().fail(claimed.at(1).id, "seed-worker", "provider down", at(92)));
    return {};
  }));
}

std::vector<std::string> snapshot(sdk::StorageBackend& storage) {
  std::vector<std::string> lines;
  must(storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    std::map<sdk::EmbeddingSetId, std::string> set_names;
    for (const auto& set : must(repos.embedding_sets().list())) {
      set_names[set.id] = set.provider + "/" + set.model + "/" + std::to_string(set.dimensions);
      lines.push_back("set " + set_names[set.id] + " " + set.state + " " + ts(set.created_at));
    }
    std::map<sdk::ArticleId, std::string> slugs;
    for (auto id : must(repos.articles().list_ids(0, 1000))) {
      const auto a = *must(repos.articles().find_by_id(id));
      slugs[id] = a.slug;
      lines.push_back("article " + a.slug + "|" + a.title + "|" + a.content + "|" + a.folder + "|" + a.metadata_json +
                      "|" + std::to_string(a.is_public) + std::to_string(a.no_rag) + "|" + ts(a.created_at) + "|" +
                      ts(a.updated_at) + "|" + opt(a.created_by) + "|" + opt(a.updated_by));
      for (const auto& v : must(repos.versions().list(id))) {
        lines.push_back("version " + a.slug + " #" + std::to_string(v.version_number) + " " + v.content + "|" +
                        v.message + "|" + v.content_hash + "|" + ts(v.created_at) + "|" + opt(v.created_by));
      }
      for (const auto& [set, name] : set_names) {
        for (const auto& c : must(repos.chunks().article_chunks(set, id, true))) {
          std::string vector;
          for (float x : c.vector) vector += std::to_string(x) + ",";
          lines.push_back("chunk " + name + " " + a.slug + " " + c.chunk_id + " " + c.text + " " + c.content_hash +
                          " [" + vector + "]");
        }
      }
    }
    for (const auto& t : must(repos.tokens().list())) {
      lines.push_back("token " + t.name + " " + t.scope + " " + t.token_hash + " " + t.token_hint + " " +
                      ts(t.created_at));
    }
    for (const auto& t : must(repos.tasks().list({}))) {
      lines.push_back("task " + slugs[t.article_id] + " " + std::string(sdk::to_string(t.status)) + " " +
                      std::to_string(t.attempts) + " " + opt(t.error_message) + " " + t.metadata_json + " " +
                      ts(t.created_at));
    }
    for (const auto& [key, value] : must(repos.settings().all())) lines.push_back("setting " + key + "=" + value);
    const auto control = must(repos.workers().control());
    lines.push_back("control " + std::to_string(control.is_running) + std::to_string(control.draining));
    return {};
  }));
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace vellum::test
