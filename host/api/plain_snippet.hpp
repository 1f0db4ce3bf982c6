// Search snippets for REST clients: plain text, and where the matches are. The storage backends mark
// keyword matches with ** (FTS5's snippet(), PostgreSQL's ts_headline), which MCP passes on as
// markdown emphasis but a web page would print literally.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vellum::api {

struct Highlight {
  std::size_t start = 0;   // in UTF-16 code units, as JavaScript strings index
  std::size_t length = 0;  // likewise
};

struct PlainSnippet {
  std::string text;  // the snippet without its ** markers
  std::vector<Highlight> highlights;
};

// Removes the ** pairs and records what they enclosed. A ** left open at the end marks nothing.
[[nodiscard]] PlainSnippet plain_snippet(std::string_view marked);

}  // namespace vellum::api
