// Reading tool arguments (api-spec §5.6): every failure is an invalid_argument whose message names the
// argument ("title cannot be empty", "titles[2]: titles[2] must be a string"). The reference's
// "dangerous pattern" check is left out: it refused legitimate text (a title with "<", a query with
// "; rm"), and the fields it guarded are already held to strict formats here (slugs and folders by
// the article rules, which the service applies again on writes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/jsonrpc.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::mcp {

struct TextRule {
  bool required = true;
  std::size_t max_length = 1000;  // characters (code points)
  bool trim = true;
};

class Arguments {
 public:
  explicit Arguments(const json& arguments) : args_(arguments) {}

  // Trimmed, non-empty, at most max_length characters; nullopt when optional and absent (or null).
  [[nodiscard]] sdk::Result<std::optional<std::string>> text(std::string_view name, TextRule rule = {}) const;
  // A whole number in [min, max]; numeric strings ("5") are accepted, as the reference did.
  [[nodiscard]] sdk::Result<std::int64_t> integer(std::string_view name, std::int64_t fallback, std::int64_t min,
                                                  std::int64_t max) const;
  // A required array of 1..max_items texts, each validated by `rule`.
  [[nodiscard]] sdk::Result<std::vector<std::string>> texts(std::string_view name, std::size_t max_items,
                                                            TextRule rule = {}) const;
  // "my-article.md" or "my-article" → the slug "my-article", checked by the slug rules.
  [[nodiscard]] sdk::Result<std::string> slug(std::string_view name) const;
  // Optional folder: absent → nullopt; "" or "/" → "" (the root); else normalised by the folder rules.
  [[nodiscard]] sdk::Result<std::optional<std::string>> folder(std::string_view name) const;
  // "v3" or 3 → 3.
  [[nodiscard]] sdk::Result<std::int64_t> version(std::string_view name) const;

 private:
  [[nodiscard]] const json* find(std::string_view name) const;
  const json& args_;
};

}  // namespace vellum::mcp
