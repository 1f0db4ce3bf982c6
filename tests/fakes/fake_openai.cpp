#include "fakes/fake_openai.hpp"

#include "fakes/fake_vectors.hpp"

namespace vellum::test {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxInputs = 2048;
constexpr std::size_t kMaxTokensPerRequest = 300000;
constexpr const char* kInvalidInput =
    "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.";

std::size_t tokens_of(const std::string& text) { return (text.size() + 3) / 4; }

http::Response openai_error(int status, std::string message, std::string type, json code = nullptr,
                            json param = nullptr) {
  return http::Response::json(status, {{"error",
                                        {{"message", std::move(message)},
                                         {"type", std::move(type)},
                                         {"param", std::move(param)},
                                         {"code", std::move(code)}}}});
}

http::Response invalid_request(std::string message, json param = nullptr) {
  return openai_error(400, std::move(message), "invalid_request_error", nullptr, std::move(param));
}

class OpenAiProtocol final : public FakeProtocol {
 public:
  explicit OpenAiProtocol(const FakeOptions& options) : options_(options) {}

  bool is_embed(const http::Request& request) const override {
    return request.method == "POST" && request.path == "/v1/embeddings";
  }

  http::Response other(const http::Request& request) const override {
    if (auto refused = check_key(request)) return *refused;
    if (request.path == "/v1/models" && request.method == "GET") {
      return http::Response::json(200, {{"object", "list"},
                                        {"data", json::array({{{"id", options_.model},
                                                               {"object", "model"},
                                                               {"created", 1705948997},
                                                               {"owned_by", "system"}}})}});
    }
    const std::string line = request.method + " " + request.path;
    if (request.path == "/v1/embeddings" || request.path == "/v1/models") {
      return openai_error(405, "Invalid method for URL (" + line + ")", "invalid_request_error");
    }
    return openai_error(404, "Invalid URL (" + line + ")", "invalid_request_error");
  }

  std::variant<EmbedCall, http::Response> parse(const http::Request& request) const override {
    if (auto refused = check_key(request)) return *refused;
    const json body = json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      return invalid_request(
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP "
          "library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you "
          "have trouble figuring out how to fix this, please contact us through our help center at "
          "help.openai.com.)");
    }
    EmbedCall call;
    const json model = body.value("model", json());
    if (!model.is_string()) return invalid_request("you must provide a model parameter");
    call.model = model.get<std::string>();
    if (call.model != options_.model) {
      return openai_error(404, "The model `" + call.model + "` does not exist or you do not have access to it.",
                          "invalid_request_error", "model_not_found");
    }
    if (auto refused = read_input(body, call)) return *refused;
    if (auto refused = read_format(body, call)) return *refused;
    return call;
  }

  http::Response answer(const EmbedCall& call, const std::vector<sdk::Vector>& vectors) const override {
    json data = json::array();
    for (std::size_t i = 0; i < vectors.size(); ++i) {
      json embedding = call.base64 ? json(to_base64_floats(vectors[i])) : json(vectors[i]);
      data.push_back({{"object", "embedding"}, {"index", i}, {"embedding", std::move(embedding)}});
    }
    if (options_.reverse_order) std::reverse(data.begin(), data.end());
    std::size_t tokens = 0;
    for (const auto& text : call.inputs) tokens += tokens_of(text);
    return http::Response::json(200, {{"object", "list"},
                                      {"data", std::move(data)},
                                      {"model", call.model},
                                      {"usage", {{"prompt_tokens", tokens}, {"total_tokens", tokens}}}});
  }

  http::Response fault_error(int status) const override {
    switch (status) {
      case 401:
        return openai_error(401,
                            "Incorrect API key provided: sk-fake***. You can find your API key at "
                            "https://platform.openai.com/account/api-keys.",
                            "invalid_request_error", "invalid_api_key");
      case 429:
        return openai_error(429,
                            "Rate limit reached for " + options_.model +
                                " in organization org-fake on requests per min (RPM): Limit 3000, Used 3000, "
                                "Requested 1. Please try again in 20ms.",
                            "requests", "rate_limit_exceeded");
      case 503:
        return openai_error(503, "The engine is currently overloaded, please try again later", "server_error");
      default:
        return openai_error(status, "The server had an error while processing your request. Sorry about that!",
                            "server_error");
    }
  }

