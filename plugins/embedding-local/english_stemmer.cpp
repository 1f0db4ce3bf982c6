// Porter2, as specified at snowballstem.org (english.sbl), written out step by step. The comments
// name the step; the rules themselves are the specification's. 'Y' marks a y that acts as a consonant.
#include "english_stemmer.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace vellum::local_embedding {

namespace {

bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

bool ends_with(std::string_view word, std::string_view suffix) {
  return word.size() >= suffix.size() && word.substr(word.size() - suffix.size()) == suffix;
}

bool has_vowel(std::string_view text) { return std::any_of(text.begin(), text.end(), is_vowel); }

// Start of the region after the first non-vowel that follows a vowel, searching from `from`.
std::size_t region_start(std::string_view w, std::size_t from) {
  std::size_t i = from;
  while (i < w.size() && !is_vowel(w[i])) ++i;
  while (i < w.size() && is_vowel(w[i])) ++i;
  return i < w.size() ? i + 1 : w.size();
}

// Does w[0, end) end in a short syllable: non-vowel, vowel, non-vowel other than w/x/Y; or a
// vowel then a non-vowel at the very start of the word?
bool ends_in_short_syllable(std::string_view w, std::size_t end) {
  if (end == 2) return is_vowel(w[0]) && !is_vowel(w[1]);
  if (end < 3) return false;
  const char last = w[end - 1];
  return !is_vowel(w[end - 3]) && is_vowel(w[end - 2]) && !is_vowel(last) && last != 'w' && last != 'x' &&
         last != 'Y';
}

// The longest of `suffixes` that `word` ends with, or nullptr. Tables list longer suffixes first.
template <std::size_t N>
const std::pair<std::string_view, std::string_view>* longest_suffix(
    std::string_view word, const std::array<std::pair<std::string_view, std::string_view>, N>& suffixes) {
  for (const auto& entry : suffixes) {
    if (ends_with(word, entry.first)) return &entry;
  }
  return nullptr;
}

using Rules = std::pair<std::string_view, std::string_view>;  // suffix -> replacement

constexpr std::array<Rules, 18> kExceptions1 = {{
    {"skis", "ski"}, {"skies", "sky"}, {"dying", "die"}, {"lying", "lie"}, {"tying", "tie"}, {"idly", "idl"},
    {"gently", "gentl"}, {"ugly", "ugli"}, {"early", "earli"}, {"only", "onli"}, {"singly", "singl"},
    {"sky", "sky"}, {"news", "news"}, {"howe", "howe"}, {"atlas", "atlas"}, {"cosmos", "cosmos"},
    {"bias", "bias"}, {"andes", "andes"},
}};

constexpr std::array<std::string_view, 8> kExceptions2 = {"inning", "outing",  "canning", "herring",
                                                          "earring", "proceed", "exceed",  "succeed"};

constexpr std::array<Rules, 24> kStep2 = {{
    {"ational", "ate"}, {"fulness", "ful"}, {"ousness", "ous"}, {"iveness", "ive"}, {"ization", "ize"},
    {"tional", "tion"}, {"biliti", "ble"},  {"lessli", "less"}, {"entli", "ent"},   {"ation", "ate"},
    {"alism", "al"},    {"aliti", "al"},    {"ousli", "ous"},   {"iviti", "ive"},   {"fulli", "ful"},
    {"enci", "ence"},   {"anci", "ance"},   {"abli", "able"},   {"izer", "ize"},    {"ator", "ate"},
    {"alli", "al"},     {"bli", "ble"},     {"ogi", "og"},      {"li", ""},
}};

constexpr std::array<Rules, 9> kStep3 = {{
    {"ational", "ate"}, {"tional", "tion"}, {"alize", "al"}, {"icate", "ic"}, {"iciti", "ic"},
    {"ative", ""},      {"ical", "ic"},     {"ness", ""},    {"ful", ""},
}};

constexpr std::array<Rules, 18> kStep4 = {{
    {"ement", ""}, {"ance", ""}, {"ence", ""}, {"able", ""}, {"ible", ""}, {"ment", ""},
    {"ant", ""},   {"ent", ""},  {"ism", ""},  {"ate", ""},  {"iti", ""},  {"ous", ""},
    {"ive", ""},   {"ize", ""},  {"ion", ""},  {"al", ""},   {"er", ""},   {"ic", ""},
}};

class Stemmer {
 public:
  explicit Stemmer(std::string_view word) : w_(word) {}

  std::string run() {
    prelude();
    mark_regions();
    step0();
    step1a();
    if (std::find(kExceptions2.begin(), kExceptions2.end(), w_) == kExceptions2.end()) {
      step1b();
      step1c();
      step2();
      step3();
      step4();
      step5();
    }
    std::replace(w_.begin(), w_.end(), 'Y', 'y');
    return std::move(w_);
  }

 private:
  std::size_t start_of(std::string_view suffix) const { return w_.size() - suffix.size(); }
  void replace_suffix(std::string_view suffix, std::string_view with) {
    w_.resize(start_of(suffix));
    w_ += with;
  }

