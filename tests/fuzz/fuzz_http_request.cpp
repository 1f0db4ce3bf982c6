// libFuzzer target: arbitrary bytes as one HTTP request → Beast's parser (the server's limits) → our
// Request → the REST router with every article, version, folder, token, import, health and search
// route → the response as the server would write it. A SQLite file in a temporary directory and the
// local embedding plugin, loaded once. Nothing here may crash, hang or throw: the server would turn a
// handler's exception into a 500, but exceptions on the data path are against our rules, so an escaping
// one is reported as a finding.
//
// The first byte chooses the caller: odd = the admin token is added (unless the input sends its own
// Authorization), so the fuzzer reaches the handlers behind authentication; even = as sent.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include "api/routes.hpp"
#include "api/search_routes.hpp"
#include "config/plugin_settings.hpp"
#include "http/auth.hpp"
#include "http/detail/beast_messages.hpp"
#include "http/detail/request_framing.hpp"
#include "http/rate_limit.hpp"
#include "indexing/embedding_pipeline.hpp"
#include "plugins/host_services.hpp"
#include "plugins/hot_swap.hpp"
#include "search/search_service.hpp"

namespace {

using namespace vellum;

constexpr const char* kAdminToken = "fuzz-admin-token";
constexpr std::size_t kMaxHeaderBytes = 16384;  // the server's defaults (config/vellum.yaml)
constexpr std::size_t kMaxBodyBytes = 1 << 20;

std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "vellum-fuzz-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

plugins::SlotChoice choice(const plugins::PluginCatalog& catalog, sdk::Slot slot, const std::string& name,
                           const std::map<std::string, std::string>& settings) {
  auto library = catalog.find(slot, name);
  if (!library) throw std::runtime_error("plugin not found: " + name);
  std::map<std::string, config::SettingInput, std::less<>> given;
  for (const auto& [k, v] : settings) given[k] = {v, "fuzz"};
  auto built = config::build_plugin_config(std::string(sdk::to_string(slot)) + "." + name,
                                           library->manifest().options, given);
  if (!built) throw std::runtime_error(built.error().message);
  return {name, built.value()};
}

// What ApiServer composes around its router, without the sockets. Built once: libFuzzer runs every
// input in one process, and re-opening SQLite per input would spend the minute on start-up.
struct Harness {
  Harness()
      : dir(make_temp_dir()),
        host(dir.string()),
        catalog(plugins::PluginCatalog::scan({VELLUM_FUZZ_PLUGIN_DIR})),
        manager(host),
        pipeline(manager.holder(), indexes, {}, "fuzz"),
        search(manager.holder(), pipeline, indexes),
        articles(manager.holder(), {true}),
        auth(kAdminToken, manager.holder()),
        limiter(http::RateLimits{std::chrono::milliseconds(60'000), 0, 0, 0}),  // 0 = unlimited
        guard{auth, limiter, {}},
        imports(articles, dir),
        services{manager.holder(), articles, guard, imports, {true, false, std::chrono::milliseconds(30'000)}},
        search_services{search, pipeline, indexes, true} {
    plugins::RuntimeSpec spec;
    spec.storage = choice(catalog, sdk::Slot::storage, "sqlite", {{"path", "fuzz.db"}});
    spec.embedding = choice(catalog, sdk::Slot::embedding, "local", {});
    if (auto applied = manager.apply(spec, catalog); !applied) throw std::runtime_error(applied.error().message);
    api::register_routes(router, services, [this](http::Router& r, api::ApiServices& s) {
      api::register_search_routes(r, s, search_services);
    });
  }

  std::filesystem::path dir;
  plugins::HostServices host;
  plugins::PluginCatalog catalog;
  plugins::RuntimeManager manager;
  search::IndexRegistry indexes;
  indexing::EmbeddingPipeline pipeline;
  search::SearchService search;
  articles::ArticleService articles;
  http::Authenticator auth;
  http::RateLimiter limiter;
  api::GuardContext guard;
  api::ImportJobs imports;
  api::ApiServices services;
  api::SearchServices search_services;
  http::Router router;
};

Harness& harness() {
  static Harness* instance = new Harness();  // never destroyed: libFuzzer exits without unwinding
  return *instance;
}

// One request out of `bytes` as the server's reader would take it; false when it would answer 400
// (or close) without calling a handler.
bool parse(const std::uint8_t* data, std::size_t size, http::detail::BeastRequest& out) {
  namespace bhttp = boost::beast::http;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(kMaxHeaderBytes);
  parser.body_limit(kMaxBodyBytes);
  parser.eager(true);
  boost::beast::error_code ec;
  std::size_t used = 0;
  // Every call consumes bytes or stops: bounded by `size` iterations.
  while (used < size && !parser.is_done()) {
    const auto n = parser.put(boost::asio::buffer(data + used, size - used), ec);
    if (ec == bhttp::error::need_more) break;
    if (ec) return false;
    if (n == 0) break;
    used += n;
  }
  if (!parser.is_done()) {
    parser.put_eof(ec);
    if (ec || !parser.is_done()) return false;
  }
  if (!http::detail::framing_problem(parser.get()).empty()) return false;  // as Connection::on_header
  out = parser.release();
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  auto& h = harness();
  const bool as_admin = (data[0] & 1) != 0;
  http::detail::BeastRequest beast_request;
  if (!parse(data + 1, size - 1, beast_request)) return 0;
  const unsigned version = beast_request.version();
  const bool head = beast_request.method() == boost::beast::http::verb::head;
  http::Request request;
  if (!http::detail::to_request(std::move(beast_request), request)) return 0;
  request.remote_address = "127.0.0.1";
  if (as_admin && !request.header("authorization")) request.headers.add("Authorization", std::string("Bearer ") + kAdminToken);
  auto response = h.router.handle(request);
  auto written = http::detail::to_beast(std::move(response), version, true, head);
  if (written.result_int() < 100 || written.result_int() > 999) std::abort();  // to_beast promises a valid status
  return 0;
}
