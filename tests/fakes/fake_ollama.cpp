#include "fakes/fake_ollama.hpp"

#include <charconv>

namespace vellum::test {

namespace {

using nlohmann::json;

std::size_t tokens_of(const std::string& text) { return (text.size() + 3) / 4; }

class OllamaProtocol final : public FakeProtocol {
 public:
  explicit OllamaProtocol(const FakeOptions& options) : options_(options) {}

  bool is_embed(const http::Request& request) const override {
    return request.method == "POST" && request.path == "/api/embed";
  }

  http::Response other(const http::Request& request) const override {
    if (request.method == "GET" && request.path == "/") return http::Response::text(200, "Ollama is running");
    if (request.method == "GET" && request.path == "/api/version") {
      return http::Response::json(200, {{"version", "0.6.4"}});
    }
    if (request.method == "GET" && request.path == "/api/tags") {
      const std::string name = options_.model + ":latest";
      return http::Response::json(200, {{"models", json::array({{{"name", name}, {"model", name}}})}});
    }
    // Gin answers unknown routes and wrong methods alike (HandleMethodNotAllowed is off in Ollama).
    return http::Response::text(404, "404 page not found");
  }

  std::variant<EmbedCall, http::Response> parse(const http::Request& request) const override {
    if (request.body.empty()) return http::Response::error(400, "missing request body");
    const json body = json::parse(request.body, nullptr, false);
    if (body.is_discarded()) return http::Response::error(400, "invalid character looking for beginning of value");
    if (!body.is_object()) {
      return http::Response::error(400, "json: cannot unmarshal into Go value of type api.EmbedRequest");
    }
    EmbedCall call;
    call.dimensions = options_.dimensions;
    const json model = body.value("model", json());
    if (!model.is_string() || model.get<std::string>().empty()) return http::Response::error(400, "model is required");
    call.model = model.get<std::string>();
    if (call.model != options_.model && call.model != options_.model + ":latest") {
      return http::Response::error(404, "model \"" + call.model + "\" not found, try pulling it first");
    }
    const json input = body.value("input", json());
    if (input.is_string()) {
      call.inputs.push_back(input.get<std::string>());
    } else if (input.is_array()) {
      for (const auto& item : input) {
        if (!item.is_string()) return http::Response::error(400, "invalid input type");
        call.inputs.push_back(item.get<std::string>());
      }
    } else if (!input.is_null()) {
      return http::Response::error(400, "invalid input type");
    }
    if (const auto keep_alive = body.value("keep_alive", json()); !keep_alive.is_null() && !keep_alive.is_string() &&
                                                                   !keep_alive.is_number()) {
      return http::Response::error(400, "json: cannot unmarshal keep_alive");
    }
    const json truncate = body.value("truncate", json(true));  // Ollama truncates unless told not to
    if (!truncate.is_boolean()) return http::Response::error(400, "json: cannot unmarshal truncate into bool");
    for (auto& text : call.inputs) {
      if (tokens_of(text) <= options_.context_tokens) continue;
      if (!truncate.get<bool>()) return http::Response::error(400, "input length exceeds maximum context length");
      text.resize(options_.context_tokens * 4);
    }
    return call;
  }

  // Ollama encodes its []float32 with Go's encoding/json: each number is the shortest text that
  // reads back as the same float32 ("0.012345679"), not a 17-digit double. Written by hand because
  // nlohmann-json widens floats to doubles and would print those digits.
  http::Response answer(const EmbedCall& call, const std::vector<sdk::Vector>& vectors) const override {
    std::size_t tokens = 0;
    for (const auto& text : call.inputs) tokens += tokens_of(text);
    std::string body = R"({"model":)" + json(call.model).dump() + R"(,"embeddings":[)";
    body.reserve(body.size() + vectors.size() * (vectors.empty() ? 0 : vectors.front().size()) * 12);
    char number[32];
    for (std::size_t v = 0; v < vectors.size(); ++v) {
      body += v == 0 ? "[" : ",[";
      for (std::size_t i = 0; i < vectors[v].size(); ++i) {
        if (i > 0) body += ',';
        const auto written = std::to_chars(number, number + sizeof number, vectors[v][i]);
        body.append(number, written.ptr);
      }
      body += ']';
    }
    body += R"(],"total_duration":14143917,"load_duration":1019500,"prompt_eval_count":)" +
            std::to_string(tokens) + "}";
    return http::Response::text(200, std::move(body), "application/json; charset=utf-8");
  }

  http::Response fault_error(int status) const override {
    switch (status) {
      case 401: return http::Response::error(401, "unauthorized");
      case 429: return http::Response::error(429, "too many requests");
      case 503: return http::Response::error(503, "server busy, please try again.  maximum pending requests exceeded");
      default: return http::Response::error(status, "llama runner process has terminated: exit status 2");
    }
  }

 private:
  FakeOptions options_;
};

FakeOptions with_defaults(FakeOptions options) {
  if (options.dimensions == 0) options.dimensions = 768;
  if (options.model.empty()) options.model = "nomic-embed-text";
  if (options.context_tokens == 0) options.context_tokens = 2048;
  return options;
}

}  // namespace

FakeOllama::FakeOllama(FakeOptions options)
    : FakeProvider(std::make_unique<OllamaProtocol>(with_defaults(options)), with_defaults(options)) {}

}  // namespace vellum::test
