#include "plugins/runtime_builder.hpp"

namespace vellum::plugins {

namespace {

using sdk::Error;
using sdk::ErrorKind;

template <sdk::Slot S>
sdk::Result<std::shared_ptr<typename sdk::SlotInterface<S>::type>> create_slot(const SlotChoice& choice,
                                                                             const PluginCatalog& catalog,
                                                                             sdk::HostContext& host) {
  auto library = catalog.find(S, choice.plugin);
  if (!library) return Error(ErrorKind::not_found, catalog.explain_missing(S, choice.plugin));
  return library->create<S>(choice.settings, host);
}

template <sdk::Slot S, class Interface>
sdk::Status fill_slot(ActiveSlot<Interface>& slot, const SlotChoice& choice, const ActiveSlot<Interface>* previous,
                      const PluginCatalog& catalog, sdk::HostContext& host, BuildReport& report) {
  const std::string slot_name = sdk::to_string(S);
  slot.choice = choice;
  if (choice.plugin.empty()) return {};
  if (previous && previous->object && previous->choice.same_as(choice)) {
    slot.object = previous->object;
    report.reused.push_back(slot_name);
    return {};
  }
  auto created = create_slot<S>(choice, catalog, host);
  if (!created) return created.error().with_context(slot_name + " plugin '" + choice.plugin + "'");
  slot.object = std::move(created).value();
  if constexpr (S != sdk::Slot::queue) {
    // Never swap in something that cannot answer: a provider or backend must pass its own check.
    if (auto healthy = slot.object->health(); !healthy) {
      return healthy.error().with_context(slot_name + " plugin '" + choice.plugin + "' failed its health check");
    }
  }
  report.rebuilt.push_back(slot_name);
  return {};
}

}  // namespace

sdk::Result<std::shared_ptr<Runtime>> build_runtime(const RuntimeSpec& spec, const PluginCatalog& catalog,
                                                    sdk::HostContext& host, const Runtime* previous,
                                                    BuildReport* report) {
  BuildReport local_report;
  BuildReport& out = report ? *report : local_report;
  if (spec.embedding.plugin.empty()) return Error(ErrorKind::invalid_argument, "embedding.provider is not set");
  if (spec.storage.plugin.empty()) return Error(ErrorKind::invalid_argument, "storage.backend is not set");

  auto runtime = std::make_shared<Runtime>();
  runtime->generation = previous ? previous->generation + 1 : 1;
  // Storage first: the queue strategy (created last) works against it.
  if (auto s = fill_slot<sdk::Slot::storage>(runtime->storage, spec.storage, previous ? &previous->storage : nullptr,
                                             catalog, host, out);
      !s) {
    return std::move(s).error();
  }
  if (auto s = fill_slot<sdk::Slot::embedding>(runtime->embedding, spec.embedding,
                                               previous ? &previous->embedding : nullptr, catalog, host, out);
      !s) {
    return std::move(s).error();
  }
  // A queue strategy is bound to the backend it was created with, so a new backend means a new queue.
  const bool storage_changed = previous && previous->storage.object != runtime->storage.object;
  const ActiveSlot<sdk::QueueStrategy>* previous_queue = (previous && !storage_changed) ? &previous->queue : nullptr;
  if (auto s = fill_slot<sdk::Slot::queue>(runtime->queue, spec.queue, previous_queue, catalog, host, out); !s) {
    return std::move(s).error();
  }
  return runtime;
}

}  // namespace vellum::plugins
