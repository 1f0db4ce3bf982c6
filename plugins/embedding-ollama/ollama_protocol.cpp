#include "ollama_protocol.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "vellum/embedding_http/vectors.hpp"

namespace vellum::ollama_embedding {

namespace {

// Ollama reads keep_alive as a number of seconds or a Go duration string ("5m"); a negative number
// means "keep loaded forever", which as a string ("-1") it would reject.
nlohmann::json keep_alive_value(const std::string& text) {
  long long seconds = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (!text.empty() && ec == std::errc() && end == text.data() + text.size()) return seconds;
  return text;
}

}  // namespace

OllamaProtocol::OllamaProtocol(OllamaOptions options)
    : options_(std::move(options)), endpoint_(options_.base_url + "/api/embed") {}

std::string OllamaProtocol::request_body(std::span<const std::string_view> inputs) const {
  nlohmann::json body = {{"model", options_.model}, {"truncate", options_.truncate}};
  auto& input = body["input"] = nlohmann::json::array();
  for (auto text : inputs) input.push_back(std::string(text));
  if (!options_.keep_alive.empty()) body["keep_alive"] = keep_alive_value(options_.keep_alive);
  // Invalid UTF-8 is replaced rather than thrown on: one bad byte in a chunk must not fail the call.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

sdk::Result<std::vector<sdk::Vector>> OllamaProtocol::parse_reply(std::string_view body, std::size_t inputs) const {
  const auto reply = embedding_http::parse_reply_object(body);
  if (!reply) return reply.error();
  const auto* embeddings = reply->if_contains("embeddings");
  if (!embeddings || !embeddings->is_array()) return embedding_http::malformed_response("no \"embeddings\" array");
  const auto& rows = embeddings->get_array();
  if (rows.size() != inputs) return embedding_http::vector_count_mismatch(inputs, rows.size());
  std::vector<sdk::Vector> vectors;
  vectors.reserve(inputs);
  for (std::size_t i = 0; i < inputs; ++i) {
    auto vector = embedding_http::parse_vector(rows[i], options_.dimensions, i);
    if (!vector) return std::move(vector).error();
    vectors.push_back(std::move(vector).value());
  }
  return vectors;
}

}  // namespace vellum::ollama_embedding
