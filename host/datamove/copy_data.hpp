// Copies every piece of a Vellum database into another, through the repositories of both, so any
// two backends (SQLite → PostgreSQL and back) can trade places. Articles get new ids in the target;
// versions, chunks and tasks follow their article through the id map.
//
// What is copied: articles (timestamps and authors kept), their versions (oldest first, so numbers
// match when the source has no gaps), embedding sets with their state, chunks with vectors, tokens
// (hashes only, so keys keep working), tasks as they are (TaskRepository::restore), worker control
// and settings. Not copied: worker heartbeats, the audit log and metrics — they describe the old
// installation's processes, not its content.
#pragma once

#include "datamove/progress.hpp"
#include "vellum/sdk/storage.hpp"

namespace vellum::datamove {

[[nodiscard]] sdk::Status copy_all(sdk::StorageBackend& source, sdk::StorageBackend& target, Progress& progress);

}  // namespace vellum::datamove
