// listVersions, readVersion, restoreVersion: an article's history, as the REST version routes serve it.
#include "api/article_json.hpp"
#include "articles/slug.hpp"
#include "articles/validation.hpp"
#include "mcp/arguments.hpp"
#include "mcp/schema.hpp"
#include "mcp/vellum_catalogue.hpp"

namespace vellum::mcp {

namespace {

constexpr ToolAnnotations kRead{.read_only = true, .destructive = false, .idempotent = true};

ToolResult not_found_or(const sdk::Error& error, const std::string& slug) {
  if (error.kind == sdk::ErrorKind::not_found && error.message.find("ersion") == std::string::npos) {
    return error_result("Article " + articles::filename_for(slug) + " not found");
  }
  return error_result(error);
}

json version_schema() {
  return schema::object({{"filename", schema::string("Filename of the article (e.g., my-article.md)")},
                         {"versionId", schema::string("Version id from listVersions, e.g. \"v3\"")}},
                        {"filename", "versionId"});
}

Tool list_versions(const ToolServices& s) {
  return {"listVersions", "List versions",
          "List the saved versions of an article, oldest first (every write keeps one)",
          schema::object({{"filename", schema::string("Filename of the article (e.g., my-article.md)")}},
                         {"filename"}),
          std::nullopt, kRead, false,
          [s](const json& a, RequestContext&) -> ToolResult {
            auto slug = Arguments(a).slug("filename");
            if (!slug) return error_result(slug.error());
            auto versions = s.articles.versions(*slug);
            if (!versions) return not_found_or(versions.error(), *slug);
            json out = json::array();
            for (const auto& v : *versions) out.push_back(api::version_meta_json(v));
            return json_result(out);
          }};
}

Tool read_version(const ToolServices& s) {
  return {"readVersion", "Read a version", "Read one saved version of an article: its title, content and folder",
          version_schema(), std::nullopt, kRead, false,
          [s](const json& a, RequestContext&) -> ToolResult {
            Arguments args(a);
            auto slug = args.slug("filename");
            if (!slug) return error_result(slug.error());
            auto number = args.version("versionId");
            if (!number) return error_result(number.error());
            auto version = s.articles.version(*slug, *number);
            if (!version) return not_found_or(version.error(), *slug);
            if (!*version) return error_result("Version v" + std::to_string(*number) + " not found");
            auto current = s.articles.read(*slug);
            const sdk::Article* article = current && *current ? &**current : nullptr;
            return json_result(api::version_json(**version, articles::filename_for(*slug), article));
          }};
}

Tool restore_version(const ToolServices& s) {
  json input = version_schema();
  input["properties"]["message"] = schema::string("Optional message for the new version the restore creates");
  return {"restoreVersion", "Restore a version",
          "Bring back a saved version's title, content and folder as a new version of the article",
          std::move(input), std::nullopt, {.read_only = false, .destructive = true, .idempotent = false}, true,
          [s](const json& a, RequestContext& context) -> ToolResult {
            Arguments args(a);
            auto slug = args.slug("filename");
            if (!slug) return error_result(slug.error());
            auto number = args.version("versionId");
            if (!number) return error_result(number.error());
            auto message = args.text("message", {.required = false, .max_length = articles::kMaxMessageLength});
            if (!message) return error_result(message.error());
            auto restored = s.articles.restore(*slug, *number, *message, context.caller().actor());
            if (!restored) return not_found_or(restored.error(), *slug);
            return json_result(api::article_json(*restored));
          }};
}

}  // namespace

void add_version_tools(Catalogue& catalogue, const ToolServices& services) {
  catalogue.tools.push_back(list_versions(services));
  catalogue.tools.push_back(read_version(services));
  catalogue.tools.push_back(restore_version(services));
}

}  // namespace vellum::mcp
