#include "storage/backend_fixture.hpp"

#include <cstdlib>
#include <span>
#include <stdexcept>

#include "support/temp_dir.hpp"
#ifdef VELLUM_TEST_POSTGRES
#include "storage/postgres_target.hpp"
#endif

namespace vellum::test {

namespace {

// A new database file in its own temporary directory, removed with the target.
class SqliteTarget final : public DatabaseTarget {
 public:
  [[nodiscard]] std::string plugin_name() const override { return "sqlite"; }
  [[nodiscard]] Settings settings() const override {
    return {{"path", {(dir_ / "vellum.db").string(), "storage test fixture"}}};
  }

 private:
  TempDir dir_{"vellum-storage"};
};

std::unique_ptr<DatabaseTarget> make_target(const std::string& kind) {
  if (kind == "sqlite") return std::make_unique<SqliteTarget>();
#ifdef VELLUM_TEST_POSTGRES
  if (kind == "postgres") return std::make_unique<PostgresTarget>();
#endif
  throw std::runtime_error("VELLUM_TEST_STORAGE=" + kind + ": this build has no test target for that backend");
}

plugins::LibraryPtr load_library(const std::string& kind) {
  const std::string file = std::string(VELLUM_TEST_PLUGIN_DIR) + "/vellum-storage-" + kind + ".so";
  auto library = plugins::PluginLibrary::open(file);
  if (!library) throw std::runtime_error("loading " + file + ": " + library.error().message);
  return library.value();
}

}  // namespace

std::string storage_kind() {
  const char* kind = std::getenv("VELLUM_TEST_STORAGE");
  return kind && *kind ? kind : "sqlite";
}

StorageFixture::StorageFixture(const Settings& extra)
    : target_(make_target(storage_kind())), host_(std::make_unique<TestHostContext>()) {
  library_ = load_library(target_->plugin_name());
  backend_ = open(extra);
}

StorageFixture::~StorageFixture() {
  backend_.reset();  // close connections before the target removes the database
}

sdk::BackendPtr StorageFixture::open(const Settings& extra) {
  Settings settings = target_->settings();
  for (const auto& [key, value] : extra) settings[key] = value;
  const auto& options = library_->manifest().options;
  auto config = config::build_plugin_config("storage." + target_->plugin_name(),
                                            std::span<const sdk::ConfigOption>(options), settings);
  if (!config) throw std::runtime_error("storage settings: " + config.error().message);
  auto backend = library_->create<sdk::Slot::storage>(config.value(), *host_);
  if (!backend) throw std::runtime_error("creating the storage backend: " + backend.error().message);
  return backend.value();
}

sdk::BackendPtr StorageFixture::open_another(const Settings& extra) { return open(extra); }

void StorageFixture::reopen(const Settings& extra) {
  backend_.reset();
  backend_ = open(extra);
}

}  // namespace vellum::test
