// YAML frontmatter at the top of a markdown document:
//   ---
//   title: My Article
//   tags: [a, b]
//   ---
//   # Body…
// The stored content keeps it as written; its fields become the article's metadata (JSON).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "vellum/sdk/result.hpp"

namespace vellum::articles {

struct Frontmatter {
  bool present = false;
  nlohmann::json fields = nlohmann::json::object();  // the YAML mapping as JSON
  std::string_view body;                             // the document after the closing "---" line
};

// LF and CRLF line endings alike. A block that is not a YAML mapping (a thematic break "---" that
// happens to be followed by another) is not frontmatter: `present` is false and the body is the whole
// text. Malformed YAML is invalid_argument, with the line, since the author meant frontmatter.
[[nodiscard]] sdk::Result<Frontmatter> parse_frontmatter(std::string_view content);

// The value of `key` in the frontmatter, compared case-insensitively ("Title:" counts as "title:").
[[nodiscard]] const nlohmann::json* frontmatter_field(const Frontmatter& frontmatter, std::string_view key);

// The title rules: frontmatter `title` → first "# heading" of the body → `fallback`.
[[nodiscard]] std::string resolve_title(const Frontmatter& frontmatter, std::string_view fallback);

// The first level-1 ATX heading outside fenced code ("# Title" → "Title"), or "" when none.
[[nodiscard]] std::string first_heading(std::string_view body);

}  // namespace vellum::articles
