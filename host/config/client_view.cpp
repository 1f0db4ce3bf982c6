#include "config/client_view.hpp"

#include "config/core_settings.hpp"
#include "config/value_parsing.hpp"

namespace vellum::config {

namespace {

std::string default_of(std::string_view section, std::string_view key) {
  const auto* option = find_option(find_core_section(section)->options, key);
  return option && option->default_value ? option->default_value : "";
}

}  // namespace

ClientView client_view(const ConfigSource& source) {
  const auto raw = unvalidated_settings(source);
  const auto context = build_context(source);
  ClientView view;

  const auto* data_dir = raw.find("data_dir");
  const RawValue fallback{"", "data_dir", default_of("", "data_dir"), Origin{}};
  view.data_dir = resolve_path(data_dir && !data_dir->text.empty() ? *data_dir : fallback, context);

  const auto* token = raw.find("auth.token");
  const auto* token_file = raw.find("auth.token_file");
  if (token && (!token_file || token->origin.source >= token_file->origin.source)) {
    view.auth.token = token->text;
  } else if (token_file) {
    view.auth.token_file = resolve_path(*token_file, context);
  }

  const auto* host = raw.find("server.host");
  view.host = host ? host->text : default_of("server", "host");
  const auto* port = raw.find("server.port");
  auto parsed = parse_integer(port ? port->text : default_of("server", "port"));
  if (!parsed || *parsed < 0 || *parsed > 65535) parsed = parse_integer(default_of("server", "port"));
  view.port = static_cast<std::uint16_t>(parsed.value_or(0));
  return view;
}

}  // namespace vellum::config
