// Retrieval quality on a small labelled corpus: each query paraphrases one article (other word forms,
// synonyms it shares only partly, different case). Recall@5 is measured for keyword, semantic (the
// local provider) and hybrid search; hybrid must be at least as good as each of its parts.
#include <catch2/catch.hpp>

#include <iostream>

#include "search_rig.hpp"

using vellum::search::SearchMode;
using vellum::test::SearchRig;

namespace {

struct Doc {
  const char* slug;
  const char* title;
  const char* body;
};

constexpr Doc kCorpus[] = {
    {"backups", "Backups", "Nightly backups copy the database file to object storage. Verify a backup weekly."},
    {"restore", "Restoring data", "To restore, stop the server, copy the backup file back and start it again."},
    {"postgres", "PostgreSQL", "Run several servers against one PostgreSQL database with a connection pool."},
    {"sqlite", "SQLite", "The embedded database keeps everything in one file using write-ahead logging."},
    {"tokens", "API keys", "Create API keys with a scope; read-only keys cannot change articles."},
    {"rate-limits", "Rate limits", "Too many requests in a minute are answered with status 429 and Retry-After."},
    {"ollama", "Ollama provider", "Point the embedding provider at a local Ollama server and choose a model."},
    {"openai", "OpenAI provider", "OpenAI embeddings need an API key; text-embedding-3-small has 1536 dimensions."},
    {"queue-pause", "Pausing the queue", "Operators pause background embedding by setting is_running to false."},
    {"queue-retry", "Retries", "Failed embedding tasks are retried with exponential backoff and jitter."},
    {"folders", "Folders", "Articles live in nested folders; renaming a folder moves its subfolders too."},
    {"versions", "Version history", "Every change stores a version; restore an older version from history."},
    {"import", "Importing markdown", "Import a directory of markdown files with frontmatter, keeping folders."},
    {"mcp", "Agents over MCP", "Agents connect through the Model Context Protocol over HTTP or stdio."},
    {"hybrid", "Hybrid search", "Hybrid search fuses keyword and vector rankings with reciprocal rank fusion."},
    {"chunking", "Chunking", "Long articles are split into chunks at headings, never inside code blocks."},
    {"cake", "Chocolate cake", "Melt the chocolate, fold in flour and eggs, and bake for forty minutes."},
    {"garden", "Tomato garden", "Water tomatoes every morning in July and tie the stems to stakes."},
    {"cycling", "Bicycle repair", "Fix a flat tyre by removing the inner tube and patching the puncture."},
    {"coffee", "Brewing coffee", "Grind the beans coarsely and let the coffee steep for four minutes."},
};

struct Query {
  const char* text;
  const char* expected;
};

constexpr Query kQueries[] = {
    {"how often should backups be verified", "backups"},
    {"restoring the database from a backup copy", "restore"},
    {"many servers sharing one postgres database", "postgres"},
    {"single file database with WAL", "sqlite"},
    {"read only api key scopes", "tokens"},
    {"what happens with too many requests", "rate-limits"},
    {"use a local ollama model for embeddings", "ollama"},
    {"openai key and embedding dimensions", "openai"},
    {"pause the embedding worker", "queue-pause"},
    {"retrying failed tasks with backoff", "queue-retry"},
    {"rename a nested folder", "folders"},
    {"restore an older version", "versions"},
    {"importing markdown files", "import"},
    {"connect an agent with the model context protocol", "mcp"},
    {"combine keyword and vector ranking", "hybrid"},
    {"split long articles at headings", "chunking"},
    {"baking a chocolate cake", "cake"},
    {"watering tomatoes", "garden"},
    {"repairing a punctured bike tyre", "cycling"},
    {"steeping ground coffee", "coffee"},
};

double recall_at_5(SearchRig& rig, SearchMode mode) {
  int hits = 0;
  for (const auto& q : kQueries) {
    vellum::search::SearchQuery query;
    query.text = q.text;
    query.mode = mode;
    query.k = 5;
    auto found = rig.search.search(query);
    REQUIRE(found.ok());
    for (const auto& hit : found.value().hits) {
      if (hit.article.slug == q.expected) {
        ++hits;
        break;
      }
    }
  }
  return static_cast<double>(hits) / static_cast<double>(std::size(kQueries));
}

}  // namespace

TEST_CASE("recall@5 on the labelled corpus: hybrid is at least as good as keyword and semantic alone") {
  SearchRig rig("local");
  std::vector<vellum::sdk::ArticleId> ids;
  for (const auto& doc : kCorpus) ids.push_back(rig.add_article(doc.slug, doc.title, doc.body));
  for (const auto& outcome : rig.pipeline.index_articles(ids, {})) REQUIRE(outcome.status.ok());

  const double keyword = recall_at_5(rig, SearchMode::keyword);
  const double semantic = recall_at_5(rig, SearchMode::semantic);
  const double hybrid = recall_at_5(rig, SearchMode::hybrid);
  std::cout << "recall@5 over " << std::size(kQueries) << " queries: keyword " << keyword << ", semantic (local) "
            << semantic << ", hybrid " << hybrid << "\n";
  CHECK(semantic >= 0.9);
  CHECK(hybrid >= keyword);
  CHECK(hybrid >= semantic);
}
