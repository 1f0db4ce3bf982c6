// Field rules (api-spec §1.9) and UTF-8 checking.
#include <catch2/catch.hpp>

#include "articles/validation.hpp"

using namespace vellum::articles;

TEST_CASE("folders: root forms, allowed characters, depth and segment limits") {
  CHECK(normalize_folder("").value().empty());
  CHECK(normalize_folder("/").value().empty());
  CHECK(normalize_folder("tech/ai").value() == "tech/ai");
  for (const char* bad : {"tech/../etc", "tech/<script>", "a//b", "/a", "a/", "a b", "a/./b", "ü"}) {
    INFO(bad);
    CHECK_FALSE(normalize_folder(bad).ok());
  }
  CHECK(normalize_folder("a/b/c/d/e/f/g/h/i/j").ok());
  CHECK_FALSE(normalize_folder("a/b/c/d/e/f/g/h/i/j/k").ok());
  CHECK_FALSE(normalize_folder(std::string(101, 'x')).ok());
  CHECK(normalize_folder(std::string(100, 'x')).ok());
}

TEST_CASE("titles, content and messages") {
  CHECK(validate_title("My Great Article").ok());
  CHECK_FALSE(validate_title("   ").ok());
  CHECK_FALSE(validate_title(std::string(501, 'A')).ok());
  CHECK(validate_title(std::string(500, 'A')).ok());
  CHECK(validate_title(std::string(250, '\xC3') + std::string(1, 'x')).ok() == false);  // not UTF-8
  std::string long_accented;
  for (int i = 0; i < 500; ++i) long_accented += "\xC3\xA9";  // 500 characters, 1000 bytes
  CHECK(validate_title(long_accented).ok());
  CHECK_FALSE(validate_content("").ok());
  CHECK_FALSE(validate_content(std::string("a\0b", 3)).ok());
  CHECK_FALSE(validate_content(std::string(10 * 1024 * 1024 + 1, 'a')).ok());
  CHECK_FALSE(validate_message(std::string(1001, 'm')).ok());
}

TEST_CASE("UTF-8: well-formed text only") {
  CHECK(is_valid_utf8("plain"));
  CHECK(is_valid_utf8("naïve — 日本語 😀"));
  CHECK_FALSE(is_valid_utf8("\xFF"));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
  CHECK(utf8_length("日本") == 2);
}
