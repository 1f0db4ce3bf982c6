// vellum token create | list | revoke — API keys, as /api/access-tokens manages them.
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/storage_command.hpp"
#include "common/clock.hpp"
#include "http/auth_tokens.hpp"

namespace vellum::cli {

namespace {

constexpr const char* kExitCodes =
    "exit codes: 0 success, 1 failure (storage error, invalid name or scope, name taken, no such token),\n"
    "            2 wrong usage\n";

int fail(CommandContext& context, const sdk::Error& error) {
  context.err << "vellum: " << error.message << "\n";
  return kExitFailure;
}

int create(CommandContext& context) {
  if (context.args.positionals().size() != 1) {
    context.err << "vellum: token create expects one NAME\n";
    return kExitUsage;
  }
  const std::string scope = context.args.value("scope").value_or("read-only");
  return with_storage(context, [&](StorageSession& session) {
    auto created = http::create_token(*session.storage, context.args.positionals()[0], scope);
    if (!created) return fail(context, created.error());
    const auto& token = created->token;
    if (context.args.flag("json")) {
      context.out << nlohmann::json{{"id", token.id},
                                    {"name", token.name},
                                    {"scope", token.scope},
                                    {"token", created->secret},
                                    {"created_at", format_iso8601(token.created_at)}}
                         .dump(2)
                  << "\n";
    } else {
      context.out << "created token '" << token.name << "' (id " << token.id << ", scope " << token.scope
                  << "):\n\n  " << created->secret << "\n\nStore it now: it is shown only once.\n";
    }
    return kExitOk;
  });
}

int list(CommandContext& context) {
  return with_storage(context, [&](StorageSession& session) {
    auto tokens = http::list_tokens(*session.storage);
    if (!tokens) return fail(context, tokens.error());
    if (context.args.flag("json")) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& token : tokens.value()) out.push_back(http::token_json(token));
      context.out << nlohmann::json{{"tokens", out}}.dump(2) << "\n";
      return kExitOk;
    }
    if (tokens->empty()) {
      context.out << "no tokens\n";
      return kExitOk;
    }
    for (const auto& token : tokens.value()) {
      context.out << std::setw(5) << token.id << "  " << std::left << std::setw(24) << token.name << std::setw(10)
                  << token.scope << std::right << http::masked_token(token) << "  created "
                  << format_iso8601(token.created_at) << "  last used "
                  << (token.last_used_at ? format_iso8601(*token.last_used_at) : std::string("never")) << "\n";
    }
    return kExitOk;
  });
}

int revoke(CommandContext& context) {
  if (context.args.positionals().size() != 1) {
    context.err << "vellum: token revoke expects one ID or TOKEN\n";
    return kExitUsage;
  }
  const std::string key = context.args.positionals()[0];
  return with_storage(context, [&](StorageSession& session) {
    const bool numeric = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos && key.size() < 19;
    auto removed = numeric ? http::revoke_token(*session.storage, std::stoll(key))
                           : http::revoke_token_secret(*session.storage, key);
    if (!removed) return fail(context, removed.error());
    if (context.args.flag("json")) context.out << nlohmann::json{{"revoked", removed.value()}}.dump(2) << "\n";
    if (!removed.value()) {
      context.err << "vellum: no such token\n";
      return kExitFailure;
    }
    if (!context.args.flag("json")) context.out << "revoked\n";
    return kExitOk;
  });
}

}  // namespace

void register_token_commands(CommandSet& commands) {
  commands.add({{"token", "create"},
                "create an API key (shown once) for REST and MCP clients",
                std::string("usage: vellum token create NAME [--scope read-only|write] [--json] [--config FILE]\n\n"
                            "Creates an API key (sk-md- + 64 hex characters). Only its SHA-256 is stored: copy\n"
                            "the key from this output. --scope defaults to read-only.\n\n") +
                    kExitCodes,
                {{"scope"}, {"json"}},
                create});
  commands.add({{"token", "list"},
                "list API keys (masked) with their scope and last use",
                std::string("usage: vellum token list [--json] [--config FILE]\n\n") + kExitCodes,
                {{}, {"json"}},
                list});
  commands.add({{"token", "revoke"},
                "revoke an API key by id or by the key itself",
                std::string("usage: vellum token revoke ID|TOKEN [--json] [--config FILE]\n\n") + kExitCodes,
                {{}, {"json"}},
                revoke});
}

}  // namespace vellum::cli
