#include "stop_words.hpp"

#include <algorithm>
#include <array>

namespace vellum::local_embedding {

namespace {

// Sorted for binary search. Contractions appear as the tokenizer leaves them ("don't" -> "dont").
constexpr std::array<std::string_view, 138> kStopWords = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am",
    "an", "and", "any", "are", "arent", "as", "at", "be", "because",
    "been", "before", "being", "below", "between", "both", "but", "by", "can",
    "cannot", "cant", "could", "did", "didnt", "do", "does", "doesnt", "doing",
    "dont", "down", "during", "each", "few", "for", "from", "further", "had",
    "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
    "himself", "his", "how", "i", "if", "im", "in", "into", "is",
    "isnt", "it", "its", "itself", "ive", "just", "me", "more", "most",
    "my", "myself", "no", "nor", "not", "now", "of", "off", "on",
    "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over",
    "own", "same", "she", "should", "so", "some", "such", "than", "that",
    "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they",
    "this", "those", "through", "to", "too", "under", "until", "up", "very",
    "was", "we", "were", "what", "when", "where", "which", "while", "who",
    "whom", "why", "will", "with", "wont", "would", "you", "your", "youre",
    "yours", "yourself", "yourselves",
};
static_assert(std::is_sorted(kStopWords.begin(), kStopWords.end()), "binary search needs a sorted list");

}  // namespace

bool is_stop_word(std::string_view word) {
  return std::binary_search(kStopWords.begin(), kStopWords.end(), word);
}

}  // namespace vellum::local_embedding
