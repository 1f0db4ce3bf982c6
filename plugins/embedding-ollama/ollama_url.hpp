// Reads base_url the way the official Ollama clients read OLLAMA_HOST, so a value that works with
// `ollama` works here: "gpu" → http://gpu:11434, ":11500" → http://127.0.0.1:11500, an explicit
// scheme without a port keeps 80/443, a trailing '/' is dropped.
#pragma once

#include <string>
#include <string_view>

#include "vellum/sdk/result.hpp"

namespace vellum::ollama_embedding {

inline constexpr const char* kDefaultPort = "11434";

// Fails (invalid_argument, naming `key`) for schemes other than http/https or an unreadable URL.
[[nodiscard]] sdk::Result<std::string> normalize_base_url(std::string_view value, std::string_view key);

}  // namespace vellum::ollama_embedding
