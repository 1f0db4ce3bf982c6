// Unicode normalisation of text before it is split into words, so that the same word written with
// other code points ("Café" / "cafe", "ﬁle" / "file", "STRASSE" / "straße") yields the same features.
#pragma once

#include <string>
#include <string_view>

namespace vellum::local_embedding {

// NFKC, full case folding, default-ignorable code points removed and look-alike punctuation lumped
// (’ becomes '); with `strip_accents`, combining marks are removed too (é becomes e). Bytes that are
// not valid UTF-8 become spaces, so any input yields valid UTF-8.
[[nodiscard]] std::string normalize_text(std::string_view text, bool strip_accents);

}  // namespace vellum::local_embedding
