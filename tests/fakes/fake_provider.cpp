#include "fakes/fake_provider.hpp"

#include <stdexcept>
#include <thread>

#include "fakes/fake_vectors.hpp"

namespace vellum::test {

namespace {

// A hung request gives up on its own after this, so a forgotten fault cannot wedge a test run.
constexpr auto kMaxHang = std::chrono::seconds(60);

class InFlight {
 public:
  InFlight(std::atomic<std::size_t>& now, std::atomic<std::size_t>& max) : now_(now) {
    const std::size_t current = ++now_;
    std::size_t seen = max.load();
    while (current > seen && !max.compare_exchange_weak(seen, current)) {
    }
  }
  ~InFlight() { --now_; }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  std::atomic<std::size_t>& now_;
};

}  // namespace

FakeProvider::FakeProvider(std::unique_ptr<FakeProtocol> protocol, FakeOptions options)
    : protocol_(std::move(protocol)), options_(std::move(options)) {
  http::ServerOptions server_options;
  server_options.host = "127.0.0.1";
  server_options.port = options_.port;
  server_options.threads = options_.threads;
  server_options.io_threads = 1;
  server_options.max_body_bytes = 64 * 1024 * 1024;
  server_ = std::make_unique<http::Server>(server_options, [this](http::Request& r) { return handle(r); });
  if (auto started = server_->start(); !started) {
    throw std::runtime_error("fake provider: cannot start: " + started.error().message);
  }
}

FakeProvider::~FakeProvider() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    ++release_generation_;
  }
  released_.notify_all();
  server_->stop(std::chrono::milliseconds(200));
}

void FakeProvider::fail_next(Fault fault, std::size_t times) {
  std::lock_guard lock(mutex_);
  if (times > 0) planned_.emplace_back(std::move(fault), times);
}

void FakeProvider::fail_always(Fault fault) {
  std::lock_guard lock(mutex_);
  standing_ = std::move(fault);
}

void FakeProvider::clear_faults() {
  {
    std::lock_guard lock(mutex_);
    planned_.clear();
    standing_.reset();
    ++release_generation_;
  }
  released_.notify_all();
}

std::uint16_t FakeProvider::port() const noexcept { return server_->port(); }
std::string FakeProvider::base_url() const { return "http://127.0.0.1:" + std::to_string(port()); }
std::uint64_t FakeProvider::connections() const noexcept { return server_->stats().accepted_connections; }

std::size_t FakeProvider::calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

std::size_t FakeProvider::inputs() const {
  std::lock_guard lock(mutex_);
  return inputs_;
}

std::vector<std::size_t> FakeProvider::batch_sizes() const {
  std::lock_guard lock(mutex_);
  return batch_sizes_;
}

std::vector<RecordedRequest> FakeProvider::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::optional<RecordedRequest> FakeProvider::last_request() const {
  std::lock_guard lock(mutex_);
  if (requests_.empty()) return std::nullopt;
  return requests_.back();
}

void FakeProvider::reset_counters() {
  std::lock_guard lock(mutex_);
  calls_ = 0;
  inputs_ = 0;
  batch_sizes_.clear();
  requests_.clear();
  max_in_flight_ = in_flight_.load();
}

std::optional<Fault> FakeProvider::next_fault() {
  std::lock_guard lock(mutex_);
  if (!planned_.empty()) {
    Fault fault = planned_.front().first;
    if (--planned_.front().second == 0) planned_.pop_front();
    return fault;
  }
  return standing_;
}

void FakeProvider::pause(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  const auto generation = release_generation_;
  released_.wait_for(lock, duration, [&] { return stopping_ || release_generation_ != generation; });
}

http::Response FakeProvider::handle(const http::Request& request) {
  InFlight in_flight(in_flight_, max_in_flight_);
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(RecordedRequest{request.method, request.path, request.headers, request.body});
  }
  if (!protocol_->is_embed(request)) return protocol_->other(request);
  return embed(request);
}

http::Response FakeProvider::embed(const http::Request& request) {
  {
    std::lock_guard lock(mutex_);
    ++calls_;
  }
  auto parsed = protocol_->parse(request);
  if (auto* refusal = std::get_if<http::Response>(&parsed)) return std::move(*refusal);
  const EmbedCall& call = std::get<EmbedCall>(parsed);
  {
    std::lock_guard lock(mutex_);
    inputs_ += call.inputs.size();
    batch_sizes_.push_back(call.inputs.size());
  }
  if (auto fault = next_fault()) return apply(*fault, call);
  std::vector<sdk::Vector> vectors;
  for (const auto& text : call.inputs) vectors.push_back(fake_embedding(text, call.dimensions));
  return protocol_->answer(call, vectors);
}

http::Response FakeProvider::apply(const Fault& fault, const EmbedCall& call) {
  using Kind = Fault::Kind;
  std::vector<sdk::Vector> vectors;
  for (const auto& text : call.inputs) vectors.push_back(fake_embedding(text, call.dimensions));
  switch (fault.kind) {
    case Kind::latency:
      pause(fault.delay);
      return protocol_->answer(call, vectors);
    case Kind::rate_limited:
    case Kind::unavailable: {
      auto response = protocol_->fault_error(fault.kind == Kind::rate_limited ? 429 : 503);
      if (!fault.retry_after.empty()) response.headers.set("Retry-After", fault.retry_after);
      return response;
    }
    case Kind::server_error: return protocol_->fault_error(500);
    case Kind::unauthorized: return protocol_->fault_error(401);
    case Kind::hang:
      pause(kMaxHang);
      return protocol_->fault_error(503);  // nobody is listening any more
    case Kind::malformed_json:
      return http::Response::text(200, R"({"embeddings": [[0.25, -0.5, )", "application/json");
    case Kind::wrong_dimension:
      vectors.clear();
      for (const auto& text : call.inputs) vectors.push_back(fake_embedding(text, call.dimensions + 1));
      return protocol_->answer(call, vectors);
    case Kind::wrong_count:
      if (vectors.size() > 1) {
        vectors.pop_back();
      } else {
        vectors.push_back(fake_embedding("extra", call.dimensions));
      }
      return protocol_->answer(call, vectors);
    case Kind::drop_connection:
      // Throwing from the body producer makes the server close the socket after the status line.
      return http::Response::stream(200, "application/json", [](std::string&) -> bool {
        throw std::runtime_error("fake provider: dropping the connection on purpose");
      });
  }
  return protocol_->fault_error(500);
}

}  // namespace vellum::test
