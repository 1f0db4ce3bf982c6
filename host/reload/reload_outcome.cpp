#include "reload/reload_outcome.hpp"

namespace vellum::reload {

std::string_view to_string(Outcome outcome) noexcept {
  switch (outcome) {
    case Outcome::applied: return "applied";
    case Outcome::unchanged: return "unchanged";
    case Outcome::refused: return "refused";
  }
  return "refused";
}

std::string_view to_string(Trigger trigger) noexcept {
  switch (trigger) {
    case Trigger::startup: return "startup";
    case Trigger::signal: return "signal";
    case Trigger::api: return "api";
  }
  return "api";
}

}  // namespace vellum::reload
