// What a database holds, counted through the repositories: the emptiness check before a restore or
// copy overwrites anything, and the proof after a copy that everything arrived.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "vellum/sdk/storage.hpp"

namespace vellum::datamove {

struct SetCensus {
  std::string key;  // "provider/model/dimensions": the same set in two databases has two ids
  std::string state;
  std::int64_t chunks = 0;
};

struct Census {
  std::int64_t articles = 0;
  std::int64_t versions = 0;
  std::int64_t tokens = 0;
  std::int64_t tasks = 0;  // every status
  std::int64_t settings = 0;
  std::vector<SetCensus> sets;  // sorted by key

  [[nodiscard]] bool empty() const {
    return articles == 0 && tokens == 0 && tasks == 0 && settings == 0 && sets.empty();
  }
};

[[nodiscard]] sdk::Result<Census> take_census(sdk::StorageBackend& storage);

// One line per difference ("articles: 10 → 9"); empty when the two agree.
[[nodiscard]] std::vector<std::string> differences(const Census& source, const Census& target);

// "12 articles, 30 versions, 2 tokens, …" for people.
[[nodiscard]] std::string describe(const Census& census);

}  // namespace vellum::datamove
