// The structure the chunker packs: a markdown body split by cmark-gfm into top-level blocks, grouped
// into sections that each begin at a top-level heading.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vellum::indexing {

// A top-level block as whole lines of the body: from its first line to the next block's first line.
// Blocks tile the body, so text cmark turns into no node (link reference definitions) is kept with
// the block before it and nothing is lost.
struct Block {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool is_content = true;  // false for headings, thematic breaks and link definitions opening the body
};

struct Section {
  std::vector<std::string> heading_path;  // enclosing headings, outermost first, ATX-style
  std::vector<Block> blocks;              // the heading's own block first, when there is a heading
};

// Sections in document order; content before the first heading forms a section with an empty path.
// `body` must have LF line endings.
[[nodiscard]] std::vector<Section> split_sections(std::string_view body);

}  // namespace vellum::indexing
