// How well the built-in `local` provider ranks: a small fixed corpus on distinct topics and queries
// that paraphrase one document with other word forms, other case and other accents. Each query's
// best cosine match must be its document for at least 90% of the queries (recall@1).
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <numeric>

#include "config/plugin_settings.hpp"
#include "plugins/host_services.hpp"
#include "plugins/plugin_library.hpp"

namespace sdk = vellum::sdk;

namespace {

sdk::ProviderPtr default_local_provider() {
  static vellum::plugins::HostServices host("/tmp");
  auto library = vellum::plugins::PluginLibrary::open(std::filesystem::path(VELLUM_TEST_PLUGIN_DIR) /
                                                      "vellum-embedding-local.so");
  REQUIRE(library.ok());
  auto settings = vellum::config::build_plugin_config("embedding.local", library.value()->manifest().options, {});
  REQUIRE(settings.ok());
  auto provider = library.value()->create<sdk::Slot::embedding>(settings.value(), host);
  REQUIRE(provider.ok());
  return provider.value();
}

const std::vector<std::string> kCorpus = {
    /* 0 */ "Configuring backups: schedule nightly database backups, choose a retention period and verify the "
            "archives.",
    /* 1 */ "The Café Lumière serves espresso, croissants and pastries on the old market square.",
    /* 2 */ "Installing the PostgreSQL storage backend: create a role, grant privileges and run the migrations.",
    /* 3 */ "Rotating API tokens: revoke a leaked access token and issue a new one with read-only scope.",
    /* 4 */ "Tuning the embedding queue: raise the worker count, adjust batch sizes and lease timeouts.",
    /* 5 */ "Writing markdown articles with headings, fenced code blocks, tables and links.",
    /* 6 */ "Monitoring: export Prometheus counters and alert when tasks fail repeatedly.",
    /* 7 */ "Hybrid search combines keyword ranking and vector similarity with reciprocal rank fusion.",
    /* 8 */ "Upgrading Vellum: read the release notes, stop the server, replace the binary and restart it.",
    /* 9 */ "Recipe: bake a chocolate cake with cherries; preheat the oven and whisk the eggs with sugar.",
    /* 10 */ "Running behind a reverse proxy: nginx terminates TLS and forwards requests to the server.",
    /* 11 */ "Naïve Bayes classifiers estimate class probabilities from word frequencies.",
    /* 12 */ "Garden care: water the tomatoes daily, prune roses in early spring and compost fallen leaves.",
    /* 13 */ "Résumé writing: list your achievements, quantify results and keep it to a single page.",
    /* 14 */ "Plugins are shared libraries loaded at runtime; a hot swap replaces the active provider.",
    /* 15 */ "Hiking in the mountains: pack water, check the weather forecast and tell someone your route.",
};

struct Query {
  std::string text;
  std::size_t expected;
};

const std::vector<Query> kQueries = {
    {"how to configure a backup", 0},
    {"CAFE LUMIERE ESPRESSO", 1},
    {"installed postgres and granted a privilege to the role", 2},
    {"revoking leaked tokens", 3},
    {"the queue's workers and batching", 4},
    {"how do I write an article in Markdown", 5},
    {"alerting on failing tasks", 6},
    {"ranks fused from keywords and vectors", 7},
    {"upgrade to a new release", 8},
    {"baking chocolate cakes", 9},
    {"reverse proxies terminating tls", 10},
    {"naive bayes probability", 11},
    {"pruning a rose", 12},
    {"resume writing tips", 13},
    {"weather forecasts before a hike", 15},
};

double cosine(const sdk::Vector& a, const sdk::Vector& b) {
  // Vectors are L2-normalised, so the dot product is the cosine.
  return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
}

std::size_t best_match(const sdk::Vector& query, const std::vector<sdk::Vector>& docs) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < docs.size(); ++i) {
    if (cosine(query, docs[i]) > cosine(query, docs[best])) best = i;
  }
  return best;
}

}  // namespace

TEST_CASE("the local provider finds the paraphrased document first (recall@1 >= 0.9)") {
  auto provider = default_local_provider();
  auto docs = provider->embed(kCorpus, {});
  REQUIRE(docs.ok());

  std::vector<std::string> query_texts;
  for (const auto& q : kQueries) query_texts.push_back(q.text);
  auto queries = provider->embed(query_texts, {});
  REQUIRE(queries.ok());

  std::size_t hits = 0;
  for (std::size_t i = 0; i < kQueries.size(); ++i) {
    const std::size_t got = best_match(queries.value()[i], docs.value());
    if (got == kQueries[i].expected) {
      ++hits;
    } else {
      UNSCOPED_INFO("miss: \"" << kQueries[i].text << "\" -> doc " << got << " (wanted " << kQueries[i].expected
                                << ")");
    }
  }
  const double recall = static_cast<double>(hits) / static_cast<double>(kQueries.size());
  std::printf("local provider (%s) recall@1 = %.3f (%zu/%zu)\n", provider->describe().model.c_str(), recall, hits,
              kQueries.size());
  CHECK(recall >= 0.9);
}
