#include "api_fixture.hpp"

#include <catch2/catch.hpp>
#include <spdlog/spdlog.h>

#include "common/crypto.hpp"
#include "config/plugin_settings.hpp"

namespace vellum::test {

void RecordingQueue::on_committed(const sdk::ArticleChange& change) {
  std::lock_guard lock(mutex_);
  changes_.push_back(change);
}

std::vector<sdk::ArticleChange> RecordingQueue::changes() const {
  std::lock_guard lock(mutex_);
  return changes_;
}

ApiFixture::ApiFixture(FixtureOptions options) {
  spdlog::set_level(spdlog::level::err);  // an access-log line per request would drown the output
  host_ = std::make_unique<TestHostContext>(dir_.path().string());
  const std::string file = std::string(VELLUM_TEST_PLUGIN_DIR) + "/vellum-storage-sqlite.so";
  auto library = plugins::PluginLibrary::open(file);
  if (!library) throw std::runtime_error("loading " + file + ": " + library.error().message);
  library_ = library.value();
  const auto& manifest_options = library_->manifest().options;
  auto config = config::build_plugin_config(
      "storage.sqlite", std::span<const sdk::ConfigOption>(manifest_options),
      {{"path", {(dir_.path() / "vellum.db").string(), "api fixture"}}});
  if (!config) throw std::runtime_error(config.error().message);
  auto backend = library_->create<sdk::Slot::storage>(config.value(), *host_);
  if (!backend) throw std::runtime_error(backend.error().message);
  backend_ = backend.value();

  auto runtime = std::make_shared<plugins::Runtime>();
  runtime->generation = 1;
  runtime->storage = {{"sqlite", config.value()}, backend_};
  if (options.with_queue) {
    queue_ = std::make_shared<RecordingQueue>(options.queue_uses_table);
    runtime->queue = {{"recording", {}}, queue_};
  }
  holder_.publish(runtime);

  admin_token_ = "admin-" + random_hex(24);
  api::ApiSettings settings;
  settings.server.host = "127.0.0.1";
  settings.server.port = 0;
  settings.server.threads = options.threads;
  settings.server.io_threads = 2;
  settings.server.max_body_bytes = options.max_body_bytes;
  settings.server.max_header_bytes = 16 * 1024;
  settings.server.read_timeout = options.read_timeout;
  settings.server.idle_timeout = std::chrono::seconds(10);
  settings.server.write_timeout = std::chrono::seconds(10);
  settings.admin_token = admin_token_;
  settings.cors_origins = options.cors_origins;
  settings.trusted_proxies = options.trusted_proxies;
  settings.limits = options.limits;
  settings.semantic_search_enabled = options.semantic_search;
  settings.queue_enabled = options.with_queue;
  settings.import_dir = dir_.path() / "import";
  server_ = std::make_unique<api::ApiServer>(settings, holder_);
  if (auto started = server_->start(); !started) throw std::runtime_error(started.error().message);
  client_ = std::make_unique<HttpClient>(server_->port());
}

ApiFixture::~ApiFixture() {
  client_.reset();
  server_.reset();  // joins the handler threads before the backend goes
}

Fields ApiFixture::bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

std::string ApiFixture::create_key(const std::string& name, const std::string& scope) {
  auto res = client().post_json("/api/access-tokens", {{"name", name}, {"scope", scope}}, admin());
  REQUIRE(res.status == 201);
  return res.json()["token"].get<std::string>();
}

nlohmann::json ApiFixture::create_article(const std::string& title, const std::string& content,
                                          const std::string& folder) {
  nlohmann::json body = {{"title", title}, {"content", content}};
  if (!folder.empty()) body["folder"] = folder;
  auto res = client().post_json("/api/articles", body, admin());
  INFO(res.body);
  REQUIRE(res.status == 201);
  return res.json();
}

std::int64_t ApiFixture::version_count(const std::string& slug) {
  std::int64_t count = -1;
  auto status = backend_->read([&](sdk::Repositories& repos) -> sdk::Status {
    auto article = repos.articles().find_by_slug(slug);
    if (!article || !article.value()) return sdk::Error(sdk::ErrorKind::not_found, slug);
    auto versions = repos.versions().list(article.value()->id);
    if (!versions) return versions.error();
    count = static_cast<std::int64_t>(versions->size());
    return sdk::ok_status();
  });
  REQUIRE(status.ok());
  return count;
}

std::vector<sdk::Task> ApiFixture::tasks() {
  std::vector<sdk::Task> out;
  auto status = backend_->read([&](sdk::Repositories& repos) -> sdk::Status {
    auto listed = repos.tasks().list({});
    if (!listed) return listed.error();
    out = listed.value();
    return sdk::ok_status();
  });
  REQUIRE(status.ok());
  return out;
}

}  // namespace vellum::test
