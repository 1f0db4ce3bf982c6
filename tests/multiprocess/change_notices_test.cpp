// On PostgreSQL a chunk write NOTIFYs (migration 0002), and a follower waiting on LISTEN reads the
// change feed at once: another process's write reaches this one's semantic search long before the
// poll interval, which remains only the fallback.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "node_rig.hpp"
#include "storage/postgres_target.hpp"
#include "support/temp_dir.hpp"

using namespace vellum::test;
namespace sdk = vellum::sdk;

TEST_CASE("on PostgreSQL another process's write reaches semantic search long before the poll interval",
          "[postgres]") {
  PostgresTarget pg;
  TempDir dir_a("vellum-node-a"), dir_b("vellum-node-b");
  const NodeOptions options{"postgres", {{"url", pg.url()}, {"schema", pg.schema()}}, std::chrono::seconds(10)};
  Node writer(dir_a.path(), options);
  Node reader(dir_b.path(), options);
  reader.index_of_active_set();  // loaded while empty: from here on it learns only from the feed
  reader.follower.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // settled into its 10 s wait

  auto seconds_until_found = [&](const std::string& slug, const std::string& text, const std::string& query,
                                 std::int64_t applied_before) {
    const auto id = writer.write_article(slug, text);
    const auto start = std::chrono::steady_clock::now();
    writer.index(id);
    // Bounded by the poll interval: what is asserted below is that the notice, not the poll, did it.
    while (reader.follower.stats().applied == applied_before &&
           std::chrono::steady_clock::now() - start < std::chrono::seconds(12)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(reader.nearest(query, 1) == std::vector<sdk::ArticleId>{id});
    return seconds;
  };

  const double first = seconds_until_found("backups", "# Backups\n\nNightly backups copy the database to cold storage.\n",
                                           "nightly backups of the database", 0);
  INFO("first write visible after " << first << " s");
  CHECK(first < 5);  // the poll interval is 10 s
  std::this_thread::sleep_for(std::chrono::seconds(1));  // the follower waits again, long since its last round
  const double second = seconds_until_found("garden", "# Gardening\n\nTomatoes want sun, water and patience.\n",
                                            "tomatoes in the greenhouse", 1);
  INFO("second write visible after " << second << " s");
  CHECK(second < 5);
  reader.follower.stop();
  CHECK(reader.follower.stats().applied == 2);
}
