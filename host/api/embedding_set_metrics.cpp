#include "api/embedding_set_metrics.hpp"

#include <sstream>

#include "queue_admin/prometheus.hpp"

namespace vellum::api {

std::string embedding_set_metrics(const plugins::EmbeddingLanes& lanes) {
  struct Role {
    const char* name;
    const std::optional<plugins::EmbeddingLane>& lane;
  };
  const Role roles[] = {{"active", lanes.active}, {"building", lanes.building}, {"previous", lanes.previous}};
  struct Gauge {
    const char* name;
    const char* help;
    double (*value)(const sdk::SetCoverage&);
  };
  static constexpr Gauge kGauges[] = {
      {"vellum_embedding_set_coverage_ratio", "Share of indexable articles the set holds from their current text",
       [](const sdk::SetCoverage& c) {
         return c.indexable == 0 ? 1.0 : static_cast<double>(c.fresh) / static_cast<double>(c.indexable);
       }},
      {"vellum_embedding_set_stale_articles", "Articles the set holds from an older text",
       [](const sdk::SetCoverage& c) { return static_cast<double>(c.stale); }},
      {"vellum_embedding_set_missing_articles", "Indexable articles the set holds no vectors of",
       [](const sdk::SetCoverage& c) { return static_cast<double>(c.missing); }},
      {"vellum_embedding_set_indexable_articles", "Articles that should have vectors (no_rag ones excluded)",
       [](const sdk::SetCoverage& c) { return static_cast<double>(c.indexable); }},
  };
  std::ostringstream out;
  for (const auto& gauge : kGauges) {
    out << "# HELP " << gauge.name << " " << gauge.help << "\n# TYPE " << gauge.name << " gauge\n";
    for (const auto& role : roles) {
      if (!role.lane || !role.lane->progress) continue;
      const auto& set = role.lane->set;
      out << gauge.name << "{set=\"" << set.id << "\",role=\"" << role.name << "\",provider=\""
          << queue_admin::prometheus_label(set.provider) << "\",model=\"" << queue_admin::prometheus_label(set.model)
          << "\"} " << gauge.value(role.lane->progress->coverage()) << "\n";
    }
  }
  return out.str();
}

}  // namespace vellum::api
