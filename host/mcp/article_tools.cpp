// listArticles, listFolders, searchArticles, multiSearchArticles, readArticle, createArticle,
// updateArticle, deleteArticle: api-spec §5.4 names, descriptions and schemas, over ArticleService.
#include "api/article_json.hpp"
#include "articles/slug.hpp"
#include "articles/validation.hpp"
#include "mcp/arguments.hpp"
#include "mcp/schema.hpp"
#include "mcp/vellum_catalogue.hpp"

#include <set>

namespace vellum::mcp {

namespace {

constexpr ToolAnnotations kRead{.read_only = true, .destructive = false, .idempotent = true};

json summaries(const std::vector<sdk::ArticleSummary>& list) {
  json out = json::array();
  for (const auto& s : list) out.push_back(api::summary_json(s));
  return out;
}

std::string filename(std::string_view slug) { return articles::filename_for(slug); }

Tool list_articles(const ToolServices& s) {
  return {"listArticles", "List articles", "List all articles with metadata (title, filename, creation date)",
          schema::object({{"folder", schema::string(schema::kFolderDescription)},
                          {"maxArticles", schema::number("Maximum number of articles to return (default: 100)")}}),
          std::nullopt, kRead, false,
          [s](const json& a, RequestContext&) -> ToolResult {
            Arguments args(a);
            auto folder = args.folder("folder");
            if (!folder) return error_result(folder.error());
            auto max = args.integer("maxArticles", 100, 1, 1000);
            if (!max) return error_result(max.error());
            auto list = s.articles.list({.folder = *folder, .limit = static_cast<std::size_t>(*max)});
            if (!list) return error_result(list.error());
            return json_result(summaries(*list));
          }};
}

Tool list_folders(const ToolServices& s) {
  Tool tool{"listFolders", "List folders",
            "Get a unique list of all article folders to understand the knowledge repository structure",
            {{"type", "object"}, {"properties", json::object()}}, std::nullopt, kRead, false,
            [s](const json&, RequestContext&) -> ToolResult {
              auto folders = s.articles.folders();
              if (!folders) return error_result(folders.error());
              return json_result(*folders);
            }};
  return tool;
}

sdk::Result<std::vector<sdk::ArticleSummary>> title_search(const ToolServices& s, const std::string& query,
                                                          const std::optional<std::string>& folder) {
  return s.articles.list({.folder = folder, .title_query = query});
}

Tool search_articles(const ToolServices& s) {
  return {"searchArticles", "Search titles", "Search articles by title (partial match)",
          schema::object({{"query", schema::string("Search query to match against article titles")},
                          {"folder", schema::string(schema::kFolderDescription)}},
                         {"query"}),
          std::nullopt, kRead, false,
          [s](const json& a, RequestContext&) -> ToolResult {
            Arguments args(a);
            auto query = args.text("query");
            if (!query) return error_result(query.error());
            auto folder = args.folder("folder");
            if (!folder) return error_result(folder.error());
            auto found = title_search(s, **query, *folder);
            if (!found) return error_result(found.error());
            return json_result(summaries(*found));
          }};
}

Tool multi_search_articles(const ToolServices& s) {
  const auto limit = s.multi_search_limit;
  return {"multiSearchArticles", "Search several titles",
          "Search articles by multiple titles (partial match) and return unique results",
          schema::object({{"titles", schema::strings("Array of title search queries (max " + std::to_string(limit) +
                                                         " items)",
                                                     limit)},
                          {"folder", schema::string(schema::kFolderDescription)}},
                         {"titles"}),
          std::nullopt, kRead, false,
          [s, limit](const json& a, RequestContext& context) -> ToolResult {
            Arguments args(a);
            auto titles = args.texts("titles", limit);
            if (!titles) return error_result(titles.error());
            auto folder = args.folder("folder");
            if (!folder) return error_result(folder.error());
            json out = json::array();
            std::set<std::string> seen;
            for (std::size_t i = 0; i < titles->size(); ++i) {
              if (context.cancelled()) return error_result("Cancelled");
              auto found = title_search(s, (*titles)[i], *folder);
              if (!found) return error_result(found.error());
              for (const auto& summary : *found) {
                if (seen.insert(summary.slug).second) out.push_back(api::summary_json(summary));
              }
              context.progress(static_cast<double>(i + 1), static_cast<double>(titles->size()));
            }
            return json_result(out);
          }};
}

Tool read_article(const ToolServices& s) {
  return {"readArticle", "Read an article", "Read a single article by filename",
          schema::object({{"filename", schema::string("Filename of the article (e.g., my-article.md)")}}, {"filename"}),
          std::nullopt, kRead, false,
          [s](const json& a, RequestContext&) -> ToolResult {
            auto slug = Arguments(a).slug("filename");
            if (!slug) return error_result(slug.error());
            auto article = s.articles.read(*slug);
            if (!article) return error_result(article.error());
            if (!*article) return error_result("Article " + filename(*slug) + " not found");
            return json_result(api::article_json(**article));
          }};
}

// Title and content are trimmed, as the reference server did; the service applies the article rules.
constexpr TextRule kTitle{.required = true, .max_length = articles::kMaxTitleLength};
constexpr TextRule kContent{.required = true, .max_length = articles::kMaxContentBytes};

Tool create_article(const ToolServices& s) {
  return {"createArticle", "Create an article", "Create a new article with title and content",
          schema::object({{"title", schema::string("Title of the article")},
                          {"content", schema::string("Markdown content of the article")},
                          {"folder", schema::string("Optional folder path.")}},
                         {"title", "content"}),
          std::nullopt, {.read_only = false, .destructive = false, .idempotent = false}, true,
          [s](const json& a, RequestContext& context) -> ToolResult {
            Arguments args(a);
            auto title = args.text("title", kTitle);
            if (!title) return error_result(title.error());
            auto content = args.text("content", kContent);
            if (!content) return error_result(content.error());
            auto folder = args.folder("folder");
            if (!folder) return error_result(folder.error());
            articles::NewArticle draft{.title = **title, .content = **content, .folder = folder->value_or("")};
            auto created = s.articles.create(draft, context.caller().actor());
            if (!created) return error_result(created.error());
            return json_result(api::article_json(*created));
          }};
}

Tool update_article(const ToolServices& s) {
  return {"updateArticle", "Update an article", "Update an existing article",
          schema::object({{"filename", schema::string("Filename of the article to update")},
                          {"title", schema::string("New title of the article")},
                          {"content", schema::string("New markdown content of the article")},
                          {"folder", schema::string("New folder path.")}},
                         {"filename", "title", "content"}),
          std::nullopt, {.read_only = false, .destructive = true, .idempotent = true}, true,
          [s](const json& a, RequestContext& context) -> ToolResult {
            Arguments args(a);
            auto slug = args.slug("filename");
            if (!slug) return error_result(slug.error());
            auto title = args.text("title", kTitle);
            if (!title) return error_result(title.error());
            auto content = args.text("content", kContent);
            if (!content) return error_result(content.error());
            auto folder = args.folder("folder");
            if (!folder) return error_result(folder.error());
            articles::ArticleEdit edit{.title = **title, .content = **content, .folder = *folder};
            auto updated = s.articles.update(*slug, edit, context.caller().actor());
            if (!updated) {
              if (updated.error().kind == sdk::ErrorKind::not_found) {
                return error_result("Article " + filename(*slug) + " not found");
              }
              return error_result(updated.error());
            }
            return json_result(api::article_json(*updated));
          }};
}

Tool delete_article(const ToolServices& s) {
  return {"deleteArticle", "Delete an article", "Delete an article by filename",
          schema::object({{"filename", schema::string("Filename of the article to delete")}}, {"filename"}),
          std::nullopt, {.read_only = false, .destructive = true, .idempotent = true}, true,
          [s](const json& a, RequestContext&) -> ToolResult {
            auto slug = Arguments(a).slug("filename");
            if (!slug) return error_result(slug.error());
            if (auto removed = s.articles.remove(*slug); !removed) {
              if (removed.error().kind == sdk::ErrorKind::not_found) {
                return error_result("Article " + filename(*slug) + " not found");
              }
              return error_result(removed.error());
            }
            return json_result({{"success", true}, {"filename", filename(*slug)}});
          }};
}

}  // namespace

void add_article_tools(Catalogue& catalogue, const ToolServices& services) {
  catalogue.tools.push_back(list_articles(services));
  catalogue.tools.push_back(list_folders(services));
  catalogue.tools.push_back(search_articles(services));
  catalogue.tools.push_back(multi_search_articles(services));
  catalogue.tools.push_back(read_article(services));
  catalogue.tools.push_back(create_article(services));
  catalogue.tools.push_back(update_article(services));
  catalogue.tools.push_back(delete_article(services));
}

}  // namespace vellum::mcp
