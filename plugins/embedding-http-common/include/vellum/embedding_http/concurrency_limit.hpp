// At most N requests of one provider instance in flight at once, whatever number of threads call
// embed(): a local Ollama serves a few requests in parallel and queues the rest, so sending more only
// moves the queue into its memory and our timeouts.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>

#include "vellum/sdk/embedding.hpp"
#include "vellum/sdk/result.hpp"

namespace vellum::embedding_http {

class ConcurrencyLimit {
 public:
  explicit ConcurrencyLimit(std::size_t max_in_flight) : max_(max_in_flight == 0 ? 1 : max_in_flight) {}

  // Holds one slot until destroyed.
  class Permit {
   public:
    explicit Permit(ConcurrencyLimit* owner) : owner_(owner) {}
    Permit(Permit&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    Permit& operator=(Permit&&) = delete;
    Permit(const Permit&) = delete;
    ~Permit() { if (owner_ != nullptr) owner_->release(); }

   private:
    ConcurrencyLimit* owner_;
  };

  // Waits for a slot. cancelled when `options.stop` fires first; transient when the deadline passes.
  [[nodiscard]] sdk::Result<Permit> acquire(const sdk::EmbedOptions& options);

 private:
  void release();

  std::size_t max_;
  std::size_t in_flight_ = 0;
  std::mutex mutex_;
  std::condition_variable_any freed_;
};

}  // namespace vellum::embedding_http
