// The ollama plugin against a fake Ollama: the wire format, batching within limits, settings.
#include <catch2/catch.hpp>

#include "fakes/fake_vectors.hpp"
#include "providers/provider_fixture.hpp"

using namespace vellum::test;
namespace sdk = vellum::sdk;

TEST_CASE("ollama: one vector per input, in order, from POST /api/embed") {
  FakeOllama fake({.dimensions = 8});
  auto provider = load_ollama(fake);
  const std::vector<std::string> texts{"alpha", "beta", "gamma"};
  auto vectors = provider->embed(texts, {});
  REQUIRE(vectors.ok());
  REQUIRE(vectors->size() == 3);
  for (std::size_t i = 0; i < texts.size(); ++i) CHECK(vectors.value()[i] == fake_embedding(texts[i], 8));

  auto request = fake.last_request();
  REQUIRE(request);
  CHECK(request->method == "POST");
  CHECK(request->path == "/api/embed");
  CHECK(request->header("Content-Type") == "application/json");
  const auto body = request->json();
  CHECK(body["model"] == "nomic-embed-text");
  CHECK(body["input"] == nlohmann::json::array({"alpha", "beta", "gamma"}));
  CHECK(body["keep_alive"] == "5m");
  CHECK(body["truncate"] == false);
  CHECK(fake.calls() == 1);
}

TEST_CASE("ollama: describe() reports model, size, limits and a semantic summary") {
  FakeOllama fake({.dimensions = 8});
  auto d = load_ollama(fake, {{"max_inputs_per_call", "16"}})->describe();
  CHECK(d.provider == "ollama");
  CHECK(d.model == "nomic-embed-text");
  CHECK(d.dimensions == 8);
  CHECK(d.limits.max_inputs_per_call == 16);
  CHECK(d.limits.max_tokens_per_input == 2048);
  CHECK_FALSE(d.lexical);
  CHECK(d.summary == "semantic: Ollama nomic-embed-text at " + fake.base_url() + " (8 dimensions)");
}

TEST_CASE("ollama: 100 inputs with max_inputs_per_call 16 go as 7 requests, order kept") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake, {{"max_inputs_per_call", "16"}});
  const auto texts = numbered_texts(100);
  auto vectors = provider->embed(texts, {});
  REQUIRE(vectors.ok());
  REQUIRE(vectors->size() == 100);
  for (std::size_t i = 0; i < texts.size(); ++i) CHECK(vectors.value()[i] == fake_embedding(texts[i], 4));
  CHECK(fake.calls() == 7);
  CHECK(fake.inputs() == 100);
  CHECK(fake.batch_sizes() == std::vector<std::size_t>{16, 16, 16, 16, 16, 16, 4});
}

TEST_CASE("ollama: a call over max_tokens_per_call is split by estimated tokens") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake, {{"max_tokens_per_call", "100"}, {"max_tokens_per_input", "50"}});
  const std::vector<std::string> texts(25, std::string(40, 'x'));  // 10 tokens each, 250 in all
  auto vectors = provider->embed(texts, {});
  REQUIRE(vectors.ok());
  CHECK(vectors->size() == 25);
  CHECK(fake.batch_sizes() == std::vector<std::size_t>{10, 10, 5});
}

TEST_CASE("ollama: an input over max_tokens_per_input fails the call, naming it, and nothing is sent") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake, {{"max_tokens_per_input", "10"}});
  std::vector<std::string> texts{"short", "short too", "fine", std::string(100, 'y')};
  auto vectors = provider->embed(texts, {});
  REQUIRE_FALSE(vectors.ok());
  CHECK(vectors.error().kind == sdk::ErrorKind::permanent);
  CHECK_FALSE(vectors.error().retryable);
  CHECK(vectors.error().message ==
        "ollama: input 3 is about 25 tokens, over the limit of 10 (embedding.ollama.max_tokens_per_input); shorten "
        "it or set embedding.ollama.truncate: true");
  CHECK(fake.calls() == 0);
}

TEST_CASE("ollama: with truncate on, an over-long input is cut and Ollama is asked to truncate") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake, {{"max_tokens_per_input", "10"}, {"truncate", "true"}});
  std::vector<std::string> texts{"short", std::string(100, 'y')};
  auto vectors = provider->embed(texts, {});
  REQUIRE(vectors.ok());
  CHECK(vectors.value()[1] == fake_embedding(std::string(40, 'y'), 4));
  const auto body = fake.last_request()->json();
  CHECK(body["truncate"] == true);
  CHECK(body["input"][1] == std::string(40, 'y'));
}

