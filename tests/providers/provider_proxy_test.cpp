// Proxies from the environment carry requests to remote providers but never loopback ones.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <optional>

#include "providers/provider_fixture.hpp"

using namespace vellum::test;

namespace {

// Sets (or, with nullopt, removes) an environment variable for one test, restoring it afterwards.
// Tests run one at a time, and libcurl reads these variables only when a transfer starts.
class EnvOverride {
 public:
  EnvOverride(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      setenv(name, value->c_str(), 1);
    } else {
      unsetenv(name);
    }
  }
  ~EnvOverride() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  EnvOverride(const EnvOverride&) = delete;
  EnvOverride& operator=(const EnvOverride&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

const std::vector<std::string> kOne{"through the proxy"};

}  // namespace

TEST_CASE("proxy: http_proxy carries requests to a remote provider") {
  FakeOllama proxy({.dimensions = 4});  // our server accepts absolute-form targets, as a proxy sees them
  EnvOverride http_proxy("http_proxy", proxy.base_url());
  EnvOverride no_proxy("no_proxy", std::nullopt);
  EnvOverride no_proxy_upper("NO_PROXY", std::nullopt);
  auto provider = load_ollama(proxy, {{"base_url", "http://ollama.invalid:11434"}});
  REQUIRE(provider->embed(kOne, {}).ok());
  REQUIRE(proxy.last_request());
  CHECK(proxy.last_request()->header("Host") == "ollama.invalid:11434");
}

TEST_CASE("proxy: loopback providers bypass an inherited http_proxy") {
  FakeOllama fake({.dimensions = 4});
  EnvOverride http_proxy("http_proxy", "http://127.0.0.1:1");  // nothing listens there
  EnvOverride no_proxy("no_proxy", std::nullopt);
  EnvOverride no_proxy_upper("NO_PROXY", std::nullopt);
  auto provider = load_ollama(fake);
  CHECK(provider->embed(kOne, {}).ok());
}
