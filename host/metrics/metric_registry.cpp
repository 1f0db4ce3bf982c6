#include "metrics/metric_registry.hpp"

#include <sstream>

#include "metrics/prometheus_name.hpp"

namespace vellum::metrics {

std::string_view to_string(MetricType type) noexcept {
  switch (type) {
    case MetricType::counter: return "counter";
    case MetricType::gauge: return "gauge";
    case MetricType::summary: return "summary";
  }
  return "untyped";
}

CollectorHandle& CollectorHandle::operator=(CollectorHandle&& other) noexcept {
  if (this != &other) {
    if (registry_) registry_->remove_collector(id_);
    registry_ = std::exchange(other.registry_, nullptr);
    id_ = other.id_;
  }
  return *this;
}

CollectorHandle::~CollectorHandle() {
  if (registry_) registry_->remove_collector(id_);
}

bool Registry::declare(std::string_view name, MetricType type, std::string_view help) {
  std::lock_guard lock(mutex_);
  auto it = families_.find(name);
  if (it != families_.end()) return it->second.type == type;
  families_.emplace(std::string(name), Family{type, std::string(help), {}});
  return true;
}

void Registry::update(std::string_view name, MetricType type, const Labels& labels,
                      const std::function<void(SeriesValue&)>& change) {
  std::lock_guard lock(mutex_);
  auto it = families_.find(name);
  if (it == families_.end() || it->second.type != type) return;
  change(it->second.series[labels]);
}

void Registry::add(std::string_view name, const Labels& labels, double delta) {
  update(name, MetricType::counter, labels, [delta](SeriesValue& v) {
    if (delta > 0) v.value += delta;
    ++v.count;
  });
}

void Registry::set(std::string_view name, const Labels& labels, double value) {
  update(name, MetricType::gauge, labels, [value](SeriesValue& v) {
    v.value = value;
    ++v.count;
  });
}

void Registry::observe(std::string_view name, const Labels& labels, double value) {
  update(name, MetricType::summary, labels, [value](SeriesValue& v) {
    v.value += value;
    ++v.count;
  });
}

void Registry::remove(std::string_view name, const Labels& labels) {
  std::lock_guard lock(mutex_);
  if (auto it = families_.find(name); it != families_.end()) it->second.series.erase(labels);
}

CollectorHandle Registry::add_collector(Collector collector) {
  std::lock_guard lock(collectors_mutex_);
  const auto id = next_collector_++;
  collectors_.emplace(id, std::move(collector));
  return {this, id};
}

void Registry::remove_collector(std::uint64_t id) {
  std::lock_guard lock(collectors_mutex_);
  collectors_.erase(id);
}

void Registry::collect() {
  std::lock_guard lock(collectors_mutex_);
  for (auto& [id, collector] : collectors_) collector(*this);
}

namespace {

void write_series(std::ostringstream& out, const std::string& name, const Labels& labels, double value) {
  out << name;
  if (!labels.empty()) {
    out << '{';
    bool first = true;
    for (const auto& [label, text] : labels) {
      out << (first ? "" : ",") << label << "=\"" << label_value(text) << '"';
      first = false;
    }
    out << '}';
  }
  out << ' ' << sample_value(value) << '\n';
}

}  // namespace

std::string Registry::prometheus_text() {
  collect();
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  for (const auto& [name, family] : families_) {
    out << "# HELP " << name << ' ' << family.help << "\n# TYPE " << name << ' ' << to_string(family.type) << '\n';
    for (const auto& [labels, value] : family.series) {
      if (family.type != MetricType::summary) {
        write_series(out, name, labels, value.value);
        continue;
      }
      write_series(out, name + "_sum", labels, value.value);
      write_series(out, name + "_count", labels, static_cast<double>(value.count));
    }
  }
  return out.str();
}

std::vector<Series> Registry::series() {
  collect();
  std::vector<Series> out;
  std::lock_guard lock(mutex_);
  for (const auto& [name, family] : families_) {
    for (const auto& [labels, value] : family.series) out.push_back({name, family.type, labels, value});
  }
  return out;
}

}  // namespace vellum::metrics
