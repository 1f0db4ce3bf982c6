// Plain data shared by the host and every plugin. Structs only; behaviour lives in the interfaces.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vellum::sdk {

using Timestamp = std::chrono::system_clock::time_point;  // stored with millisecond precision
using ArticleId = std::int64_t;
using EmbeddingSetId = std::int64_t;
using Vector = std::vector<float>;

// ---- articles -------------------------------------------------------------------------------

struct Article {
  ArticleId id = 0;
  std::string slug;
  std::string title;
  std::string content;               // markdown as written, frontmatter included
  std::string folder;                // "" = root, else "a/b" (no leading or trailing slash)
  std::string metadata_json = "{}";  // JSON object: frontmatter fields and operator flags (needs_review…)
  bool is_public = false;
  bool no_rag = false;               // never embedded, never returned by semantic search
  Timestamp created_at{};
  Timestamp updated_at{};
  std::optional<std::string> created_by;  // token name, or "admin"
  std::optional<std::string> updated_by;
};

// The fields a write sets; the backend fills id and timestamps it is not given.
struct ArticleDraft {
  std::string slug;
  std::string title;
  std::string content;
  std::string folder;
  std::string metadata_json = "{}";
  bool is_public = false;
  bool no_rag = false;
  std::optional<std::string> actor;  // becomes created_by (insert) and updated_by
  Timestamp now{};                   // the write's clock reading; created_at/updated_at
  bool touch_updated_at = true;      // false when only flags change and "modified" must stay
};

struct ArticleSummary {  // list and title-search rows: no content
  ArticleId id = 0;
  std::string slug;
  std::string title;
  std::string folder;
  bool is_public = false;
  bool no_rag = false;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::optional<std::string> updated_by;
};

struct ArticleFilter {
  std::optional<std::string> folder;       // nullopt = all; "" = root only; "a" = a and its subfolders
  std::optional<std::string> title_query;  // case-insensitive substring of the title
  std::optional<bool> is_public;
  std::size_t limit = 0;                   // 0 = no limit
  std::size_t offset = 0;
};

struct ArticleVersion {
  std::int64_t id = 0;
  ArticleId article_id = 0;
  std::int64_t version_number = 0;  // 1, 2, 3… per article
  std::string title;
  std::string content;
  std::string folder;
  std::string metadata_json = "{}";
  std::string message;
  std::string content_hash;  // sha256 of content, lowercase hex
  std::uint64_t size_bytes = 0;
  Timestamp created_at{};
  std::optional<std::string> created_by;
};

// ---- embeddings -----------------------------------------------------------------------------

// Each (provider, model, dimensions) is one embedding set; vectors of different sets never mix.
// Lifecycle: building (being filled) → active (search uses it) → previous (kept for a rollback) →
// retired. At most one set is active and at most one is previous.
struct EmbeddingSet {
  EmbeddingSetId id = 0;
  std::string provider;
  std::string model;
  std::uint32_t dimensions = 0;
  std::string state = "building";  // building | active | previous | retired
  Timestamp created_at{};
  std::optional<Timestamp> activated_at;    // when it last became active
  std::optional<Timestamp> deactivated_at;  // when it last stopped being active
  // The provider plugin that fills it and its settings without secrets (JSON object), so the host can
  // load that provider again after a restart while the configuration names another one.
  std::string provider_plugin;
  std::string provider_settings_json = "{}";
};

// What one set recorded of the article text its vectors were made from.
struct EmbeddedVersion {
  std::string content_hash;         // of the article's content (empty for vectors older than the record)
  Timestamp article_updated_at{};   // the article's updated_at when it was read
  Timestamp embedded_at{};
};

// How much of the indexable articles (not no_rag) one set holds, by what it recorded embedding.
struct SetCoverage {
  std::int64_t indexable = 0;  // articles that should have vectors
  std::int64_t fresh = 0;      // embedded from the article's current text
  std::int64_t stale = 0;      // embedded from an older text of the article
  std::int64_t missing = 0;    // never embedded into this set
  [[nodiscard]] bool complete() const noexcept { return stale == 0 && missing == 0; }
};

struct Chunk {
  ArticleId article_id = 0;
  EmbeddingSetId embedding_set_id = 0;
  std::string chunk_id;                   // "<slug>.md#<index>" at indexing time
  std::int32_t chunk_index = 0;           // 0-based within the article
  std::vector<std::string> heading_path;  // e.g. {"# Intro", "## Setup"}
  std::string text;
  std::string content_hash;               // sha256 of text, hex; unchanged chunks are not re-embedded
  Vector vector;                          // empty when only the text is wanted
  std::int64_t seq = 0;                   // change-feed sequence of the write that stored it
};

