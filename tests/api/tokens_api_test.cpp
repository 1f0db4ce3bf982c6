// /api/access-tokens: keys are shown once, stored only as hashes, listed masked, deleted by id or key.
#include <catch2/catch.hpp>

#include <regex>

#include <spdlog/spdlog.h>

#include "api_fixture.hpp"
#include "common/crypto.hpp"
#include "support/log_capture.hpp"

using vellum::test::ApiFixture;
using json = nlohmann::json;

TEST_CASE("creating a key returns it once: only its hash is stored") {
  ApiFixture api;
  auto& c = api.client();
  auto created = c.post_json("/api/access-tokens", {{"name", "  ci bot  "}, {"scope", "write"}}, api.admin());
  REQUIRE(created.status == 201);
  const auto body = created.json();
  const std::string key = body["token"];
  CHECK(std::regex_match(key, std::regex("sk-md-[0-9a-f]{64}")));
  CHECK(body["name"] == "ci bot");
  CHECK(body["scope"] == "write");
  CHECK(body["last_used_at"].is_null());
  CHECK(body["id"].is_number_integer());

  auto status = api.storage().read([&](vellum::sdk::Repositories& repos) -> vellum::sdk::Status {
    auto tokens = repos.tokens().list();
    REQUIRE(tokens);
    REQUIRE(tokens->size() == 1);
    CHECK(tokens->front().token_hash == vellum::sha256_hex(key));
    CHECK(tokens->front().token_hash.find(key.substr(6)) == std::string::npos);
    CHECK(tokens->front().token_hint == key.substr(key.size() - 4));
    return vellum::sdk::ok_status();
  });
  REQUIRE(status.ok());

  auto listed = c.get("/api/access-tokens", api.admin());
  REQUIRE(listed.status == 200);
  const auto rows = listed.json();
  REQUIRE(rows.size() == 1);
  const auto& row = rows[0];
  CHECK(row["masked_token"] == "sk-md-****..." + key.substr(key.size() - 4));
  CHECK_FALSE(row.contains("token"));
  CHECK(listed.body.find(key) == std::string::npos);
  for (const char* field : {"id", "name", "scope", "created_at", "last_used_at"}) CHECK(row.contains(field));
}

TEST_CASE("token creation errors and deletion by id or by key") {
  ApiFixture api;
  auto& c = api.client();
  CHECK(c.post_json("/api/access-tokens", {{"scope", "write"}}, api.admin()).json()["error"] ==
        "Token name is required");
  CHECK(c.post_json("/api/access-tokens", {{"name", "  "}, {"scope", "write"}}, api.admin()).json()["error"] ==
        "Token name is required");
  CHECK(c.post_json("/api/access-tokens", {{"name", "x"}, {"scope", "admin"}}, api.admin()).json()["error"] ==
        "Scope must be either \"read-only\" or \"write\"");
  CHECK(c.post_json("/api/access-tokens", {{"name", "x"}}, api.admin()).status == 400);
  CHECK(c.post("/api/access-tokens", "not json", api.admin()).status == 400);
  api.create_key("dup", "read-only");
  CHECK(c.post_json("/api/access-tokens", {{"name", "dup"}, {"scope", "write"}}, api.admin()).status == 409);

  const std::string key = api.create_key("by-key", "write");
  const auto id = c.get("/api/access-tokens", api.admin()).json()[0]["id"].get<std::int64_t>();
  CHECK(c.del("/api/access-tokens/" + std::to_string(id), api.admin()).json() == json{{"success", true}});
  CHECK(c.del("/api/access-tokens/" + std::to_string(id), api.admin()).json() == json{{"error", "Token not found"}});
  CHECK(c.del("/api/access-tokens/" + key, api.admin()).status == 404);  // already gone with its id
  CHECK(c.del("/api/access-tokens/sk-md-unknown", api.admin()).status == 404);
  CHECK(c.get("/api/access-tokens", api.admin()).json().size() == 1);
}

TEST_CASE("deleting a key by the key itself never writes the key to the log") {
  vellum::test::LogCapture logs;  // before the server, which logs through it
  ApiFixture api;
  spdlog::set_level(spdlog::level::info);  // the fixture keeps errors only; the access log is info
  auto& c = api.client();
  const std::string key = api.create_key("revoked-by-key", "write");
  const std::string shown = key.substr(0, 10) + "…";  // "sk-md-" and four characters

  CHECK(c.del("/api/access-tokens/" + key, api.admin()).json() == json{{"success", true}});
  CHECK(c.get("/api/articles?token=" + key.substr(6), api.bearer(key)).status == 401);  // revoked; in a query too

  const auto text = logs.text();
  CHECK(logs.lines_with("DELETE /api/access-tokens/" + shown + " 200").size() == 1);
  CHECK(text.find(key) == std::string::npos);
  CHECK(text.find(key.substr(10)) == std::string::npos);  // not even the part after what is shown
}
