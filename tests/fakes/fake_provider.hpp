// A fake embedding service on vellum::http::Server (127.0.0.1, a free port), shared by FakeOllama
// and FakeOpenAi. It speaks the real wire protocol, answers deterministic vectors (fake_embedding),
// counts what it receives and misbehaves on request:
//
//   vellum::test::FakeOllama fake({.dimensions = 8});
//   fake.fail_next(Fault::rate_limited(std::chrono::seconds(2)), 3);
//   ... point a provider at fake.base_url() ...
//   CHECK(fake.calls() == 4);
//   CHECK(fake.connections() == 1);
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fakes/fake_protocol.hpp"
#include "fakes/fault.hpp"
#include "http/server.hpp"

namespace vellum::test {

struct FakeOptions {
  std::size_t dimensions = 0;        // 0: the service's usual size (768 Ollama, 1536 OpenAI)
  std::string model;                 // the only model the fake knows; "": the service's default
  std::string api_key;               // OpenAI: requests must send "Authorization: Bearer <api_key>"
  std::size_t context_tokens = 0;    // per input, estimated at 4 bytes a token; 0: the service's default
  bool reverse_order = false;        // OpenAI: list `data` last index first (clients must use `index`)
  std::uint16_t port = 0;            // 0: any free port
  unsigned threads = 16;             // handler threads: hung requests each hold one
};

// One request as received, for assertions on headers and bodies.
struct RecordedRequest {
  std::string method;
  std::string path;
  http::Headers headers;
  std::string body;

  [[nodiscard]] std::string header(std::string_view name) const { return std::string(headers.get_or(name, "")); }
  // The body as JSON; a parse failure throws (a test failure).
  [[nodiscard]] nlohmann::json json() const { return nlohmann::json::parse(body); }
};

class FakeProvider {
 public:
  virtual ~FakeProvider();  // releases hung requests, then stops the server
  FakeProvider(const FakeProvider&) = delete;
  FakeProvider& operator=(const FakeProvider&) = delete;

  // The next `times` embed requests get `fault` (queued after faults already planned).
  void fail_next(Fault fault, std::size_t times = 1);
  // Every embed request gets `fault` once the planned ones are used, until clear_faults().
  void fail_always(Fault fault);
  // Forgets planned and standing faults and lets hung requests go.
  void clear_faults();

  [[nodiscard]] std::uint16_t port() const noexcept;
  [[nodiscard]] std::string base_url() const;  // "http://127.0.0.1:<port>"
  [[nodiscard]] std::size_t dimensions() const noexcept { return options_.dimensions; }
  [[nodiscard]] const std::string& model() const noexcept { return options_.model; }

  // Requests to the embedding endpoint, well-formed or not, faulted or not.
  [[nodiscard]] std::size_t calls() const;
  // Inputs in well-formed embed requests, and their count per request, in arrival order.
  [[nodiscard]] std::size_t inputs() const;
  [[nodiscard]] std::vector<std::size_t> batch_sizes() const;
  // TCP connections accepted since the start.
  [[nodiscard]] std::uint64_t connections() const noexcept;
  // The most requests handled at the same moment.
  [[nodiscard]] std::size_t max_in_flight() const noexcept { return max_in_flight_.load(); }
  // Every request received (any path), oldest first.
  [[nodiscard]] std::vector<RecordedRequest> requests() const;
  [[nodiscard]] std::optional<RecordedRequest> last_request() const;
  // Zeroes calls, inputs, batch sizes, max in flight and the recorded requests (not connections).
  void reset_counters();

 protected:
  FakeProvider(std::unique_ptr<FakeProtocol> protocol, FakeOptions options);

 private:
  http::Response handle(const http::Request& request);
  http::Response embed(const http::Request& request);
  http::Response apply(const Fault& fault, const EmbedCall& call);
  std::optional<Fault> next_fault();
  // Sleeps up to `duration`, less when faults are cleared or the fake stops.
  void pause(std::chrono::milliseconds duration);

  std::unique_ptr<FakeProtocol> protocol_;
  FakeOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable released_;
  std::uint64_t release_generation_ = 0;  // bumped by clear_faults() and the destructor
  bool stopping_ = false;
  std::deque<std::pair<Fault, std::size_t>> planned_;
  std::optional<Fault> standing_;
  std::size_t calls_ = 0;
  std::size_t inputs_ = 0;
  std::vector<std::size_t> batch_sizes_;
  std::vector<RecordedRequest> requests_;
  std::atomic<std::size_t> in_flight_{0};
  std::atomic<std::size_t> max_in_flight_{0};

  std::unique_ptr<http::Server> server_;  // last: destroyed (stopped) first
};

}  // namespace vellum::test
