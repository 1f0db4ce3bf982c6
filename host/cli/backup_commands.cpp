// vellum backup FILE / vellum restore FILE — one database to a file and back, with the backend's own
// tools: SQLite's online backup API (safe while the server runs), pg_dump/pg_restore in custom format.
#include <filesystem>
#include <ostream>

#include "cli/admin_client.hpp"
#include "cli/server_address.hpp"
#include "cli/storage_command.hpp"
#include "common/clock.hpp"
#include "config/value_parsing.hpp"
#include "datamove/backup_catalog.hpp"
#include "datamove/census.hpp"
#include "datamove/external_tool.hpp"
#include "datamove/pg_tool.hpp"
#include "datamove/progress.hpp"
#include "datamove/sqlite_backup.hpp"
#include "plugins/host_services.hpp"
#include "queue_admin/queue_settings.hpp"
#include "vellum/sdk/private_files.hpp"

namespace vellum::cli {

namespace {

constexpr const char* kExitCodes =
    "exit codes: 0 success, 1 failure (storage error, tool missing or failed, restore refused because the\n"
    "            database is not empty and --confirm was not given), 2 wrong usage\n";

std::filesystem::path sqlite_file(const config::Config& config) {
  std::filesystem::path path = config.storage.settings.get_string("path", "vellum.db");
  if (path.is_relative()) path = config.data_dir / path;
  return path.lexically_normal();
}

int fail(CommandContext& context, const std::string& message) {
  context.err << "vellum: " << message << "\n";
  return kExitFailure;
}

datamove::PageProgress page_progress(datamove::Progress& progress, const std::string& what) {
  return [&progress, what](std::int64_t copied, std::int64_t total) { progress.show(what, copied, total); };
}

// The password reaches pg_dump and pg_restore through a private passfile, never their command line.
datamove::ToolEnvironment password_environment(const datamove::PgToolConnection& connection) {
  return {connection.environment(), connection.unset()};
}

int backup_postgres(CommandContext& context, const config::Config& config, const std::string& file) {
  if (!datamove::tool_available("pg_dump")) {
    return fail(context, "pg_dump is not on PATH; install the PostgreSQL client tools, or export the data with "
                         "`vellum copy --from THIS_CONFIG --to SQLITE_CONFIG`");
  }
  auto connection = datamove::PgToolConnection::prepare(config.storage.settings.get_string("url"));
  if (!connection) return fail(context, connection.error().message);
  // pg_dump creates its file with the umask's mode and keeps the mode of one it finds: it finds a
  // private one.
  if (auto created = sdk::write_private_file(file, ""); !created) return fail(context, created.error().message);
  auto dumped = datamove::run_tool({"pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                                    "--schema=" + config.storage.settings.get_string("schema", "public"),
                                    "--file=" + file, "--dbname=" + connection->conninfo()},
                                   password_environment(connection.value()));
  if (!dumped) return fail(context, dumped.error().message);
  return kExitOk;
}

// --keep N: a whole number from 1 to 10000, or nothing when absent; a usage error otherwise.
std::optional<std::optional<std::size_t>> keep_option(CommandContext& context) {
  const auto text = context.args.value("keep");
  if (!text) return std::optional<std::size_t>();
  const auto keep = config::parse_integer(*text);
  if (!keep || *keep < 1 || *keep > 10'000) {
    context.err << "vellum: --keep expects a whole number from 1 to 10000, got '" << *text << "'\n";
    return std::nullopt;
  }
  return std::optional<std::size_t>(static_cast<std::size_t>(*keep));
}

int write_backup(CommandContext& context, const config::Config& config, const std::string& file) {
  if (config.storage.plugin == "sqlite") {
    datamove::Progress progress(context.err, datamove::is_terminal(2));
    auto copied = datamove::sqlite_backup(sqlite_file(config), file, page_progress(progress, "backing up pages"));
    progress.finish();
    if (!copied) return fail(context, copied.error().message);
    return kExitOk;
  }
  if (config.storage.plugin == "postgres") return backup_postgres(context, config, file);
  return fail(context, "backup does not know the storage backend '" + config.storage.plugin + "'");
}

int backup(CommandContext& context) {
  const auto& positionals = context.args.positionals();
  const auto label = context.args.value("label").value_or("");
  const auto keep = keep_option(context);
  if (positionals.size() > 1 || !keep) {
    if (positionals.size() > 1) context.err << "vellum: backup expects at most one FILE\n";
    return kExitUsage;
  }
  if (!label.empty()) {
    if (auto checked = datamove::check_label(label); !checked) {
      context.err << "vellum: " << checked.error().message << "\n";
      return kExitUsage;
    }
  }
  if (!positionals.empty() && (keep->has_value() || !label.empty())) {
    context.err << "vellum: --label and --keep name and prune the backups in <data_dir>/backups; give no FILE\n";
    return kExitUsage;
  }
  return with_storage(context, [&](StorageSession& session) {
    const auto& config = session.config;
    session.storage.reset();  // the backup reads the database on its own connection
    const auto directory = config.data_dir / datamove::kBackupDirectoryName;
    std::string file = positionals.empty() ? std::string() : positionals[0];
    if (file.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(directory, ec);
      if (ec) return fail(context, "cannot create " + directory.string() + ": " + ec.message());
      std::filesystem::permissions(directory, std::filesystem::perms::owner_all, ec);  // backups hold everything
      file = datamove::catalogued_name(directory, now_ms(), label, config.storage.plugin).string();
      if (std::filesystem::exists(file, ec)) return fail(context, file + " exists already; not overwritten");
    }
    if (const int code = write_backup(context, config, file); code != kExitOk) return code;
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(file, ec);
    const auto absolute = std::filesystem::absolute(file, ec).lexically_normal().string();
    context.out << "backed up " << config.storage.plugin << " database to " << file << "\n";
    if (auto recorded = datamove::record_backup(config.data_dir, {absolute, now_ms(), ec ? 0 : bytes,
                                                                  config.storage.plugin, label});
        !recorded) {
      context.err << "warning: the backup is written, but its record for /metrics is not: "
                  << recorded.error().message << "\n";
    }
    if (keep->has_value()) {
      auto pruned = datamove::prune(directory, label, **keep);
      if (!pruned) return fail(context, pruned.error().message);
      for (const auto& old : pruned.value()) context.out << "deleted old backup " << old.string() << "\n";
    }
    return kExitOk;
  });
}

// Refuses to replace data unless asked to; the census names what would be lost.
bool may_overwrite(CommandContext& context, sdk::StorageBackend& storage) {
  auto census = datamove::take_census(storage);
  if (!census) {
    context.err << "vellum: cannot read the target database: " << census.error().message << "\n";
    return false;
  }
  if (census->empty() || context.args.flag("confirm")) return true;
  context.err << "vellum: the database is not empty (" << datamove::describe(census.value())
              << "); pass --confirm to replace it with the backup\n";
  return false;
}

int restore_into(CommandContext& context, const config::Config& config, const std::string& file) {
  if (config.storage.plugin == "sqlite") {
    if (!datamove::is_sqlite_file(file)) return fail(context, file + " is not an SQLite database backup");
    datamove::Progress progress(context.err, datamove::is_terminal(2));
    auto restored = datamove::sqlite_restore(file, sqlite_file(config), page_progress(progress, "restoring pages"));
    progress.finish();
    if (!restored) return fail(context, restored.error().message);
    return kExitOk;
  }
  if (config.storage.plugin == "postgres") {
    if (!datamove::tool_available("pg_restore")) return fail(context, "pg_restore is not on PATH");
    // --clean drops the tables the backup holds before recreating them, all in one transaction.
    auto connection = datamove::PgToolConnection::prepare(config.storage.settings.get_string("url"));
    if (!connection) return fail(context, connection.error().message);
    auto restored = datamove::run_tool({"pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                                        "--single-transaction", "--dbname=" + connection->conninfo(), file},
                                       password_environment(connection.value()));
    if (!restored) return fail(context, restored.error().message);
    return kExitOk;
  }
  return fail(context, "restore does not know the storage backend '" + config.storage.plugin + "'");
}

// What still uses the database a restore would replace: a `vellum serve` of this data directory that
// answers at the address it recorded, and queue workers (of any host) that claimed work within two
// heartbeat intervals. A server elsewhere with its queue paused or on the sync strategy is not seen.
std::vector<std::string> attached_servers(StorageSession& session) {
  std::vector<std::string> found;
  if (auto url = read_server_url(session.config.data_dir)) {
    if (call_server(*url, "", ServerRequest{"GET", "/health", {}, {}, false}, std::chrono::seconds(2))) {
      found.push_back("vellum serve at " + *url + " (" + (session.config.data_dir / kServerUrlFileName).string() + ")");
    }
  }
  const auto stale_after = queue_admin::settings_view(session.config).stale_after();
  const auto now = now_ms();
  (void)session.storage->read([&](sdk::Repositories& repos) -> sdk::Status {
    auto workers = repos.workers().workers();
    if (!workers) return std::move(workers).error();
    for (const auto& beat : workers.value()) {
      const auto age = std::chrono::duration_cast<std::chrono::milliseconds>(now - beat.last_heartbeat);
      if (beat.is_running && age < stale_after) {
        found.push_back("queue worker " + beat.worker_id + " on " + beat.hostname + " (heartbeat " +
                        std::to_string(age.count() / 1000) + " s ago)");
      }
    }
    return sdk::ok_status();
  });
  return found;
}

int restore(CommandContext& context) {
  if (context.args.positionals().size() != 1) {
    context.err << "vellum: restore expects one FILE\n";
    return kExitUsage;
  }
  const std::string file = context.args.positionals()[0];
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    context.err << "vellum: no such backup file: " << file << "\n";
    return kExitFailure;
  }
  return with_storage(context, [&](StorageSession& session) {
    if (!context.args.flag("force")) {
      if (const auto attached = attached_servers(session); !attached.empty()) {
        context.err << "vellum: refusing to restore while servers use this database (stop them first, or pass "
                       "--force):\n";
        for (const auto& server : attached) context.err << "  " << server << "\n";
        return kExitFailure;
      }
    }
    if (!may_overwrite(context, *session.storage)) return kExitFailure;
    session.storage.reset();  // closed before its file or tables are replaced
    if (auto code = restore_into(context, session.config, file); code != kExitOk) return code;
    // Reopened with migrations, so a backup from an older version is brought up to this one.
    auto reopened = open_storage(session.config, session.loaded.catalog, session.host, /*migrate=*/true);
    if (!reopened) return fail(context, "restored, but the database does not open: " + reopened.error().message);
    auto census = datamove::take_census(*reopened.value());
    if (!census) return fail(context, "restored, but cannot be read: " + census.error().message);
    context.out << "restored " << file << ": " << datamove::describe(census.value()) << "\n";
    return kExitOk;
  });
}

}  // namespace

void register_backup_commands(CommandSet& commands) {
  commands.add({{"backup"},
                "write a backup of the configured database to FILE",
                std::string("usage: vellum backup FILE [--config FILE]\n"
                            "       vellum backup [--label LABEL] [--keep N] [--config FILE]\n\n"
                            "SQLite: a consistent copy made with SQLite's online backup API; safe while\n"
                            "servers run. PostgreSQL: pg_dump --format=custom of the configured schema\n"
                            "(pg_dump must be on PATH). The password in storage.postgres.url reaches\n"
                            "pg_dump/pg_restore through a temporary 0600 passfile (PGPASSFILE), never\n"
                            "their command line.\n\n"
                            "Without FILE the backup goes to <data_dir>/backups (mode 0700) as\n"
                            "vellum-<UTC time>[-LABEL].sqlite|.pgdump, e.g. --label pre-deployment.\n"
                            "--keep N then deletes the oldest backups there with the same label (or\n"
                            "none) beyond the newest N. Every backup is recorded in\n"
                            "<data_dir>/last-backup.json, which /metrics reads\n"
                            "(vellum_backup_last_success_timestamp_seconds).\n\n") +
                    kExitCodes,
                {{"label", "keep"}, {}},
                backup});
  commands.add({{"restore"},
                "replace the configured database with a backup made by `vellum backup`",
                std::string("usage: vellum restore FILE [--confirm] [--force] [--config FILE]\n\n"
                            "Refuses a database that holds anything unless --confirm is given. Stop the\n"
                            "servers first: a server of this data directory that answers, or queue workers\n"
                            "heard from within two heartbeat intervals, make it refuse unless --force. SQLite: the backup's pages replace the database file's.\n"
                            "PostgreSQL: pg_restore --clean into the schema the backup was taken from.\n"
                            "Migrations newer than the backup are applied afterwards.\n\n") +
                    kExitCodes,
                {{}, {"confirm", "force"}},
                restore});
}

}  // namespace vellum::cli
