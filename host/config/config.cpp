#include "config/config.hpp"

namespace vellum::config {

std::string Origin::where() const {
  switch (source) {
    case Source::built_in: return "default";
    case Source::file: return file + ":" + std::to_string(line);
    case Source::env_deprecated:
    case Source::env_legacy:
    case Source::env: return "env " + variable;
  }
  return "default";
}

std::string Origin::label() const {
  switch (source) {
    case Source::built_in: return "default";
    case Source::file: return "file:" + file + ":" + std::to_string(line);
    case Source::env_deprecated:
    case Source::env_legacy:
    case Source::env: return "env:" + variable;
  }
  return "default";
}

std::string Config::source_name() const { return file ? file->string() : "built-in defaults"; }

const SlotSelection& Config::slot(sdk::Slot s) const {
  switch (s) {
    case sdk::Slot::embedding: return embedding;
    case sdk::Slot::storage: return storage;
    case sdk::Slot::queue: return queue;
  }
  return embedding;
}

}  // namespace vellum::config
