#include "queue/queue_database.hpp"

#include <sqlite3.h>

#include <stdexcept>

#include "storage/backend_fixture.hpp"
#include "support/temp_dir.hpp"
#ifdef VELLUM_TEST_POSTGRES
#include "storage/pg_connection.hpp"
#include "storage/postgres_target.hpp"
#endif

namespace vellum::test {

namespace {

class SqliteDatabase final : public QueueDatabase {
 public:
  [[nodiscard]] std::string plugin_name() const override { return "sqlite"; }
  [[nodiscard]] std::map<std::string, std::string> settings() const override { return {{"path", path()}}; }
  long long exec(const std::string& sql) override {
    sqlite3* db = nullptr;
    if (sqlite3_open(path().c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open " + path());
    sqlite3_busy_timeout(db, 10000);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    const long long changed = sqlite3_changes(db);
    std::string error = message ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw std::runtime_error("sqlite: " + error + " in: " + sql);
    return changed;
  }
  [[nodiscard]] std::string boolean(bool value) const override { return value ? "1" : "0"; }
  [[nodiscard]] std::string now() const override { return "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"; }

 private:
  [[nodiscard]] std::string path() const { return (dir_ / "queue.db").string(); }
  TempDir dir_{"vellum-queue"};
};

#ifdef VELLUM_TEST_POSTGRES
class PostgresDatabase final : public QueueDatabase {
 public:
  [[nodiscard]] std::string plugin_name() const override { return "postgres"; }
  [[nodiscard]] std::map<std::string, std::string> settings() const override {
    return {{"url", target_.url()}, {"schema", target_.schema()}};
  }
  long long exec(const std::string& sql) override { return PgConnection(target_.url(), target_.schema()).exec(sql); }
  [[nodiscard]] std::string boolean(bool value) const override { return value ? "true" : "false"; }
  [[nodiscard]] std::string now() const override { return "NOW()"; }

 private:
  PostgresTarget target_;
};
#endif

}  // namespace

std::shared_ptr<QueueDatabase> make_queue_database() {
  const std::string kind = storage_kind();
  if (kind == "sqlite") return std::make_shared<SqliteDatabase>();
#ifdef VELLUM_TEST_POSTGRES
  if (kind == "postgres") return std::make_shared<PostgresDatabase>();
#endif
  throw std::runtime_error("VELLUM_TEST_STORAGE=" + kind + ": this build has no queue test target for that backend");
}

}  // namespace vellum::test