 private:
  std::optional<http::Response> check_key(const http::Request& request) const {
    if (options_.api_key.empty()) return std::nullopt;
    const auto authorization = request.header("Authorization");
    if (!authorization || authorization->empty()) {
      return openai_error(401,
                          "You didn't provide an API key. You need to provide your API key in an Authorization "
                          "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API "
                          "key from https://platform.openai.com/account/api-keys.",
                          "invalid_request_error");
    }
    if (*authorization != "Bearer " + options_.api_key) return fault_error(401);
    return std::nullopt;
  }

  std::optional<http::Response> read_input(const json& body, EmbedCall& call) const {
    const json input = body.value("input", json());
    if (input.is_null()) return invalid_request("'input' is a required property");
    if (input.is_string()) {
      call.inputs.push_back(input.get<std::string>());
    } else if (input.is_array() && !input.empty()) {
      for (const auto& item : input) {
        if (!item.is_string() || item.get<std::string>().empty()) return invalid_request(kInvalidInput, "input");
        call.inputs.push_back(item.get<std::string>());
      }
    } else {
      return invalid_request(kInvalidInput, "input");
    }
    if (call.inputs.size() > kMaxInputs) {
      return invalid_request("Too many inputs. The max number of inputs is " + std::to_string(kMaxInputs) + ".",
                             "input");
    }
    std::size_t total = 0;
    for (const auto& text : call.inputs) {
      const std::size_t tokens = tokens_of(text);
      total += tokens;
      if (tokens > options_.context_tokens) {
        return invalid_request("This model's maximum context length is " + std::to_string(options_.context_tokens) +
                               " tokens, however you requested " + std::to_string(tokens) + " tokens (" +
                               std::to_string(tokens) + " in your prompt; 0 for the completion). Please reduce your "
                               "prompt; or completion length.");
      }
    }
    if (total > kMaxTokensPerRequest) {
      return invalid_request("Requested " + std::to_string(total) + " tokens, max " +
                             std::to_string(kMaxTokensPerRequest) + " tokens per request");
    }
    return std::nullopt;
  }

  std::optional<http::Response> read_format(const json& body, EmbedCall& call) const {
    const json format = body.value("encoding_format", json("float"));
    if (format != "float" && format != "base64") {
      return invalid_request(format.dump() + " is not one of ['float', 'base64'] - 'encoding_format'",
                             "encoding_format");
    }
    call.base64 = format == "base64";
    call.dimensions = options_.dimensions;
    const json dimensions = body.value("dimensions", json());
    if (dimensions.is_null()) return std::nullopt;
    if (!options_.model.starts_with("text-embedding-3")) {
      return invalid_request("This model does not support specifying dimensions.", "dimensions");
    }
    if (!dimensions.is_number_integer() || dimensions.get<std::int64_t>() < 1) {
      return invalid_request(dimensions.dump() + " is less than the minimum of 1 - 'dimensions'", "dimensions");
    }
    call.dimensions = dimensions.get<std::size_t>();
    return std::nullopt;
  }

  FakeOptions options_;
};

FakeOptions with_defaults(FakeOptions options) {
  if (options.dimensions == 0) options.dimensions = 1536;
  if (options.model.empty()) options.model = "text-embedding-3-small";
  if (options.context_tokens == 0) options.context_tokens = 8192;
  return options;
}

}  // namespace

FakeOpenAi::FakeOpenAi(FakeOptions options)
    : FakeProvider(std::make_unique<OpenAiProtocol>(with_defaults(options)), with_defaults(options)) {}

}  // namespace vellum::test
