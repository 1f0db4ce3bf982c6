// Classifies a libcurl failure: what a retry may fix (timeouts, refused or dropped connections, DNS)
// is transient; what it cannot (a malformed URL, a rejected certificate) is permanent.
#pragma once

#include <string_view>

#include <curl/curl.h>

#include "vellum/embedding_http/http_reply.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::embedding_http {

// `detail` is libcurl's error buffer (may be empty); `response_too_large` marks a write refused by us.
[[nodiscard]] sdk::Error transport_error(CURLcode code, std::string_view detail, const HttpRequest& request,
                                         bool response_too_large);

}  // namespace vellum::embedding_http
