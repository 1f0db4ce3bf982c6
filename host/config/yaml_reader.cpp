#include "config/yaml_reader.hpp"

#include <map>

#include <yaml-cpp/yaml.h>

#include "config/config_layout.hpp"
#include "config/core_settings.hpp"
#include "config/plugin_settings.hpp"

namespace vellum::config {

namespace {

class Walker {
 public:
  Walker(const std::string& file, const PluginSchemas& schemas, RawSettings& raw, std::vector<std::string>& errors,
         std::vector<std::string>& warnings)
      : file_(file), schemas_(schemas), raw_(raw), errors_(errors), warnings_(warnings) {}

  void section(const YAML::Node& node, const std::vector<std::string>& path, int line) {
    if (node.IsNull()) return;  // `auth:` with nothing under it: all defaults
    if (!node.IsMap()) {
      fail(line, (path.empty() ? std::string("top level") : dotted(path)) + ": expected a mapping of settings, got " +
                     describe(node));
      return;
    }
    std::map<std::string, int, std::less<>> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const int key_line = it->first.Mark().line + 1;
      if (!it->first.IsScalar()) {
        fail(key_line, (path.empty() ? std::string("top level") : dotted(path)) + ": keys must be plain names");
        continue;
      }
      auto child = path;
      child.push_back(it->first.Scalar());
      if (auto [first, fresh] = seen.emplace(child.back(), key_line); !fresh) {
        fail(key_line, "duplicate key '" + dotted(child) + "' (first set at line " + std::to_string(first->second) +
                           ")");
        continue;
      }
      auto place = locate(child, schemas_);
      if (!place) {
        fail(key_line, place.error().message);
      } else if (place->is_section) {
        section(it->second, child, key_line);
      } else {
        value(it->second, *place, key_line);
      }
    }
  }

 private:
  void value(const YAML::Node& node, const PathPlace& place, int line) {
    const std::string key = qualified_key(place.section, place.key);
    const auto separator = list_separator(key);
    std::string text;
    if (node.IsScalar()) {
      text = node.Scalar();
    } else if (node.IsSequence() && separator) {
      if (!join_list(node, key, *separator, line, text)) return;
    } else if (!node.IsNull()) {
      const std::string accepted = separator ? "a list of strings" : describe_accepted(*place.option);
      fail(line, key + ": expected " + accepted + ", got " + describe(node));
      return;
    }
    raw_.set(RawValue{place.section, place.key, std::move(text), Origin{Source::file, file_, line, {}}}, warnings_);
  }

  bool join_list(const YAML::Node& node, const std::string& key, char separator, int line, std::string& out) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      const YAML::Node item = node[i];
      if (!item.IsScalar()) {
        fail(line, key + ": expected a list of strings, got " + describe(item) + " as item " + std::to_string(i + 1));
        return false;
      }
      if (item.Scalar().find(separator) != std::string::npos) {
        fail(line, key + ": item '" + item.Scalar() + "' contains '" + std::string(1, separator) +
                       "', which separates the items of this list");
        return false;
      }
      out += (i ? std::string(1, separator) : "") + item.Scalar();
    }
    return true;
  }

  static std::string describe(const YAML::Node& node) {
    if (node.IsMap()) return "a mapping";
    if (node.IsSequence()) return "a list";
    if (node.IsNull()) return "nothing";
    return "'" + node.Scalar() + "'";
  }

  static std::string dotted(const std::vector<std::string>& path) {
    std::string out;
    for (const auto& part : path) out += (out.empty() ? "" : ".") + part;
    return out;
  }

  void fail(int line, const std::string& message) { errors_.push_back(file_ + ":" + std::to_string(line) + ": " + message); }

  const std::string& file_;
  const PluginSchemas& schemas_;
  RawSettings& raw_;
  std::vector<std::string>& errors_;
  std::vector<std::string>& warnings_;
};

}  // namespace

void read_yaml_settings(std::string_view text, const std::string& file_name, const PluginSchemas& schemas,
                        RawSettings& raw, std::vector<std::string>& errors, std::vector<std::string>& warnings) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    errors.push_back(file_name + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
                     ": malformed YAML: " + e.msg);
    return;
  } catch (const YAML::Exception& e) {
    errors.push_back(file_name + ": malformed YAML: " + e.msg);
    return;
  }
  Walker(file_name, schemas, raw, errors, warnings).section(root, {}, 1);
}

}  // namespace vellum::config
