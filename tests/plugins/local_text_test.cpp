// The local provider's text pipeline below the vectors: normalisation, word splitting, features.
#include <catch2/catch.hpp>

#include <numeric>

#include "hashed_features.hpp"
#include "stop_words.hpp"
#include "text_normalizer.hpp"
#include "word_tokenizer.hpp"

namespace le = vellum::local_embedding;

namespace {

std::vector<std::string> texts_of(std::string_view text) {
  std::vector<std::string> out;
  for (auto& word : le::split_words(le::normalize_text(text, true))) out.push_back(word.text);
  return out;
}

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
}

}  // namespace

TEST_CASE("normalisation folds case, compatibility forms and accents") {
  CHECK(le::normalize_text("Café CRÈME", true) == "cafe creme");
  CHECK(le::normalize_text("Café", false) == "café");
  CHECK(le::normalize_text("ﬁle", true) == "file");          // ligature (NFKC)
  CHECK(le::normalize_text("Straße", true) == "strasse");    // full case folding
  CHECK(le::normalize_text("Ｆｕｌｌ", true) == "full");      // full-width letters
  CHECK(le::normalize_text("Cafe\xCC\x81", true) == "cafe");  // decomposed accent
  CHECK(le::normalize_text("soft\xC2\xADhyphen", true) == "softhyphen");  // default-ignorable removed
}

TEST_CASE("normalisation turns invalid UTF-8 into spaces and keeps the rest") {
  CHECK(le::normalize_text("ok\xFF\xFEyes", true) == "ok  yes");
  CHECK(le::normalize_text("cut \xE2\x82", true) == "cut   ");  // each bad byte is one space
}

TEST_CASE("words split on Unicode letters and digits, not ASCII only") {
  CHECK(texts_of("Hello, wörld! 3D-printing; snake_case") ==
        std::vector<std::string>{"hello", "world", "3d", "printing", "snake", "case"});
  CHECK(texts_of("Привет мир") == std::vector<std::string>{"привет", "мир"});
  CHECK(texts_of("don't break the queue's lease, James'") ==
        std::vector<std::string>{"dont", "break", "the", "queue", "lease", "james"});
  CHECK(texts_of("it’s") == std::vector<std::string>{"it"});  // typographic apostrophe lumped to '
}

TEST_CASE("Han and kana become one word per character") {
  const auto words = le::split_words("東京タワー tower");
  REQUIRE(words.size() == 6);
  CHECK(words[0].text == "東");
  CHECK(words[0].ideograph);
  CHECK(words[4].text == "ー");  // the prolonged sound mark belongs to katakana's block
  CHECK(words[5].text == "tower");
  CHECK_FALSE(words[5].ideograph);
}

TEST_CASE("stop words are the common English function words") {
  CHECK(le::is_stop_word("the"));
  CHECK(le::is_stop_word("how"));
  CHECK(le::is_stop_word("dont"));
  CHECK_FALSE(le::is_stop_word("backup"));
  CHECK_FALSE(le::is_stop_word(""));
}

TEST_CASE("features ignore case, accents, word forms and function words") {
  const le::FeatureOptions options;
  CHECK(le::embed_text("Café Lumière", options) == le::embed_text("cafe lumiere", options));
  CHECK(le::embed_text("backups", options) != le::embed_text("backup", options));  // n-grams differ a little
  CHECK(cosine(le::embed_text("configuring backups", options), le::embed_text("configure a backup", options)) > 0.8);
  CHECK(cosine(le::embed_text("the the the", options), le::embed_text("the", options)) == Approx(1.0));
}

TEST_CASE("features are deterministic, unit length and finite for odd input") {
  const le::FeatureOptions options;
  for (std::string_view text : {"\xFF\xFE", "🙂🙂 emoji 🙂", "日本語のテキスト", "a", "    "}) {
    const auto v = le::embed_text(text, options);
    REQUIRE(v.size() == options.dimensions);
    CHECK(v == le::embed_text(text, options));
    const double norm = cosine(v, v);
    CHECK((norm == 0.0 || norm == Approx(1.0).epsilon(1e-5)));
  }
}
