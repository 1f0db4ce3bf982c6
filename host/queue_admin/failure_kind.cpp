#include "queue_admin/failure_kind.hpp"

namespace vellum::queue_admin {

std::string failure_kind(std::string_view e) {
  auto has = [&](const char* word) { return e.find(word) != std::string_view::npos; };
  if (e.empty()) return "none";
  if (has("timeout") || has("timed out")) return "timeout";
  if (has("connection") || has("network")) return "connection";
  if (has("auth") || has("401") || has("403")) return "authentication";
  if (has("rate") || has("quota") || has("429")) return "rate_limit";
  if (has("invalid") || has("malformed") || has("dimension")) return "invalid_data";
  return "unknown";
}

std::string failure_kind(const sdk::Task& task) {
  if (task.status == sdk::TaskStatus::cancelled) return "cancelled_by_operator";
  return failure_kind(task.error_message.value_or(""));
}

}  // namespace vellum::queue_admin
