// The embedding pipeline through real plugins: chunks stored per set, unchanged chunks not
// re-embedded, one provider call per batch where limits allow, no_rag and deleted articles lose
// their vectors, and a provider failure fails the attempt while the old vectors stay.
#include <catch2/catch.hpp>

#include "fake_ollama.hpp"
#include "search_rig.hpp"

using vellum::test::FakeOllama;
using vellum::test::Fault;
using vellum::test::SearchRig;
namespace sdk = vellum::sdk;

namespace {

const std::string kLongArticle =
    "# Backups\n\nNightly backups copy the database file.\n\n## Restore\n\nStop the server, copy the file back, "
    "start again.\n\n## Retention\n\nKeep thirty days of backups and verify them weekly.\n";

std::vector<sdk::IndexOutcome> index(SearchRig& rig, std::vector<sdk::ArticleId> ids) {
  return rig.pipeline.index_articles(ids, {});
}

}  // namespace

TEST_CASE("indexing stores chunks with heading paths and makes the article findable") {
  SearchRig rig("local");
  const auto id = rig.add_article("backups", "Backups", kLongArticle);
  auto outcomes = index(rig, {id});
  REQUIRE(outcomes.size() == 1);
  REQUIRE(outcomes[0].status.ok());
  CHECK(outcomes[0].chunks >= 2);
  const auto chunks = rig.chunks(id);
  REQUIRE(chunks.size() == outcomes[0].chunks);
  CHECK(chunks[0].chunk_id == "backups.md#0");
  bool has_restore_path = false;
  for (const auto& c : chunks) {
    CHECK(c.vector.size() == 384);
    for (const auto& h : c.heading_path) has_restore_path |= (h == "## Restore");
  }
  CHECK(has_restore_path);

  vellum::search::SearchQuery query;
  query.text = "how do I restore a backup";
  query.mode = vellum::search::SearchMode::semantic;
  auto found = rig.search.search(query);
  REQUIRE(found.ok());
  REQUIRE_FALSE(found.value().hits.empty());
  CHECK(found.value().hits[0].article.slug == "backups");
}

TEST_CASE("a batch of articles costs one provider call, and unchanged chunks are not embedded again") {
  FakeOllama fake({.dimensions = 16});
  SearchRig rig("ollama", {{"base_url", fake.base_url()}, {"dimensions", "16"}, {"max_inputs_per_call", "64"}});
  fake.reset_counters();  // the health check at start-up embedded one text
  std::vector<sdk::ArticleId> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(rig.add_article("a" + std::to_string(i), "A" + std::to_string(i),
                                  "# Part " + std::to_string(i) + "\n\nSome text about topic " + std::to_string(i)));
  }
  for (const auto& outcome : index(rig, ids)) REQUIRE(outcome.status.ok());
  CHECK(fake.calls() == 1);
  CHECK(fake.inputs() == 5);

  // Re-indexing unchanged articles embeds nothing; changing one embeds only its changed chunk.
  fake.reset_counters();
  for (const auto& outcome : index(rig, ids)) REQUIRE(outcome.status.ok());
  CHECK(fake.calls() == 0);
  rig.update_content(ids[2], "# Part 2\n\nCompletely different words now");
  for (const auto& outcome : index(rig, ids)) REQUIRE(outcome.status.ok());
  CHECK(fake.calls() == 1);
  CHECK(fake.inputs() == 1);
}

TEST_CASE("no_rag and deleted articles are skipped and lose their vectors") {
  SearchRig rig("local");
  const auto id = rig.add_article("secret", "Secret", "# Secret\n\nDo not embed this text.");
  REQUIRE(index(rig, {id})[0].status.ok());
  REQUIRE_FALSE(rig.chunks(id).empty());

  rig.set_no_rag(id, true);
  auto outcome = index(rig, {id})[0];
  CHECK(outcome.status.ok());
  CHECK(outcome.skipped);
  CHECK(rig.chunks(id).empty());
  vellum::search::SearchQuery query;
  query.text = "secret embed text";
  query.mode = vellum::search::SearchMode::semantic;
  auto found = rig.search.search(query);
  REQUIRE(found.ok());
  CHECK(found.value().hits.empty());

  auto gone = index(rig, {987654})[0];  // never existed (or deleted meanwhile)
  CHECK(gone.status.ok());
  CHECK(gone.skipped);
}

TEST_CASE("a provider failure fails the attempt with its classification and keeps the old vectors") {
  FakeOllama fake({.dimensions = 16});
  SearchRig rig("ollama", {{"base_url", fake.base_url()}, {"dimensions", "16"}});
  const auto id = rig.add_article("kept", "Kept", "# Kept\n\nOriginal words.");
  REQUIRE(index(rig, {id})[0].status.ok());
  const auto before = rig.chunks(id);
  REQUIRE_FALSE(before.empty());

  rig.update_content(id, "# Kept\n\nNew words that need embedding.");
  fake.fail_next(Fault::rate_limited(std::chrono::seconds(7)));
  auto limited = index(rig, {id})[0];
  REQUIRE_FALSE(limited.status.ok());
  CHECK(limited.status.error().kind == sdk::ErrorKind::rate_limited);
  REQUIRE(limited.status.error().retry_after.has_value());
  CHECK(limited.status.error().retry_after->count() == 7000);
  CHECK(rig.chunks(id).size() == before.size());
  CHECK(rig.chunks(id)[0].text == before[0].text);  // the old chunk is still what search sees

  fake.fail_next(Fault::wrong_dimension());
  auto wrong = index(rig, {id})[0];
  REQUIRE_FALSE(wrong.status.ok());
  CHECK_FALSE(wrong.status.error().retryable);

  auto fixed = index(rig, {id})[0];
  REQUIRE(fixed.status.ok());
  CHECK(rig.chunks(id)[0].text.find("New words") != std::string::npos);
}
