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
  const auto reply = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (reply.is_discarded()) return malformed_response("the body is not JSON");
  if (!reply.is_object()) return malformed_response("the body is not a JSON object");
  const auto data = reply.find("data");
  if (data == reply.end() || !data->is_array()) return malformed_response("no \"data\" array");
  if (data->size() != inputs) return embedding_http::vector_count_mismatch(inputs, data->size());

  std::vector<sdk::Vector> vectors(inputs);
  std::vector<bool> seen(inputs, false);
  for (std::size_t position = 0; position < data->size(); ++position) {
    const auto& item = (*data)[position];
    const std::string where = "data[" + std::to_string(position) + "]";
    if (!item.is_object()) return malformed_response(where + " is not an object");
    const auto index = item.find("index");
    if (index == item.end() || !index->is_number_integer()) return malformed_response(where + " has no integer index");
    const auto i = index->get<std::int64_t>();
    if (i < 0 || static_cast<std::size_t>(i) >= inputs || seen[static_cast<std::size_t>(i)]) {
      return malformed_response(where + ".index " + std::to_string(i) + " is out of range or repeated (" +
                                std::to_string(inputs) + " inputs)");
    }
    const auto embedding = item.find("embedding");
    if (embedding == item.end()) return malformed_response(where + " has no embedding");
    if (embedding->is_string()) return malformed_response(where + ".embedding is base64; we asked for floats");
    auto vector = embedding_http::parse_vector(*embedding, options_.dimensions, static_cast<std::size_t>(i));
    if (!vector) return std::move(vector).error();
    vectors[static_cast<std::size_t>(i)] = std::move(vector).value();
    seen[static_cast<std::size_t>(i)] = true;
  }
  return vectors;
}

}  // namespace vellum::openai_embedding
