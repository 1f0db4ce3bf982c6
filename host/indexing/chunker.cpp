#include "indexing/chunker.hpp"

#include <algorithm>

#include "common/crypto.hpp"
#include "indexing/markdown_source.hpp"
#include "indexing/markdown_sections.hpp"
#include "indexing/window_packer.hpp"

namespace vellum::indexing {

namespace {

bool has_text(std::string_view body, const Block& block) {
  const Window w = trim_window(body, block.begin, block.end);
  return w.begin < w.end;
}

// A section is worth a chunk when something other than its heading (or a rule) has text.
bool has_content(std::string_view body, const Section& section) {
  return std::any_of(section.blocks.begin(), section.blocks.end(),
                     [&](const Block& b) { return b.is_content && has_text(body, b); });
}

}  // namespace

std::size_t estimate_tokens_by_bytes(std::string_view text) { return (text.size() + 3) / 4; }

std::vector<ChunkDraft> chunk_markdown(std::string_view markdown, const ChunkOptions& options) {
  const MarkdownSource source(markdown);
  const std::string& body = source.body();
  auto sections = split_sections(body);

  const bool any_content = std::any_of(sections.begin(), sections.end(),
                                       [&](const Section& s) { return has_content(body, s); });
  if (!any_content) {
    // Headings only (or rules): rather than no chunk, one path-less run of all of it.
    Section all;
    for (auto& s : sections) all.blocks.insert(all.blocks.end(), s.blocks.begin(), s.blocks.end());
    sections.assign(1, std::move(all));
  }

  const std::size_t max_tokens = std::max<std::size_t>(1, options.max_tokens);
  const TokenEstimator estimate = options.estimate_tokens ? options.estimate_tokens : estimate_tokens_by_bytes;
  const PackingLimits limits{max_tokens, std::min(options.overlap_tokens, max_tokens / 2), estimate};

  std::vector<ChunkDraft> drafts;
  for (const auto& section : sections) {
    if (any_content && !has_content(body, section)) continue;
    for (const Window& w : pack_windows(body, section.blocks, limits)) {
      ChunkDraft draft;
      draft.chunk_index = static_cast<std::int32_t>(drafts.size());
      draft.heading_path = section.heading_path;
      draft.text = body.substr(w.begin, w.end - w.begin);
      draft.content_hash = sha256_hex(draft.text);
      draft.source_begin = source.original_begin(w.begin);
      draft.source_end = source.original_end(w.begin, w.end);
      drafts.push_back(std::move(draft));
    }
  }
  return drafts;
}

sdk::Chunk to_chunk(const ChunkDraft& draft, sdk::ArticleId article_id, std::string_view slug) {
  sdk::Chunk chunk;
  chunk.article_id = article_id;
  chunk.chunk_id = std::string(slug) + ".md#" + std::to_string(draft.chunk_index);
  chunk.chunk_index = draft.chunk_index;
  chunk.heading_path = draft.heading_path;
  chunk.text = draft.text;
  chunk.content_hash = draft.content_hash;
  return chunk;
}

}  // namespace vellum::indexing
