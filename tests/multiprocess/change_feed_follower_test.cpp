// The change-feed follower, in-process on SQLite: two nodes (runtime, index registry, pipeline,
// follower each) on one database file. What one indexes reaches the other's vector index after a
// poll; its own writes are not reloaded; a stale read never replaces a newer state.
#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

#include "node_rig.hpp"
#include "support/temp_dir.hpp"

using vellum::test::Node;
using vellum::test::TempDir;
namespace sdk = vellum::sdk;

namespace {

const std::string kBackups = "# Backups\n\nNightly backups copy the database file to cold storage.\n";
const std::string kGardening = "# Gardening\n\nTomatoes want sun, water and patience in the greenhouse.\n";
const std::string kCooking = "# Cooking\n\nSimmer the onions slowly in butter until they turn golden.\n";

bool contains(const std::vector<sdk::ArticleId>& ids, sdk::ArticleId id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

TEST_CASE("an article indexed by one process appears in the other's index after a poll") {
  TempDir dir;
  Node writer(dir.path());
  Node reader(dir.path());
  reader.index_of_active_set();  // loaded while the database is still empty
  REQUIRE(reader.follower.poll_once().ok());

  const auto id = writer.write_article("backups", kBackups);
  writer.index(id);
  CHECK_FALSE(contains(reader.nearest("nightly backups of the database", 3), id));

  REQUIRE(reader.follower.poll_once().ok());
  CHECK(reader.nearest("nightly backups of the database", 1) == std::vector<sdk::ArticleId>{id});
  CHECK(reader.follower.stats().applied == 1);
}

TEST_CASE("updates and deletes made by one process reach the other's index") {
  TempDir dir;
  Node writer(dir.path());
  Node reader(dir.path());
  const auto garden = writer.write_article("garden", kGardening);
  const auto other = writer.write_article("other", kBackups);
  writer.index(garden);
  writer.index(other);
  reader.index_of_active_set();
  REQUIRE(reader.follower.poll_once().ok());
  CHECK(reader.nearest("tomatoes in the greenhouse", 1) == std::vector<sdk::ArticleId>{garden});

  writer.write_article("garden", kCooking);
  writer.index(garden);
  REQUIRE(reader.follower.poll_once().ok());
  CHECK(reader.nearest("onions simmered in butter", 1) == std::vector<sdk::ArticleId>{garden});

  writer.delete_article(garden);  // the delete trigger records the change
  REQUIRE(reader.follower.poll_once().ok());
  CHECK_FALSE(contains(reader.nearest("onions simmered in butter", 5), garden));
  CHECK(reader.index_of_active_set()->stats().articles == 1);
}

TEST_CASE("a process's own writes are already indexed and are not reloaded from the feed") {
  TempDir dir;
  Node node(dir.path());
  node.index_of_active_set();
  REQUIRE(node.follower.poll_once().ok());
  const auto id = node.write_article("backups", kBackups);
  node.index(id);
  REQUIRE(node.follower.poll_once().ok());
  CHECK(node.follower.stats().applied == 0);
  CHECK(node.follower.stats().skipped == 1);
  CHECK(node.nearest("nightly backups of the database", 1) == std::vector<sdk::ArticleId>{id});
}

TEST_CASE("a set loaded after the follower started replays the changes its load may have missed") {
  TempDir dir;
  Node writer(dir.path());
  Node reader(dir.path());
  REQUIRE(reader.follower.poll_once().ok());  // bound, nothing loaded yet
  const auto id = writer.write_article("backups", kBackups);
  writer.index(id);
  REQUIRE(reader.follower.poll_once().ok());  // the change passes while the set is not loaded
  reader.index_of_active_set();
  REQUIRE(reader.follower.poll_once().ok());
  CHECK(reader.nearest("nightly backups of the database", 1) == std::vector<sdk::ArticleId>{id});
}

TEST_CASE("the background follower picks up another process's write without being asked") {
  TempDir dir;
  Node writer(dir.path());
  Node reader(dir.path());
  reader.index_of_active_set();
  reader.follower.start();
  const auto id = writer.write_article("backups", kBackups);
  writer.index(id);
  // Bounded wait for the 10 ms poller; what is asserted is the outcome, not the time it took.
  for (int i = 0; i < 500 && reader.follower.stats().applied == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  reader.follower.stop();
  CHECK(reader.nearest("nightly backups of the database", 1) == std::vector<sdk::ArticleId>{id});
}

TEST_CASE("a state read at an older change-feed sequence never replaces a newer one") {
  vellum::search::VectorIndex index(2);
  const std::vector<float> newer{1, 0};
  const std::vector<float> older{0, 1};
  REQUIRE(index.replace_article_at(7, 5, {{0, newer}}).value());
  CHECK_FALSE(index.replace_article_at(7, 3, {{0, older}}).value());
  CHECK(index.article_seq(7) == 5);
  const auto hits = index.search(std::vector<float>{1, 0}, 1);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].score > 0.99f);
  REQUIRE(index.replace_article_at(7, 9, {}).value());  // removed at a later change
  CHECK(index.stats().vectors == 0);
}
