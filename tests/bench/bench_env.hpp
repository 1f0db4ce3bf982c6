// Knobs shared by the HTTP benches, read from the environment so a run needs no rebuild.
#pragma once

#include <cstdlib>
#include <string>

namespace vellum::bench {

// An unsigned setting from the environment, `fallback` when unset or not a number.
inline std::size_t env_size(const char* name, std::size_t fallback) {
  const char* value = std::getenv(name);
  if (!value || !*value) return fallback;
  char* end = nullptr;
  const auto parsed = std::strtoull(value, &end, 10);
  return end && *end == '\0' ? static_cast<std::size_t>(parsed) : fallback;
}

// About `bytes` of markdown prose, different for each `seed`, in paragraphs so it chunks like a note.
// No "# " heading: it would become the title (and the slug) in place of the one the bench chooses.
inline std::string article_text(std::size_t seed, std::size_t bytes) {
  static const char* const words[] = {"vector", "index", "backup", "queue", "agent", "memory", "schema",
                                      "token", "search", "folder", "version", "plugin", "server", "chunk"};
  std::string text = "Note " + std::to_string(seed) + ".\n\n";
  std::size_t i = seed;
  while (text.size() < bytes) {
    text += words[i % 14];
    text += (++i % 23 == 0) ? ".\n\n" : " ";
    i = i * 2654435761u % 1000003u;  // a cheap deterministic shuffle of the word order
  }
  return text;
}

}  // namespace vellum::bench
