// /api/articles/:filename/versions[/:versionId[/restore]]
#include "api/article_json.hpp"
#include "api/errors.hpp"
#include "api/json_body.hpp"
#include "api/route_params.hpp"
#include "api/routes.hpp"

namespace vellum::api {

namespace {

using http::Request;
using http::Response;

Response list_versions(ApiServices& services, const Request& request) {
  auto versions = services.articles.versions(slug_param(request));
  if (!versions) return error_response(versions.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& v : versions.value()) out.push_back(version_meta_json(v));
  return Response::json(200, out);
}

Response get_version(ApiServices& services, const Request& request) {
  const std::string slug = slug_param(request);
  auto number = version_number(request.param("versionId"));
  auto article = services.articles.read(slug);
  if (!article) return error_response(article.error());
  if (!article.value()) return Response::error(404, "Article not found");
  if (!number) return Response::error(404, "Version not found");
  auto version = services.articles.version(slug, *number);
  if (!version) return error_response(version.error());
  if (!version.value()) return Response::error(404, "Version not found");
  return Response::json(200, version_json(*version.value(), request.param("filename"), &*article.value()));
}

Response restore_version(ApiServices& services, const Request& request, const http::Caller& caller) {
  auto object = parse_object(request.body, /*empty_is_object=*/true);
  if (!object) return error_response(object.error());
  auto message = string_field(object.value(), "message");
  if (!message) return error_response(message.error());
  auto number = version_number(request.param("versionId"));
  if (!number) return Response::error(400, "Invalid version ID: " + std::string(request.param("versionId")));
  auto restored = services.articles.restore(slug_param(request), *number, message.value(), caller.actor());
  if (!restored) return error_response(restored.error());
  return Response::json(200, article_json(restored.value()));
}

// DELETE .../versions deletes every version, or those listed in an optional {"versionIds": [...]}.
Response delete_versions(ApiServices& services, const Request& request) {
  auto object = parse_object(request.body, /*empty_is_object=*/true);
  if (!object) return error_response(object.error());
  std::vector<std::int64_t> numbers;
  if (auto ids = object->find("versionIds"); ids != object->end() && !ids->is_null()) {
    if (!ids->is_array()) return Response::error(400, "versionIds must be an array");
    for (const auto& id : *ids) {
      std::optional<std::int64_t> number;
      if (id.is_string()) number = version_number(id.get<std::string>());
      if (id.is_number_integer()) number = id.get<std::int64_t>();
      if (!number) return Response::error(400, "versionIds must hold version ids such as \"v3\" or 3");
      numbers.push_back(*number);
    }
    if (numbers.empty()) return Response::json(200, {{"success", true}, {"deleted", 0}});
  }
  auto deleted = services.articles.delete_versions(slug_param(request), numbers);
  if (!deleted) return error_response(deleted.error());
  return Response::json(200, {{"success", true}, {"deleted", deleted.value()}});
}

Response delete_version(ApiServices& services, const Request& request) {
  auto number = version_number(request.param("versionId"));
  if (!number) return Response::error(404, "Version not found");
  auto deleted = services.articles.delete_versions(slug_param(request), {*number});
  if (!deleted) return error_response(deleted.error());
  if (deleted.value() == 0) return Response::error(404, "Version not found");
  return Response::json(200, {{"success", true}, {"deleted", deleted.value()}});
}

}  // namespace

void register_version_routes(http::Router& router, ApiServices& s) {
  using http::Access;
  auto& g = s.guard;
  router.add("GET", "/api/articles/:filename/versions",
             guard(g, {Access::read}, [&s](const Request& r, const http::Caller&) { return list_versions(s, r); }));
  router.add("DELETE", "/api/articles/:filename/versions",
             guard(g, {Access::write}, [&s](const Request& r, const http::Caller&) { return delete_versions(s, r); }));
  router.add("GET", "/api/articles/:filename/versions/:versionId",
             guard(g, {Access::read}, [&s](const Request& r, const http::Caller&) { return get_version(s, r); }));
  router.add("DELETE", "/api/articles/:filename/versions/:versionId",
             guard(g, {Access::write}, [&s](const Request& r, const http::Caller&) { return delete_version(s, r); }));
  router.add("PUT", "/api/articles/:filename/versions/:versionId/restore",
             guard(g, {Access::write},
                   [&s](const Request& r, const http::Caller& c) { return restore_version(s, r, c); }));
}

}  // namespace vellum::api
