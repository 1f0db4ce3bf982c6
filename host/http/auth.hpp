// Who is calling: the admin token (the web UI's and operators' secret), a scoped API key, or nobody.
//   Authorization: Bearer <token>    (the reference API also took the bare token; so do we)
// Admin and API-key secrets are compared in constant time (keys by their SHA-256). A key's
// last_used_at is written at most once a minute, so reads do not turn into a stream of writes.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/request.hpp"
#include "plugins/runtime.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::http {

// What a route requires of its caller.
enum class Access {
  anyone,  // public: no credentials needed
  read,    // any valid token
  write,   // admin or a key with scope "write"
  admin,   // the admin token only
};

struct Caller {
  enum class Kind { anonymous, api_key, admin };
  Kind kind = Kind::anonymous;
  std::string name;   // "admin", or the API key's name: becomes created_by / updated_by
  std::string scope;  // "write" | "read-only"; "write" for admin
  std::int64_t token_id = 0;

  [[nodiscard]] bool authenticated() const noexcept { return kind != Kind::anonymous; }
  [[nodiscard]] bool is_admin() const noexcept { return kind == Kind::admin; }
  [[nodiscard]] bool can_write() const noexcept { return is_admin() || (kind == Kind::api_key && scope == "write"); }
  // The rate-limit identity: per token, never per secret (the secret must not sit in memory maps).
  [[nodiscard]] std::string rate_key() const;
  // The actor recorded on writes (nullopt for anonymous).
  [[nodiscard]] std::optional<std::string> actor() const;
};

// The token of an Authorization header: the first "Bearer " removed, then trimmed; nullopt when
// there is none.
[[nodiscard]] std::optional<std::string> bearer_token(const Request& request);

class Authenticator {
 public:
  Authenticator(std::string admin_token, const plugins::RuntimeHolder& runtime);

  // The caller behind the request's credentials: anonymous when there are none or they match
  // nothing (both are answered 401 where a token is needed). Storage failures are errors.
  [[nodiscard]] sdk::Result<Caller> authenticate(const Request& request);

 private:
  void touch(std::int64_t token_id);

  std::string admin_token_;
  const plugins::RuntimeHolder& runtime_;
  std::mutex touched_mutex_;
  std::unordered_map<std::int64_t, std::chrono::steady_clock::time_point> touched_;
};

}  // namespace vellum::http
