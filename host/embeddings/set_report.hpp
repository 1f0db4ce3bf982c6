// Every embedding set with what it holds: coverage of the indexable articles and stored vectors.
// What `vellum embeddings list`, GET /api/embedding-sets and `embeddings compare` show.
#pragma once

#include <vector>

#include "vellum/sdk/storage.hpp"

namespace vellum::embeddings {

struct SetReport {
  sdk::EmbeddingSet set;
  sdk::SetCoverage coverage;
  std::int64_t vectors = 0;
};

[[nodiscard]] sdk::Result<std::vector<SetReport>> report_sets(sdk::StorageBackend& storage);

}  // namespace vellum::embeddings
