#include "article_filter.hpp"

namespace vellum::storage_sql {

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string article_filter_sql(const sdk::ArticleFilter& filter, Params& params) {
  std::string sql = "1 = 1";
  if (filter.folder) {
    if (filter.folder->empty()) {
      sql += " AND a.folder = ''";
    } else {
      // Prefix comparison with substr instead of LIKE, so '_' and '%' in folder names are literal.
      const std::string prefix = *filter.folder + "/";
      sql += " AND (lower(a.folder) = lower(" + params.text(*filter.folder) + ") OR lower(substr(a.folder, 1, " +
             params.integer(static_cast<long long>(utf8_length(prefix))) + ")) = lower(" + params.text(prefix) + "))";
    }
  }
  if (filter.title_query && !filter.title_query->empty()) {
    sql += " AND " + contains_sql("a.title", *filter.title_query, params);
  }
  if (filter.is_public) sql += " AND a.is_public = " + params.boolean(*filter.is_public);
  return sql;
}

}  // namespace vellum::storage_sql
