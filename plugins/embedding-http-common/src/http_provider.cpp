#include "vellum/embedding_http/http_provider.hpp"

#include <exception>

#include "vellum/embedding_http/http_errors.hpp"
#include "vellum/embedding_http/url.hpp"

namespace vellum::embedding_http {

namespace {

using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

constexpr std::string_view kHealthProbe = "vellum health check";

std::string range_of(const Batch& batch, std::size_t index, std::size_t batches) {
  return "request " + std::to_string(index + 1) + " of " + std::to_string(batches) + " (inputs " +
         std::to_string(batch.first) + "-" + std::to_string(batch.first + batch.count - 1) + ")";
}

}  // namespace

sdk::Result<sdk::ProviderPtr> HttpProvider::create(ClientSettings settings, std::unique_ptr<WireProtocol> protocol,
                                                   sdk::ProviderDescription description) {
  auto transport = Transport::create();
  if (!transport) return std::move(transport).error();
  description.dimensions = static_cast<std::uint32_t>(settings.dimensions);
  description.limits.max_inputs_per_call = settings.limits.max_inputs_per_call;
  description.limits.max_tokens_per_input = settings.limits.max_tokens_per_input;
  description.limits.max_tokens_per_call = settings.limits.max_tokens_per_call;
  description.lexical = false;
  return sdk::ProviderPtr(std::make_shared<HttpProvider>(std::move(settings), std::move(protocol),
                                                         std::move(description), std::move(transport).value()));
}

HttpProvider::HttpProvider(ClientSettings settings, std::unique_ptr<WireProtocol> protocol,
                           sdk::ProviderDescription description, std::unique_ptr<Transport> transport)
    : settings_(std::move(settings)),
      protocol_(std::move(protocol)),
      description_(std::move(description)),
      transport_(std::move(transport)),
      rate_limiter_(settings_.requests_per_minute, settings_.tokens_per_minute),
      concurrency_(settings_.concurrency) {
  const auto parts = split_url(protocol_->endpoint());
  bypass_proxy_ = parts && is_loopback_host(parts->host);
}

sdk::Result<std::vector<sdk::Vector>> HttpProvider::embed(std::span<const std::string> texts,
                                                          const sdk::EmbedOptions& options) {
  // Nothing may escape across the plugin boundary; what could throw here (allocation, JSON) is a bug
  // or exhaustion, and says so.
  try {
    auto vectors = embed_all(texts, options);
    if (!vectors) return vectors.error().with_context(description_.provider);
    return vectors;
  } catch (const std::exception& e) {
    return sdk::Error(sdk::ErrorKind::internal, description_.provider + ": embedding failed: " + e.what());
  } catch (...) {
    return sdk::Error(sdk::ErrorKind::internal, description_.provider + ": embedding failed with an unknown exception");
  }
}

sdk::Status HttpProvider::health() {
  try {
    sdk::EmbedOptions options;
    options.purpose = sdk::EmbedPurpose::query;
    options.deadline = SteadyClock::now() + settings_.timeout;
    const std::string probe[] = {std::string(kHealthProbe)};
    auto vectors = embed_all(probe, options);
    if (vectors) return {};
    sdk::Error error = vectors.error();
    if (error.kind == sdk::ErrorKind::transient) {  // cannot reach it or it fails: it is down for us
      error.kind = sdk::ErrorKind::unavailable;
      error.retryable = true;
    }
    return error.with_context(description_.provider + " health check");
  } catch (const std::exception& e) {
    return sdk::Error(sdk::ErrorKind::internal, description_.provider + " health check failed: " + e.what());
  } catch (...) {
    return sdk::Error(sdk::ErrorKind::internal, description_.provider + " health check failed with an unknown exception");
  }
}

sdk::Result<std::vector<sdk::Vector>> HttpProvider::embed_all(std::span<const std::string> texts,
                                                              const sdk::EmbedOptions& options) {
  if (options.stop.stop_requested()) return sdk::Error(sdk::ErrorKind::cancelled, "embedding cancelled");
  if (texts.empty()) return std::vector<sdk::Vector>{};
  auto plan = plan_batches(texts, settings_.limits, settings_.section);
  if (!plan) return std::move(plan).error();
  const auto& batches = plan->batches;
  std::vector<sdk::Vector> vectors;
  vectors.reserve(texts.size());
  for (std::size_t k = 0; k < batches.size(); ++k) {
    const auto inputs = std::span<const std::string_view>(plan->inputs).subspan(batches[k].first, batches[k].count);
    auto part = embed_batch(inputs, batches[k].tokens, options);
    if (!part) {
      if (batches.size() == 1) return std::move(part).error();
      return part.error().with_context(range_of(batches[k], k, batches.size()));
    }
    for (auto& v : part.value()) vectors.push_back(std::move(v));
  }
  return vectors;
}

sdk::Result<std::vector<sdk::Vector>> HttpProvider::embed_batch(std::span<const std::string_view> inputs,
                                                                std::size_t tokens, const sdk::EmbedOptions& options) {
  if (auto allowed = rate_limiter_.acquire(tokens, options); !allowed) return std::move(allowed).error();
  auto permit = concurrency_.acquire(options);
  if (!permit) return std::move(permit).error();
  auto reply = send(protocol_->request_body(inputs), options);
  if (!reply) return std::move(reply).error();
  if (reply->status < 200 || reply->status >= 300) {
    return classify_status(*reply, "POST " + protocol_->endpoint(), std::chrono::system_clock::now());
  }
  return protocol_->parse_reply(reply->body, inputs.size());
}

sdk::Result<HttpReply> HttpProvider::send(std::string body, const sdk::EmbedOptions& options) {
  HttpRequest request;
  request.url = protocol_->endpoint();
  request.body = std::move(body);
  request.headers = protocol_->headers();
  request.headers.insert(request.headers.end(), settings_.extra_headers.begin(), settings_.extra_headers.end());
  request.connect_timeout = settings_.connect_timeout;
  request.timeout = settings_.timeout;
  request.timeout_reason = settings_.section + ".timeout_ms";
  request.bypass_proxy = bypass_proxy_;
  if (options.deadline) {
    const auto left = std::chrono::ceil<milliseconds>(*options.deadline - SteadyClock::now());
    if (left <= milliseconds(0)) {
      return sdk::Error(sdk::ErrorKind::transient, "the deadline passed before POST " + request.url + " was sent");
    }
    if (left < request.timeout) {
      request.timeout = left;
      request.timeout_reason = "the caller's deadline";
    }
    request.connect_timeout = std::min(request.connect_timeout, request.timeout);
  }
  return transport_->post(request, options.stop);
}

}  // namespace vellum::embedding_http
