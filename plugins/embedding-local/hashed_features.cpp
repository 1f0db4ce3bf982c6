#include "hashed_features.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace vellum::local_embedding {

namespace {

std::uint64_t fnv1a(std::string_view text, std::uint64_t salt) {
  std::uint64_t hash = 14695981039346656037ull ^ salt;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

// Words are runs of ASCII letters/digits or any UTF-8 multibyte characters, lower-cased (ASCII only
// here; the search issue adds Unicode normalisation).
std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (unsigned char c : text) {
    const bool word_char = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
    if (word_char) {
      current.push_back(static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c));
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

// Feature kinds get different salts so "ab" the word and "ab" the n-gram land in different buckets.
constexpr std::uint64_t kWordSalt = 0x9e3779b97f4a7c15ull;
constexpr std::uint64_t kBigramSalt = 0xc2b2ae3d27d4eb4full;
constexpr std::uint64_t kCharSalt = 0x165667b19e3779f9ull;

struct Feature {
  double weight;  // relative importance of the feature kind
  std::uint64_t count;
};

}  // namespace

std::vector<float> embed_text(std::string_view text, const FeatureOptions& options) {
  std::unordered_map<std::uint64_t, Feature> features;
  auto add = [&](std::string_view feature, std::uint64_t salt, double weight) {
    auto& f = features[fnv1a(feature, salt)];
    f.weight = weight;
    f.count += 1;
  };

  const auto words = words_of(text);
  for (std::size_t i = 0; i < words.size(); ++i) {
    add(words[i], kWordSalt, 1.0);
    if (options.word_bigrams && i + 1 < words.size()) add(words[i] + " " + words[i + 1], kBigramSalt, 0.5);
    if (options.char_ngram > 0) {
      const std::string padded = "<" + words[i] + ">";
      if (padded.size() >= options.char_ngram) {
        for (std::size_t j = 0; j + options.char_ngram <= padded.size(); ++j) {
          add(std::string_view(padded).substr(j, options.char_ngram), kCharSalt, 0.35);
        }
      }
    }
  }

  std::vector<double> accumulator(options.dimensions, 0.0);
  for (const auto& [hash, feature] : features) {
    // Sublinear term frequency: the tenth "the" matters far less than the first.
    const double value = feature.weight * (1.0 + std::log(static_cast<double>(feature.count)));
    const std::size_t bucket = static_cast<std::size_t>(hash % options.dimensions);
    const double sign = ((hash >> 63) & 1u) ? -1.0 : 1.0;  // signed hashing keeps collisions unbiased
    accumulator[bucket] += sign * value;
  }

  double norm = 0;
  for (double v : accumulator) norm += v * v;
  norm = std::sqrt(norm);
  std::vector<float> out(options.dimensions, 0.0f);
  if (norm > 0) {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<float>(accumulator[i] / norm);
  }
  return out;
}

}  // namespace vellum::local_embedding