// ---- queue ----------------------------------------------------------------------------------

// cancelled: ended by an operator (queue clear, emergency stop, a provider or migration rollback),
// not by the task itself. It is its own status, not a failed task with a telling message, so failure
// counts, health and `retry-failed` leave it alone without reading any text.
enum class TaskStatus { pending, processing, completed, failed, cancelled };
enum class TaskPriority { high, normal, low };
enum class TaskOperation { create, update, delete_ };

struct Task {
  std::string id;  // UUID
  ArticleId article_id = 0;
  std::string slug;  // for display only; work is always done by article id
  TaskOperation operation = TaskOperation::update;
  TaskPriority priority = TaskPriority::normal;
  TaskStatus status = TaskStatus::pending;
  std::int32_t attempts = 0;
  std::int32_t max_attempts = 3;
  Timestamp created_at{};
  Timestamp scheduled_at{};
  std::optional<Timestamp> processed_at;
  std::optional<Timestamp> completed_at;
  std::optional<std::string> error_message;
  std::string metadata_json = "{}";  // {"reason": "...", ...}
  std::optional<std::string> claimed_by;
  std::optional<Timestamp> lease_expires_at;
  std::optional<EmbeddingSetId> embedding_set_id;  // nullopt = the active set(s)
};

[[nodiscard]] constexpr std::string_view to_string(TaskStatus s) noexcept {
  switch (s) {
    case TaskStatus::pending: return "pending";
    case TaskStatus::processing: return "processing";
    case TaskStatus::completed: return "completed";
    case TaskStatus::failed: return "failed";
    case TaskStatus::cancelled: return "cancelled";
  }
  return "pending";
}
// Every status, in the order operators read them (counts, metrics, parsing).
inline constexpr TaskStatus kTaskStatuses[] = {TaskStatus::pending, TaskStatus::processing, TaskStatus::completed,
                                               TaskStatus::failed, TaskStatus::cancelled};
[[nodiscard]] constexpr std::string_view to_string(TaskPriority p) noexcept {
  switch (p) {
    case TaskPriority::high: return "high";
    case TaskPriority::normal: return "normal";
    case TaskPriority::low: return "low";
  }
  return "normal";
}
[[nodiscard]] constexpr std::string_view to_string(TaskOperation o) noexcept {
  switch (o) {
    case TaskOperation::create: return "create";
    case TaskOperation::update: return "update";
    case TaskOperation::delete_: return "delete";
  }
  return "update";
}
[[nodiscard]] inline std::optional<TaskStatus> parse_task_status(std::string_view text) noexcept {
  for (auto s : kTaskStatuses)
    if (to_string(s) == text) return s;
  return std::nullopt;
}
[[nodiscard]] inline std::optional<TaskPriority> parse_task_priority(std::string_view text) noexcept {
  for (auto p : {TaskPriority::high, TaskPriority::normal, TaskPriority::low})
    if (to_string(p) == text) return p;
  return std::nullopt;
}
[[nodiscard]] inline std::optional<TaskOperation> parse_task_operation(std::string_view text) noexcept {
  for (auto o : {TaskOperation::create, TaskOperation::update, TaskOperation::delete_})
    if (to_string(o) == text) return o;
  return std::nullopt;
}

// ---- access tokens --------------------------------------------------------------------------

struct AccessToken {
  std::int64_t id = 0;
  std::string name;
  std::string scope;       // "read-only" | "write"
  std::string token_hash;  // sha256 of the secret, hex; the secret itself is never stored
  std::string token_hint;  // last 4 characters, for masked display
  Timestamp created_at{};
  std::optional<Timestamp> last_used_at;
};

// ---- observability --------------------------------------------------------------------------

struct AuditEntry {
  Timestamp timestamp{};
  std::string level = "info";  // debug | info | warn | error
  std::string category;        // task_lifecycle | worker_status | queue_operations | performance | error_handling | bulk_operations
  std::string message;
  std::optional<std::string> task_id;
  std::optional<ArticleId> article_id;
  std::optional<std::string> operation_id;
  std::string metadata_json = "{}";
  std::optional<double> duration_ms;
  std::optional<std::string> error;
};

struct MetricSample {
  Timestamp timestamp{};
  std::string metric_type;
  double value = 0;
  std::string unit;
  std::optional<std::string> task_id;
  std::optional<ArticleId> article_id;
  std::string metadata_json = "{}";
};

}  // namespace vellum::sdk
