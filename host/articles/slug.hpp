// Slugs: the URL identifier of an article ("my-article", served as "my-article.md").
#pragma once

#include <string>
#include <string_view>

#include "vellum/sdk/result.hpp"

namespace vellum::articles {

// api-spec §1.10, with edge hyphens dropped: "Hello World!" → "hello-world", "Title - with - dashes"
// → "title-with-dashes", "C++ -" → "c". Non-ASCII letters are dropped; Unicode spaces separate words.
[[nodiscard]] std::string slugify(std::string_view title);

// Format and reserved-word rules (not uniqueness, which needs the database).
[[nodiscard]] sdk::Status validate_slug(std::string_view slug);
[[nodiscard]] bool is_reserved_slug(std::string_view slug) noexcept;

// A URL's article identifier to a slug: one trailing ".md" is dropped ("a.md" → "a", "a" → "a").
[[nodiscard]] std::string_view slug_from_filename(std::string_view filename) noexcept;
[[nodiscard]] std::string filename_for(std::string_view slug);

}  // namespace vellum::articles
