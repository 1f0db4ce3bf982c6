#include "config/raw_settings.hpp"

#include "config/plugin_settings.hpp"

namespace vellum::config {

void RawSettings::set(RawValue value, std::vector<std::string>& warnings) {
  auto key = qualified_key(value.section, value.key);
  auto it = values_.find(key);
  if (it == values_.end()) {
    values_.emplace(std::move(key), std::move(value));
    return;
  }
  const Origin& held = it->second.origin;
  if (value.origin.source < held.source) return;
  if (value.origin.source == held.source && held.from_env()) {
    warnings.push_back("environment variable " + value.origin.variable + " is ignored: " + held.variable +
                       " also sets " + key + " and takes precedence");
    return;
  }
  if (held.source == Source::file && value.origin.from_env()) masked_.insert_or_assign(key, it->second);
  it->second = std::move(value);
}

const RawValue* RawSettings::find(std::string_view dotted_key) const {
  auto it = values_.find(dotted_key);
  return it == values_.end() ? nullptr : &it->second;
}

}  // namespace vellum::config
