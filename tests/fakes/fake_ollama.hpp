// A fake Ollama (≥ 0.3) for tests: POST /api/embed, GET /api/tags, GET /api/version, GET /.
// Errors look like Ollama's: {"error": "..."}, and unknown routes or methods get Gin's
// "404 page not found". Defaults: nomic-embed-text, 768 dimensions, a 2,048-token context.
#pragma once

#include "fakes/fake_provider.hpp"

namespace vellum::test {

class FakeOllama final : public FakeProvider {
 public:
  explicit FakeOllama(FakeOptions options = {});
};

}  // namespace vellum::test
