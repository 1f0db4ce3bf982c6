// The chunker's windows: size limits, overlap and its clamping, what is never cut, long lines,
// multibyte text, large documents.
#include <catch2/catch.hpp>

#include <sstream>

#include "chunk_checks.hpp"
#include "indexing/chunker.hpp"

using namespace vellum::indexing;
using namespace vellum::indexing::test;

namespace {

std::string numbered_words(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += (i ? " w" : "w") + std::to_string(i);
  return out;
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Every chunk fits, is valid UTF-8, and is exactly its range of the source.
void check_chunks(std::string_view doc, const std::vector<ChunkDraft>& chunks, const ChunkOptions& options) {
  for (const auto& c : chunks) {
    INFO("chunk " << c.chunk_index);
    CHECK(options.estimate_tokens(c.text) <= options.max_tokens);
    CHECK(is_valid_utf8(c.text));
    CHECK(doc.substr(c.source_begin, c.source_end - c.source_begin) == c.text);
  }
}

}  // namespace

TEST_CASE("chunker: consecutive windows overlap by whole words up to the overlap") {
  const std::string doc = numbered_words(100);
  const auto options = word_options(10, 3);
  const auto chunks = chunk_markdown(doc, options);
  REQUIRE(chunks.size() == 14);  // starts advance by 10 - 3 = 7 words: 0, 7, ..., 91
  check_chunks(doc, chunks, options);
  std::vector<std::string> covered;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const auto words = words_of(chunks[i].text);
    CHECK(words.front() == "w" + std::to_string(7 * i));
    if (i + 1 < chunks.size()) {
      CHECK(words.size() == 10);
      const auto next = words_of(chunks[i + 1].text);
      const std::vector<std::string> tail(words.end() - 3, words.end());
      CHECK(tail == std::vector<std::string>(next.begin(), next.begin() + 3));
    }
    covered.insert(covered.end(), words.begin() + (i == 0 ? 0 : 3), words.end());
  }
  CHECK(covered == words_of(doc));  // nothing lost, nothing repeated beyond the overlap
}

TEST_CASE("chunker: no overlap means windows tile the text") {
  const std::string doc = numbered_words(25);
  const auto chunks = chunk_markdown(doc, word_options(10, 0));
  CHECK(texts(chunks) == std::vector<std::string>{numbered_words(10), "w10 w11 w12 w13 w14 w15 w16 w17 w18 w19",
                                                  "w20 w21 w22 w23 w24"});
}

TEST_CASE("chunker: an overlap as large as the window is clamped to half of it and terminates") {
  const std::string doc = numbered_words(40);
  for (std::size_t overlap : {10u, 11u, 1000u}) {
    const auto chunks = chunk_markdown(doc, word_options(10, overlap));
    REQUIRE(chunks.size() == 7);  // starts at 0, 5, ..., 30
    CHECK(words_of(chunks[1].text).front() == "w5");
  }
  const auto tiny = chunk_markdown(doc, word_options(0, 5));  // a zero window is one token
  CHECK(tiny.size() == 40);
}

TEST_CASE("chunker: overlap stays inside a section") {
  const std::string doc = "# A\n\n" + numbered_words(12) + "\n\n# B\n\nBeta words here.\n";
  const auto chunks = chunk_markdown(doc, word_options(10, 4));
  REQUIRE(chunks.size() == 3);
  CHECK(chunks[0].text.starts_with("# A"));
  CHECK(chunks[1].heading_path == std::vector<std::string>{"# A"});
  CHECK(chunks[2].text == "# B\n\nBeta words here.");
}

TEST_CASE("chunker: a code block that fits a window is never cut, it moves to the next one") {
  const std::string code = "```python\n# comment\nfor i in range(10):\n    print(i)\n```";
  const std::string doc = "Some words before the code block here.\n\n" + code + "\n\nAnd words after it.\n";
  const auto options = word_options(12, 0);  // 7 words, then 9, then 4: no two fit together
  const auto chunks = chunk_markdown(doc, options);
  check_chunks(doc, chunks, options);
  REQUIRE(chunks.size() == 3);
  CHECK(chunks[1].text == code);
}

TEST_CASE("chunker: a table is cut only between rows") {
  std::string table = "| key | value |\n|-----|-------|\n";
  for (int i = 0; i < 60; ++i) table += "| k" + std::to_string(i) + " | some value " + std::to_string(i) + " |\n";
  const std::string doc = "# Data\n\nIntro paragraph.\n\n" + table + "\nOutro.\n";
  ChunkOptions options;
  options.max_tokens = 60;  // ~240 bytes: the table needs several windows
  options.overlap_tokens = 10;
  const auto chunks = chunk_markdown(doc, options);
  REQUIRE(chunks.size() > 4);
  check_chunks(doc, chunks, options);
  for (const auto& c : chunks) {
    std::istringstream lines(c.text);
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with("|")) CHECK(line.ends_with("|"));  // whole rows only
      if (line.ends_with("|")) CHECK(line.starts_with("|"));
    }
  }
}

