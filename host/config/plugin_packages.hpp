// Which Debian package ships a built-in plugin that the `vellum` package itself does not (each plugin
// family that pulls a library of its own is packaged apart, packaging/), so that an error about a
// missing plugin can name the package to install instead of leaving the operator to guess.
#pragma once

#include <string>
#include <string_view>

#include "vellum/sdk/abi.hpp"

namespace vellum::config {

// "; it ships in the Debian package vellum-postgres: apt install vellum-postgres" for a built-in
// plugin packaged apart, "" for any other name.
[[nodiscard]] std::string package_hint(sdk::Slot slot, std::string_view name);

}  // namespace vellum::config