  void prelude() {
    if (w_.starts_with('y')) w_[0] = 'Y';
    for (std::size_t i = 1; i < w_.size(); ++i) {
      if (w_[i] == 'y' && is_vowel(w_[i - 1])) w_[i] = 'Y';
    }
  }

  void mark_regions() {
    r1_ = w_.size();
    for (std::string_view prefix : {"gener", "commun", "arsen"}) {
      if (w_.starts_with(prefix)) r1_ = prefix.size();
    }
    if (r1_ == w_.size()) r1_ = region_start(w_, 0);
    r2_ = region_start(w_, r1_);
  }

  void step0() {
    for (std::string_view suffix : {"'s'", "'s", "'"}) {
      if (ends_with(w_, suffix)) {
        w_.resize(start_of(suffix));
        return;
      }
    }
  }

  void step1a() {
    if (ends_with(w_, "sses")) {
      replace_suffix("sses", "ss");
    } else if (ends_with(w_, "ied") || ends_with(w_, "ies")) {
      replace_suffix("ies", w_.size() > 4 ? "i" : "ie");
    } else if (ends_with(w_, "us") || ends_with(w_, "ss")) {
      return;
    } else if (ends_with(w_, "s")) {
      // Delete only if a vowel occurs before the letter preceding the s ("gaps" -> "gap", "gas" stays).
      if (w_.size() >= 3 && has_vowel(std::string_view(w_).substr(0, w_.size() - 2))) w_.pop_back();
    }
  }

  void step1b() {
    static constexpr std::array<std::string_view, 6> kSuffixes = {"eedly", "ingly", "edly", "eed", "ing", "ed"};
    const auto it = std::find_if(kSuffixes.begin(), kSuffixes.end(),
                                 [&](std::string_view s) { return ends_with(w_, s); });
    if (it == kSuffixes.end()) return;
    const std::string_view suffix = *it;
    if (suffix == "eed" || suffix == "eedly") {
      if (start_of(suffix) >= r1_) replace_suffix(suffix, "ee");
      return;
    }
    if (!has_vowel(std::string_view(w_).substr(0, start_of(suffix)))) return;
    w_.resize(start_of(suffix));
    if (ends_with(w_, "at") || ends_with(w_, "bl") || ends_with(w_, "iz")) {
      w_ += 'e';
    } else if (ends_in_double()) {
      w_.pop_back();
    } else if (r1_ == w_.size() && ends_in_short_syllable(w_, w_.size())) {
      w_ += 'e';  // a short word: "hop" -> "hope"
    }
  }

  bool ends_in_double() const {
    static constexpr std::string_view kDoubles[] = {"bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"};
    return std::any_of(std::begin(kDoubles), std::end(kDoubles), [&](std::string_view d) { return ends_with(w_, d); });
  }

  void step1c() {
    if (w_.size() < 3) return;
    const char last = w_.back();
    if ((last == 'y' || last == 'Y') && !is_vowel(w_[w_.size() - 2])) w_.back() = 'i';
  }

  void step2() {
    const auto* rule = longest_suffix(w_, kStep2);
    if (rule == nullptr || start_of(rule->first) < r1_) return;
    const std::size_t start = start_of(rule->first);
    if (rule->first == "ogi") {
      if (start == 0 || w_[start - 1] != 'l') return;
    } else if (rule->first == "li") {
      if (start == 0 || std::string_view("cdeghkmnrt").find(w_[start - 1]) == std::string_view::npos) return;
    }
    replace_suffix(rule->first, rule->second);
  }

  void step3() {
    const auto* rule = longest_suffix(w_, kStep3);
    if (rule == nullptr || start_of(rule->first) < r1_) return;
    if (rule->first == "ative" && start_of(rule->first) < r2_) return;
    replace_suffix(rule->first, rule->second);
  }

  void step4() {
    const auto* rule = longest_suffix(w_, kStep4);
    if (rule == nullptr || start_of(rule->first) < r2_) return;
    const std::size_t start = start_of(rule->first);
    if (rule->first == "ion" && (start == 0 || (w_[start - 1] != 's' && w_[start - 1] != 't'))) return;
    w_.resize(start);
  }

  void step5() {
    if (w_.empty()) return;
    const std::size_t start = w_.size() - 1;
    if (w_.back() == 'e') {
      if (start >= r2_ || (start >= r1_ && !ends_in_short_syllable(w_, start))) w_.pop_back();
    } else if (w_.back() == 'l') {
      if (start >= r2_ && start > 0 && w_[start - 1] == 'l') w_.pop_back();
    }
  }

  std::string w_;
  std::size_t r1_ = 0;
  std::size_t r2_ = 0;
};

bool stemmable(std::string_view word) {
  return std::all_of(word.begin(), word.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '\''; });
}

}  // namespace

std::string stem_english(std::string_view word) {
  if (!stemmable(word)) return std::string(word);
  for (const auto& [form, stem] : kExceptions1) {
    if (word == form) return std::string(stem);
  }
  if (word.size() < 3) return std::string(word);
  if (word.starts_with('\'')) word.remove_prefix(1);  // the prelude's first rule, done on the view
  return Stemmer(word).run();
}

}  // namespace vellum::local_embedding
