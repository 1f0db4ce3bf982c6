// /api/folders: list; /api/folders/manage/<path>: rename (with subfolders) and delete (to the root).
// The folder path may arrive percent-encoded ("a%2Fb") or as plain segments ("a/b").
#include "api/errors.hpp"
#include "api/json_body.hpp"
#include "api/routes.hpp"

namespace vellum::api {

namespace {

using http::Request;
using http::Response;

Response list_folders(ApiServices& services) {
  auto folders = services.articles.folders();
  if (!folders) return error_response(folders.error());
  return Response::json(200, folders.value());
}

Response rename_folder(ApiServices& services, const Request& request, const http::Caller& caller) {
  auto object = parse_object(request.body);
  if (!object) return error_response(object.error());
  auto new_name = string_field(object.value(), "newName");
  if (!new_name) return error_response(new_name.error());
  if (!new_name.value() || new_name.value()->find_first_not_of(" \t\r\n") == std::string::npos)
    return Response::error(400, "New folder name is required");
  auto moved = services.articles.rename_folder(request.param("name"), *new_name.value(), caller.actor());
  if (!moved) return error_response(moved.error());
  return Response::json(200, {{"success", true},
                              {"message", "Folder renamed successfully. " + std::to_string(moved.value()) +
                                              " articles updated."},
                              {"updatedCount", moved.value()}});
}

Response delete_folder(ApiServices& services, const Request& request, const http::Caller& caller) {
  auto moved = services.articles.delete_folder(request.param("name"), caller.actor());
  if (!moved) return error_response(moved.error());
  return Response::json(200, {{"success", true},
                              {"message", "Folder deleted successfully. " + std::to_string(moved.value()) +
                                              " articles updated."},
                              {"updatedCount", moved.value()}});
}

}  // namespace

void register_folder_routes(http::Router& router, ApiServices& s) {
  using http::Access;
  auto& g = s.guard;
  router.add("GET", "/api/folders",
             guard(g, {Access::read}, [&s](const Request&, const http::Caller&) { return list_folders(s); }));
  router.add("PUT", "/api/folders/manage/*name",
             guard(g, {Access::write}, [&s](const Request& r, const http::Caller& c) { return rename_folder(s, r, c); }));
  router.add("DELETE", "/api/folders/manage/*name",
             guard(g, {Access::write}, [&s](const Request& r, const http::Caller& c) { return delete_folder(s, r, c); }));
}

}  // namespace vellum::api
