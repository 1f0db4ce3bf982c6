// The plugin ABI: what a plugin shared library exports and what the host checks before it creates
// anything. A plugin exports exactly two symbols, both written by VELLUM_PLUGIN:
//   vellum_plugin_manifest()  -> const PluginManifest*   (plain data, safe to read first)
//   vellum_plugin_create(...)  -> the slot's interface, or a classified Error
// C++ objects (std::string, std::shared_ptr) cross the boundary, so the host refuses a plugin built
// against another ABI version, another SDK major version or another C++ standard library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>

#include "vellum/sdk/embedding.hpp"
#include "vellum/sdk/host_context.hpp"
#include "vellum/sdk/plugin_config.hpp"
#include "vellum/sdk/queue.hpp"
#include "vellum/sdk/result.hpp"
#include "vellum/sdk/storage.hpp"

namespace vellum::sdk {

// Bumped whenever an interface or a shared type changes layout or meaning.
// 5: StorageBackend::identify (DatasetIdentity).
// 4: embedding set lifecycle and freshness, QueueHost::index_requests; TaskStatus::cancelled,
//    TaskRepository::retry_failed(RetryRequest), TaskQuery::error_contains.
// 3: StorageBackend::wait_for_chunk_changes, transact_row_guarded; append_all.
inline constexpr std::uint32_t kAbiVersion = 5;
inline constexpr std::uint32_t kSdkVersionMajor = 0;
inline constexpr std::uint32_t kSdkVersionMinor = 1;
inline constexpr std::uint32_t kSdkVersionPatch = 0;

// The C++ standard library and its ABI flavour, which must match the host's.
#if defined(_LIBCPP_VERSION)
#define VELLUM_SDK_STDLIB_NAME "libc++"
#elif defined(__GLIBCXX__)
#define VELLUM_SDK_STDLIB_NAME "libstdc++"
#else
#define VELLUM_SDK_STDLIB_NAME "unknown-stdlib"
#endif
#if defined(_GLIBCXX_USE_CXX11_ABI) && _GLIBCXX_USE_CXX11_ABI
#define VELLUM_SDK_STDLIB_ABI "cxx11"
#else
#define VELLUM_SDK_STDLIB_ABI "legacy"
#endif
inline constexpr const char* kStdlibId = VELLUM_SDK_STDLIB_NAME "/" VELLUM_SDK_STDLIB_ABI;

enum class Slot : std::uint32_t { embedding = 1, storage = 2, queue = 3 };

[[nodiscard]] constexpr const char* to_string(Slot slot) noexcept {
  switch (slot) {
    case Slot::embedding: return "embedding";
    case Slot::storage: return "storage";
    case Slot::queue: return "queue";
  }
  return "unknown";
}

template <Slot S> struct SlotInterface;
template <> struct SlotInterface<Slot::embedding> { using type = EmbeddingProvider; };
template <> struct SlotInterface<Slot::storage> { using type = StorageBackend; };
template <> struct SlotInterface<Slot::queue> { using type = QueueStrategy; };

using ProviderPtr = std::shared_ptr<EmbeddingProvider>;
using BackendPtr = std::shared_ptr<StorageBackend>;
using QueuePtr = std::shared_ptr<QueueStrategy>;

// Plain data with static storage duration inside the plugin.
struct PluginManifest {
  std::uint32_t abi_version;
  Slot slot;
  const char* name;         // what the configuration selects: embedding.provider: <name>
  const char* version;      // the plugin's own version
  std::uint32_t sdk_major;
  std::uint32_t sdk_minor;
  const char* stdlib_id;
  const char* description;
  const ConfigOption* options;  // the plugin's settings table
  std::size_t option_count;
};

// The factory a plugin provides: builds its object from validated settings.
template <Slot S>
using Factory = Result<std::shared_ptr<typename SlotInterface<S>::type>> (*)(const PluginConfig&, HostContext&);

template <Slot S>
using CreateResult = Result<std::shared_ptr<typename SlotInterface<S>::type>>;

// The exported creator's C signature. `out` points at a CreateResult<slot> owned by the host.
using CreateFunction = void(const PluginConfig& config, HostContext& host, void* out) noexcept;

inline constexpr const char* kManifestSymbol = "vellum_plugin_manifest";
inline constexpr const char* kCreateSymbol = "vellum_plugin_create";

namespace detail {
template <std::size_t N>
constexpr const ConfigOption* options_data(const ConfigOption (&table)[N]) { return table; }
template <std::size_t N>
constexpr std::size_t options_size(const ConfigOption (&)[N]) { return N; }
constexpr const ConfigOption* options_data(std::nullptr_t) { return nullptr; }
constexpr std::size_t options_size(std::nullptr_t) { return 0; }

template <Slot S>
void create_into(Factory<S> factory, const PluginConfig& config, HostContext& host, void* out) noexcept {
  auto* result = static_cast<CreateResult<S>*>(out);
  try {
    *result = factory(config, host);
    if (result->ok() && !result->value()) *result = Error(ErrorKind::internal, "factory returned no object");
  } catch (const std::exception& e) {
    *result = Error(ErrorKind::internal, std::string("factory threw: ") + e.what());
  } catch (...) {
    *result = Error(ErrorKind::internal, "factory threw a non-standard exception");
  }
}
}  // namespace detail

}  // namespace vellum::sdk

#define VELLUM_SDK_EXPORT __attribute__((visibility("default")))

// Declares this shared library a Vellum plugin. Use once, at namespace scope:
//   VELLUM_PLUGIN(embedding, "local", "1.0.0", "Deterministic offline embeddings", kOptions, make_provider)
// SLOT is embedding, storage or queue; OPTIONS is a ConfigOption array or nullptr; FACTORY has the
// signature Result<std::shared_ptr<Interface>>(const PluginConfig&, HostContext&).
#define VELLUM_PLUGIN(SLOT, NAME, VERSION, DESCRIPTION, OPTIONS, FACTORY)                                     \
  extern "C" VELLUM_SDK_EXPORT const ::vellum::sdk::PluginManifest* vellum_plugin_manifest() noexcept {        \
    static const ::vellum::sdk::PluginManifest manifest{                                                      \
        ::vellum::sdk::kAbiVersion,        ::vellum::sdk::Slot::SLOT,                                         \
        NAME,                              VERSION,                                                           \
        ::vellum::sdk::kSdkVersionMajor,   ::vellum::sdk::kSdkVersionMinor,                                   \
        ::vellum::sdk::kStdlibId,          DESCRIPTION,                                                       \
        ::vellum::sdk::detail::options_data(OPTIONS), ::vellum::sdk::detail::options_size(OPTIONS)};          \
    return &manifest;                                                                                         \
  }                                                                                                           \
  extern "C" VELLUM_SDK_EXPORT void vellum_plugin_create(const ::vellum::sdk::PluginConfig& config,          \
                                                         ::vellum::sdk::HostContext& host, void* out) noexcept { \
    ::vellum::sdk::detail::create_into<::vellum::sdk::Slot::SLOT>(FACTORY, config, host, out);                \
  }
