// The in-memory vector index: exact results, the HNSW graph past its threshold (recall against the
// exact scan), filters, replacement and removal, and searches running while a writer writes.
#include <catch2/catch.hpp>

#include <random>
#include <set>
#include <thread>

#include "search/vector_index.hpp"

using vellum::search::IndexedVector;
using vellum::search::VectorIndex;
using vellum::search::VectorIndexOptions;

namespace {

std::vector<float> random_vector(std::mt19937& random, std::uint32_t dims) {
  std::normal_distribution<float> normal;
  std::vector<float> v(dims);
  for (auto& x : v) x = normal(random);
  return v;
}

}  // namespace

TEST_CASE("exact search returns the nearest chunks by cosine, best first") {
  VectorIndex index(3);
  const std::vector<float> a{1, 0, 0}, b{0.9f, 0.1f, 0}, c{0, 1, 0};
  REQUIRE(index.replace_article(1, {{0, a}}).ok());
  REQUIRE(index.replace_article(2, {{0, b}, {1, c}}).ok());
  auto hits = index.search(std::vector<float>{2, 0, 0}, 2);  // length does not matter
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].key.article_id == 1);
  CHECK(hits[0].score == Approx(1.0f));
  CHECK(hits[1].key.article_id == 2);
  CHECK(hits[1].key.chunk_index == 0);
}

TEST_CASE("replacing an article's vectors drops its old ones and removing it drops all") {
  VectorIndex index(2);
  REQUIRE(index.replace_article(7, {{0, std::vector<float>{1, 0}}, {1, std::vector<float>{0, 1}}}).ok());
  CHECK(index.stats().vectors == 2);
  REQUIRE(index.replace_article(7, {{0, std::vector<float>{0, 1}}}).ok());
  CHECK(index.stats().vectors == 1);
  auto hits = index.search(std::vector<float>{1, 0}, 5);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].score == Approx(0.0f).margin(1e-6));
  index.remove_article(7);
  CHECK(index.stats().vectors == 0);
  CHECK(index.stats().articles == 0);
  CHECK(index.search(std::vector<float>{1, 0}, 5).empty());
}

TEST_CASE("vectors of the wrong size are refused and a wrong-size query finds nothing") {
  VectorIndex index(4);
  auto refused = index.replace_article(1, {{0, std::vector<float>{1, 2}}});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == vellum::sdk::ErrorKind::bad_dimension);
  CHECK(index.search(std::vector<float>{1, 2}, 3).empty());
}

TEST_CASE("a predicate limits results to the accepted articles") {
  VectorIndex index(2);
  for (int id = 1; id <= 10; ++id) {
    REQUIRE(index.replace_article(id, {{0, std::vector<float>{1.0f, static_cast<float>(id) / 10}}}).ok());
  }
  auto hits = index.search(std::vector<float>{1, 0}, 3, [](vellum::sdk::ArticleId id) { return id % 2 == 0; });
  REQUIRE(hits.size() == 3);
  for (const auto& hit : hits) CHECK(hit.key.article_id % 2 == 0);
  CHECK(hits[0].key.article_id == 2);
}

TEST_CASE("past the threshold the HNSW graph answers with high recall against the exact scan") {
  constexpr std::uint32_t dims = 32;
  VectorIndexOptions with_graph;
  with_graph.hnsw_threshold = 500;
  VectorIndexOptions exact_only;
  exact_only.hnsw_threshold = 1'000'000;
  VectorIndex graph(dims, with_graph), exact(dims, exact_only);
  std::mt19937 random(42);
  for (int id = 1; id <= 2000; ++id) {
    auto v = random_vector(random, dims);
    REQUIRE(graph.replace_article(id, {{0, v}}).ok());
    REQUIRE(exact.replace_article(id, {{0, v}}).ok());
  }
  REQUIRE(graph.stats().hnsw);
  REQUIRE_FALSE(exact.stats().hnsw);

  std::vector<std::vector<float>> queries;
  for (int q = 0; q < 50; ++q) queries.push_back(random_vector(random, dims));
  auto recall_at_10 = [&] {
    int found = 0, wanted = 0;
    for (const auto& query : queries) {
      auto truth = exact.search(query, 10);
      auto approx = graph.search(query, 10);
      std::set<vellum::sdk::ArticleId> approx_ids;
      for (const auto& h : approx) approx_ids.insert(h.key.article_id);
      for (const auto& h : truth) found += static_cast<int>(approx_ids.count(h.key.article_id));
      wanted += static_cast<int>(truth.size());
    }
    return static_cast<double>(found) / wanted;
  };
  const double recall = recall_at_10();
  INFO("recall@10 = " << recall);
  CHECK(recall >= 0.9);

  // A search as wide as the set is exhaustive: the exact answer.
  graph.set_hnsw_ef_search(2000);
  CHECK(recall_at_10() == Approx(1.0));

  // Removals are honoured by the graph too.
  graph.remove_article(1);
  for (const auto& hit : graph.search(std::vector<float>(dims, 1.0f), 50)) CHECK(hit.key.article_id != 1);
}

TEST_CASE("searches run while a writer replaces articles, and never see a vector of a removed row") {
  VectorIndexOptions options;
  options.hnsw_threshold = 300;  // the graph gets built while readers run
  VectorIndex index(16, options);
  std::atomic<bool> done{false};
  std::thread writer([&] {
    std::mt19937 random(7);
    for (int round = 0; round < 3; ++round) {
      for (int id = 1; id <= 400; ++id) (void)index.replace_article(id, {{0, random_vector(random, 16)}});
    }
    done = true;
  });
  std::vector<std::thread> readers;
  std::atomic<long> searches{0};
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      std::mt19937 random(100);
      while (!done) {
        for (const auto& hit : index.search(random_vector(random, 16), 5)) {
          CHECK(hit.key.article_id >= 1);
          CHECK(hit.key.article_id <= 400);
        }
        ++searches;
      }
    });
  }
  writer.join();
  for (auto& t : readers) t.join();
  CHECK(index.stats().vectors == 400);
  CHECK(index.stats().hnsw);
  CHECK(searches > 0);
}
