// Articles as resources: vellum://articles/{slug}, text/markdown, listed newest first. The URI names
// the slug (not "slug.md") so it stays a plain RFC 6570 template.
#include "articles/slug.hpp"
#include "common/clock.hpp"
#include "mcp/vellum_catalogue.hpp"

namespace vellum::mcp {

namespace {

constexpr std::string_view kPrefix = "vellum://articles/";

std::string uri_for(std::string_view slug) { return std::string(kPrefix) + std::string(slug); }

}  // namespace

void add_article_resources(Catalogue& catalogue, const ToolServices& s) {
  ResourceSource source;
  source.templates.push_back({std::string(kPrefix) + "{slug}", "article", "Article",
                              "A Vellum article as markdown, by slug (the filename without .md)", "text/markdown"});
  source.list = [s](RequestContext&) -> sdk::Result<std::vector<Resource>> {
    auto list = s.articles.list({});
    if (!list) return list.error();
    std::vector<Resource> out;
    out.reserve(list->size());
    for (const auto& a : *list) {
      std::string where = a.folder.empty() ? "root folder" : "folder " + a.folder;
      out.push_back({uri_for(a.slug), articles::filename_for(a.slug), a.title,
                     "In the " + where + "; modified " + format_iso8601(a.updated_at), "text/markdown"});
    }
    return out;
  };
  source.read = [s](const std::string& uri, RequestContext&) -> std::optional<sdk::Result<json>> {
    if (uri.rfind(kPrefix, 0) != 0) return std::nullopt;
    const std::string slug(articles::slug_from_filename(std::string_view(uri).substr(kPrefix.size())));
    if (!articles::validate_slug(slug)) return sdk::Result<json>(sdk::Error(sdk::ErrorKind::not_found, uri));
    auto article = s.articles.read(slug);
    if (!article) return sdk::Result<json>(article.error());
    if (!*article) return sdk::Result<json>(sdk::Error(sdk::ErrorKind::not_found, uri));
    json contents = json::array({{{"uri", uri}, {"mimeType", "text/markdown"}, {"text", (*article)->content}}});
    return sdk::Result<json>(std::move(contents));
  };
  catalogue.resources.push_back(std::move(source));
}

}  // namespace vellum::mcp
