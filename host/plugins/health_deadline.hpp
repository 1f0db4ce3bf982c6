// A health check with a deadline. A plugin's health() may block for as long as its own timeouts allow
// (a provider's request timeout can be minutes); a swap must not wait that long, and a provider that
// takes 30 s to answer is not one to swap in. The check runs on a thread of its own; past the deadline
// the caller stops waiting and gets an error, and the thread finishes (or not) on its own, holding the
// object — and so its library — alive until health() returns.
#pragma once

#include <chrono>
#include <functional>

#include "vellum/sdk/result.hpp"

namespace vellum::plugins {

// `check` must own what it uses (capture the object's shared_ptr by value): it may outlive the call.
[[nodiscard]] sdk::Status health_within(std::function<sdk::Status()> check, std::chrono::milliseconds deadline);

}  // namespace vellum::plugins
