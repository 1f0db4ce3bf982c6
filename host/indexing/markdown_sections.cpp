#include "indexing/markdown_sections.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace vellum::indexing {

namespace {

struct ParserDeleter {
  void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct NodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};

// cmark-gfm's extension registry is a process-wide list that its registration does not guard.
cmark_syntax_extension* table_extension() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
  return cmark_find_syntax_extension("table");
}

std::unique_ptr<cmark_node, NodeDeleter> parse(std::string_view body) {
  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(CMARK_OPT_DEFAULT));
  if (auto* tables = table_extension()) cmark_parser_attach_syntax_extension(parser.get(), tables);
  cmark_parser_feed(parser.get(), body.data(), body.size());
  return std::unique_ptr<cmark_node, NodeDeleter>(cmark_parser_finish(parser.get()));
}

std::vector<std::size_t> line_starts(std::string_view body) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\n' && i + 1 < body.size()) starts.push_back(i + 1);
  }
  return starts;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\n");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\n") - first + 1);
}

// "### Title ###" -> "Title": the opening run of #, and a closing run when a space precedes it.
std::string_view atx_heading_text(std::string_view line) {
  std::string_view text = trim(line);
  text.remove_prefix(std::min(text.find_first_not_of('#'), text.size()));
  text = trim(text);
  const auto closing = text.find_last_not_of('#');
  if (closing == std::string_view::npos) return {};
  if (closing + 1 < text.size() && (text[closing] == ' ' || text[closing] == '\t')) {
    text = trim(text.substr(0, closing));
  }
  return text;
}

// Setext text lines with the underline dropped, joined by spaces: "Multi\nline\n===" -> "Multi line".
std::string setext_heading_text(std::string_view block) {
  std::string_view rest = trim(block);
  rest = rest.substr(0, std::min(rest.rfind('\n'), rest.size()));  // the underline is the last line
  std::string text;
  while (!rest.empty()) {
    const auto newline = std::min(rest.find('\n'), rest.size());
    const auto line = trim(rest.substr(0, newline));
    if (!line.empty()) text += (text.empty() ? "" : " ") + std::string(line);
    rest.remove_prefix(std::min(newline + 1, rest.size()));
  }
  return text;
}

// An ATX opening: up to 3 spaces, 1 to 6 '#', then a space, a tab or the end of the line. A setext
// heading can start with '#' too ("#hashtag\n===") but never like this, or it would be ATX.
bool starts_atx(std::string_view block) {
  const auto first = block.find_first_not_of(' ');
  if (first == std::string_view::npos || first > 3 || block[first] != '#') return false;
  const auto after = std::min(block.find_first_not_of('#', first), block.size());
  return after - first <= 6 && (after == block.size() || block[after] == ' ' || block[after] == '\t' ||
                                block[after] == '\n');
}

// The heading as it appears in heading paths: "## Setup", whichever syntax the author used.
std::string heading_line(std::string_view block, int level) {
  const std::string text = starts_atx(block) ? std::string(atx_heading_text(block.substr(0, block.find('\n'))))
                                             : setext_heading_text(block);
  std::string line(static_cast<std::size_t>(level), '#');
  if (!text.empty()) line += " " + text;
  return line;
}

struct TopLevelBlock {
  std::size_t begin = 0;
  cmark_node_type type = CMARK_NODE_NONE;
  int heading_level = 0;
};

std::vector<TopLevelBlock> top_level_blocks(std::string_view body) {
  const auto starts = line_starts(body);
  const auto document = parse(body);
  std::vector<TopLevelBlock> blocks;
  for (cmark_node* node = cmark_node_first_child(document.get()); node != nullptr; node = cmark_node_next(node)) {
    const int line = std::max(1, cmark_node_get_start_line(node));
    const std::size_t begin = starts[std::min(static_cast<std::size_t>(line), starts.size()) - 1];
    const cmark_node_type type = cmark_node_get_type(node);
    const int level = type == CMARK_NODE_HEADING ? cmark_node_get_heading_level(node) : 0;
    // Keep blocks strictly ordered even if a source position were off.
    if (!blocks.empty() && begin <= blocks.back().begin) continue;
    blocks.push_back({begin, type, level});
  }
  // Text before the first block can only be blank lines or link reference definitions (anything
  // else would be a node): kept so blocks tile the body, but not content worth a chunk of its own.
  if (blocks.empty() || blocks.front().begin > 0) blocks.insert(blocks.begin(), {0, CMARK_NODE_NONE, 0});
  return blocks;
}

}  // namespace

std::vector<Section> split_sections(std::string_view body) {
  const auto blocks = top_level_blocks(body);
  std::vector<Section> sections(1);
  struct Open {
    int level;
    std::string line;
  };
  std::vector<Open> open;  // the heading stack
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const auto& b = blocks[i];
    Block block{b.begin, i + 1 < blocks.size() ? blocks[i + 1].begin : body.size(),
                b.type != CMARK_NODE_HEADING && b.type != CMARK_NODE_THEMATIC_BREAK && b.type != CMARK_NODE_NONE};
    if (b.type == CMARK_NODE_HEADING) {
      while (!open.empty() && open.back().level >= b.heading_level) open.pop_back();
      const auto heading = body.substr(block.begin, block.end - block.begin);
      open.push_back({b.heading_level, heading_line(heading, b.heading_level)});
      Section section;
      for (const auto& h : open) section.heading_path.push_back(h.line);
      sections.push_back(std::move(section));
    }
    sections.back().blocks.push_back(block);
  }
  if (sections.front().blocks.empty()) sections.erase(sections.begin());
  return sections;
}

}  // namespace vellum::indexing
