// An article's markdown as HTML for people to read (the console's reader and editor preview), by
// cmark-gfm with the GitHub extensions and raw HTML off: a <script>, an onerror= attribute or any
// other HTML in an article comes out as "<!-- raw HTML omitted -->", and links or images with
// javascript:, vbscript:, file: or data: (other than images) URLs lose their target. Nothing an
// article says can run in the page that shows it.
#pragma once

#include <string>
#include <string_view>

namespace vellum::articles {

[[nodiscard]] std::string markdown_to_safe_html(std::string_view markdown);

}  // namespace vellum::articles
