#include "cli/live_server.hpp"

#include <ostream>

#include "cli/server_address.hpp"
#include "config/client_view.hpp"
#include "http/auth_admin_token.hpp"

namespace vellum::cli {

namespace {

std::vector<ServerCandidate> candidates(const CommandContext& context, const config::ClientView& view) {
  if (auto url = context.args.value("url")) return {{*url, "--url"}};
  std::vector<ServerCandidate> out;
  if (auto recorded = read_server_url(view.data_dir)) {
    out.push_back({*recorded, (view.data_dir / kServerUrlFileName).string()});
  }
  if (view.port != 0) {
    auto configured = local_url(view.host, view.port);
    if (out.empty() || out.front().url != configured) out.push_back({configured, "server.host and server.port"});
  }
  return out;
}

}  // namespace

std::optional<LiveServer> find_live_server(CommandContext& context, std::string_view purpose) {
  config::LoadOptions options;
  if (auto file = context.args.value("config")) options.config_file = *file;
  options.env = context.environment;
  const auto source = config::read_config_source(options);
  for (const auto& error : source.errors) context.err << "warning: " << error << "; looking for the server anyway\n";
  const auto view = config::client_view(source);

  auto token = http::find_admin_token(view.auth, view.data_dir);
  if (!token) {
    context.err << "vellum: cannot " << purpose << ": " << token.error().message << "\n";
    return std::nullopt;
  }
  LiveServer server{candidates(context, view), token->token, token->source, view.data_dir};
  if (server.candidates.empty()) {
    context.err << "vellum: no server address: server.port is 0 and " << (view.data_dir / kServerUrlFileName).string()
                << " does not exist (is vellum serve running on this data directory?); pass --url\n";
    return std::nullopt;
  }
  return server;
}

}  // namespace vellum::cli
