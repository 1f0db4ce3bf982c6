// What may reach a log line: keys shortened, credential parameters masked, credential headers gone.
#include <catch2/catch.hpp>

#include "common/redact.hpp"

using vellum::redact_header;
using vellum::redact_secrets;
using vellum::redact_target;

namespace {
const std::string kKey = "sk-md-ab12" + std::string(60, 'f');  // shaped like a real key: 64 hex characters
}

TEST_CASE("redact: an API key keeps its prefix and four characters, wherever it is", "[redact]") {
  CHECK(redact_secrets("/api/access-tokens/" + kKey) == "/api/access-tokens/sk-md-ab12…");
  CHECK(redact_secrets(kKey + " and " + kKey + ".") == "sk-md-ab12… and sk-md-ab12….");
  CHECK(redact_secrets("Bearer SK-MD-" + std::string(64, 'A')) == "Bearer SK-MD-AAAA…");
  CHECK(redact_secrets("sk-md-ab") == "sk-md-ab");       // nothing beyond what is kept: nothing to hide
  CHECK(redact_secrets("sk-md-") == "sk-md-");
  CHECK(redact_secrets("no keys here, sk-m d-x") == "no keys here, sk-m d-x");
  CHECK(redact_secrets("") == "");
}

TEST_CASE("redact: credential query parameters are masked, others left alone", "[redact]") {
  CHECK(redact_target("/api/search?query=backups&token=s3cret&limit=5") == "/api/search?query=backups&token=***&limit=5");
  CHECK(redact_target("/x?API_KEY=1&access_token=2&Secret=3&key=4&password=5&apikey=6") ==
        "/x?API_KEY=***&access_token=***&Secret=***&key=***&password=***&apikey=***");
  CHECK(redact_target("/x?q=" + kKey) == "/x?q=sk-md-ab12…");  // a key under any name is still a key
  CHECK(redact_target("/api/access-tokens/" + kKey + "?token") == "/api/access-tokens/sk-md-ab12…?token");
  CHECK(redact_target("/x?") == "/x?");
  CHECK(redact_target("/x?a=1&&b") == "/x?a=1&&b");
  CHECK(redact_target("/plain/path") == "/plain/path");
}

TEST_CASE("redact: credential headers are never logged, other headers lose their keys", "[redact]") {
  CHECK(redact_header("Authorization", "Bearer " + kKey) == "[redacted]");
  CHECK(redact_header("authorization", "Basic dXNlcjpwYXNz") == "[redacted]");
  CHECK(redact_header("Proxy-Authorization", "x") == "[redacted]");
  CHECK(redact_header("Cookie", "session=abc") == "[redacted]");
  CHECK(redact_header("Set-Cookie", "session=abc") == "[redacted]");
  CHECK(redact_header("X-Api-Key", kKey) == "sk-md-ab12…");
  CHECK(redact_header("User-Agent", "curl/8.0") == "curl/8.0");
}

TEST_CASE("redact: credentials in an upstream's error text are masked whole") {
  const std::string generated = "sk-proj-" + std::string(24, 'Q') + "9z";
  const std::string said = "HTTP 401 Unauthorized from https://user:hunter2@llm.example/v1/embeddings?api-key=abc123&x=1: "
                           "\"Incorrect API key provided: " + generated + ". Authorization: Bearer tok.en-42\"";
  const std::string masked = vellum::mask_credentials(said);
  CHECK(masked == "HTTP 401 Unauthorized from https://***@llm.example/v1/embeddings?api-key=***&x=1: "
                  "\"Incorrect API key provided: sk-***. Authorization: Bearer ***\"");
  // Ordinary text passes untouched.
  CHECK(vellum::mask_credentials("rate limited, retry after 2 s, HTTP 429 from http://127.0.0.1:11434/api/embed") ==
        "rate limited, retry after 2 s, HTTP 429 from http://127.0.0.1:11434/api/embed");
}
