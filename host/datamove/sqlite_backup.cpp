#include "datamove/sqlite_backup.hpp"

#include <cstring>
#include <fstream>
#include <memory>

#include <sqlite3.h>

#include "vellum/sdk/private_files.hpp"

namespace vellum::datamove {

namespace {

constexpr int kPagesPerStep = 256;
constexpr int kBusyTimeoutMs = 5000;

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

sdk::Result<Db> open(const std::filesystem::path& file, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    return sdk::Error(sdk::ErrorKind::unavailable,
                      "cannot open " + file.string() + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  return db;
}

sdk::Status copy_pages(sqlite3* source, sqlite3* target, const std::string& what, const PageProgress& progress) {
  sqlite3_backup* backup = sqlite3_backup_init(target, "main", source, "main");
  if (!backup) return sdk::Error(sdk::ErrorKind::internal, what + ": " + sqlite3_errmsg(target));
  int rc = SQLITE_OK;
  do {
    rc = sqlite3_backup_step(backup, kPagesPerStep);
    if (progress) {
      const auto total = sqlite3_backup_pagecount(backup);
      progress(total - sqlite3_backup_remaining(backup), total);
    }
    // BUSY/LOCKED: another connection holds a lock for a moment; the next step tries again.
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return sdk::Error(sdk::ErrorKind::internal, what + ": " + sqlite3_errstr(rc));
  return {};
}

}  // namespace

sdk::Status sqlite_backup(const std::filesystem::path& from, const std::filesystem::path& to,
                          const PageProgress& progress) {
  auto source = open(from, SQLITE_OPEN_READONLY);
  if (!source) return std::move(source).error();
  auto partial = to;
  partial += ".partial";
  std::error_code ec;
  std::filesystem::remove(partial, ec);
  // Created 0600 before SQLite fills it (SQLite keeps the mode of a file it finds): a backup holds
  // everything the database does.
  if (auto created = sdk::create_private_file(partial); !created) return created;
  {
    auto target = open(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!target) return std::move(target).error();
    if (auto copied = copy_pages(source->get(), target->get(), "backing up " + from.string(), progress); !copied) {
      target->reset();
      std::filesystem::remove(partial, ec);
      return copied;
    }
  }
  std::filesystem::rename(partial, to, ec);
  if (ec) return sdk::Error(sdk::ErrorKind::internal, "cannot move the backup to " + to.string() + ": " + ec.message());
  return {};
}

sdk::Status sqlite_restore(const std::filesystem::path& from, const std::filesystem::path& to,
                           const PageProgress& progress) {
  auto source = open(from, SQLITE_OPEN_READONLY);
  if (!source) return std::move(source).error();
  if (auto created = sdk::create_private_file(to); !created) return created;  // a database that is not there yet
  auto target = open(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!target) return std::move(target).error();
  return copy_pages(source->get(), target->get(), "restoring into " + to.string(), progress);
}

bool is_sqlite_file(const std::filesystem::path& file) {
  // Every SQLite 3 database file starts with this header; checked without SQL so a stray file is
  // refused before anything is overwritten.
  static constexpr char kMagic[] = "SQLite format 3";
  std::ifstream in(file, std::ios::binary);
  char header[sizeof kMagic] = {};
  in.read(header, sizeof header);
  return in.gcount() == static_cast<std::streamsize>(sizeof header) && std::memcmp(header, kMagic, sizeof kMagic) == 0;
}

}  // namespace vellum::datamove
