// Which environment variables set which configuration keys. The table itself is in env_names.cpp,
// written to be read as the reference for operators.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace vellum::config {

// Every key can be set as VELLUM_ + the upper-cased YAML path with "__" between levels.
inline constexpr std::string_view kEnvPrefix = "VELLUM_";
inline constexpr std::string_view kEnvLevelSeparator = "__";
// Stands for the selected embedding provider in a key: "embedding.{provider}.model".
inline constexpr std::string_view kSelectedProvider = "{provider}";

// A name existing deployments use (PORT, DATABASE_URL, EMBEDDING_QUEUE_*), or a deprecated alias of
// one (then `replaced_by` names the variable to use instead).
struct EnvName {
  std::string_view variable;
  std::string_view key;
  std::string_view replaced_by;  // empty unless deprecated
};

// A name documented somewhere for older versions that we deliberately do not map; setting it gets a
// warning saying why and what to use.
struct UnsupportedEnvName {
  std::string_view variable;
  std::string_view reason;
};

[[nodiscard]] std::span<const EnvName> legacy_env_names();
[[nodiscard]] std::span<const UnsupportedEnvName> unsupported_env_names();
// VELLUM_ variables that are not configuration keys (read by other parts of the host).
[[nodiscard]] bool is_reserved_env_name(std::string_view variable);

// "server.port" -> "VELLUM_SERVER__PORT".
[[nodiscard]] std::string env_name_for(std::string_view dotted_key);

}  // namespace vellum::config
