// The embedding provider's health as the admin /health shows it, bounded in time and in threads. A
// provider's health() may block for its whole request timeout (minutes, for a provider that hangs);
// /health must still answer at once, and a monitor polling it every few seconds must not pile up a
// blocked thread per poll. So a check runs on a thread of its own, at most one per provider at a time:
// a caller that arrives while one runs waits on that one, each for at most its deadline.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>

#include "vellum/sdk/embedding.hpp"

namespace vellum::api {

class ProviderProbe {
 public:
  // The provider's health, or `unavailable` ("no answer within N ms") when the check outlasts
  // `deadline` (it goes on, and the next call waits on it).
  [[nodiscard]] sdk::Status check(const std::shared_ptr<sdk::EmbeddingProvider>& provider,
                                  std::chrono::milliseconds deadline);

 private:
  struct Check;

  std::mutex mutex_;
  const sdk::EmbeddingProvider* provider_ = nullptr;  // whose check `running_` is
  std::shared_ptr<Check> running_;
};

}  // namespace vellum::api
