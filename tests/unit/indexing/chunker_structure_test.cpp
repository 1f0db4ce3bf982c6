// The chunker reads markdown structure: sections, heading paths, code, frontmatter, line endings.
#include <catch2/catch.hpp>

#include "chunk_checks.hpp"
#include "common/crypto.hpp"
#include "indexing/chunker.hpp"

using namespace vellum::indexing;
using namespace vellum::indexing::test;
using Path = std::vector<std::string>;

TEST_CASE("chunker: each heading starts a section whose path is the stack of enclosing headings") {
  const std::string doc =
      "Intro before any heading.\n\n"
      "# Guide\n\nGuide text.\n\n"
      "## Setup\n\nSetup text.\n\n"
      "### Linux\n\nLinux text.\n\n"
      "## Usage ##\n\nUsage text.\n\n"
      "# Reference\n\nReference text.\n";
  const auto chunks = chunk_markdown(doc);
  REQUIRE(chunks.size() == 6);
  CHECK(paths(chunks) == std::vector<Path>{{},
                                           {"# Guide"},
                                           {"# Guide", "## Setup"},
                                           {"# Guide", "## Setup", "### Linux"},
                                           {"# Guide", "## Usage"},  // closing #s are not part of the title
                                           {"# Reference"}});
  // The first chunk of a section starts with its heading line, as written.
  CHECK(chunks[0].text == "Intro before any heading.");
  CHECK(chunks[2].text == "## Setup\n\nSetup text.");
  CHECK(chunks[4].text == "## Usage ##\n\nUsage text.");
  for (std::size_t i = 0; i < chunks.size(); ++i) CHECK(chunks[i].chunk_index == static_cast<int>(i));
}

TEST_CASE("chunker: setext headings are headings, recorded ATX-style in paths") {
  const std::string doc = "Title\n=====\n\nBody.\n\nSub part\non two lines\n---\n\nMore.\n";
  const auto chunks = chunk_markdown(doc);
  REQUIRE(chunks.size() == 2);
  CHECK(paths(chunks) == std::vector<Path>{{"# Title"}, {"# Title", "## Sub part on two lines"}});
  CHECK(chunks[0].text == "Title\n=====\n\nBody.");
}

TEST_CASE("chunker: '#' lines inside fenced or indented code are code, not headings") {
  const std::string doc =
      "# Script\n\n"
      "```bash\n# install it\nmake install\n## still code\n```\n\n"
      "~~~\n# tilde fence\n~~~\n\n"
      "    # indented code\n\n"
      "After the code.\n";
  const auto chunks = chunk_markdown(doc);
  REQUIRE(chunks.size() == 1);
  CHECK(chunks[0].heading_path == Path{"# Script"});
  CHECK(chunks[0].text.find("## still code") != std::string::npos);
  CHECK(chunks[0].text.ends_with("After the code."));
}

TEST_CASE("chunker: '#' is a heading only with a space after it, and not inside lists or quotes") {
  const std::string doc = "#hashtag is text\n\n> # quoted heading\n\n- # listed heading\n";
  const auto chunks = chunk_markdown(doc);
  REQUIRE(chunks.size() == 1);
  CHECK(chunks[0].heading_path.empty());
}

TEST_CASE("chunker: CRLF documents chunk like LF ones, ranges point into the CRLF text") {
  const std::string lf = "# Title\n\nFirst line\nsecond line\n\n## Part\n\nText.\n";
  std::string crlf;
  for (char c : lf) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const auto a = chunk_markdown(lf);
  const auto b = chunk_markdown(crlf);
  REQUIRE(a.size() == 2);
  CHECK(texts(a) == texts(b));
  CHECK(paths(b) == std::vector<Path>{{"# Title"}, {"# Title", "## Part"}});
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i].content_hash == b[i].content_hash);
  // The range covers the CRLF original; dropping its CRs gives the chunk text back.
  std::string slice = crlf.substr(b[0].source_begin, b[0].source_end - b[0].source_begin);
  std::erase(slice, '\r');
  CHECK(slice == b[0].text);
  CHECK(crlf.substr(b[1].source_begin, b[1].source_end - b[1].source_begin) == "## Part\r\n\r\nText.");
}

TEST_CASE("chunker: frontmatter is metadata, not content (LF and CRLF)") {
  for (const std::string& doc : {std::string("---\ntitle: Secret title\ntags: [a]\n---\n# Body\n\nText.\n"),
                                std::string("---\r\ntitle: Secret title\r\n---\r\n# Body\r\n\r\nText.\r\n")}) {
    const auto chunks = chunk_markdown(doc);
    REQUIRE(chunks.size() == 1);
    CHECK(chunks[0].text.starts_with("# Body"));
    CHECK(chunks[0].text.find("Secret") == std::string::npos);
    CHECK(doc.substr(chunks[0].source_begin, 6) == "# Body");
  }
}

TEST_CASE("chunker: rules around text that is not a YAML mapping are not frontmatter") {
  const std::string doc = "---\n\nJust a paragraph between rules.\n\n---\n\nMore.\n";
  const auto chunks = chunk_markdown(doc);
  REQUIRE(chunks.size() == 1);
  CHECK(chunks[0].text.find("Just a paragraph") != std::string::npos);
}

