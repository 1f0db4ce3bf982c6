#include "search/search_mode_policy.hpp"

namespace vellum::search {

sdk::Result<ModePlan> plan_mode(SearchMode requested, bool semantic_enabled) {
  if (semantic_enabled || requested == SearchMode::keyword) return ModePlan{requested, {}};
  if (requested == SearchMode::semantic) {
    return sdk::Error(sdk::ErrorKind::invalid_argument, "Semantic search is not enabled");
  }
  return ModePlan{SearchMode::keyword, "semantic search is not enabled"};
}

}  // namespace vellum::search
