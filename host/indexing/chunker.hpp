// The markdown-aware chunker: an article's content becomes the chunks that are embedded and searched.
//
//   1. YAML frontmatter at the very start is dropped (it is metadata, not prose); line endings become
//      LF and bytes that are not UTF-8 become U+FFFD.
//   2. cmark-gfm (with tables) parses the body; each top-level heading, ATX or setext, starts a
//      section. Its heading path is the stack of enclosing headings, written ATX-style ("## Setup"
//      for a setext "Setup\n-----" too). A "#" line in a fenced code block is code, not a heading;
//      headings nested in lists or quotes do not start sections either.
//   3. Each section is packed into windows of at most `max_tokens` (by `estimate_tokens`), cut only
//      between top-level blocks; a block larger than a window is cut between lines (a table between
//      rows), a line larger than a window between words, and a word larger than a window between
//      UTF-8 characters. Consecutive windows of a section share up to `overlap_tokens` of whole
//      pieces; the overlap is clamped to half a window so every window makes progress.
//
// A chunk's text is its slice of the normalised body, leading blank lines and trailing whitespace
// trimmed; nothing is added. So the first chunk of a section starts with the section's heading line
// (which helps embeddings) and later chunks carry the heading only in `heading_path`. A section with
// no content under its heading gives no chunk; its heading still appears in the paths of its
// subsections. A document of headings only gives chunks of those headings (path empty) rather than
// nothing, so it stays findable.
//
// Deterministic: the same input and options always give the same chunks, and content_hash (SHA-256
// of the text) changes only for chunks whose text changed, so unchanged chunks are not re-embedded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/sdk/types.hpp"

namespace vellum::indexing {

using TokenEstimator = std::function<std::size_t(std::string_view)>;

// The default estimate: about 4 bytes of UTF-8 per token, rounded up.
[[nodiscard]] std::size_t estimate_tokens_by_bytes(std::string_view text);

struct ChunkOptions {
  std::size_t max_tokens = 500;     // 0 is treated as 1
  std::size_t overlap_tokens = 50;  // clamped to max_tokens / 2
  TokenEstimator estimate_tokens = estimate_tokens_by_bytes;  // empty means the default
};

struct ChunkDraft {
  std::int32_t chunk_index = 0;           // 0-based across the whole article
  std::vector<std::string> heading_path;  // e.g. {"# Guide", "## Setup"}
  std::string text;
  std::string content_hash;               // sha256_hex(text)
  std::size_t source_begin = 0;           // [source_begin, source_end): the bytes of the markdown as
  std::size_t source_end = 0;             // given (frontmatter, CRLF included) that `text` came from
};

[[nodiscard]] std::vector<ChunkDraft> chunk_markdown(std::string_view markdown, const ChunkOptions& options = {});

// The stored form of a draft: chunk id "<slug>.md#<index>", no vector yet.
[[nodiscard]] sdk::Chunk to_chunk(const ChunkDraft& draft, sdk::ArticleId article_id, std::string_view slug);

}  // namespace vellum::indexing