TEST_CASE("chunker: empty and blank documents have no chunks") {
  CHECK(chunk_markdown("").empty());
  CHECK(chunk_markdown(" \n\n\t\n").empty());
  CHECK(chunk_markdown("---\ntitle: only metadata\n---\n").empty());
  CHECK(chunk_markdown("\xEF\xBB\xBF").empty());
}

TEST_CASE("chunker: a section with nothing under its heading has no chunk of its own") {
  const std::string doc = "# A\n\nA text.\n\n## Empty\n\n## C\n\nC text.\n\n---\n\n## Rule only\n\n***\n";
  const auto chunks = chunk_markdown(doc);
  REQUIRE(chunks.size() == 2);
  CHECK(paths(chunks) == std::vector<Path>{{"# A"}, {"# A", "## C"}});
}

TEST_CASE("chunker: link definitions opening a document are no chunk of their own") {
  const auto chunks = chunk_markdown("[docs]: https://example.com/docs\n\n# Intro\n\nSee [the docs][docs].\n");
  REQUIRE(chunks.size() == 1);
  CHECK(chunks[0].text == "# Intro\n\nSee [the docs][docs].");
}

TEST_CASE("chunker: a document of headings only yields its headings, without a path") {
  const auto chunks = chunk_markdown("# Alpha\n\n## Beta\n### Gamma\n");
  REQUIRE(chunks.size() == 1);
  CHECK(chunks[0].text == "# Alpha\n\n## Beta\n### Gamma");
  CHECK(chunks[0].heading_path.empty());
}

TEST_CASE("chunker: emoji and CJK headings and text pass through intact") {
  const std::string doc = "# 日本語のガイド 🚀\n\n本文です。絵文字 👩‍💻 も。\n\n## Café ☕\n\nCrème brûlée.\n";
  const auto chunks = chunk_markdown(doc);
  REQUIRE(chunks.size() == 2);
  CHECK(paths(chunks) == std::vector<Path>{{"# 日本語のガイド 🚀"}, {"# 日本語のガイド 🚀", "## Café ☕"}});
  CHECK(chunks[0].text == "# 日本語のガイド 🚀\n\n本文です。絵文字 👩‍💻 も。");
  for (const auto& c : chunks) CHECK(doc.substr(c.source_begin, c.source_end - c.source_begin) == c.text);
}

TEST_CASE("chunker: invalid UTF-8 and NUL become U+FFFD, ranges still cover the original bytes") {
  const std::string doc = std::string("Bad \xFF byte and a NUL \0 here.", 28);
  const auto chunks = chunk_markdown(doc);
  REQUIRE(chunks.size() == 1);
  CHECK(is_valid_utf8(chunks[0].text));
  CHECK(chunks[0].text == "Bad \xEF\xBF\xBD byte and a NUL \xEF\xBF\xBD here.");
  CHECK(chunks[0].source_begin == 0);
  CHECK(chunks[0].source_end == doc.size());
}

TEST_CASE("chunker: the same input gives the same chunks, an edit changes only its chunk's hash") {
  const std::string before = "# A\n\nAlpha text.\n\n# B\n\nBeta text.\n\n# C\n\nGamma text.\n";
  const std::string after = "# A\n\nAlpha text.\n\n# B\n\nBeta text, edited.\n\n# C\n\nGamma text.\n";
  const auto first = chunk_markdown(before);
  const auto again = chunk_markdown(before);
  const auto edited = chunk_markdown(after);
  REQUIRE(first.size() == 3);
  REQUIRE(edited.size() == 3);
  for (std::size_t i = 0; i < first.size(); ++i) {
    CHECK(first[i].content_hash == again[i].content_hash);
    CHECK(first[i].text == again[i].text);
    CHECK(first[i].content_hash.size() == 64);
  }
  CHECK(edited[0].content_hash == first[0].content_hash);
  CHECK(edited[1].content_hash != first[1].content_hash);
  CHECK(edited[2].content_hash == first[2].content_hash);
  // sha256("# A\n\nAlpha text.") — the hash is of the text alone, nothing else.
  CHECK(first[0].content_hash == vellum::sha256_hex("# A\n\nAlpha text."));
}

TEST_CASE("chunker: a draft becomes a stored chunk with id <slug>.md#<index>") {
  const auto chunks = chunk_markdown("# A\n\none\n\n# B\n\ntwo\n");
  REQUIRE(chunks.size() == 2);
  const auto chunk = to_chunk(chunks[1], 42, "my-article");
  CHECK(chunk.chunk_id == "my-article.md#1");
  CHECK(chunk.article_id == 42);
  CHECK(chunk.chunk_index == 1);
  CHECK(chunk.heading_path == Path{"# B"});
  CHECK(chunk.text == "# B\n\ntwo");
  CHECK(chunk.content_hash == chunks[1].content_hash);
  CHECK(chunk.vector.empty());
}
