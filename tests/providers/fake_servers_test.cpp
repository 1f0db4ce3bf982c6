// The fakes themselves answer like the real services, so tests written against them hold against
// Ollama and OpenAI: wrong paths, methods and bodies get the real status and error shape.
#include <catch2/catch.hpp>

#include "fakes/fake_ollama.hpp"
#include "fakes/fake_openai.hpp"
#include "fakes/fake_vectors.hpp"
#include "support/http_client.hpp"

using namespace vellum::test;
using nlohmann::json;

TEST_CASE("fake ollama: routes, validation and error bodies as Ollama writes them") {
  FakeOllama fake({.dimensions = 3, .context_tokens = 4});
  HttpClient client(fake.port());

  auto wrong_method = client.get("/api/embed");
  CHECK(wrong_method.status == 404);
  CHECK(wrong_method.body == "404 page not found");
  CHECK(client.get("/").body == "Ollama is running");
  CHECK(client.get("/api/tags").json()["models"][0]["name"] == "nomic-embed-text:latest");

  CHECK(client.post("/api/embed", "").json() == json{{"error", "missing request body"}});
  CHECK(client.post("/api/embed", "{nope").status == 400);
  auto no_model = client.post_json("/api/embed", {{"input", "x"}});
  CHECK(no_model.status == 400);
  CHECK(no_model.json() == json{{"error", "model is required"}});
  auto unknown = client.post_json("/api/embed", {{"model", "llama3"}, {"input", "x"}});
  CHECK(unknown.status == 404);
  CHECK(unknown.json()["error"] == "model \"llama3\" not found, try pulling it first");
  CHECK(client.post_json("/api/embed", {{"model", "nomic-embed-text"}, {"input", 7}}).status == 400);

  auto single = client.post_json("/api/embed", {{"model", "nomic-embed-text:latest"}, {"input", "hello"}});
  REQUIRE(single.status == 200);
  CHECK(single.json()["embeddings"][0].get<std::vector<float>>() == fake_embedding("hello", 3));

  const std::string long_text(20, 'q');  // 5 tokens, context 4
  auto refused = client.post_json("/api/embed", {{"model", "nomic-embed-text"}, {"input", {long_text}}, {"truncate", false}});
  CHECK(refused.status == 400);
  CHECK(refused.json()["error"] == "input length exceeds maximum context length");
  auto cut = client.post_json("/api/embed", {{"model", "nomic-embed-text"}, {"input", {long_text}}});
  CHECK(cut.json()["embeddings"][0].get<std::vector<float>>() == fake_embedding(long_text.substr(0, 16), 3));

  CHECK(fake.calls() == 8);  // every POST /api/embed, refused or not
  CHECK(fake.connections() == 1);
}

TEST_CASE("fake openai: authentication, routes, validation and error bodies as OpenAI writes them") {
  FakeOpenAi fake({.dimensions = 3, .api_key = "sk-made-up-for-this-test"});
  HttpClient client(fake.port());
  const Fields auth{{"Authorization", "Bearer sk-made-up-for-this-test"}};

  auto anonymous = client.post_json("/v1/embeddings", {{"model", "text-embedding-3-small"}, {"input", "x"}});
  CHECK(anonymous.status == 401);
  CHECK_THAT(anonymous.json()["error"]["message"].get<std::string>(), Catch::StartsWith("You didn't provide an API key"));
  auto wrong = client.post_json("/v1/embeddings", {{"model", "text-embedding-3-small"}, {"input", "x"}},
                                {{"Authorization", "Bearer sk-wrong"}});
  CHECK(wrong.json()["error"]["code"] == "invalid_api_key");

  auto bad_path = client.post("/v1/embedding", "{}", auth);
  CHECK(bad_path.status == 404);
  CHECK(bad_path.json()["error"]["message"] == "Invalid URL (POST /v1/embedding)");
  CHECK(client.get("/v1/embeddings", auth).status == 405);
  CHECK(client.get("/v1/models", auth).json()["data"][0]["id"] == "text-embedding-3-small");

  auto not_json = client.post("/v1/embeddings", "{oops", auth);
  CHECK(not_json.status == 400);
  CHECK(not_json.json()["error"]["type"] == "invalid_request_error");
  CHECK(client.post_json("/v1/embeddings", {{"input", "x"}}, auth).json()["error"]["message"] ==
        "you must provide a model parameter");
  CHECK(client.post_json("/v1/embeddings", {{"model", "text-embedding-3-small"}}, auth).json()["error"]["message"] ==
        "'input' is a required property");
  auto empty = client.post_json("/v1/embeddings", {{"model", "text-embedding-3-small"}, {"input", {""}}}, auth);
  CHECK(empty.status == 400);
  CHECK(empty.json()["error"]["param"] == "input");
  auto missing = client.post_json("/v1/embeddings", {{"model", "ada"}, {"input", "x"}}, auth);
  CHECK(missing.status == 404);
  CHECK(missing.json()["error"]["code"] == "model_not_found");

  auto floats = client.post_json("/v1/embeddings", {{"model", "text-embedding-3-small"}, {"input", {"a", "b"}}}, auth);
  REQUIRE(floats.status == 200);
  CHECK(floats.json()["data"][1]["index"] == 1);
  CHECK(floats.json()["data"][1]["embedding"].get<std::vector<float>>() == fake_embedding("b", 3));
  auto encoded = client.post_json(
      "/v1/embeddings", {{"model", "text-embedding-3-small"}, {"input", "a"}, {"encoding_format", "base64"}}, auth);
  CHECK(encoded.json()["data"][0]["embedding"] == to_base64_floats(fake_embedding("a", 3)));
  auto shortened = client.post_json(
      "/v1/embeddings", {{"model", "text-embedding-3-small"}, {"input", "a"}, {"dimensions", 2}}, auth);
  CHECK(shortened.json()["data"][0]["embedding"].size() == 2);
}

TEST_CASE("fake faults: planned faults run first, a standing one until cleared") {
  FakeOllama fake({.dimensions = 2});
  HttpClient client(fake.port());
  const json body{{"model", "nomic-embed-text"}, {"input", {"a", "b"}}};
  fake.fail_next(Fault::rate_limited(std::chrono::seconds(4)));
  fake.fail_always(Fault::server_error());
  auto limited = client.post_json("/api/embed", body);
  CHECK(limited.status == 429);
  CHECK(limited.header("Retry-After") == "4");
  CHECK(client.post_json("/api/embed", body).status == 500);
  CHECK(client.post_json("/api/embed", body).status == 500);
  fake.clear_faults();
  CHECK(client.post_json("/api/embed", body).status == 200);
  fake.fail_next(Fault::wrong_count());
  CHECK(client.post_json("/api/embed", body).json()["embeddings"].size() == 1);
  CHECK(fake.batch_sizes() == std::vector<std::size_t>{2, 2, 2, 2, 2});
  fake.reset_counters();
  CHECK(fake.calls() == 0);
  CHECK_FALSE(fake.last_request().has_value());
}
