#include "plugins/runtime_builder.hpp"

#include <optional>

#include "plugins/health_deadline.hpp"

namespace vellum::plugins {

namespace {

using sdk::Error;
using sdk::ErrorKind;

constexpr std::string_view kAutoMigrate = "auto_migrate";

template <sdk::Slot S, class Interface>
sdk::Status create_slot(ActiveSlot<Interface>& slot, const SlotChoice& choice, const PluginCatalog& catalog,
                        sdk::HostContext& host) {
  auto library = catalog.find(S, choice.plugin);
  if (!library) return Error(ErrorKind::not_found, catalog.explain_missing(S, choice.plugin));
  auto created = library->create<S>(choice.settings, host);
  if (!created) return std::move(created).error();
  slot.object = std::move(created).value();
  slot.version = library->manifest().version;
  return {};
}

// `create_with` (default: `choice`) is what the plugin is created from; the slot records `choice`.
template <sdk::Slot S, class Interface>
sdk::Status fill_slot(ActiveSlot<Interface>& slot, const SlotChoice& choice, const ActiveSlot<Interface>* previous,
                      const PluginCatalog& catalog, sdk::HostContext& host, std::chrono::milliseconds health_deadline,
                      BuildReport& report, const SlotChoice* create_with = nullptr) {
  const std::string slot_name = sdk::to_string(S);
  slot.choice = choice;
  if (choice.plugin.empty()) return {};
  if (previous && previous->object && previous->choice.same_as(choice)) {
    slot.object = previous->object;
    slot.version = previous->version;
    report.reused.push_back(slot_name);
    return {};
  }
  if (auto created = create_slot<S>(slot, create_with ? *create_with : choice, catalog, host); !created) {
    return created.error().with_context(slot_name + " plugin '" + choice.plugin + "'");
  }
  if constexpr (S != sdk::Slot::queue) {
    // Never swap in something that cannot answer, or answers too slowly: a provider or backend must
    // pass its own check in time.
    if (auto healthy = health_within([object = slot.object] { return object->health(); }, health_deadline);
        !healthy) {
      slot.object.reset();
      return healthy.error().with_context(slot_name + " plugin '" + choice.plugin + "' failed its health check");
    }
  }
  report.rebuilt.push_back(slot_name);
  return {};
}

bool moves_storage(const RuntimeSpec& spec, const Runtime* previous) {
  return previous && previous->storage.object && !previous->storage.choice.same_as(spec.storage);
}

// The storage choice with auto_migrate off (for backends that have the setting).
SlotChoice without_migrating(const SlotChoice& choice) {
  auto values = choice.settings.values();
  if (values.count(kAutoMigrate)) values[std::string(kAutoMigrate)] = false;
  return SlotChoice{choice.plugin, sdk::PluginConfig(choice.settings.section(), std::move(values))};
}

// A running server moving onto the new backend: the admission decides, then the migrations the
// configuration asks for run — the first writes the new database sees.
sdk::Status admit_and_migrate(const SlotChoice& choice, sdk::StorageBackend& running, sdk::StorageBackend& next,
                              const StorageAdmission* admit, sdk::HostContext& host) {
  if (admit) {
    if (auto admitted = (*admit)(running, next); !admitted) return admitted;
  }
  if (!choice.settings.get_boolean(kAutoMigrate, true)) return {};
  auto applied = next.migrations().up(std::nullopt);
  if (!applied) return applied.error().with_context("storage plugin '" + choice.plugin + "': migrating");
  for (const auto& step : applied.value())
    host.log(sdk::LogLevel::info, "storage." + choice.plugin + ": applied migration " + std::to_string(step.version) +
                                      " " + step.name);
  return {};
}

}  // namespace

sdk::Result<std::shared_ptr<Runtime>> build_runtime(const RuntimeSpec& spec, const PluginCatalog& catalog,
                                                    sdk::HostContext& host, const Runtime* previous,
                                                    BuildReport* report, const StorageAdmission* admit) {
  BuildReport local_report;
  BuildReport& out = report ? *report : local_report;
  if (spec.embedding.plugin.empty()) return Error(ErrorKind::invalid_argument, "embedding.provider is not set");
  if (spec.storage.plugin.empty()) return Error(ErrorKind::invalid_argument, "storage.backend is not set");

  auto runtime = std::make_shared<Runtime>();
  runtime->generation = previous ? previous->generation + 1 : 1;
  const auto deadline = spec.health_check_timeout;
  std::optional<Error> first;
  auto note = [&](sdk::Status status) {
    if (status) return;
    out.failures.push_back(status.error().message);
    if (!first) first = std::move(status).error();
  };
  // Storage first: the queue strategy (created last) works against it.
  const bool moving = moves_storage(spec, previous);
  const SlotChoice unmigrated = without_migrating(spec.storage);
  note(fill_slot<sdk::Slot::storage>(runtime->storage, spec.storage, previous ? &previous->storage : nullptr, catalog,
                                     host, deadline, out, moving ? &unmigrated : nullptr));
  note(fill_slot<sdk::Slot::embedding>(runtime->embedding, spec.embedding, previous ? &previous->embedding : nullptr,
                                       catalog, host, deadline, out));
  if (moving && !first && runtime->storage.object) {
    note(admit_and_migrate(spec.storage, *previous->storage.object, *runtime->storage.object, admit, host));
  }
  // A queue strategy is bound to the backend it was created with, so a new backend means a new queue.
  const bool storage_changed = previous && previous->storage.object != runtime->storage.object;
  const ActiveSlot<sdk::QueueStrategy>* previous_queue = (previous && !storage_changed) ? &previous->queue : nullptr;
  note(fill_slot<sdk::Slot::queue>(runtime->queue, spec.queue, previous_queue, catalog, host, deadline, out));
  if (first) {
    // One failure keeps its kind and message; several are one message listing them all.
    if (out.failures.size() == 1) return std::move(*first);
    std::string all;
    for (const auto& failure : out.failures) all += (all.empty() ? "" : "; ") + failure;
    return Error(first->kind, all);
  }
  return runtime;
}

}  // namespace vellum::plugins
