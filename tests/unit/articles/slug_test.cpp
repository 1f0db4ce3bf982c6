// Slugs (api-spec §1.10 and the reference tests' cases).
#include <catch2/catch.hpp>

#include "articles/slug.hpp"

using namespace vellum::articles;

TEST_CASE("slugify follows the reference rules") {
  CHECK(slugify("Hello World!") == "hello-world");
  CHECK(slugify("Simple Title") == "simple-title");
  CHECK(slugify("Title with Special Characters!@#$%") == "title-with-special-characters");
  CHECK(slugify("Title - with - dashes") == "title-with-dashes");
  CHECK(slugify("file_with_underscores") == "filewithunderscores");
  CHECK(slugify("Complex File Name!") == "complex-file-name");
  CHECK(slugify("Article: A Study (2024)") == "article-a-study-2024");
  CHECK(slugify(" Foo ") == "foo");  // edge hyphens dropped (the reference rejected these titles)
  CHECK(slugify("C++ -") == "c");
  CHECK(slugify("non\xC2\xA0" "breaking") == "non-breaking");  // Unicode spaces separate words
  CHECK(slugify("日本語").empty());
  CHECK(slugify("Café") == "caf");
}

TEST_CASE("slug validation: format and reserved words") {
  CHECK(validate_slug("my-article").ok());
  CHECK_FALSE(validate_slug("").ok());
  CHECK_FALSE(validate_slug("MyArticle").ok());
  CHECK_FALSE(validate_slug("-article").ok());
  CHECK_FALSE(validate_slug("a--b").ok());
  CHECK_FALSE(validate_slug("../etc/passwd").ok());
  CHECK_FALSE(validate_slug(std::string(256, 'a')).ok());
  for (const char* word : {"api", "admin", "public", "health", "mcp", "search", "new", "edit", "delete"}) {
    INFO(word);
    CHECK(is_reserved_slug(word));
    CHECK_THAT(validate_slug(word).error().message, Catch::Contains("reserved"));
  }
}

TEST_CASE("filenames and slugs") {
  CHECK(slug_from_filename("my-article.md") == "my-article");
  CHECK(slug_from_filename("my-article") == "my-article");
  CHECK(slug_from_filename("a.md.md") == "a.md");
  CHECK(filename_for("x") == "x.md");
}
