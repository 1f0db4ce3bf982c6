#include "hashed_features.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "english_stemmer.hpp"
#include "stop_words.hpp"
#include "text_normalizer.hpp"
#include "word_tokenizer.hpp"

namespace vellum::local_embedding {

namespace {

// Feature kinds start from different states so "ab" the word and "ab" the n-gram land apart.
constexpr std::uint64_t kWordSalt = 0x9e3779b97f4a7c15ull;
constexpr std::uint64_t kBigramSalt = 0xc2b2ae3d27d4eb4full;
constexpr std::uint64_t kCharSalt = 0x165667b19e3779f9ull;

std::uint64_t fnv1a(std::string_view text, std::uint64_t state) {
  for (unsigned char c : text) {
    state ^= c;
    state *= 1099511628211ull;
  }
  return state;
}

std::uint64_t start_state(std::uint64_t salt) { return 14695981039346656037ull ^ salt; }

// FNV's high and low bits are weakly mixed; the splitmix64 finaliser spreads every input bit over
// both the bucket (low bits) and the sign (top bit).
std::uint64_t finalize(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

class FeatureBag {
 public:
  void add(std::uint64_t hash, double weight) {
    auto& f = features_[finalize(hash)];
    f.weight_sum += weight;
    f.count += 1;
  }

  // Signed feature hashing into `dimensions` buckets, then L2 normalisation.
  std::vector<float> project(std::size_t dimensions) const {
    std::vector<double> accumulator(dimensions, 0.0);
    for (const auto& [hash, f] : features_) {
      // Sublinear term frequency: the tenth "backup" says far less than the first.
      const double count = static_cast<double>(f.count);
      const double value = (f.weight_sum / count) * (1.0 + std::log(count));
      const double sign = (hash >> 63) != 0 ? -1.0 : 1.0;  // collisions cancel on average instead of adding up
      accumulator[hash % dimensions] += sign * value;
    }
    double norm = 0;
    for (double v : accumulator) norm += v * v;
    norm = std::sqrt(norm);
    std::vector<float> out(dimensions, 0.0f);
    if (norm > 0) {
      for (std::size_t i = 0; i < dimensions; ++i) out[i] = static_cast<float>(accumulator[i] / norm);
    }
    return out;
  }

 private:
  struct Occurrences {
    double weight_sum = 0;
    std::uint32_t count = 0;
  };
  std::unordered_map<std::uint64_t, Occurrences> features_;
};

// Character n-grams (counted in code points, not bytes) of "<word>", the brackets marking the word's
// edges. They match word forms the stemmer does not know and other languages it does not stem.
void add_char_ngrams(FeatureBag& bag, std::string_view word, const FeatureOptions& options) {
  const std::size_t shortest = options.char_ngram;
  const std::size_t longest = std::max(options.char_ngram, options.char_ngram_max);
  const std::string padded = "<" + std::string(word) + ">";
  std::vector<std::size_t> starts;  // byte offset of each code point, then the end
  for (std::size_t i = 0; i < padded.size(); ++i) {
    if ((static_cast<unsigned char>(padded[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  const std::size_t code_points = starts.size();
  starts.push_back(padded.size());

  std::size_t total = 0;
  for (std::size_t n = shortest; n <= longest && n <= code_points; ++n) total += code_points - n + 1;
  if (total == 0) return;
  const double weight = options.char_ngram_weight / std::sqrt(static_cast<double>(total));
  for (std::size_t n = shortest; n <= longest && n <= code_points; ++n) {
    for (std::size_t j = 0; j + n <= code_points; ++j) {
      const std::string_view gram = std::string_view(padded).substr(starts[j], starts[j + n] - starts[j]);
      bag.add(fnv1a(gram, start_state(kCharSalt)), weight);
    }
  }
}

}  // namespace

std::vector<float> embed_text(std::string_view text, const FeatureOptions& options) {
  FeatureBag bag;
  std::string previous_term;  // the last content word's term, for bigrams
  for (const Word& word : split_words(normalize_text(text, options.strip_accents))) {
    const bool stop = !word.ideograph && is_stop_word(word.text);
    const std::string term = (options.stem && !word.ideograph) ? stem_english(word.text) : word.text;
    bag.add(fnv1a(term, start_state(kWordSalt)), stop ? options.stop_word_weight : 1.0);
    // Function words make neither bigrams nor n-grams: "backup of the database" pairs "backup" with
    // "database".
    if (stop) continue;
    if (options.word_bigrams && !previous_term.empty()) {
      const std::uint64_t pair = fnv1a(term, fnv1a(" ", fnv1a(previous_term, start_state(kBigramSalt))));
      bag.add(pair, options.bigram_weight);
    }
    if (options.char_ngram > 0 && !word.ideograph) add_char_ngrams(bag, word.text, options);
    previous_term = term;
  }
  return bag.project(options.dimensions);
}

}  // namespace vellum::local_embedding
