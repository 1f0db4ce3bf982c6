#include "openai_protocol.hpp"

#include <nlohmann/json.hpp>

#include "vellum/embedding_http/vectors.hpp"

namespace vellum::openai_embedding {

using embedding_http::malformed_response;

std::vector<std::string> OpenAiProtocol::headers() const {
  std::vector<std::string> lines;
  if (!options_.api_key.empty()) lines.push_back("Authorization: Bearer " + options_.api_key);
  if (!options_.organization.empty()) lines.push_back("OpenAI-Organization: " + options_.organization);
  return lines;
}

std::string OpenAiProtocol::request_body(std::span<const std::string_view> inputs) const {
  // "float": the SDKs ask for base64 and decode it; plain numbers keep us free of that step and work
  // with every compatible server.
  nlohmann::json body = {{"model", options_.model}, {"encoding_format", "float"}};
  auto& input = body["input"] = nlohmann::json::array();
  for (auto text : inputs) input.push_back(std::string(text));
  if (options_.send_dimensions) body["dimensions"] = options_.dimensions;
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

sdk::Result<std::vector<sdk::Vector>> OpenAiProtocol::parse_reply(std::string_view body, std::size_t inputs) const {
  const auto reply = embedding_http::parse_reply_object(body);
  if (!reply) return reply.error();
  const auto* data = reply->if_contains("data");
  if (!data || !data->is_array()) return malformed_response("no \"data\" array");
  const auto& items = data->get_array();
  if (items.size() != inputs) return embedding_http::vector_count_mismatch(inputs, items.size());

  std::vector<sdk::Vector> vectors(inputs);
  std::vector<bool> seen(inputs, false);
  for (std::size_t position = 0; position < items.size(); ++position) {
    const std::string where = "data[" + std::to_string(position) + "]";
    const auto* item = items[position].if_object();
    if (!item) return malformed_response(where + " is not an object");
    const auto* index = item->if_contains("index");
    if (!index || !index->is_int64()) return malformed_response(where + " has no integer index");
    const auto i = index->get_int64();
    if (i < 0 || static_cast<std::size_t>(i) >= inputs || seen[static_cast<std::size_t>(i)]) {
      return malformed_response(where + ".index " + std::to_string(i) + " is out of range or repeated (" +
                                std::to_string(inputs) + " inputs)");
    }
    const auto* embedding = item->if_contains("embedding");
    if (!embedding) return malformed_response(where + " has no embedding");
    if (embedding->is_string()) return malformed_response(where + ".embedding is base64; we asked for floats");
    auto vector = embedding_http::parse_vector(*embedding, options_.dimensions, static_cast<std::size_t>(i));
    if (!vector) return std::move(vector).error();
    vectors[static_cast<std::size_t>(i)] = std::move(vector).value();
    seen[static_cast<std::size_t>(i)] = true;
  }
  return vectors;
}

}  // namespace vellum::openai_embedding
