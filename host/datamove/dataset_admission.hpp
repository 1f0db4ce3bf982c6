// Whether a running server may switch onto another database (a reload that changes storage.*):
// only onto one that holds the same dataset, as current as the one it serves. An empty database, one
// that holds another dataset, or a copy that is behind would make the server answer from the wrong
// data (404s, 401s for keys made here) and lose every write made meanwhile on the other side.
#pragma once

#include "vellum/sdk/storage.hpp"

namespace vellum::datamove {

struct AdmissionPolicy {
  // The operator asked for it (`vellum reload --new-dataset`): an empty or foreign database is taken.
  bool new_dataset = false;
};

// Reads both databases (nothing is written to either) and refuses, saying why and what to do instead,
// unless `next` is the same database as `running` or holds the same dataset with the same contents.
[[nodiscard]] sdk::Status admit_storage(sdk::StorageBackend& running, sdk::StorageBackend& next,
                                        const AdmissionPolicy& policy);

}  // namespace vellum::datamove
