#include "cli/arguments.hpp"

namespace vellum::cli {

namespace {
std::string accepted(const OptionSpec& spec) {
  std::string out;
  for (const auto& name : spec.with_value) out += (out.empty() ? "--" : ", --") + name + " VALUE";
  for (const auto& name : spec.flags) out += (out.empty() ? "--" : ", --") + name;
  return out.empty() ? "none" : out;
}
}  // namespace

sdk::Result<Arguments> Arguments::parse(const std::vector<std::string>& words, const OptionSpec& spec) {
  Arguments args;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word == "--") {
      args.positionals_.insert(args.positionals_.end(), words.begin() + static_cast<long>(i) + 1, words.end());
      break;
    }
    if (word.rfind("--", 0) != 0 || word.size() == 2) {
      args.positionals_.push_back(word);
      continue;
    }
    std::string name = word.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (spec.flags.count(name)) {
      if (inline_value) return sdk::Error(sdk::ErrorKind::invalid_argument, "option --" + name + " takes no value");
      args.flags_.insert(name);
    } else if (spec.with_value.count(name)) {
      if (inline_value) {
        args.values_[name] = *inline_value;
      } else if (i + 1 < words.size()) {
        args.values_[name] = words[++i];
      } else {
        return sdk::Error(sdk::ErrorKind::invalid_argument, "option --" + name + " needs a value");
      }
    } else {
      return sdk::Error(sdk::ErrorKind::invalid_argument,
                        "unknown option --" + name + "; accepted: " + accepted(spec));
    }
  }
  return args;
}

std::optional<std::string> Arguments::value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

}  // namespace vellum::cli
