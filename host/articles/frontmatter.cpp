#include "articles/frontmatter.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>

#include <yaml-cpp/yaml.h>

#include "articles/validation.hpp"

namespace vellum::articles {

namespace {

// One line of `text` starting at `pos`, without its terminator; `next` is where the next line starts.
std::string_view line_at(std::string_view text, std::size_t pos, std::size_t& next) {
  const auto nl = text.find('\n', pos);
  std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
  next = nl == std::string_view::npos ? text.size() : nl + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

nlohmann::json scalar_to_json(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() == "!") return text;  // quoted: always a string
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") return nullptr;
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  std::int64_t integer = 0;
  if (YAML::convert<std::int64_t>::decode(node, integer)) return integer;
  double number = 0;
  if (text.find_first_of("0123456789") != std::string::npos && YAML::convert<double>::decode(node, number) &&
      std::isfinite(number)) {
    return number;
  }
  return text;
}

// YAML aliases let a few hundred bytes name a value billions of times ("billion laughs"). yaml-cpp
// shares aliased nodes, so loading is cheap; writing them out as JSON is what would explode. The walk
// therefore spends from a budget: at most kMaxValues values, and aliases may add at most
// kMaxAliasBytes of scalar text beyond what the frontmatter itself holds.
constexpr std::size_t kMaxValues = 10'000;
constexpr std::size_t kMaxAliasBytes = 64 * 1024;
constexpr int kMaxDepth = 64;

// Valid YAML that is refused for its size: a message of its own, not "not valid YAML".
struct TooLarge : YAML::Exception {
  using YAML::Exception::Exception;
};

class JsonWalk {
 public:
  explicit JsonWalk(std::size_t text_bytes) : bytes_left_(text_bytes + kMaxAliasBytes) {}

  nlohmann::json to_json(const YAML::Node& node, int depth) {
    if (depth > kMaxDepth) throw YAML::Exception(node.Mark(), "nesting deeper than " + std::to_string(kMaxDepth));
    if (values_left_-- == 0) throw too_large(node);
    switch (node.Type()) {
      case YAML::NodeType::Map: {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& item : node) {
          auto key = item.first.as<std::string>();
          spend(item.first, key.size());
          out[std::move(key)] = to_json(item.second, depth + 1);
        }
        return out;
      }
      case YAML::NodeType::Sequence: {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& item : node) out.push_back(to_json(item, depth + 1));
        return out;
      }
      case YAML::NodeType::Scalar: spend(node, node.Scalar().size()); return scalar_to_json(node);
      default: return nullptr;
    }
  }

 private:
  static TooLarge too_large(const YAML::Node& node) {
    return TooLarge(node.Mark(), "it expands to more than " + std::to_string(kMaxValues) + " values or " +
                                            std::to_string(kMaxAliasBytes / 1024) +
                                            " KiB beyond its own text (YAML aliases?)");
  }
  void spend(const YAML::Node& node, std::size_t bytes) {
    if (bytes > bytes_left_) throw too_large(node);
    bytes_left_ -= bytes;
  }

  std::size_t values_left_ = kMaxValues;
  std::size_t bytes_left_;
};

}  // namespace

sdk::Result<Frontmatter> parse_frontmatter(std::string_view content) {
  Frontmatter result;
  result.body = content;
  std::size_t pos = 0;
  if (content.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;  // a BOM from some editors
  std::size_t next = 0;
  if (line_at(content, pos, next) != "---") return result;
  const std::size_t yaml_start = next;
  for (pos = next; pos < content.size(); pos = next) {
    const auto line = line_at(content, pos, next);
    if (line != "---" && line != "...") continue;
    const std::string yaml(content.substr(yaml_start, pos - yaml_start));
    YAML::Node root;
    try {
      root = YAML::Load(yaml);
      if (!root.IsMap() && !root.IsNull()) return result;  // not frontmatter, just markdown
      result.fields = root.IsMap() ? JsonWalk(yaml.size()).to_json(root, 0) : nlohmann::json::object();
    } catch (const TooLarge& e) {
      return sdk::Error(sdk::ErrorKind::invalid_argument, "content: the frontmatter is too large: " + e.msg);
    } catch (const YAML::Exception& e) {
      // +2: the opening "---" line, and yaml-cpp counts from 0.
      return sdk::Error(sdk::ErrorKind::invalid_argument,
                        "content: the frontmatter is not valid YAML (line " + std::to_string(e.mark.line + 2) +
                            "): " + e.msg);
    }
    result.present = true;
    result.body = content.substr(next);
    return result;
  }
  return result;  // no closing line: an opening thematic break, not frontmatter
}

std::string first_heading(std::string_view body) {
  bool in_fence = false;
  std::size_t next = 0;
  for (std::size_t pos = 0; pos < body.size(); pos = next) {
    const auto line = line_at(body, pos, next);
    const auto stripped = line.substr(std::min(line.find_first_not_of(' '), line.size()));
    if (stripped.substr(0, 3) == "```" || stripped.substr(0, 3) == "~~~") {
      in_fence = !in_fence;
      continue;
    }
    if (in_fence || line.size() < 2 || line[0] != '#' || (line[1] != ' ' && line[1] != '\t')) continue;
    auto text = trim(line.substr(2));
    // A closing sequence of #s is decoration ("# Title #").
    while (!text.empty() && text.back() == '#') text.remove_suffix(1);
    text = trim(text);
    if (!text.empty()) return std::string(text);
  }
  return {};
}

const nlohmann::json* frontmatter_field(const Frontmatter& frontmatter, std::string_view key) {
  if (!frontmatter.fields.is_object()) return nullptr;
  if (auto exact = frontmatter.fields.find(std::string(key)); exact != frontmatter.fields.end()) return &*exact;
  for (auto it = frontmatter.fields.begin(); it != frontmatter.fields.end(); ++it) {
    const std::string& name = it.key();
    if (name.size() == key.size() && std::equal(name.begin(), name.end(), key.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      return &*it;
    }
  }
  return nullptr;
}

std::string resolve_title(const Frontmatter& frontmatter, std::string_view fallback) {
  if (const auto* it = frontmatter_field(frontmatter, "title")) {
    std::string title = it->is_string() ? it->get<std::string>() : it->is_null() ? std::string() : it->dump();
    if (!trim(title).empty()) return std::string(trim(title));
  }
  if (auto heading = first_heading(frontmatter.body); !heading.empty()) return heading;
  return std::string(trim(fallback));
}

}  // namespace vellum::articles
