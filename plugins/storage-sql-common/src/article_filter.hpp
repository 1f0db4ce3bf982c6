// The WHERE condition for an ArticleFilter, shared by list, count and keyword search.
#pragma once

#include <string>

#include "sql_util.hpp"
#include "vellum/sdk/types.hpp"

namespace vellum::storage_sql {

// A condition on the articles table aliased `a` ("1 = 1" when the filter selects everything).
// Folder: "" = root only; "x" = x and its subfolders, case-insensitive. Title: case-insensitive substring.
std::string article_filter_sql(const sdk::ArticleFilter& filter, Params& params);

// Number of characters (UTF-8 code points), as SQL substr() and length() count them.
std::size_t utf8_length(std::string_view text);

}  // namespace vellum::storage_sql
