#include "metrics/plugin_metric_name.hpp"

#include "metrics/prometheus_name.hpp"

namespace vellum::metrics {

namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// "_seconds" on "..._seconds" once, not twice.
std::string with_suffix(std::string name, std::string_view suffix) {
  if (suffix.empty() || ends_with(name, suffix)) return name;
  return name + std::string(suffix);
}

}  // namespace

std::optional<PluginSample> plugin_sample(std::string_view name, double value, std::string_view unit) {
  const auto fragment = name_fragment(name);
  if (fragment.empty()) return std::nullopt;
  const std::string base = "vellum_plugin_" + fragment;
  const std::string help_tail =
      " (a plugin's record_metric(\"" + label_value(name) + "\", unit \"" + label_value(unit) + "\")).";
  if (unit == "count") return PluginSample{with_suffix(base, "_total"), MetricType::counter, value, "Events" + help_tail};
  if (unit == "ms") {
    return PluginSample{with_suffix(base, "_seconds"), MetricType::summary, value / 1000.0, "Durations" + help_tail};
  }
  if (unit == "s") return PluginSample{with_suffix(base, "_seconds"), MetricType::summary, value, "Durations" + help_tail};
  if (unit == "percent") {
    return PluginSample{with_suffix(base, "_ratio"), MetricType::gauge, value / 100.0, "Last value" + help_tail};
  }
  const auto unit_fragment = name_fragment(unit);
  return PluginSample{with_suffix(base, unit_fragment.empty() ? "" : "_" + unit_fragment), MetricType::gauge, value,
                      "Last value" + help_tail};
}

bool record_plugin_sample(Registry& registry, const PluginSample& sample, const Labels& labels) {
  if (!registry.declare(sample.family, sample.type, sample.help)) return false;
  switch (sample.type) {
    case MetricType::counter: registry.add(sample.family, labels, sample.value); break;
    case MetricType::summary: registry.observe(sample.family, labels, sample.value); break;
    case MetricType::gauge: registry.set(sample.family, labels, sample.value); break;
  }
  return true;
}

}  // namespace vellum::metrics
