// `vellum queue export` / `import`: one JSON document with the control row, the workers as they were,
// the queue configuration and every task. Import puts back tasks that are missing (by id) and, when
// asked, the control row; it never overwrites a task that exists.
#pragma once

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "queue_admin/queue_settings.hpp"
#include "vellum/sdk/storage.hpp"

namespace vellum::queue_admin {

inline constexpr const char* kExportFormat = "vellum-queue-export";
inline constexpr int kExportVersion = 1;

[[nodiscard]] sdk::Result<nlohmann::json> export_queue(sdk::StorageBackend& storage, const QueueSettingsView& settings,
                                                       sdk::Timestamp now);

struct ImportOutcome {
  std::int64_t tasks = 0;     // in the document
  std::int64_t restored = 0;  // inserted
  std::int64_t skipped = 0;   // already there, article gone, or a pending task of the article exists
  bool control_restored = false;
};

// invalid_argument when the document is not an export of this format.
[[nodiscard]] sdk::Result<ImportOutcome> import_queue(sdk::StorageBackend& storage, const nlohmann::json& document,
                                                      bool restore_control, sdk::Timestamp now);

}  // namespace vellum::queue_admin