TEST_CASE("chunker: a code block larger than a window is cut between its lines") {
  std::string code = "```\n";
  for (int i = 0; i < 80; ++i) code += "line_" + std::to_string(i) + " = compute(" + std::to_string(i) + ")\n";
  code += "```";
  const std::string doc = "# Code\n\n" + code + "\n";
  ChunkOptions options;
  options.max_tokens = 40;
  const auto chunks = chunk_markdown(doc, options);
  REQUIRE(chunks.size() > 5);
  check_chunks(doc, chunks, options);
  for (const auto& c : chunks) {
    std::istringstream lines(c.text);
    for (std::string line; std::getline(lines, line);) {
      CHECK(("\n" + doc).find("\n" + line + "\n") != std::string::npos);  // a whole line of the source
    }
  }
}

TEST_CASE("chunker: a line without spaces longer than a window is cut between characters") {
  const std::string doc(100000, 'x');
  ChunkOptions options;
  options.max_tokens = 100;  // 400 bytes
  options.overlap_tokens = 10;
  const auto chunks = chunk_markdown(doc, options);
  check_chunks(doc, chunks, options);
  REQUIRE(chunks.size() == (100000 - 40 + 359) / 360);
  CHECK(chunks[0].text.size() == 400);
  CHECK(chunks[1].source_begin == 360);  // 40 bytes = 10 tokens of overlap
  CHECK(chunks.back().source_end == doc.size());
}

TEST_CASE("chunker: multibyte text is never cut inside a character") {
  std::string line;
  for (int i = 0; i < 3000; ++i) line += "é日🙂";  // 2, 3 and 4 bytes
  for (std::size_t max : {1u, 2u, 5u, 7u}) {
    ChunkOptions options;
    options.max_tokens = max;
    options.overlap_tokens = 1;
    const auto chunks = chunk_markdown(line, options);
    REQUIRE_FALSE(chunks.empty());
    check_chunks(line, chunks, options);
    CHECK(chunks.back().source_end == line.size());
  }
}

TEST_CASE("chunker: words and sentences in CJK and emoji stay valid UTF-8 with any estimator") {
  std::string doc = "# 東京\n\n";
  for (int i = 0; i < 400; ++i) doc += "東京タワーは高い。🗼 Tokyo tower is tall. ";
  ChunkOptions options;
  options.max_tokens = 30;
  options.overlap_tokens = 8;
  options.estimate_tokens = [](std::string_view text) {  // one token per code point
    std::size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
  };
  const auto chunks = chunk_markdown(doc, options);
  REQUIRE(chunks.size() > 100);
  check_chunks(doc, chunks, options);
  for (const auto& c : chunks) CHECK(c.heading_path == std::vector<std::string>{"# 東京"});
}

TEST_CASE("chunker: every chunk of a realistic document fits the default estimate") {
  std::string doc = "---\ntitle: Handbook\n---\n# Handbook\n\n";
  for (int s = 0; s < 30; ++s) {
    doc += "## Section " + std::to_string(s) + "\n\n";
    for (int p = 0; p < 1 + s % 4; ++p) {
      for (int w = 0; w < 40 + 17 * p; ++w) doc += "word" + std::to_string(w) + " ";
      doc += "\n\n";
    }
    if (s % 3 == 0) doc += "```\ncode line\n# not a heading\n```\n\n";
    if (s % 5 == 0) doc += "| a | b |\n|---|---|\n| 1 | 2 |\n\n";
  }
  ChunkOptions options;
  options.max_tokens = 120;
  options.overlap_tokens = 20;
  const auto chunks = chunk_markdown(doc, options);
  REQUIRE(chunks.size() > 30);
  check_chunks(doc, chunks, options);
  // "# Handbook" has nothing of its own, and "# not a heading" is code: every chunk is in a "##".
  for (const auto& c : chunks) CHECK(c.heading_path.size() == 2);
}

TEST_CASE("chunker: a 1 MB document chunks to completion") {
  std::string doc;
  std::size_t section = 0;
  while (doc.size() < (1u << 20)) {
    doc += "## Part " + std::to_string(section++) + "\n\n";
    for (int p = 0; p < 5; ++p) doc += numbered_words(120) + "\n\n";
    doc += "```cpp\nint main() { return 0; }\n```\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n";
  }
  doc += std::string(200000, 'z');  // and one enormous word
  ChunkOptions options;
  const auto chunks = chunk_markdown(doc, options);
  REQUIRE(chunks.size() > 500);
  check_chunks(doc, chunks, options);
}
