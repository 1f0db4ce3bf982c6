// vellum copy --from CONFIG --to CONFIG — moves everything from one installation's database into
// another's (SQLite → PostgreSQL and back) through the repositories, then proves it by counting.
#include <filesystem>
#include <ostream>

#include "cli/app_config.hpp"
#include "cli/storage_command.hpp"
#include "datamove/census.hpp"
#include "datamove/copy_data.hpp"
#include "plugins/host_services.hpp"
#include "vellum/sdk/private_files.hpp"

namespace vellum::cli {

namespace {

// One side of the copy: its configuration, plugins and open backend (migrated to this version).
struct Side {
  LoadedConfig loaded;
  std::unique_ptr<plugins::HostServices> host;
  sdk::BackendPtr storage;
};

std::optional<Side> open_side(CommandContext& context, const std::string& file, const std::string& role) {
  Side side{load_config_and_plugins(context, file), nullptr, nullptr};
  if (!side.loaded.report.ok()) {
    context.err << "vellum: --" << role << ": ";
    report_config_errors(side.loaded.report, context.err);
    return std::nullopt;
  }
  const auto& config = *side.loaded.report.config;
  if (auto made = sdk::make_private_directories(config.data_dir); !made) {
    context.err << "vellum: --" << role << ": cannot create the data directory: " << made.error().message << "\n";
    return std::nullopt;
  }
  side.host = std::make_unique<plugins::HostServices>(config.data_dir.string());
  auto storage = open_storage(config, side.loaded.catalog, *side.host, /*migrate=*/true);
  if (!storage) {
    context.err << "vellum: --" << role << ": cannot open storage: " << storage.error().message << "\n";
    return std::nullopt;
  }
  side.storage = storage.value();
  return side;
}

int copy(CommandContext& context) {
  const auto from = context.args.value("from");
  const auto to = context.args.value("to");
  if (!from || !to || !context.args.positionals().empty()) {
    context.err << "vellum: copy expects --from CONFIG and --to CONFIG\n";
    return kExitUsage;
  }
  auto source = open_side(context, *from, "from");
  if (!source) return kExitFailure;
  setup_logging_for(*source->loaded.report.config, context);
  auto target = open_side(context, *to, "to");
  if (!target) return kExitFailure;

  auto before = datamove::take_census(*target->storage);
  if (!before) {
    context.err << "vellum: cannot read the target database: " << before.error().message << "\n";
    return kExitFailure;
  }
  if (!before->empty()) {
    // Slugs and token names are unique: copying into a used database would half-merge and fail.
    context.err << "vellum: the target database is not empty (" << datamove::describe(before.value())
                << "); copy into an empty one\n";
    return kExitFailure;
  }
  datamove::Progress progress(context.err, datamove::is_terminal(2));
  if (auto copied = datamove::copy_all(*source->storage, *target->storage, progress); !copied) {
    context.err << "vellum: copy failed: " << copied.error().message << "\n";
    return kExitFailure;
  }
  auto expected = datamove::take_census(*source->storage);
  auto arrived = datamove::take_census(*target->storage);
  if (!expected || !arrived) {
    context.err << "vellum: copied, but cannot count to check: "
                << (!expected ? expected.error().message : arrived.error().message) << "\n";
    return kExitFailure;
  }
  const auto mismatches = datamove::differences(expected.value(), arrived.value());
  for (const auto& mismatch : mismatches) context.err << "vellum: mismatch: " << mismatch << "\n";
  if (!mismatches.empty()) return kExitFailure;
  context.out << "copied " << datamove::describe(arrived.value()) << " from "
              << source->storage->describe().location << " to " << target->storage->describe().location << "\n";
  return kExitOk;
}

}  // namespace

void register_copy_command(CommandSet& commands) {
  commands.add({{"copy"},
                "copy all data from one configuration's database into another's (e.g. SQLite to PostgreSQL)",
                "usage: vellum copy --from CONFIG --to CONFIG\n\n"
                "Reads everything through the storage plugins — articles with their versions and\n"
                "metadata, embedding sets with chunks and vectors, tokens, tasks, worker control and\n"
                "settings — and writes it into the --to database, which must be empty (it is migrated\n"
                "first). Articles get new ids there. Counts of both are compared at the end.\n"
                "Heartbeats, the audit log and metrics are not copied. Stop the servers of the source\n"
                "first, or writes made during the copy may be missed.\n\n"
                "exit codes: 0 copied and counts match, 1 failure or a count mismatch, 2 wrong usage\n",
                {{"from", "to"}, {}},
                copy});
}

}  // namespace vellum::cli
