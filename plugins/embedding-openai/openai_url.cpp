#include "openai_url.hpp"

#include <algorithm>
#include <cctype>

#include "vellum/embedding_http/url.hpp"

namespace vellum::openai_embedding {

sdk::Result<Endpoint> embeddings_endpoint(std::string_view base_url, std::string_view key) {
  auto parts = embedding_http::split_url(base_url);
  if (!parts || (parts->scheme != "http" && parts->scheme != "https")) {
    return sdk::Error(sdk::ErrorKind::invalid_argument,
                      std::string(key) + ": '" + std::string(base_url) +
                          "' is not a URL; expected http(s)://host[:port][/path], e.g. https://api.openai.com");
  }
  std::string base = embedding_http::without_trailing_slash(base_url);
  if (embedding_http::without_trailing_slash(parts->path).ends_with("/v1")) return Endpoint{base + "/embeddings", parts->host};
  return Endpoint{base + "/v1/embeddings", parts->host};
}

bool is_openai_host(std::string_view host) {
  std::string lower(host);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (lower.ends_with('.')) lower.pop_back();  // "api.openai.com." is the same host
  return lower == "api.openai.com";
}

}  // namespace vellum::openai_embedding
