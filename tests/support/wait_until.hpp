// Waiting for something another thread or process makes true: tests poll for it up to a bound instead
// of sleeping a guessed time.
#pragma once

#include <chrono>
#include <functional>

namespace vellum::test {

// True as soon as `condition` holds; false when it still does not after `timeout`.
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(10),
                std::chrono::milliseconds poll = std::chrono::milliseconds(10));

}  // namespace vellum::test
