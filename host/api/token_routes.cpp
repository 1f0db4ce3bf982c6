// /api/access-tokens: list, create (the only time a key is shown), delete by id or by the key itself.
// Admin token only; API keys are answered 401 (api-spec §4.3).
#include <charconv>

#include "api/errors.hpp"
#include "api/json_body.hpp"
#include "api/routes.hpp"
#include "common/clock.hpp"
#include "http/auth_tokens.hpp"

namespace vellum::api {

namespace {

using http::Request;
using http::Response;

sdk::Result<sdk::BackendPtr> storage_of(const plugins::RuntimeHolder& holder) {
  auto runtime = holder.current();
  if (!runtime || !runtime->storage.object) return sdk::Error(sdk::ErrorKind::unavailable, "storage is not available");
  return runtime->storage.object;
}

Response list(ApiServices& services) {
  auto storage = storage_of(services.runtime);
  if (!storage) return error_response(storage.error());
  auto tokens = http::list_tokens(*storage.value());
  if (!tokens) return error_response(tokens.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& token : tokens.value()) out.push_back(http::token_json(token));
  return Response::json(200, out);
}

Response create(ApiServices& services, const Request& request) {
  auto object = parse_object(request.body);
  if (!object) return error_response(object.error());
  auto name = string_field(object.value(), "name");
  if (!name) return error_response(name.error());
  if (!name.value()) return Response::error(400, "Token name is required");
  auto scope = object->find("scope");
  if (scope == object->end() || !scope->is_string())
    return Response::error(400, "Scope must be either \"read-only\" or \"write\"");
  auto storage = storage_of(services.runtime);
  if (!storage) return error_response(storage.error());
  auto created = http::create_token(*storage.value(), *name.value(), scope->get<std::string>());
  if (!created) return error_response(created.error());
  const auto& token = created->token;
  return Response::json(201, {{"id", token.id},
                              {"token", created->secret},
                              {"name", token.name},
                              {"scope", token.scope},
                              {"created_at", format_iso8601(token.created_at)},
                              {"last_used_at", nullptr}});
}

Response remove(ApiServices& services, const Request& request) {
  const std::string_view key = request.param("idOrToken");
  auto storage = storage_of(services.runtime);
  if (!storage) return error_response(storage.error());
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), id);
  const bool numeric = ec == std::errc() && end == key.data() + key.size();
  auto removed = numeric ? http::revoke_token(*storage.value(), id) : http::revoke_token_secret(*storage.value(), key);
  if (!removed) return error_response(removed.error());
  if (!removed.value()) return Response::error(404, "Token not found");
  return Response::json(200, {{"success", true}});
}

}  // namespace

void register_token_routes(http::Router& router, ApiServices& s) {
  using http::Access;
  auto& g = s.guard;
  router.add("GET", "/api/access-tokens",
             guard(g, {Access::admin}, [&s](const Request&, const http::Caller&) { return list(s); }));
  router.add("POST", "/api/access-tokens",
             guard(g, {Access::admin}, [&s](const Request& r, const http::Caller&) { return create(s, r); }));
  router.add("DELETE", "/api/access-tokens/:idOrToken",
             guard(g, {Access::admin}, [&s](const Request& r, const http::Caller&) { return remove(s, r); }));
}

}  // namespace vellum::api
