// A task as JSON, both ways: the export file, `--json` listings and `inspect` use the same fields
// (snake_case, ISO-8601 times, metadata as an object).
#pragma once

#include <nlohmann/json.hpp>

#include "vellum/sdk/result.hpp"
#include "vellum/sdk/types.hpp"

namespace vellum::queue_admin {

[[nodiscard]] nlohmann::json task_json(const sdk::Task& task);
// invalid_argument naming the field when the object is not a task.
[[nodiscard]] sdk::Result<sdk::Task> task_from_json(const nlohmann::json& json);

}  // namespace vellum::queue_admin
