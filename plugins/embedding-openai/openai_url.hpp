// Where the embeddings endpoint is. base_url may be the server ("https://api.openai.com") or, as the
// official SDKs and OPENAI_BASE_URL write it, the API root ending in /v1; both lead to …/v1/embeddings.
#pragma once

#include <string>
#include <string_view>

#include "vellum/sdk/result.hpp"

namespace vellum::openai_embedding {

struct Endpoint {
  std::string url;   // https://api.openai.com/v1/embeddings
  std::string host;  // api.openai.com
};

// Fails (invalid_argument, naming `key`) without an http(s) scheme and a host.
[[nodiscard]] sdk::Result<Endpoint> embeddings_endpoint(std::string_view base_url, std::string_view key);

// True for OpenAI's own API host, which never accepts a request without a key.
[[nodiscard]] bool is_openai_host(std::string_view host);

}  // namespace vellum::openai_embedding