TEST_CASE("ollama: base_url without a scheme is read like OLLAMA_HOST") {
  FakeOllama fake({.dimensions = 4});
  const std::string port = std::to_string(fake.port());
  auto bare = load_ollama(fake, {{"base_url", "127.0.0.1:" + port}});
  CHECK(bare->describe().summary.find("at http://127.0.0.1:" + port + " ") != std::string::npos);
  std::vector<std::string> one{"x"};
  CHECK(bare->embed(one, {}).ok());
  auto port_only = load_ollama(fake, {{"base_url", ":" + port + "/"}});
  CHECK(port_only->embed(one, {}).ok());
  auto named = load_ollama(fake, {{"base_url", "gpu-box"}});  // not contacted: the factory only reads it
  CHECK(named->describe().summary.find("at http://gpu-box:11434 ") != std::string::npos);
}

TEST_CASE("ollama: extra headers from the headers setting are sent") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake, {{"headers", "X-Proxy-Token: generated-in-test; X-Team: search"}});
  std::vector<std::string> one{"x"};
  REQUIRE(provider->embed(one, {}).ok());
  CHECK(fake.last_request()->header("X-Proxy-Token") == "generated-in-test");
  CHECK(fake.last_request()->header("X-Team") == "search");
}

TEST_CASE("ollama: an empty call sends nothing") {
  FakeOllama fake({.dimensions = 4});
  auto vectors = load_ollama(fake)->embed({}, {});
  REQUIRE(vectors.ok());
  CHECK(vectors->empty());
  CHECK(fake.calls() == 0);
}

TEST_CASE("ollama: health() embeds a probe and checks its size") {
  FakeOllama fake({.dimensions = 8});
  CHECK(load_ollama(fake)->health().ok());

  auto mismatched = load_ollama(fake, {{"dimensions", "768"}});
  auto health = mismatched->health();
  REQUIRE_FALSE(health.ok());
  CHECK(health.error().kind == sdk::ErrorKind::bad_dimension);
  CHECK(health.error().message == "ollama health check: the embedding of input 0 has 8 dimensions, expected 768");
}

TEST_CASE("ollama: health() of a server that is not there is unavailable, with the reason") {
  std::string base_url;
  {
    FakeOllama gone({.dimensions = 4});
    base_url = gone.base_url();
  }  // stopped: nothing listens on that port any more
  auto provider = try_load_provider("ollama", {{"base_url", base_url}, {"dimensions", "4"}});
  REQUIRE(provider.ok());
  auto health = provider.value()->health();
  REQUIRE_FALSE(health.ok());
  CHECK(health.error().kind == sdk::ErrorKind::unavailable);
  CHECK(health.error().retryable);
  CHECK_THAT(health.error().message, Catch::StartsWith("ollama health check: cannot connect to " + base_url));
}

TEST_CASE("ollama: an unknown model is permanent and quotes Ollama's message") {
  FakeOllama fake({.dimensions = 4});
  auto provider = load_ollama(fake, {{"model", "no-such-model"}});
  std::vector<std::string> one{"x"};
  auto vectors = provider->embed(one, {});
  REQUIRE_FALSE(vectors.ok());
  CHECK(vectors.error().kind == sdk::ErrorKind::permanent);
  CHECK(vectors.error().message == "ollama: request refused, HTTP 404 Not Found from POST " + fake.base_url() +
                                       "/api/embed: \"model \"no-such-model\" not found, try pulling it first\"");
}

TEST_CASE("ollama: settings the factory refuses say which and why") {
  auto bad_headers = try_load_provider("ollama", {{"headers", "not a header"}});
  REQUIRE_FALSE(bad_headers.ok());
  CHECK_THAT(bad_headers.error().message,
             Catch::EndsWith("embedding.ollama.headers: entry 1 is not a \"Name: value\" pair (pairs are separated "
                             "by newlines or ';')"));

  auto limits = try_load_provider("ollama", {{"max_tokens_per_input", "5000"}, {"max_tokens_per_call", "100"}});
  REQUIRE_FALSE(limits.ok());
  CHECK_THAT(limits.error().message,
             Catch::EndsWith("embedding.ollama.max_tokens_per_input (5000) is larger than "
                             "embedding.ollama.max_tokens_per_call (100): one input must fit in one call"));

  auto scheme = try_load_provider("ollama", {{"base_url", "ftp://models.example"}});
  REQUIRE_FALSE(scheme.ok());
  CHECK(scheme.error().kind == sdk::ErrorKind::invalid_argument);
  CHECK_THAT(scheme.error().message, Catch::Contains("embedding.ollama.base_url: 'ftp://models.example' is not an "
                                                     "Ollama address"));

  auto range = try_load_provider("ollama", {{"concurrency", "0"}});
  REQUIRE_FALSE(range.ok());
  CHECK_THAT(range.error().message, Catch::Contains("embedding.ollama.concurrency"));
}
