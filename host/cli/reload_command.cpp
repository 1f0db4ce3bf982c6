// vellum reload: ask the running server to re-read its configuration file and apply it now — the same
// path as SIGHUP (POST /api/admin/reload) — and print its answer: the new generation, what changed and
// which slots were rebuilt, or the refusal with every reason.
//
// The server finds the file and reads its own environment: what this shell exports changes nothing
// there.
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/admin_client.hpp"
#include "cli/app_config.hpp"
#include "cli/live_server.hpp"
#include "config/value_parsing.hpp"

namespace vellum::cli {

namespace {

constexpr std::chrono::seconds kDefaultTimeout{120};

// The strings of the answer's list `key` (an answer from another version may lack one).
std::vector<std::string> strings(const nlohmann::json& answer, const char* key) {
  std::vector<std::string> out;
  for (const auto& item : answer.value(key, nlohmann::json::array())) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "none" : out;
}

void print_answer(const nlohmann::json& answer, std::ostream& out, std::ostream& err) {
  const auto outcome = answer.value("outcome", "");
  const auto file = answer.value("configFile", "");
  if (outcome == "applied") {
    out << "reload applied: generation " << answer.value("previousGeneration", 0) << " -> "
        << answer.value("generation", 0) << " (" << file << ", " << answer.value("durationMs", 0) << " ms)\n"
        << "  changes: " << answer.value("changes", nlohmann::json::object()).value("summary", "") << "\n"
        << "  rebuilt: " << joined(strings(answer, "rebuilt")) << "\n"
        << "  reused:  " << joined(strings(answer, "reused")) << "\n";
  } else if (outcome == "unchanged") {
    out << "reload: configuration unchanged, generation " << answer.value("generation", 0) << " stays active ("
        << file << ")\n";
  } else {
    err << "reload refused: generation " << answer.value("generation", 0) << " stays active (" << file << ")\n";
    for (const auto& reason : strings(answer, "reasons")) err << "  " << reason << "\n";
  }
  for (const auto& warning : strings(answer, "warnings")) err << "warning: " << warning << "\n";
}

int reload(CommandContext& context) {
  auto timeout = kDefaultTimeout;
  if (auto text = context.args.value("timeout")) {
    auto seconds = config::parse_integer(*text);
    if (!seconds || *seconds < 1 || *seconds > 3600) {
      context.err << "vellum: --timeout expects seconds from 1 to 3600, got '" << *text << "'\n";
      return kExitUsage;
    }
    timeout = std::chrono::seconds(*seconds);
  }
  const auto server = find_live_server(context, "ask the server to reload");
  if (!server) return kExitNoServer;
  std::string failures;
  for (const auto& candidate : server->candidates) {
    const std::string path =
        context.args.flag("new-dataset") ? "/api/admin/reload?newDataset=true" : "/api/admin/reload";
    auto answer = call_server(candidate.url, server->token, "POST", path, timeout);
    if (!answer) {
      failures += "\n  " + candidate.url + " (from " + candidate.from + "): " + answer.error().message;
      continue;
    }
    if (answer->status == 401) {
      context.err << "vellum: " << candidate.url << " refused the admin token (" << server->token_source << ")\n";
      return kExitNoServer;
    }
    const auto body = nlohmann::json::parse(answer->body, nullptr, false);
    if ((answer->status != 200 && answer->status != 422) || !body.is_object() || !body.contains("outcome")) {
      context.err << "vellum: unexpected answer from " << candidate.url << ": HTTP " << answer->status << " "
                  << answer->body << "\n";
      return kExitFailure;
    }
    if (context.args.flag("json")) {
      context.out << body.dump(2) << "\n";
    } else {
      print_answer(body, context.out, context.err);
    }
    return answer->status == 422 ? kExitFailure : kExitOk;
  }
  context.err << "vellum: no server answered:" << failures << "\n";
  return kExitNoServer;
}

}  // namespace

void register_reload_command(CommandSet& commands) {
  commands.add({{"reload"},
                "apply the edited configuration file to the running server now, and print its answer",
                "usage: vellum reload [--config FILE] [--url URL] [--timeout SECONDS] [--new-dataset] [--json]\n\n"
                "Asks the running `vellum serve` to re-read its configuration file (the one it was started\n"
                "with) and apply it, as SIGHUP does, and waits for the answer: the new runtime generation,\n"
                "the changed keys and the rebuilt and reused slots; or the refusal with every reason (the\n"
                "old runtime stays). Edits an environment variable overrides are named as warnings: the\n"
                "server's environment is fixed when it starts, whatever this shell exports.\n\n"
                "The server is found at --url, else at the address it recorded in <data_dir>/server-url,\n"
                "else at server.host:server.port; the admin token is AUTH_TOKEN (auth.token), auth.token_file\n"
                "or <data_dir>/admin-token. --config names the file to find those in (default ./vellum.yaml).\n"
                "--timeout: seconds to wait for the answer (default 120).\n\n"
                "A changed storage.* is applied only onto a database that holds this server's dataset, as\n"
                "current as the one it serves: an empty database, another dataset or a copy that is behind\n"
                "is refused before anything is written to it (its migrations run only once it is accepted).\n"
                "--new-dataset takes an empty or foreign database on purpose (a fresh start).\n\n"
                "exit codes: 0 applied or nothing to change, 1 refused, 2 wrong usage,\n"
                "            3 no server answered or it refused the admin token\n",
                {{"url", "timeout"}, {"json", "new-dataset"}},
                reload});
}

}  // namespace vellum::cli
