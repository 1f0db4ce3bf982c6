// What kind of failure a task's stored error message describes ("timeout", "authentication", …):
// what callers who may not read the message itself are told (it may quote a provider), and the
// `vellum queue debug` advice keys.
#pragma once

#include <string>
#include <string_view>

#include "vellum/sdk/types.hpp"

namespace vellum::queue_admin {

// "none" for an empty message, "unknown" when nothing matches.
[[nodiscard]] std::string failure_kind(std::string_view error_message);
// A cancelled task is "cancelled_by_operator" by its status, whatever its message says; any other
// task is the kind of its message.
[[nodiscard]] std::string failure_kind(const sdk::Task& task);

}  // namespace vellum::queue_admin
