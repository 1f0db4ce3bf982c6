#include "ollama_url.hpp"

#include <cctype>

#include "vellum/embedding_http/url.hpp"

namespace vellum::ollama_embedding {

sdk::Result<std::string> normalize_base_url(std::string_view value, std::string_view key) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
  std::string url(value.empty() ? std::string_view("http://127.0.0.1:11434") : value);
  bool explicit_scheme = url.find("://") != std::string::npos;
  if (url.starts_with(':')) {
    url = "http://127.0.0.1" + url;
    explicit_scheme = true;
  }
  if (!explicit_scheme) url = "http://" + url;
  auto parts = embedding_http::split_url(url);
  if (!parts || (parts->scheme != "http" && parts->scheme != "https")) {
    return sdk::Error(sdk::ErrorKind::invalid_argument,
                      std::string(key) + ": '" + std::string(value) +
                          "' is not an Ollama address; expected host[:port] or http(s)://host[:port][/path]");
  }
  std::string port = parts->port;
  if (port.empty()) port = !explicit_scheme ? kDefaultPort : (parts->scheme == "https" ? "443" : "80");
  const bool ipv6 = parts->host.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + parts->host + "]" : parts->host;
  return embedding_http::without_trailing_slash(parts->scheme + "://" + host + ":" + port + parts->path);
}

}  // namespace vellum::ollama_embedding
