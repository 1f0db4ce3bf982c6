// /api/articles: list, create, read, update, delete, public flag, slug rename; and the public read.
#include <limits>

#include "api/article_json.hpp"
#include "api/errors.hpp"
#include "api/json_body.hpp"
#include "api/route_params.hpp"
#include "api/routes.hpp"
#include "articles/slug.hpp"

namespace vellum::api {

namespace {

using http::Request;
using http::Response;

// The fields POST and PUT share: {"title","content","folder"?,"message"?,"noRag"?,"isPublic"?}.
struct ArticleBody {
  std::string title;
  std::string content;
  std::optional<std::string> folder;
  std::optional<std::string> message;
  std::optional<bool> no_rag;
  std::optional<bool> is_public;
};

sdk::Result<ArticleBody> read_article_body(const Request& request) {
  auto object = parse_object(request.body);
  if (!object) return std::move(object).error();
  const auto& json = object.value();
  auto title = string_field(json, "title");
  if (!title) return std::move(title).error();
  auto content = string_field(json, "content");
  if (!content) return std::move(content).error();
  if (!title.value() || title.value()->empty() || !content.value() || content.value()->empty())
    return sdk::Error(sdk::ErrorKind::invalid_argument, "Title and content are required");
  auto folder = string_field(json, "folder");
  if (!folder) return std::move(folder).error();
  auto message = string_field(json, "message");
  if (!message) return std::move(message).error();
  auto no_rag = bool_field(json, "noRag");
  if (!no_rag) return std::move(no_rag).error();
  auto is_public = bool_field(json, "isPublic");
  if (!is_public) return std::move(is_public).error();
  return ArticleBody{*title.value(), *content.value(), folder.value(), message.value(), no_rag.value(),
                     is_public.value()};
}

Response list_articles(ApiServices& services, const Request& request) {
  sdk::ArticleFilter filter;
  if (auto folder = request.query.get("folder")) filter.folder = *folder == "/" ? std::string() : std::string(*folder);
  if (auto q = request.query.get("q"); q && !q->empty()) filter.title_query = std::string(*q);
  auto limit = integer_query(request, "limit", 1, 1000);
  if (!limit) return error_response(limit.error());
  auto offset = integer_query(request, "offset", 0, std::numeric_limits<std::int32_t>::max());
  if (!offset) return error_response(offset.error());
  filter.limit = static_cast<std::size_t>(limit.value().value_or(0));
  filter.offset = static_cast<std::size_t>(offset.value().value_or(0));
  auto rows = services.articles.list(filter);
  if (!rows) return error_response(rows.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& row : rows.value()) out.push_back(summary_json(row));
  Response response = Response::json(200, out);
  if (limit.value() || offset.value()) {
    sdk::ArticleFilter all = filter;
    all.limit = 0;
    all.offset = 0;
    if (auto total = services.articles.count(all)) response.headers.set("X-Total-Count", std::to_string(total.value()));
  }
  return response;
}

Response create_article(ApiServices& services, const Request& request, const http::Caller& caller) {
  auto body = read_article_body(request);
  if (!body) return error_response(body.error());
  articles::NewArticle input;
  input.title = body->title;
  input.content = body->content;
  input.folder = body->folder.value_or("");
  input.message = body->message;
  input.no_rag = body->no_rag.value_or(false);
  input.is_public = body->is_public.value_or(false);
  auto created = services.articles.create(input, caller.actor());
  if (!created) return error_response(created.error());
  return Response::json(201, article_json(created.value()));
}

Response read_article(ApiServices& services, const Request& request) {
  const std::string slug = slug_param(request);
  if (slug.empty()) return Response::error(400, "Article identifier cannot be empty.");
  auto article = services.articles.read(slug);
  if (!article) return error_response(article.error());
  if (!article.value()) return Response::error(404, "Article not found");
  return Response::json(200, article_json(*article.value()));
}

Response update_article(ApiServices& services, const Request& request, const http::Caller& caller) {
  auto body = read_article_body(request);
  if (!body) return error_response(body.error());
  articles::ArticleEdit edit;
  edit.title = body->title;
  edit.content = body->content;
  edit.folder = body->folder;
  edit.message = body->message;
  edit.no_rag = body->no_rag;
  edit.is_public = body->is_public;
  auto updated = services.articles.update(slug_param(request), edit, caller.actor());
  if (!updated) return error_response(updated.error());
  return Response::json(200, article_json(updated.value()));
}

Response delete_article(ApiServices& services, const Request& request) {
  if (auto removed = services.articles.remove(slug_param(request)); !removed) return error_response(removed.error());
  return Response::json(200, {{"success", true}});
}

Response public_status(ApiServices& services, const Request& request) {
  auto article = services.articles.read(slug_param(request));
  if (!article) return error_response(article.error());
  if (!article.value()) return Response::error(404, "Article not found");
  return Response::json(200, {{"filename", articles::filename_for(article.value()->slug)},
                              {"isPublic", article.value()->is_public}});
}

Response set_public(ApiServices& services, const Request& request, const http::Caller& caller) {
  auto object = parse_object(request.body);
  if (!object) return error_response(object.error());
  auto flag = bool_field(object.value(), "isPublic");
  if (!flag || !flag.value()) return Response::error(400, "isPublic must be a boolean");
  auto updated = services.articles.set_public(slug_param(request), *flag.value(), caller.actor());
  if (!updated) return error_response(updated.error());
  return Response::json(200, {{"success", true}, {"isPublic", updated->is_public}});
}

Response rename_slug(ApiServices& services, const Request& request, const http::Caller& caller) {
  auto object = parse_object(request.body);
  if (!object) return error_response(object.error());
  auto new_slug = string_field(object.value(), "newSlug");
  if (!new_slug) return error_response(new_slug.error());
  if (!new_slug.value() || new_slug.value()->empty()) return Response::error(400, "New slug is required");
  auto renamed = services.articles.rename_slug(slug_param(request), *new_slug.value(), caller.actor());
  if (!renamed) return error_response(renamed.error());
  return Response::json(200, {{"success", true}, {"article", article_json(renamed.value())}});
}

Response read_public_article(ApiServices& services, const Request& request) {
  const std::string slug(articles::slug_from_filename(request.param("slug")));
  auto article = services.articles.read_public(slug);
  if (!article) return error_response(article.error());
  if (!article.value()) return Response::error(404, "Article not found");
  return Response::json(200, article_json(*article.value()));
}

}  // namespace

void register_article_routes(http::Router& router, ApiServices& s) {
  using http::Access;
  auto& g = s.guard;
  router.add("GET", "/api/public-articles/:slug",
             guard(g, {Access::anyone}, [&s](const Request& r, const http::Caller&) { return read_public_article(s, r); }));
  router.add("GET", "/api/articles",
             guard(g, {Access::read}, [&s](const Request& r, const http::Caller&) { return list_articles(s, r); }));
  router.add("POST", "/api/articles",
             guard(g, {Access::write}, [&s](const Request& r, const http::Caller& c) { return create_article(s, r, c); }));
  router.add("GET", "/api/articles/:filename",
             guard(g, {Access::read}, [&s](const Request& r, const http::Caller&) { return read_article(s, r); }));
  router.add("PUT", "/api/articles/:filename",
             guard(g, {Access::write}, [&s](const Request& r, const http::Caller& c) { return update_article(s, r, c); }));
  router.add("DELETE", "/api/articles/:filename",
             guard(g, {Access::write}, [&s](const Request& r, const http::Caller&) { return delete_article(s, r); }));
  router.add("GET", "/api/articles/:filename/public-status",
             guard(g, {Access::read}, [&s](const Request& r, const http::Caller&) { return public_status(s, r); }));
  router.add("POST", "/api/articles/:filename/public",
             guard(g, {Access::write}, [&s](const Request& r, const http::Caller& c) { return set_public(s, r, c); }));
  router.add("POST", "/api/articles/:filename/rename-slug",
             guard(g, {Access::write}, [&s](const Request& r, const http::Caller& c) { return rename_slug(s, r, c); }));
}

}  // namespace vellum::api
