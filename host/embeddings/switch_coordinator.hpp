// Drives provider switches to their end without an operator: measures each kept set's coverage,
// queues what the building set lacks (migration tasks at low priority, bounded to a share of the
// workers, so edits stay fast; held while the queue is stopped or draining), cuts over when it is
// complete, ends the rollback window, and notices set changes made elsewhere (the CLI, another
// process) so the snapshot follows them.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <set>
#include <mutex>
#include <thread>

#include "indexing/embedding_pipeline.hpp"
#include "plugins/hot_swap.hpp"

namespace vellum::embeddings {

class SwitchCoordinator {
 public:
  SwitchCoordinator(plugins::RuntimeManager& manager, indexing::EmbeddingPipeline& pipeline)
      : manager_(manager), pipeline_(pipeline) {}
  ~SwitchCoordinator() { stop(); }
  SwitchCoordinator(const SwitchCoordinator&) = delete;
  SwitchCoordinator& operator=(const SwitchCoordinator&) = delete;

  void start();
  void stop();
  // Runs a pass soon (after a reload or an activation).
  void wake();
  // One pass; the thread calls it every second (every 250 ms while a set is being filled).
  sdk::Status tick();

 private:
  sdk::Status pass();
  sdk::Status follow_stored_states(const plugins::Runtime& runtime, const std::vector<sdk::EmbeddingSet>& sets);
  sdk::Status fill(const plugins::Runtime& runtime, const plugins::EmbeddingLane& lane);

  plugins::RuntimeManager& manager_;
  indexing::EmbeddingPipeline& pipeline_;
  std::mutex tick_mutex_;  // one pass at a time: the thread's, or one asked for by an activation
  std::mutex mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
  bool stopping_ = false;
  std::jthread thread_;
  // Per building set: where the next fill pass continues, and the articles already queued.
  struct FillState {
    sdk::ArticleId cursor = 0;
    std::set<sdk::ArticleId> queued;
  };
  std::map<sdk::EmbeddingSetId, FillState> fill_;
  std::chrono::steady_clock::time_point last_steady_measure_{};
};

}  // namespace vellum::embeddings
