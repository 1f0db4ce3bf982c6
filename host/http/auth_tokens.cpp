#include "http/auth_tokens.hpp"

#include "articles/validation.hpp"
#include "common/clock.hpp"
#include "common/crypto.hpp"

namespace vellum::http {

namespace {

constexpr std::size_t kSecretHexChars = 64;
constexpr std::size_t kMaxNameLength = 255;

bool well_formed(std::string_view secret) {
  if (secret.size() != kApiKeyPrefix.size() + kSecretHexChars || secret.substr(0, kApiKeyPrefix.size()) != kApiKeyPrefix)
    return false;
  for (char c : secret.substr(kApiKeyPrefix.size())) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

sdk::Result<std::string> valid_name(std::string_view name) {
  const auto trimmed = articles::trim(name);
  if (trimmed.empty()) return sdk::Error(sdk::ErrorKind::invalid_argument, "Token name is required");
  if (!articles::is_valid_utf8(trimmed) || articles::utf8_length(trimmed) > kMaxNameLength)
    return sdk::Error(sdk::ErrorKind::invalid_argument, "Token name must be valid text of at most 255 characters");
  for (unsigned char c : trimmed) {
    if (c < 0x20 || c == 0x7F)
      return sdk::Error(sdk::ErrorKind::invalid_argument, "Token name cannot contain control characters");
  }
  return std::string(trimmed);
}

}  // namespace

sdk::Result<CreatedToken> create_token(sdk::StorageBackend& storage, std::string_view name, std::string_view scope) {
  auto checked = valid_name(name);
  if (!checked) return std::move(checked).error();
  if (scope != "read-only" && scope != "write")
    return sdk::Error(sdk::ErrorKind::invalid_argument, "Scope must be either \"read-only\" or \"write\"");
  CreatedToken created;
  created.secret = std::string(kApiKeyPrefix) + random_hex(kSecretHexChars / 2);
  sdk::AccessToken token;
  token.name = checked.value();
  token.scope = std::string(scope);
  token.token_hash = sha256_hex(created.secret);
  token.token_hint = created.secret.substr(created.secret.size() - 4);
  token.created_at = now_ms();
  auto status = storage.transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto inserted = repos.tokens().insert(token);
    if (!inserted) return std::move(inserted).error();
    created.token = std::move(inserted).value();
    return sdk::ok_status();
  });
  if (!status) {
    if (status.error().kind == sdk::ErrorKind::conflict)
      return sdk::Error(sdk::ErrorKind::conflict, "A token named '" + token.name + "' already exists");
    return std::move(status).error();
  }
  return created;
}

sdk::Result<std::vector<sdk::AccessToken>> list_tokens(sdk::StorageBackend& storage) {
  std::vector<sdk::AccessToken> tokens;
  auto status = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    auto listed = repos.tokens().list();
    if (!listed) return std::move(listed).error();
    tokens = std::move(listed).value();
    return sdk::ok_status();
  });
  if (!status) return std::move(status).error();
  return tokens;
}

sdk::Result<bool> revoke_token(sdk::StorageBackend& storage, std::int64_t id) {
  bool removed = false;
  auto status = storage.transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto gone = repos.tokens().remove(id);
    if (!gone) return std::move(gone).error();
    removed = gone.value();
    return sdk::ok_status();
  });
  if (!status) return std::move(status).error();
  return removed;
}

sdk::Result<bool> revoke_token_secret(sdk::StorageBackend& storage, std::string_view secret) {
  auto found = find_token(storage, secret);
  if (!found) return std::move(found).error();
  if (!found.value()) return false;
  return revoke_token(storage, found.value()->id);
}

sdk::Result<std::optional<sdk::AccessToken>> find_token(sdk::StorageBackend& storage, std::string_view secret) {
  if (!well_formed(secret)) return std::optional<sdk::AccessToken>();
  const std::string hash = sha256_hex(secret);
  std::optional<sdk::AccessToken> token;
  auto status = storage.read([&](sdk::Repositories& repos) -> sdk::Status {
    auto found = repos.tokens().find_by_hash(hash);
    if (!found) return std::move(found).error();
    token = std::move(found).value();
    return sdk::ok_status();
  });
  if (!status) return std::move(status).error();
  // The lookup compared hashes in the database; compare again in constant time so the answer never
  // depends on how a backend's index compares strings.
  if (token && !constant_time_equal(token->token_hash, hash)) return std::optional<sdk::AccessToken>();
  return token;
}

std::string masked_token(const sdk::AccessToken& token) {
  if (token.token_hint.empty()) return "****";
  return std::string(kApiKeyPrefix) + "****..." + token.token_hint;
}

nlohmann::json token_json(const sdk::AccessToken& token) {
  return {{"id", token.id},
          {"name", token.name},
          {"scope", token.scope},
          {"created_at", format_iso8601(token.created_at)},
          {"last_used_at", token.last_used_at ? nlohmann::json(format_iso8601(*token.last_used_at)) : nlohmann::json()},
          {"masked_token", masked_token(token)}};
}

}  // namespace vellum::http
