// The openai plugin against a fake OpenAI: authentication, the wire format, index placement,
// the optional dimensions field, base_url forms and factory errors.
#include <catch2/catch.hpp>

#include <random>

#include "fakes/fake_vectors.hpp"
#include "providers/provider_fixture.hpp"

using namespace vellum::test;
namespace sdk = vellum::sdk;

namespace {

// A key made up per run: no secret lives in the repository.
std::string generated_key() {
  std::random_device random;
  return "sk-test-" + std::to_string(random()) + std::to_string(random());
}

}  // namespace

TEST_CASE("openai: vectors come back in input order, with the bearer key and organisation sent") {
  const std::string key = generated_key();
  FakeOpenAi fake({.dimensions = 8, .api_key = key});
  auto provider = load_openai(fake, {{"api_key", key}, {"organization", "org-test"}});
  const std::vector<std::string> texts{"one", "two", "three"};
  auto vectors = provider->embed(texts, {});
  REQUIRE(vectors.ok());
  REQUIRE(vectors->size() == 3);
  for (std::size_t i = 0; i < texts.size(); ++i) CHECK(vectors.value()[i] == fake_embedding(texts[i], 8));

  const auto request = fake.last_request();
  REQUIRE(request);
  CHECK(request->path == "/v1/embeddings");
  CHECK(request->header("Authorization") == "Bearer " + key);
  CHECK(request->header("OpenAI-Organization") == "org-test");
  const auto body = request->json();
  CHECK(body["model"] == "text-embedding-3-small");
  CHECK(body["encoding_format"] == "float");
  CHECK(body["input"] == nlohmann::json::array({"one", "two", "three"}));
  CHECK_FALSE(body.contains("dimensions"));
}

TEST_CASE("openai: vectors are placed by data[i].index, not by position") {
  FakeOpenAi fake({.dimensions = 4, .reverse_order = true});
  auto provider = load_openai(fake);
  const auto texts = numbered_texts(5);
  auto vectors = provider->embed(texts, {});
  REQUIRE(vectors.ok());
  for (std::size_t i = 0; i < texts.size(); ++i) CHECK(vectors.value()[i] == fake_embedding(texts[i], 4));
}

TEST_CASE("openai: dimensions is sent only when send_dimensions is on") {
  FakeOpenAi fake({.dimensions = 1536});
  auto shortened = load_openai(fake, {{"dimensions", "256"}, {"send_dimensions", "true"}});
  std::vector<std::string> one{"x"};
  auto vectors = shortened->embed(one, {});
  REQUIRE(vectors.ok());
  CHECK(vectors.value()[0].size() == 256);
  CHECK(fake.last_request()->json()["dimensions"] == 256);

  auto plain = load_openai(fake, {{"dimensions", "256"}});  // not sent: the model answers 1536
  auto refused = plain->embed(one, {});
  REQUIRE_FALSE(refused.ok());
  CHECK_FALSE(fake.last_request()->json().contains("dimensions"));
  CHECK(refused.error().kind == sdk::ErrorKind::bad_dimension);
  CHECK(refused.error().message == "openai: the embedding of input 0 has 1536 dimensions, expected 256");
}

TEST_CASE("openai: describe() carries the OpenAI limits by default") {
  FakeOpenAi fake({.dimensions = 4});
  auto d = load_openai(fake)->describe();
  CHECK(d.provider == "openai");
  CHECK(d.model == "text-embedding-3-small");
  CHECK(d.dimensions == 4);
  CHECK(d.limits.max_inputs_per_call == 2048);
  CHECK(d.limits.max_tokens_per_input == 8192);
  CHECK(d.limits.max_tokens_per_call == 300000);
  CHECK_FALSE(d.lexical);
  CHECK(d.summary == "semantic: text-embedding-3-small via " + fake.base_url() + "/v1/embeddings (4 dimensions)");
  CHECK(load_openai(fake)->estimate_tokens(std::string(400, 'a')) == 100);
}

TEST_CASE("openai: a base_url ending in /v1 (OPENAI_BASE_URL style) reaches the same endpoint") {
  FakeOpenAi fake({.dimensions = 4});
  auto provider = load_openai(fake, {{"base_url", fake.base_url() + "/v1/"}});
  std::vector<std::string> one{"x"};
  REQUIRE(provider->embed(one, {}).ok());
  CHECK(fake.last_request()->path == "/v1/embeddings");
}

TEST_CASE("openai: a wrong key is unauthenticated, permanent, and quotes OpenAI") {
  FakeOpenAi fake({.dimensions = 4, .api_key = generated_key()});
  auto provider = load_openai(fake, {{"api_key", generated_key()}});
  std::vector<std::string> one{"x"};
  auto vectors = provider->embed(one, {});
  REQUIRE_FALSE(vectors.ok());
  CHECK(vectors.error().kind == sdk::ErrorKind::unauthenticated);
  CHECK_FALSE(vectors.error().retryable);
  CHECK_THAT(vectors.error().message,
             Catch::StartsWith("openai: credentials rejected, HTTP 401 Unauthorized from POST " + fake.base_url() +
                               "/v1/embeddings: \"Incorrect API key provided"));

  auto keyless = load_openai(fake);
  auto missing = keyless->embed(one, {});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == sdk::ErrorKind::unauthenticated);
  CHECK_THAT(missing.error().message, Catch::Contains("You didn't provide an API key"));
}

TEST_CASE("openai: the factory requires api_key for api.openai.com only") {
  auto official = try_load_provider("openai", {});
  REQUIRE_FALSE(official.ok());
  CHECK(official.error().kind == sdk::ErrorKind::invalid_argument);
  CHECK_THAT(official.error().message, Catch::EndsWith("embedding.openai.api_key is required for api.openai.com"));

  auto v1 = try_load_provider("openai", {{"base_url", "https://API.openai.com/v1"}});
  REQUIRE_FALSE(v1.ok());
  CHECK_THAT(v1.error().message, Catch::EndsWith("embedding.openai.api_key is required for api.openai.com"));

  CHECK(try_load_provider("openai", {{"base_url", "http://127.0.0.1:1"}}).ok());  // a local server needs none
  CHECK(try_load_provider("openai", {{"api_key", generated_key()}}).ok());

  auto no_scheme = try_load_provider("openai", {{"base_url", "localhost:8000"}});
  REQUIRE_FALSE(no_scheme.ok());
  CHECK_THAT(no_scheme.error().message, Catch::Contains("embedding.openai.base_url: 'localhost:8000' is not a URL"));
}

TEST_CASE("openai: many inputs are split at max_inputs_per_call") {
  FakeOpenAi fake({.dimensions = 4});
  auto provider = load_openai(fake, {{"max_inputs_per_call", "40"}});
  const auto texts = numbered_texts(100);
  auto vectors = provider->embed(texts, {});
  REQUIRE(vectors.ok());
  CHECK(vectors->size() == 100);
  CHECK(vectors.value()[99] == fake_embedding("text 99", 4));
  CHECK(fake.batch_sizes() == std::vector<std::size_t>{40, 40, 20});
}

TEST_CASE("openai: health() fails on a wrong dimension") {
  FakeOpenAi fake({.dimensions = 4});
  CHECK(load_openai(fake)->health().ok());
  auto health = load_openai(fake, {{"dimensions", "1536"}})->health();
  REQUIRE_FALSE(health.ok());
  CHECK(health.error().kind == sdk::ErrorKind::bad_dimension);
  CHECK(health.error().message == "openai health check: the embedding of input 0 has 4 dimensions, expected 1536");
}
