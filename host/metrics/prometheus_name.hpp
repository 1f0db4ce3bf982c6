// The Prometheus text format's rules for what we write: metric names, label values, sample values.
#pragma once

#include <string>
#include <string_view>

namespace vellum::metrics {

// A metric-name fragment from free text: lower case, every run of characters outside [a-z0-9_]
// becomes one '_', no '_' at either end ("queue.sync_failures" → "queue_sync_failures").
[[nodiscard]] std::string name_fragment(std::string_view text);

// A label value with backslash, quote and newline escaped.
[[nodiscard]] std::string label_value(std::string_view text);

// A sample value: integers without a fraction, others in the shortest exact form; NaN, +Inf, -Inf.
[[nodiscard]] std::string sample_value(double value);

}  // namespace vellum::metrics
