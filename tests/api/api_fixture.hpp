// The API as `vellum serve` runs it — api::ApiServer over the real SQLite plugin (loaded through the
// real loader) on a database file in a temporary directory, listening on an ephemeral loopback port.
// A fake queue strategy stands in the queue slot so tests can see the outbox and the notifications.
//
//   ApiFixture api;
//   auto res = api.client().post_json("/api/articles", {{"title","A"},{"content","# A"}}, api.admin());
//   CHECK(res.status == 201);
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/api_server.hpp"
#include "plugins/plugin_library.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"
#include "support/test_host_context.hpp"
#include "vellum/sdk/queue.hpp"

namespace vellum::test {

// Records what the service tells the queue; keeps a task table or not, as asked.
class RecordingQueue final : public sdk::QueueStrategy {
 public:
  explicit RecordingQueue(bool uses_table) : uses_table_(uses_table) {}
  bool uses_task_table() const override { return uses_table_; }
  void on_committed(const sdk::ArticleChange& change) override;
  sdk::Status start() override { return sdk::ok_status(); }
  sdk::Status pause() override { return sdk::ok_status(); }
  sdk::Status resume() override { return sdk::ok_status(); }
  sdk::Status drain(std::chrono::steady_clock::time_point) override { return sdk::ok_status(); }
  void stop() override {}
  sdk::QueueStatus status() const override { return {"recording", "running", 1, 0, ""}; }

  [[nodiscard]] std::vector<sdk::ArticleChange> changes() const;

 private:
  bool uses_table_;
  mutable std::mutex mutex_;
  std::vector<sdk::ArticleChange> changes_;
};

struct FixtureOptions {
  bool with_queue = true;
  bool queue_uses_table = true;
  bool semantic_search = true;
  http::RateLimits limits{std::chrono::milliseconds(60'000), 1'000'000, 1'000'000, 1'000'000};
  std::vector<std::string> cors_origins;
  std::vector<std::string> trusted_proxies;
  std::size_t max_body_bytes = 10 * 1024 * 1024;
  std::chrono::milliseconds read_timeout{2'000};
  unsigned threads = 4;
};

class ApiFixture {
 public:
  explicit ApiFixture(FixtureOptions options = {});
  ~ApiFixture();

  [[nodiscard]] std::uint16_t port() const { return server_->port(); }
  [[nodiscard]] HttpClient& client() { return *client_; }
  [[nodiscard]] sdk::StorageBackend& storage() { return *backend_; }
  [[nodiscard]] RecordingQueue* queue() { return queue_.get(); }
  [[nodiscard]] const TempDir& dir() const { return dir_; }
  [[nodiscard]] const std::string& admin_token() const { return admin_token_; }

  // {"Authorization": "Bearer <token>"}
  [[nodiscard]] static Fields bearer(const std::string& token);
  [[nodiscard]] Fields admin() const { return bearer(admin_token_); }
  // Creates an API key through the API and returns the key.
  std::string create_key(const std::string& name, const std::string& scope);

  // Creates an article as admin; REQUIREs 201 and returns the response JSON.
  nlohmann::json create_article(const std::string& title, const std::string& content,
                                const std::string& folder = "");
  [[nodiscard]] std::int64_t version_count(const std::string& slug);
  [[nodiscard]] std::vector<sdk::Task> tasks();

 private:
  TempDir dir_{"vellum-api"};
  std::unique_ptr<TestHostContext> host_;
  plugins::LibraryPtr library_;
  sdk::BackendPtr backend_;
  std::shared_ptr<RecordingQueue> queue_;
  plugins::RuntimeHolder holder_;
  std::string admin_token_;
  std::unique_ptr<api::ApiServer> server_;
  std::unique_ptr<HttpClient> client_;
};

}  // namespace vellum::test
