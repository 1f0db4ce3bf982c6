#include "mcp/vellum_catalogue.hpp"

namespace vellum::mcp {

Catalogue vellum_catalogue(const ToolServices& services) {
  Catalogue catalogue;
  add_article_tools(catalogue, services);
  add_search_tools(catalogue, services);
  add_version_tools(catalogue, services);
  add_status_tools(catalogue, services);
  add_article_resources(catalogue, services);
  return catalogue;
}

DispatcherOptions vellum_dispatcher_options() {
  DispatcherOptions options;
  options.identity.instructions =
      "Vellum is a knowledge store of markdown articles. Articles are named by filename (\"my-article.md\") and "
      "live in folders. Find them with searchArticles (titles), hybridSearch or semanticSearch (content), read "
      "them with readArticle, and keep them current with createArticle and updateArticle; every write keeps a "
      "version (listVersions, readVersion, restoreVersion). Articles are also resources: "
      "vellum://articles/{slug}.";
  return options;
}

}  // namespace vellum::mcp
