// The `headers` setting: extra request headers written as "Name: value" pairs separated by newlines
// or semicolons, e.g. for a reverse proxy in front of Ollama that wants its own Authorization.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "vellum/sdk/result.hpp"

namespace vellum::embedding_http {

// Each entry back as one "Name: value" line ready for libcurl. Errors name the setting (`key`, e.g.
// "embedding.ollama.headers") and the entry; the value itself is never echoed, as it may be a secret.
[[nodiscard]] sdk::Result<std::vector<std::string>> parse_header_list(std::string_view text, std::string_view key);

}  // namespace vellum::embedding_http
