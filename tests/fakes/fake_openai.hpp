// A fake OpenAI embeddings API for tests: POST /v1/embeddings (float or base64), GET /v1/models.
// Errors look like OpenAI's: {"error": {"message", "type", "param", "code"}}; a missing or wrong key
// (when FakeOptions::api_key is set) is a 401 before anything else. Defaults: text-embedding-3-small,
// 1536 dimensions, 8,192 tokens per input, 2,048 inputs and 300,000 tokens per request.
#pragma once

#include "fakes/fake_provider.hpp"

namespace vellum::test {

class FakeOpenAi final : public FakeProvider {
 public:
  explicit FakeOpenAi(FakeOptions options = {});
};

}  // namespace vellum::test
