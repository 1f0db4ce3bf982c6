#include "plugins/metered_provider.hpp"

#include <map>
#include <mutex>

#include "common/redact.hpp"
#include "metrics/warning_limiter.hpp"

namespace vellum::plugins {

namespace {

constexpr const char* kCalls = "vellum_provider_calls_total";
constexpr const char* kFailures = "vellum_provider_failures_total";
constexpr const char* kAvailable = "vellum_provider_available";

void declare(metrics::Registry& registry) {
  using metrics::MetricType;
  registry.declare(kCalls, MetricType::counter, "Calls to the embedding provider (embed and health checks).");
  registry.declare(kFailures, MetricType::counter,
                   "Failed calls to the embedding provider, by error kind (rate_limited: a 429 or the configured "
                   "rate limit; unavailable, transient: not reached, a 5xx, a timeout).");
  registry.declare(kAvailable, MetricType::gauge,
                   "0 while the provider's last call found it unreachable, failing or refusing the credentials; "
                   "1 once a call gets an answer.");
}

bool says_down(sdk::ErrorKind kind) {
  using sdk::ErrorKind;
  return kind == ErrorKind::unavailable || kind == ErrorKind::transient || kind == ErrorKind::unauthenticated ||
         kind == ErrorKind::permission_denied;
}

metrics::WarningLimiter& provider_warnings() {
  static metrics::WarningLimiter limiter(std::chrono::seconds(30));
  return limiter;
}

// A reload builds the new provider before the old one goes, often with the same labels: the gauge
// goes with the last provider object that has them, not the first.
class LiveSeries {
 public:
  using Key = std::pair<const metrics::Registry*, metrics::Labels>;

  void acquire(const Key& key) {
    std::lock_guard lock(mutex_);
    ++count_[key];
  }
  // True when that was the last one.
  bool release(const Key& key) {
    std::lock_guard lock(mutex_);
    if (--count_[key] > 0) return false;
    count_.erase(key);
    return true;
  }

 private:
  std::mutex mutex_;
  std::map<Key, int> count_;
};

LiveSeries& live_series() {
  static LiveSeries live;
  return live;
}

class MeteredProvider final : public sdk::EmbeddingProvider {
 public:
  MeteredProvider(sdk::ProviderPtr inner, metrics::Registry& registry)
      : inner_(std::move(inner)), registry_(registry), description_(inner_->describe()) {
    labels_ = {{"provider", description_.provider}, {"model", description_.model}};
    declare(registry_);
    live_series().acquire({&registry_, labels_});
    registry_.add(kCalls, labels_, 0);  // the series exist (at 0) before the first call
    registry_.set(kAvailable, labels_, 1);
  }
  ~MeteredProvider() override {
    if (live_series().release({&registry_, labels_})) registry_.remove(kAvailable, labels_);
  }
  MeteredProvider(const MeteredProvider&) = delete;
  MeteredProvider& operator=(const MeteredProvider&) = delete;

  [[nodiscard]] sdk::ProviderDescription describe() const override { return inner_->describe(); }
  [[nodiscard]] sdk::Result<std::vector<sdk::Vector>> embed(std::span<const std::string> texts,
                                                            const sdk::EmbedOptions& options) override {
    auto vectors = inner_->embed(texts, options);
    count(vectors ? nullptr : &vectors.error());
    return vectors;
  }
  [[nodiscard]] sdk::Status health() override {
    auto status = inner_->health();
    count(status ? nullptr : &status.error());
    return status;
  }
  [[nodiscard]] std::size_t estimate_tokens(std::string_view text) const override {
    return inner_->estimate_tokens(text);
  }

 private:
  void count(const sdk::Error* error) {
    registry_.add(kCalls, labels_, 1);
    if (!error) {
      registry_.set(kAvailable, labels_, 1);
      return;
    }
    if (error->kind == sdk::ErrorKind::cancelled) return;
    auto by_kind = labels_;
    by_kind["kind"] = std::string(sdk::to_string(error->kind));
    registry_.add(kFailures, by_kind, 1);
    const std::string who = "provider " + description_.provider + " (" + description_.model + ")";
    if (says_down(error->kind)) {
      registry_.set(kAvailable, labels_, 0);
      provider_warnings().warn(who + " down", who + " is unavailable: " + mask_credentials(error->message));
      return;
    }
    registry_.set(kAvailable, labels_, 1);
    if (error->kind == sdk::ErrorKind::rate_limited) {
      provider_warnings().warn(who + " rate-limited", who + " is rate-limited: " + mask_credentials(error->message));
    }
  }

  sdk::ProviderPtr inner_;
  metrics::Registry& registry_;
  sdk::ProviderDescription description_;
  metrics::Labels labels_;
};

}  // namespace

sdk::ProviderPtr with_provider_metrics(sdk::ProviderPtr provider, metrics::Registry& registry) {
  if (!provider) return provider;
  return std::make_shared<MeteredProvider>(std::move(provider), registry);
}

}  // namespace vellum::plugins
