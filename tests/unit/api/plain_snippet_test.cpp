// REST search snippets: the ** markers of the keyword snippet become offsets a browser can use.
#include <catch2/catch.hpp>

#include "api/plain_snippet.hpp"

using vellum::api::plain_snippet;

TEST_CASE("plain_snippet removes the markers and says where the matches were, in UTF-16 units") {
  auto plain = plain_snippet("…the **queue** drains, then the **queue** stops");
  CHECK(plain.text == "…the queue drains, then the queue stops");
  REQUIRE(plain.highlights.size() == 2);
  CHECK(plain.highlights[0].start == 5);  // "…" is one UTF-16 unit (three UTF-8 bytes)
  CHECK(plain.highlights[0].length == 5);
  CHECK(plain.highlights[1].start == 28);

  // A code point beyond the BMP counts two units, as JavaScript's String.slice counts.
  auto emoji = plain_snippet("\xF0\x9F\x93\x9A **Buch** über");
  CHECK(emoji.text == "\xF0\x9F\x93\x9A Buch über");
  REQUIRE(emoji.highlights.size() == 1);
  CHECK(emoji.highlights[0].start == 3);
  CHECK(emoji.highlights[0].length == 4);
}

TEST_CASE("plain_snippet: no markers, an empty pair and one left open mark nothing") {
  CHECK(plain_snippet("plain text").highlights.empty());
  CHECK(plain_snippet("plain text").text == "plain text");
  CHECK(plain_snippet("a****b").highlights.empty());
  CHECK(plain_snippet("a****b").text == "ab");
  auto open = plain_snippet("an **open end");
  CHECK(open.text == "an open end");
  CHECK(open.highlights.empty());
}
