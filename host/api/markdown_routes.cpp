// Markdown rendered on the server, safely (articles/markdown_html.hpp): the reader's view of an
// article and the editor's preview of unsaved text.
#include "api/console_api_routes.hpp"
#include "api/errors.hpp"
#include "api/json_body.hpp"
#include "api/route_params.hpp"
#include "articles/markdown_html.hpp"
#include "articles/slug.hpp"

namespace vellum::api {

namespace {

using http::Request;
using http::Response;

Response article_html(ApiServices& services, const Request& request) {
  const std::string slug = slug_param(request);
  if (slug.empty()) return Response::error(400, "Article identifier cannot be empty.");
  auto article = services.articles.read(slug);
  if (!article) return error_response(article.error());
  if (!article.value()) return Response::error(404, "Article not found");
  const auto& a = *article.value();
  return Response::json(200, {{"filename", articles::filename_for(a.slug)},
                              {"title", a.title},
                              {"html", articles::markdown_to_safe_html(a.content)}});
}

Response preview_html(const Request& request) {
  auto object = parse_object(request.body);
  if (!object) return error_response(object.error());
  auto content = string_field(object.value(), "content");
  if (!content) return error_response(content.error());
  if (!content.value()) return Response::error(400, "content is required");
  return Response::json(200, {{"html", articles::markdown_to_safe_html(*content.value())}});
}

}  // namespace

void register_markdown_routes(http::Router& router, ApiServices& s) {
  using http::Access;
  router.add("GET", "/api/articles/:filename/html",
             guard(s.guard, {Access::read}, [&s](const Request& r, const http::Caller&) { return article_html(s, r); }));
  router.add("POST", "/api/markdown/html",
             guard(s.guard, {Access::read}, [](const Request& r, const http::Caller&) { return preview_html(r); }));
}

}  // namespace vellum::api
