// API keys ("sk-md-" + 64 hex characters = 256 random bits). Only the SHA-256 of a key is stored,
// with its last four characters for masked display; the key itself is shown once, at creation.
// Used by the REST token routes and by `vellum token`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "vellum/sdk/storage.hpp"

namespace vellum::http {

inline constexpr std::string_view kApiKeyPrefix = "sk-md-";

struct CreatedToken {
  sdk::AccessToken token;
  std::string secret;  // the full key; never stored
};

// invalid_argument with the reference API's messages for a blank name or a bad scope; conflict
// when the name is taken.
[[nodiscard]] sdk::Result<CreatedToken> create_token(sdk::StorageBackend& storage, std::string_view name,
                                                     std::string_view scope);
[[nodiscard]] sdk::Result<std::vector<sdk::AccessToken>> list_tokens(sdk::StorageBackend& storage);
// False when no such token.
[[nodiscard]] sdk::Result<bool> revoke_token(sdk::StorageBackend& storage, std::int64_t id);
[[nodiscard]] sdk::Result<bool> revoke_token_secret(sdk::StorageBackend& storage, std::string_view secret);
// The stored token a presented key belongs to, if any. Keys not shaped like ours never reach storage.
[[nodiscard]] sdk::Result<std::optional<sdk::AccessToken>> find_token(sdk::StorageBackend& storage,
                                                                      std::string_view secret);

// "sk-md-****...a1b2"
[[nodiscard]] std::string masked_token(const sdk::AccessToken& token);
// {"id","name","scope","created_at","last_used_at","masked_token"} as GET /api/access-tokens lists them.
[[nodiscard]] nlohmann::json token_json(const sdk::AccessToken& token);

}  // namespace vellum::http
