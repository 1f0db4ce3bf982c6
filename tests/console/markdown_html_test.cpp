// Nothing an article says can run in the page that shows it: cmark-gfm with raw HTML off.
#include <catch2/catch.hpp>

#include "articles/markdown_html.hpp"

using vellum::articles::markdown_to_safe_html;

TEST_CASE("markdown renders with the GitHub extensions") {
  const auto html = markdown_to_safe_html("# T\n\n~~gone~~ https://example.org\n\n- [x] done\n\n| a |\n|---|\n| 1 |\n");
  CHECK_THAT(html, Catch::Contains("<h1>T</h1>"));
  CHECK_THAT(html, Catch::Contains("<del>gone</del>"));
  CHECK_THAT(html, Catch::Contains("<a href=\"https://example.org\">"));
  CHECK_THAT(html, Catch::Contains("checked"));
  CHECK_THAT(html, Catch::Contains("<table>"));
}

TEST_CASE("script, event handlers, raw HTML and javascript: URLs come out inert") {
  const char* hostile[] = {
      "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "<iframe src=\"javascript:alert(1)\"></iframe>",
      "<svg onload=alert(1)></svg>",
      "<a href=\"javascript:alert(1)\">x</a>",
      "[x](javascript:alert(1))",
      "[x](JaVaScRiPt:alert(1))",
      "![x](javascript:alert(1))",
      "[x](vbscript:msgbox(1))",
      "<div onclick=\"alert(1)\">x</div>",
      "text <span style=\"x\" onmouseover=alert(1)>inline</span> text",
      "<style>body{display:none}</style>",
      "<textarea><script>alert(1)</script></textarea>",
  };
  for (const char* input : hostile) {
    INFO(input);
    const auto html = markdown_to_safe_html(input);
    CHECK_THAT(html, !Catch::Contains("<script") && !Catch::Contains("<iframe") && !Catch::Contains("<svg") &&
                         !Catch::Contains("<style") && !Catch::Contains("<textarea"));
    CHECK_THAT(html, !Catch::Contains("onerror") && !Catch::Contains("onload") && !Catch::Contains("onclick") &&
                         !Catch::Contains("onmouseover"));
    CHECK_THAT(html, !Catch::Contains("javascript:", Catch::CaseSensitive::No) && !Catch::Contains("vbscript:"));
  }
}

TEST_CASE("code that mentions HTML is shown as text") {
  const auto html = markdown_to_safe_html("`<script>`\n\n```html\n<img onerror=x>\n```\n");
  CHECK_THAT(html, Catch::Contains("&lt;script&gt;"));
  CHECK_THAT(html, Catch::Contains("&lt;img onerror=x&gt;"));
}

TEST_CASE("invalid UTF-8 is replaced, not passed through") {
  const auto html = markdown_to_safe_html(std::string("a\xff" "b"));
  CHECK_THAT(html, Catch::Contains("a\xEF\xBF\xBD" "b"));
}
