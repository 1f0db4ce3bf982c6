// Cursor pagination for the list methods. A cursor is opaque to clients; ours encodes an offset
// into the (stable, ordered) list it came from.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "mcp/jsonrpc.hpp"

namespace vellum::mcp {

struct Page {
  std::size_t offset = 0;
  std::size_t size = 0;
};

// The page a request's params.cursor asks for; nullopt when the cursor is not one of ours.
[[nodiscard]] std::optional<Page> requested_page(const json& params, std::size_t page_size);
// Copies the page out of `items` into result[key], adding nextCursor when more follow.
void fill_page(json& result, const char* key, const json& items, const Page& page);

}  // namespace vellum::mcp
