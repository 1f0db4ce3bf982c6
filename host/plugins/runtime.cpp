#include "plugins/runtime.hpp"

namespace vellum::plugins {

void SetProgress::record(const sdk::SetCoverage& coverage, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  coverage_ = coverage;
  if (coverage.missing == 0) {
    missing_since_ms_ = -1;
  } else if (missing_since_ms_ < 0) {
    missing_since_ms_ = now_ms;
  }
  // The rate over a window of at least 10 s, restarted when it is a minute old, so an ETA follows
  // the current pace rather than the average since the switch began.
  if (first_ms_ < 0 || now_ms - first_ms_ > 60'000 || coverage.fresh < first_fresh_) {
    if (first_ms_ >= 0 && now_ms - first_ms_ > 0 && coverage.fresh >= first_fresh_) {
      rate_ = 1000.0 * static_cast<double>(coverage.fresh - first_fresh_) / static_cast<double>(now_ms - first_ms_);
    }
    first_ms_ = now_ms;
    first_fresh_ = coverage.fresh;
  } else if (now_ms - first_ms_ >= 10'000) {
    rate_ = 1000.0 * static_cast<double>(coverage.fresh - first_fresh_) / static_cast<double>(now_ms - first_ms_);
  }
  measured_at_ms_.store(now_ms);
}

sdk::SetCoverage SetProgress::coverage() const {
  std::lock_guard lock(mutex_);
  return coverage_;
}

bool SetProgress::has_gap(std::int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  return missing_since_ms_ >= 0 && now_ms - missing_since_ms_ >= kGapGraceMs;
}

double SetProgress::fill_rate() const {
  std::lock_guard lock(mutex_);
  return rate_;
}

std::vector<const EmbeddingLane*> EmbeddingLanes::live() const {
  std::vector<const EmbeddingLane*> out;
  for (const auto* lane : {&active, &building, &previous}) {
    if (*lane) out.push_back(&**lane);
  }
  return out;
}

const EmbeddingLane* EmbeddingLanes::target() const {
  if (building) return &*building;
  return active ? &*active : nullptr;
}

const EmbeddingLane* EmbeddingLanes::find(sdk::EmbeddingSetId id) const {
  for (const auto* lane : live()) {
    if (lane->set.id == id) return lane;
  }
  return nullptr;
}

}  // namespace vellum::plugins
