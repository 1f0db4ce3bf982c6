#include "http/auth.hpp"

#include <spdlog/spdlog.h>

#include "articles/validation.hpp"
#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "http/auth_tokens.hpp"

namespace vellum::http {

namespace {
constexpr auto kTouchInterval = std::chrono::minutes(1);
}  // namespace

std::string Caller::rate_key() const {
  switch (kind) {
    case Kind::admin: return "admin";
    case Kind::api_key: return "key:" + std::to_string(token_id);
    case Kind::anonymous: break;
  }
  return {};
}

std::optional<std::string> Caller::actor() const {
  if (!authenticated()) return std::nullopt;
  return name;
}

std::optional<std::string> bearer_token(const Request& request) {
  auto header = request.header("Authorization");
  if (!header) return std::nullopt;
  std::string value(*header);
  if (auto at = value.find("Bearer "); at != std::string::npos) value.erase(at, 7);
  auto token = articles::trim(value);
  if (token.empty()) return std::nullopt;
  return std::string(token);
}

Authenticator::Authenticator(std::string admin_token, const plugins::RuntimeHolder& runtime)
    : admin_token_(std::move(admin_token)), runtime_(runtime) {}

sdk::Result<Caller> Authenticator::authenticate(const Request& request) {
  Caller caller;
  const auto token = bearer_token(request);
  if (!token) return caller;
  if (!admin_token_.empty() && constant_time_equal(*token, admin_token_)) {
    caller.kind = Caller::Kind::admin;
    caller.name = "admin";
    caller.scope = "write";
    return caller;
  }
  auto runtime = runtime_.current();
  if (!runtime || !runtime->storage.object) return caller;
  auto found = find_token(*runtime->storage.object, *token);
  if (!found) return std::move(found).error();
  if (!found.value()) return caller;
  caller.kind = Caller::Kind::api_key;
  caller.name = found.value()->name;
  caller.scope = found.value()->scope;
  caller.token_id = found.value()->id;
  touch(caller.token_id);
  return caller;
}

void Authenticator::touch(std::int64_t token_id) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(touched_mutex_);
    auto& last = touched_[token_id];
    if (last != std::chrono::steady_clock::time_point{} && now - last < kTouchInterval) return;
    last = now;
  }
  auto runtime = runtime_.current();
  if (!runtime || !runtime->storage.object) return;
  auto status = runtime->storage.object->transact(
      [&](sdk::Repositories& repos) { return repos.tokens().touch(token_id, now_ms()); });
  // Attribution, not authorisation: a failed touch must not fail the request.
  if (!status) spdlog::warn("auth: could not record last use of token {}: {}", token_id, status.error().message);
}

}  // namespace vellum::http
