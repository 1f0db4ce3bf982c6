// English function words. They carry little topic, so their features are down-weighted rather than
// dropped: a query made only of them ("what is it") still has a vector.
#pragma once

#include <string_view>

namespace vellum::local_embedding {

// `word` is normalised (case-folded, apostrophes removed by the tokenizer).
[[nodiscard]] bool is_stop_word(std::string_view word);

}  // namespace vellum::local_embedding
