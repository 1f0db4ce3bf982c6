#include "datamove/dataset_admission.hpp"

#include <spdlog/spdlog.h>

#include "datamove/census.hpp"

namespace vellum::datamove {

namespace {

using sdk::Error;
using sdk::ErrorKind;

// What an operator does instead, named in every refusal.
constexpr const char* kHowToMove =
    "to move this server's data there, stop it and run `vellum copy --from CURRENT.yaml --to NEW.yaml` "
    "(into an empty database), then start it on NEW.yaml; to serve a new, empty dataset on purpose, "
    "`vellum reload --new-dataset`";

Error refusal(const sdk::StorageBackend& next, const std::string& why) {
  return Error(ErrorKind::conflict,
               "storage: refusing to switch to " + next.describe().location + ": " + why + "; " + kHowToMove);
}

sdk::Status taken_on_request(const sdk::StorageBackend& next, const std::string& what) {
  spdlog::warn("storage: switching to {} ({}) as asked by --new-dataset", next.describe().location, what);
  return {};
}

std::string short_id(const std::string& id) { return id.substr(0, 8); }

}  // namespace

sdk::Status admit_storage(sdk::StorageBackend& running, sdk::StorageBackend& next, const AdmissionPolicy& policy) {
  auto theirs = next.identify();
  if (!theirs) return theirs.error().with_context("storage: checking the new database");
  auto ours = running.identify();
  if (!ours) return ours.error().with_context("storage: checking the running database");

  if (!theirs->has_schema) {
    if (policy.new_dataset) return taken_on_request(next, "an empty database");
    return refusal(next, "it is empty (no Vellum tables)");
  }
  if (theirs->pending_migrations > 0 && !policy.new_dataset) {
    return refusal(next, "its schema is " + std::to_string(theirs->pending_migrations) +
                             " migration steps behind this build's, so its contents cannot be compared; bring it up "
                             "with `vellum migrate up --config NEW.yaml` first");
  }
  const bool both_known = !ours->id.empty() && !theirs->id.empty();
  if (both_known && ours->id != theirs->id) {
    if (policy.new_dataset) return taken_on_request(next, "dataset " + short_id(theirs->id));
    return refusal(next, "it holds another dataset (" + short_id(theirs->id) + "…, this server serves " +
                             short_id(ours->id) + "…)");
  }
  // The same database reached through other settings (a pool size, a timeout): nothing to compare.
  if (both_known && running.describe().location == next.describe().location) return {};
  if (policy.new_dataset) return {};

  auto here = take_census(running);
  if (!here) return here.error().with_context("storage: counting the running database");
  auto there = take_census(next);
  if (!there) return there.error().with_context("storage: counting the new database");
  if (there->empty() && !here->empty()) return refusal(next, "it holds no articles, tokens or tasks");
  if (!differences(here.value(), there.value()).empty()) {
    return refusal(next, "it is not a current copy of the running database (here: " + describe(here.value()) +
                             "; there: " + describe(there.value()) + ")");
  }
  return {};
}

}  // namespace vellum::datamove
