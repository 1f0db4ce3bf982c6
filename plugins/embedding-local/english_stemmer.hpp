// The Porter2 ("Snowball English") stemmer: maps inflected English words to a common stem so that
// "configuring", "configured" and "configure" hash to the same feature.
#pragma once

#include <string>
#include <string_view>

namespace vellum::local_embedding {

// The stem of one lower-case word. Words holding anything but ASCII letters and apostrophes (digits,
// other scripts, accented letters left unfolded) are returned unchanged: the rules are English-only.
[[nodiscard]] std::string stem_english(std::string_view word);

}  // namespace vellum::local_embedding
