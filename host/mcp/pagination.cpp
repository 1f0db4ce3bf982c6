#include "mcp/pagination.hpp"

#include <charconv>

namespace vellum::mcp {

namespace {

constexpr std::string_view kPrefix = "vellum:";

std::string encode(std::size_t offset) { return std::string(kPrefix) + std::to_string(offset); }

}  // namespace

std::optional<Page> requested_page(const json& params, std::size_t page_size) {
  Page page{0, page_size == 0 ? 100 : page_size};
  if (!params.contains("cursor") || params["cursor"].is_null()) return page;
  if (!params["cursor"].is_string()) return std::nullopt;
  const auto& text = params["cursor"].get_ref<const std::string&>();
  if (text.rfind(kPrefix, 0) != 0) return std::nullopt;
  const char* first = text.data() + kPrefix.size();
  const char* last = text.data() + text.size();
  auto [end, ec] = std::from_chars(first, last, page.offset);
  if (ec != std::errc() || end != last || first == last) return std::nullopt;
  return page;
}

void fill_page(json& result, const char* key, const json& items, const Page& page) {
  json slice = json::array();
  for (std::size_t i = page.offset; i < items.size() && i < page.offset + page.size; ++i) slice.push_back(items[i]);
  result[key] = std::move(slice);
  if (page.offset + page.size < items.size()) result["nextCursor"] = encode(page.offset + page.size);
}

}  // namespace vellum::mcp
