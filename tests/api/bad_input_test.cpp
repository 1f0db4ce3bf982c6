// Hostile and broken input: nothing a client sends makes the server answer 500, store bad data,
// lose a version, or stop answering.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "api_fixture.hpp"

using vellum::test::ApiFixture;
using vellum::test::RawConnection;
using json = nlohmann::json;

namespace {

std::int64_t article_count(ApiFixture& api) {
  return static_cast<std::int64_t>(api.client().get("/api/articles", api.admin()).json().size());
}

std::string raw_request(const std::string& method, const std::string& target, const std::string& token,
                        const std::string& body = "") {
  return method + " " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

TEST_CASE("malformed JSON and wrong shapes are 400 with a JSON error, never 500") {
  ApiFixture api;
  auto& c = api.client();
  for (const char* body : {"{", "[1,2]", "null", "\"text\"", "{\"title\": }", "{\"title\":\"a\",}", "", "  ", "{}x",
                           "{\"title\":\"T\",\"content\":\"x\"", "\xEF\xBB\xBF{}", "{\"title\":1e99999}"}) {
    INFO(body);
    auto res = c.post("/api/articles", body, api.admin());
    CHECK(res.status == 400);
    CHECK(res.json().contains("error"));
  }
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  CHECK(c.post("/api/articles", deep, api.admin()).status == 400);
  CHECK(c.put("/api/folders/manage/x", "[]", api.admin()).status == 400);
  CHECK(c.post("/api/access-tokens", "{\"name\":[]}", api.admin()).json()["error"] == "name must be a string");
  CHECK(c.post("/api/articles/x.md/public", "{}", api.admin()).status == 400);
  CHECK(article_count(api) == 0);
}

TEST_CASE("frontmatter whose YAML aliases expand without bound is a 400, and nothing is stored") {
  ApiFixture api;
  // 374 bytes naming "lol" 10^9 times ("billion laughs").
  std::string yaml = "---\na: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n";
  for (char level = 'b'; level <= 'i'; ++level) {
    yaml += std::string(1, level) + ": &" + level + " [";
    for (int i = 0; i < 9; ++i) yaml += std::string(i ? "," : "") + "*" + static_cast<char>(level - 1);
    yaml += "]\n";
  }
  yaml += "---\n# Laughs\n";
  auto res = api.client().post_json("/api/articles", {{"title", "Laughs"}, {"content", yaml}}, api.admin());
  CHECK(res.status == 400);
  CHECK_THAT(res.json()["error"].get<std::string>(), Catch::StartsWith("content: the frontmatter is too large"));
  CHECK(article_count(api) == 0);
  CHECK(api.client().get("/health").status == 200);
}

TEST_CASE("invalid UTF-8 and NUL characters are refused and never stored") {
  ApiFixture api;
  auto& c = api.client();
  CHECK(c.post("/api/articles", "{\"title\":\"Bad \xFF\xFE\",\"content\":\"x\"}", api.admin()).status == 400);
  CHECK(c.post("/api/articles", "{\"title\":\"T\",\"content\":\"\xC0\xAF overlong\"}", api.admin()).status == 400);
  CHECK(c.post("/api/articles", R"({"title":"T","content":"lone \ud800 surrogate"})", api.admin()).status == 400);
  CHECK(c.post("/api/articles", R"({"title":"T","content":"nul \u0000 inside"})", api.admin()).status == 400);
  CHECK(c.post("/api/articles", R"({"title":"nul \u0000","content":"x"})", api.admin()).status == 400);
  CHECK(article_count(api) == 0);
  // Valid multi-byte text is fine.
  auto ok = c.post_json("/api/articles", {{"title", "Café crème"}, {"content", "naïve — 日本語 😀"}}, api.admin());
  REQUIRE(ok.status == 201);
  CHECK(ok.json()["filename"] == "caf-crme.md");
  CHECK(ok.json()["content"] == "naïve — 日本語 😀");
}

TEST_CASE("path traversal in slugs and folders finds nothing and writes nothing") {
  ApiFixture api;
  auto& c = api.client();
  api.create_article("Doc", "x");
  for (const char* target : {"/api/articles/..%2F..%2Fetc%2Fpasswd.md", "/api/articles/%2e%2e",
                             "/api/articles/..", "/api/articles/MyArticle.md"}) {
    INFO(target);
    CHECK(c.get(target, api.admin()).status == 404);
  }
  CHECK(c.get("/api/articles/.md", api.admin()).status == 400);  // an empty identifier
  CHECK(c.get("/api/articles/doc%00.md", api.admin()).status == 400);
  RawConnection raw(api.port());
  auto res = raw.exchange(raw_request("GET", "/api/articles/../../../etc/passwd", api.admin_token()));
  CHECK((res.status == 404 || res.status == 400));
  CHECK(c.del("/api/folders/manage/..%2F..%2Fetc", api.admin()).status == 404);
  CHECK(c.put("/api/folders/manage/..", json{{"newName", "x"}}.dump(), api.admin()).status == 404);
  CHECK(c.post_json("/api/articles/doc.md/rename-slug", {{"newSlug", "../../etc/passwd"}}, api.admin()).status == 400);
  CHECK(c.get("/api/folders", api.admin()).json() == json::array());
}

TEST_CASE("oversized bodies get 413 and oversized headers 431: the server keeps serving") {
  ApiFixture api;
  auto& c = api.client();
  const std::string huge(11 * 1024 * 1024, 'a');
  auto res = c.post("/api/articles", huge, api.admin());
  CHECK(res.status == 413);
  CHECK(res.json()["error"] == "Request too large");
  vellum::test::RequestOptions chunked{api.admin(), true, std::chrono::seconds(20)};
  CHECK(c.request("POST", "/api/articles", huge, chunked).status == 413);

  vellum::test::HttpClient fresh(api.port());
  auto long_header = fresh.get("/api/articles", {{"Authorization", "Bearer " + api.admin_token()},
                                                 {"X-Filler", std::string(20'000, 'x')}});
  CHECK(long_header.status == 431);
  CHECK(long_header.header("X-Frame-Options") == "DENY");  // the server's own errors get the headers too

  // Content just under the body limit but over nothing else is accepted.
  vellum::test::HttpClient again(api.port());
  auto big = again.post_json("/api/articles", {{"title", "Big"}, {"content", std::string(2 * 1024 * 1024, 'b')}},
                             api.admin());
  CHECK(big.status == 201);
  CHECK(again.get("/health").status == 200);
}

TEST_CASE("a slowloris client is cut off while others are served") {
  ApiFixture api;  // read timeout 2 s
  RawConnection slow(api.port());
  REQUIRE(slow.send("GET /api/articles HTTP/1.1\r\nHost: x\r\n"));
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    if (!slow.send("X-Slow-" + std::to_string(i) + ": y\r\n")) break;
    CHECK(api.client().get("/health").status == 200);
  }
  CHECK(slow.wait_for_close(std::chrono::seconds(5)));

  RawConnection partial_body(api.port());
  REQUIRE(partial_body.send(raw_request("POST", "/api/articles", api.admin_token(), "").substr(0, 60)));
  CHECK(partial_body.wait_for_close(std::chrono::seconds(5)));
  CHECK(api.client().get("/health").status == 200);
  CHECK(article_count(api) == 0);
}

TEST_CASE("garbage on the wire is a 400, not a crash") {
  ApiFixture api;
  for (const char* bytes : {"NOT HTTP AT ALL\r\n\r\n",
                            "GET /api/articles HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
                            "POST /api/articles HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n"}) {
    RawConnection raw(api.port());
    auto res = raw.exchange(bytes);
    INFO(bytes);
    CHECK((res.status == 400 || res.status == 0));
  }
  CHECK(api.client().get("/health").status == 200);
}

TEST_CASE("2,000 concurrent requests across 8 threads: all answered correctly, no version lost") {
  ApiFixture api({.threads = 8});
  constexpr int kThreads = 8;
  constexpr int kRequestsPerThread = 250;
  const std::string write_key = api.create_key("load", "write");
  std::atomic<int> wrong{0};
  std::atomic<int> updates[kThreads] = {};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      vellum::test::HttpClient client(api.port());
      const auto auth = ApiFixture::bearer(t % 2 ? write_key : api.admin_token());
      const std::string title = "Load " + std::to_string(t);
      const std::string slug = "load-" + std::to_string(t);
      if (client.post_json("/api/articles", {{"title", title}, {"content", "v0"}}, auth).status != 201) ++wrong;
      for (int i = 1; i < kRequestsPerThread; ++i) {
        long status = 0;
        long expected = 200;
        switch (i % 5) {
          case 0:
            status = client.put("/api/articles/" + slug + ".md",
                                json{{"title", title}, {"content", "v" + std::to_string(i)}}.dump(), auth).status;
            ++updates[t];
            break;
          case 1: status = client.get("/api/articles/" + slug + ".md", auth).status; break;
          case 2: status = client.get("/api/articles?limit=5", auth).status; break;
          case 3: status = client.get("/health").status; break;
          default:
            status = client.post("/api/articles", "{broken", auth).status;
            expected = 400;
        }
        if (status != expected) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(wrong.load() == 0);
  for (int t = 0; t < kThreads; ++t) {
    INFO("thread " << t);
    CHECK(api.version_count("load-" + std::to_string(t)) == 1 + updates[t].load());
  }
  CHECK(api.client().get("/health").status == 200);
}
