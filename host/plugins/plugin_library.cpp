#include "plugins/plugin_library.hpp"

#include "plugins/elf_check.hpp"
#include "plugins/metered_provider.hpp"
#include "plugins/plugin_host_context.hpp"
#include "plugins/plugin_trust.hpp"

#include <unistd.h>

#include <boost/dll/shared_library.hpp>
#include <system_error>

namespace vellum::plugins {

using sdk::Error;
using sdk::ErrorKind;

struct PluginLibrary::Handle {
  boost::dll::shared_library library;
  sdk::CreateFunction* create = nullptr;
};

namespace {

Error refuse(const std::filesystem::path& file, const std::string& why) {
  return Error(ErrorKind::invalid_argument, "plugin " + file.string() + ": " + why);
}

std::string safe(const char* text) { return text ? std::string(text) : std::string(); }

}  // namespace

PluginLibrary::PluginLibrary(std::unique_ptr<Handle> handle, Manifest manifest)
    : handle_(std::move(handle)), manifest_(std::move(manifest)) {}

PluginLibrary::~PluginLibrary() = default;

Result<LibraryPtr> PluginLibrary::open(const std::filesystem::path& file) {
  std::error_code fs_error;
  if (!std::filesystem::exists(file, fs_error)) return refuse(file, "file not found");
  if (!std::filesystem::is_regular_file(file, fs_error)) return refuse(file, "not a regular file");
  // Before anything reads or maps the file: dlopen runs its initialisers, as this server's user.
  if (auto untrusted = check_plugin_trust(file, ::geteuid())) return refuse(file, "untrusted: " + *untrusted);

  if (auto not_elf = check_elf_shared_library(file)) {
    return refuse(file, "not a loadable shared library (" + *not_elf + ")");
  }

  auto handle = std::make_unique<Handle>();
  std::error_code load_error;
  // RTLD_LOCAL keeps each plugin's symbols to itself, so two plugins may use the same internal names.
  handle->library.load(file.string(), load_error,
                       boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  if (load_error) {
    return refuse(file, "not a loadable shared library (" + load_error.message() + ")");
  }
  if (!handle->library.has(sdk::kManifestSymbol)) {
    return refuse(file, std::string("no Vellum manifest: symbol '") + sdk::kManifestSymbol +
                            "' not found; is it built with VELLUM_PLUGIN?");
  }
  if (!handle->library.has(sdk::kCreateSymbol)) {
    return refuse(file, std::string("no factory: symbol '") + sdk::kCreateSymbol + "' not found");
  }

  using ManifestFunction = const sdk::PluginManifest*() noexcept;
  auto& read_manifest = handle->library.get<ManifestFunction>(sdk::kManifestSymbol);
  const sdk::PluginManifest* raw = read_manifest();
  if (raw == nullptr) return refuse(file, "manifest function returned nothing");

  // The ABI version is the first field and is checked before any other field is trusted.
  if (raw->abi_version != sdk::kAbiVersion) {
    return refuse(file, "ABI version mismatch: expected " + std::to_string(sdk::kAbiVersion) + ", found " +
                            std::to_string(raw->abi_version) + "; rebuild the plugin against this SDK");
  }
  if (raw->sdk_major != sdk::kSdkVersionMajor) {
    return refuse(file, "SDK major version mismatch: expected " + std::to_string(sdk::kSdkVersionMajor) +
                            ".x, found " + std::to_string(raw->sdk_major) + "." + std::to_string(raw->sdk_minor));
  }
  if (safe(raw->stdlib_id) != sdk::kStdlibId) {
    return refuse(file, "C++ standard library mismatch: expected " + std::string(sdk::kStdlibId) + ", found " +
                            safe(raw->stdlib_id));
  }
  const auto slot_value = static_cast<std::uint32_t>(raw->slot);
  if (slot_value < 1 || slot_value > 3) {
    return refuse(file, "unknown slot " + std::to_string(slot_value) + "; expected embedding, storage or queue");
  }
  if (safe(raw->name).empty()) return refuse(file, "manifest has an empty plugin name");
  if (raw->option_count > 0 && raw->options == nullptr) return refuse(file, "manifest lists options but no table");

  Manifest manifest;
  manifest.file = std::filesystem::absolute(file);
  manifest.name = safe(raw->name);
  manifest.slot = raw->slot;
  manifest.version = safe(raw->version);
  manifest.description = safe(raw->description);
  manifest.abi_version = raw->abi_version;
  manifest.sdk_major = raw->sdk_major;
  manifest.sdk_minor = raw->sdk_minor;
  manifest.stdlib_id = safe(raw->stdlib_id);
  manifest.options.assign(raw->options, raw->options + raw->option_count);
  for (const auto& option : manifest.options) {
    if (option.key == nullptr || *option.key == '\0') return refuse(file, "a settings table row has no key");
  }

  handle->create = &handle->library.get<sdk::CreateFunction>(sdk::kCreateSymbol);
  return LibraryPtr(new PluginLibrary(std::move(handle), std::move(manifest)));
}

sdk::Status PluginLibrary::check_slot(sdk::Slot wanted) const {
  if (manifest_.slot == wanted) return {};
  return refuse(manifest_.file, std::string("plugin '") + manifest_.name + "' is for the " +
                                    sdk::to_string(manifest_.slot) + " slot, not the " + sdk::to_string(wanted) +
                                    " slot");
}

void PluginLibrary::call_create(const sdk::PluginConfig& config, sdk::HostContext& host, void* out) const {
  handle_->create(config, host, out);
}

std::shared_ptr<sdk::HostContext> PluginLibrary::context_for(sdk::HostContext& host) const {
  if (auto* services = dynamic_cast<HostServices*>(&host)) {
    return std::make_shared<PluginHostContext>(*services, manifest_.name, manifest_.slot);
  }
  return std::shared_ptr<sdk::HostContext>(&host, [](sdk::HostContext*) {});
}

sdk::ProviderPtr PluginLibrary::metered(sdk::ProviderPtr provider, sdk::HostContext& host) {
  if (auto* services = dynamic_cast<HostServices*>(&host)) return with_provider_metrics(std::move(provider), services->metrics());
  return provider;
}

}  // namespace vellum::plugins
