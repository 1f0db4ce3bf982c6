// The queue hand-off: each write's transaction holds its embedding task (coalesced per article) when
// the strategy keeps a task table, and the strategy hears of the change after the commit.
#include <catch2/catch.hpp>

#include "api_fixture.hpp"

using vellum::test::ApiFixture;
using vellum::test::FixtureOptions;
using json = nlohmann::json;
namespace sdk = vellum::sdk;

namespace {

// The one pending task of the article with this slug, if any.
std::optional<sdk::Task> pending_task(ApiFixture& api, const std::string& slug) {
  for (const auto& task : api.tasks()) {
    if (task.slug == slug && task.status == sdk::TaskStatus::pending) return task;
  }
  return std::nullopt;
}

std::string reason_of(const sdk::Task& task) { return json::parse(task.metadata_json)["reason"]; }

}  // namespace

TEST_CASE("outbox: create, update, no_rag, restore write tasks and notify the strategy") {
  ApiFixture api;
  auto& c = api.client();
  api.create_article("Doc", "one");
  auto task = pending_task(api, "doc");
  REQUIRE(task);
  CHECK(task->operation == sdk::TaskOperation::create);
  CHECK(reason_of(*task) == "create");
  CHECK(json::parse(task->metadata_json) == json{{"reason", "create"}, {"title", "Doc"}, {"filename", "doc.md"}});

  REQUIRE(c.put("/api/articles/doc.md", json{{"title", "Doc"}, {"content", "two"}}.dump(), api.admin()).status == 200);
  task = pending_task(api, "doc");
  REQUIRE(task);
  CHECK(task->operation == sdk::TaskOperation::update);  // coalesced into the pending task
  CHECK(api.tasks().size() == 1);

  REQUIRE(c.put("/api/articles/doc.md", json{{"title", "Doc"}, {"content", "two"}, {"noRag", true}}.dump(),
                api.admin()).status == 200);
  task = pending_task(api, "doc");
  REQUIRE(task);
  CHECK(task->operation == sdk::TaskOperation::delete_);
  CHECK(reason_of(*task) == "no_rag_enabled");

  const auto before = api.queue()->changes().size();
  REQUIRE(c.put("/api/articles/doc.md", json{{"title", "Doc"}, {"content", "three"}}.dump(), api.admin()).status == 200);
  CHECK(api.queue()->changes().size() == before);  // no_rag stays on: nothing to embed

  REQUIRE(c.put("/api/articles/doc.md", json{{"title", "Doc"}, {"content", "three"}, {"noRag", false}}.dump(),
                api.admin()).status == 200);
  REQUIRE(c.put("/api/articles/doc.md/versions/v1/restore", "{}", api.admin()).status == 200);
  task = pending_task(api, "doc");
  REQUIRE(task);
  CHECK(reason_of(*task) == "version_restore");

  const auto changes = api.queue()->changes();
  REQUIRE(changes.size() == 5);
  CHECK(changes[0].operation == sdk::TaskOperation::create);
  CHECK(changes[1].reason == "update");
  CHECK(changes[2].operation == sdk::TaskOperation::delete_);
  CHECK(changes[2].reason == "no_rag_enabled");
  CHECK(changes[3].reason == "update");
  CHECK(changes[4].reason == "version_restore");
  for (const auto& change : changes) CHECK(change.article_id == changes[0].article_id);

  // Renames and folder moves need no embedding work; deleting cascades the task away.
  REQUIRE(c.post_json("/api/articles/doc.md/rename-slug", {{"newSlug", "renamed"}}, api.admin()).status == 200);
  REQUIRE(c.post_json("/api/articles/renamed.md/public", {{"isPublic", true}}, api.admin()).status == 200);
  CHECK(api.queue()->changes().size() == 5);
  REQUIRE(c.del("/api/articles/renamed.md", api.admin()).status == 200);
  CHECK(api.queue()->changes().size() == 5);
  CHECK(api.tasks().empty());
}

TEST_CASE("outbox: no_rag articles are never queued") {
  ApiFixture api;
  auto res = api.client().post_json("/api/articles", {{"title", "Private"}, {"content", "x"}, {"noRag", true}},
                                    api.admin());
  REQUIRE(res.status == 201);
  CHECK(res.json()["noRag"] == true);
  CHECK(api.tasks().empty());
  CHECK(api.queue()->changes().empty());
}

TEST_CASE("outbox: a strategy without a task table is only notified") {
  FixtureOptions options;
  options.queue_uses_table = false;
  ApiFixture api(options);
  api.create_article("Doc", "x");
  CHECK(api.tasks().empty());
  CHECK(api.queue()->changes().size() == 1);
}

TEST_CASE("outbox: nothing is queued while semantic search is disabled, or without a strategy") {
  FixtureOptions disabled;
  disabled.semantic_search = false;
  ApiFixture api(disabled);
  api.create_article("Doc", "x");
  CHECK(api.tasks().empty());
  CHECK(api.queue()->changes().empty());

  FixtureOptions none;
  none.with_queue = false;
  ApiFixture bare(none);
  bare.create_article("Doc", "x");
  CHECK(bare.tasks().empty());
}
