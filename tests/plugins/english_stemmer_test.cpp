// The Porter2 stemmer against word -> stem pairs from the Snowball English vocabulary, step by step.
#include <catch2/catch.hpp>

#include <utility>

#include "english_stemmer.hpp"

using vellum::local_embedding::stem_english;

namespace {

void check_stems(std::initializer_list<std::pair<const char*, const char*>> pairs) {
  for (const auto& [word, stem] : pairs) {
    INFO(word);
    CHECK(stem_english(word) == stem);
  }
}

}  // namespace

TEST_CASE("stemmer: inflections of one word share a stem") {
  check_stems({{"consign", "consign"}, {"consigned", "consign"}, {"consigning", "consign"},
               {"consignment", "consign"}, {"configure", "configur"}, {"configuring", "configur"},
               {"configuration", "configur"}, {"backups", "backup"}, {"connection", "connect"},
               {"connections", "connect"}, {"connective", "connect"}, {"connected", "connect"}});
}

TEST_CASE("stemmer: step 0 and 1a (apostrophes and plurals)") {
  check_stems({{"dog's", "dog"}, {"dogs'", "dog"}, {"caresses", "caress"}, {"ponies", "poni"}, {"ties", "tie"},
               {"cries", "cri"}, {"cats", "cat"}, {"gas", "gas"}, {"this", "this"}, {"gaps", "gap"},
               {"kiwis", "kiwi"}, {"focus", "focus"}, {"class", "class"}});
}

TEST_CASE("stemmer: step 1b and 1c (-ed, -ing, -y)") {
  check_stems({{"agreed", "agre"}, {"feed", "feed"}, {"hopping", "hop"}, {"hoped", "hope"}, {"hoping", "hope"},
               {"luxuriating", "luxuri"}, {"running", "run"}, {"sing", "sing"}, {"doing", "do"},
               {"happy", "happi"}, {"cry", "cri"}, {"by", "by"}, {"say", "say"}, {"enjoying", "enjoy"}});
}

TEST_CASE("stemmer: steps 2 to 5 (derivational suffixes)") {
  check_stems({{"relational", "relat"}, {"conditional", "condit"}, {"rational", "ration"},
               {"generously", "generous"}, {"generation", "generat"}, {"happiness", "happi"},
               {"hopefulness", "hope"}, {"electrical", "electr"}, {"adjustment", "adjust"},
               {"dependent", "depend"}, {"adoption", "adopt"}, {"controlling", "control"},
               {"rolled", "roll"}, {"probate", "probat"}, {"rate", "rate"}});
}

TEST_CASE("stemmer: exceptional forms and the gener/commun/arsen regions") {
  check_stems({{"skies", "sky"}, {"dying", "die"}, {"lying", "lie"}, {"news", "news"}, {"only", "onli"},
               {"innings", "inning"}, {"succeeded", "succeed"}, {"communism", "communism"},
               {"arsenal", "arsenal"}, {"general", "general"}});
}

TEST_CASE("stemmer: short, foreign and non-alphabetic words pass through") {
  check_stems({{"", ""}, {"a", "a"}, {"is", "is"}, {"v2", "v2"}, {"2024", "2024"}, {"lumière", "lumière"},
               {"日本", "日本"}, {"x86", "x86"}});
}
