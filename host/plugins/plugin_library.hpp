// Opening a plugin shared library and checking its manifest before anything is created.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "vellum/sdk/abi.hpp"

namespace vellum::plugins {

using sdk::Result;

// A copy of a plugin's manifest, owned by the host (strings copied out of the library).
struct Manifest {
  std::filesystem::path file;
  std::string name;
  sdk::Slot slot = sdk::Slot::embedding;
  std::string version;
  std::string description;
  std::uint32_t abi_version = 0;
  std::uint32_t sdk_major = 0;
  std::uint32_t sdk_minor = 0;
  std::string stdlib_id;
  std::vector<sdk::ConfigOption> options;  // pointers into the library: valid while it is loaded
};

class PluginLibrary;
using LibraryPtr = std::shared_ptr<const PluginLibrary>;

// A loaded, manifest-checked plugin library. Objects it creates hold a reference to it, so the code
// stays mapped until the last object is destroyed (the hot-swap rule).
class PluginLibrary : public std::enable_shared_from_this<PluginLibrary> {
 public:
  // Loads `file` and validates its manifest. Errors name the file and what was expected: missing
  // file, writable by someone other than root or this user (plugin_trust.hpp), not a shared library,
  // no manifest, ABI/SDK/stdlib mismatch.
  static Result<LibraryPtr> open(const std::filesystem::path& file);

  ~PluginLibrary();
  PluginLibrary(const PluginLibrary&) = delete;
  PluginLibrary& operator=(const PluginLibrary&) = delete;

  [[nodiscard]] const Manifest& manifest() const noexcept { return manifest_; }

  // Creates the slot's object. Fails when the plugin is for another slot or its factory fails.
  template <sdk::Slot S>
  Result<std::shared_ptr<typename sdk::SlotInterface<S>::type>> create(const sdk::PluginConfig& config,
                                                                       sdk::HostContext& host) const;

 private:
  struct Handle;
  PluginLibrary(std::unique_ptr<Handle> handle, Manifest manifest);
  [[nodiscard]] sdk::Status check_slot(sdk::Slot wanted) const;
  void call_create(const sdk::PluginConfig& config, sdk::HostContext& host, void* out) const;
  // The context the object is created with: under the host's own services, one that labels the
  // plugin's metrics with its name and slot (plugin_host_context.hpp); any other context (a test
  // driving a library directly) as it is.
  [[nodiscard]] std::shared_ptr<sdk::HostContext> context_for(sdk::HostContext& host) const;
  // Under the host's own services, a provider whose calls are counted (metered_provider.hpp).
  [[nodiscard]] static sdk::ProviderPtr metered(sdk::ProviderPtr provider, sdk::HostContext& host);

  std::unique_ptr<Handle> handle_;
  Manifest manifest_;
};

template <sdk::Slot S>
Result<std::shared_ptr<typename sdk::SlotInterface<S>::type>> PluginLibrary::create(const sdk::PluginConfig& config,
                                                                                    sdk::HostContext& host) const {
  using Interface = typename sdk::SlotInterface<S>::type;
  if (auto slot_ok = check_slot(S); !slot_ok) return std::move(slot_ok).error();
  sdk::CreateResult<S> created{sdk::Error(sdk::ErrorKind::internal, "factory did not answer")};
  auto context = context_for(host);
  call_create(config, *context, &created);
  if (!created) {
    return created.error().with_context("plugin " + manifest_.file.string() + " (" + manifest_.name +
                                        "): factory failed");
  }
  // The object's deleter keeps this library loaded, and the context it was given valid, for as long
  // as the object lives.
  std::shared_ptr<Interface> object = std::move(created).value();
  auto self = shared_from_this();
  Interface* raw = object.get();
  std::shared_ptr<Interface> owned(raw, [object = std::move(object), context = std::move(context), self](Interface*) mutable {
    object.reset();  // destroy the object first, then its context, then let go of the library
    context.reset();
    self.reset();
  });
  if constexpr (S == sdk::Slot::embedding) return metered(std::move(owned), host);
  return owned;
}

}  // namespace vellum::plugins
