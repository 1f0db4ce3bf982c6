// Crash safety of the durable queue, against the real binary: `vellum serve` (SQLite, background
// queue, a fake Ollama slow enough that the drain takes seconds) works through a few thousand
// imported articles and is killed with SIGKILL at seeded points, five times, restarted on the same
// data directory each time. Articles are edited over REST while tasks are in flight and with
// `vellum import --conflict overwrite` while the server is down.
//
// After every kill the outbox promise must hold in the database as the crash left it: each article
// has exactly the chunks of its current content, or an open task that will give it them. Once the
// last server has drained the queue: each article has exactly its current chunks, every one with a
// vector of the active embedding set; no task is pending, processing (leases of the dead processes
// were rescued) or failed; and each article's completed tasks number between one and one per write.
#include <catch2/catch.hpp>

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>

#include "fakes/fake_ollama.hpp"
#include "indexing/chunker.hpp"
#include "ops/ops_rig.hpp"

using namespace vellum::test;
using std::chrono::milliseconds;

namespace {

constexpr int kArticles = 2000;
constexpr int kKills = 5;
constexpr std::size_t kDimensions = 16;
constexpr unsigned kSeed = 20240611;  // the kill points and edits; the timing around them still varies

// Short sections, so the chunks do not depend on the provider's token estimate; the number of
// sections follows the revision, so an edit can also shrink or grow an article's chunk set.
std::string note_content(int note, int revision) {
  const auto n = std::to_string(note), r = std::to_string(revision);
  std::string text = "# Note " + n + "\n\nRevision " + r + " of note " + n + ", about topic " +
                     std::to_string(note % 41) + ".\n";
  for (int part = 1; part <= 1 + (note + revision) % 3; ++part) {
    const auto p = std::to_string(part);
    text += "\n## Part " + p + "\n\nPart " + p + " of note " + n + " in revision " + r + ".\n";
  }
  return text;
}

std::string slug_of(int note) {
  char name[32];
  std::snprintf(name, sizeof name, "note-%04d", note);
  return name;
}

// A plain sqlite3 connection to the server's file, as an operator's `sqlite3 data/vellum.db`.
class Db {
 public:
  explicit Db(const std::filesystem::path& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("cannot open " + path.string());
    sqlite3_busy_timeout(db_, 5000);
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Every row, each column as text ("" for NULL).
  std::vector<std::vector<std::string>> rows(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      throw std::runtime_error("prepare failed: " + sql + ": " + sqlite3_errmsg(db_));
    }
    std::vector<std::vector<std::string>> out;
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      auto& row = out.emplace_back();
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const auto* text = sqlite3_column_text(st, c);
        row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
      }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) throw std::runtime_error("step failed: " + sql);
    return out;
  }
  std::int64_t number(const std::string& sql) { return std::stoll(rows(sql).at(0).at(0)); }

 private:
  sqlite3* db_ = nullptr;
};

struct Audit {
  std::int64_t articles = 0;
  std::int64_t current = 0;     // exactly the chunks of the current content, each with a vector
  std::int64_t open_tasks = 0;  // articles with a pending or processing task
  std::vector<std::string> lost;  // neither current nor with an open task: the promise broken
};

// Compares each article's stored chunks with what the chunker makes of its content now.
Audit audit(Db& db) {
  Audit out;
  const auto sets = db.rows("SELECT id FROM embedding_sets");
  REQUIRE(sets.size() <= 1);  // one provider, one model: one set
  const std::string set = sets.empty() ? "0" : sets[0][0];
  CHECK(db.number("SELECT COUNT(*) FROM embeddings WHERE embedding_set_id <> " + set) == 0);

  std::map<std::string, std::vector<std::vector<std::string>>> chunks;  // article id → (index, hash, bytes)
  for (auto& row : db.rows("SELECT article_id, chunk_index, content_hash, COALESCE(length(vector), 0) FROM "
                           "embeddings WHERE embedding_set_id = " + set + " ORDER BY article_id, chunk_index")) {
    chunks[row[0]].push_back({row[1], row[2], row[3]});
  }
  std::set<std::string> open;
  for (auto& row : db.rows("SELECT DISTINCT article_id FROM embedding_tasks WHERE status IN ('pending', "
                           "'processing')")) {
    open.insert(row[0]);
  }
  for (auto& row : db.rows("SELECT id, slug, content FROM articles ORDER BY id")) {
    ++out.articles;
    const auto expected = vellum::indexing::chunk_markdown(row[2]);
    const auto& stored = chunks[row[0]];
    bool current = stored.size() == expected.size();
    for (std::size_t i = 0; current && i < expected.size(); ++i) {
      current = stored[i][0] == std::to_string(i) && stored[i][1] == expected[i].content_hash &&
                stored[i][2] == std::to_string(kDimensions * sizeof(float));
    }
    const bool has_task = open.count(row[0]) > 0;
    out.current += current ? 1 : 0;
    out.open_tasks += has_task ? 1 : 0;
    if (!current && !has_task) {
      out.lost.push_back(row[1] + " (" + std::to_string(stored.size()) + " chunks stored, " +
                         std::to_string(expected.size()) + " expected)");
    }
  }
  return out;
}

// The notes whose tasks are in processing: held by the newest server only (the one running, or the
// one just killed), or by any.
std::vector<int> notes_in_processing(Db& db, bool newest_server_only) {
  std::string sql = "SELECT slug FROM embedding_tasks WHERE status = 'processing'";
  if (newest_server_only) {
    // A claimant is "<worker id>/<claim number>".
    sql += " AND claimed_by LIKE (SELECT worker_id FROM embedding_worker_status WHERE id <> 1 ORDER BY started_at "
           "DESC LIMIT 1) || '/%'";
  }
  std::vector<int> out;
  for (auto& row : db.rows(sql + " ORDER BY slug")) out.push_back(std::stoi(row[0].substr(5)));
  return out;
}

}  // namespace

TEST_CASE("crash safety: SIGKILL during a drain loses no task, leaves no stale chunk, strands no lease",
          "[ops][crash]") {
  spdlog::set_level(spdlog::level::warn);  // the fake's access log: a line per embed call
  FakeOllama fake({.dimensions = kDimensions});
  // A slow provider: every batch is in flight a while, and the drain's length is set by the provider,
  // not by how fast this machine runs the queue. 200 calls of 60 ms outlast the five servers' lives
  // (at most about 2 s each), so every kill lands during the drain.
  fake.fail_always(Fault::latency(milliseconds(60)));
  OpsOptions options;
  options.embedding_yaml = "  provider: ollama\n  ollama:\n    base_url: " + fake.base_url() +
                           "\n    dimensions: " + std::to_string(kDimensions) + "\n";
  // Leases of a killed server run out after 1 s and are rescued by the next one. Enough retries that
  // five kills cannot use up a task's attempts (a crash on its last attempt fails it by design).
  options.background_yaml = "    lease_ms: 1000\n    max_retries: 5\n    batch_size: 10\n";
  OpsRig rig(options);

  // The articles, through the CLI's importer: each gets its version and its task, as a server would.
  TempDir notes("vellum-crash-notes");
  std::map<int, int> revision;
  for (int i = 0; i < kArticles; ++i) {
    revision[i] = 1;
    notes.write(slug_of(i) + ".md", note_content(i, 1));
  }
  auto imported = rig.vellum({"import", notes.path().string(), "--json"});
  INFO(imported.err);
  REQUIRE(imported.exit_code == 0);
  const auto db_path = rig.dir() / "data" / "vellum.db";
  REQUIRE(std::filesystem::exists(db_path));
  CHECK(rig.count("pending") == kArticles);

  int in_flight_edits = 0;  // edits of notes whose task was processing at the time
  std::mt19937 random(kSeed);
  auto between = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  std::map<int, int> writes;  // edits after the import, per note
  // Edits the notes being embedded at this moment (read from the live database), then random ones.
  auto edit_over_rest = [&](int count) {
    std::vector<int> targets;
    {
      Db db(db_path);
      targets = notes_in_processing(db, true);
    }
    in_flight_edits += static_cast<int>(targets.size());
    while (static_cast<int>(targets.size()) < count) targets.push_back(between(0, kArticles - 1));
    for (const int note : targets) {
      const int next = revision[note] + 1;
      auto res = rig.put("/api/articles/" + slug_of(note) + ".md",
                         {{"title", "Note " + std::to_string(note)}, {"content", note_content(note, next)}});
      INFO(res.status << " " << res.body << res.error);
      REQUIRE(res.status == 200);
      revision[note] = next;
      ++writes[note];
    }
  };

  int kills_in_flight = 0;  // kills that caught the server holding a batch
  for (int kill = 0; kill < kKills; ++kill) {
    rig.start();
    std::this_thread::sleep_for(milliseconds(between(150, 700)));
    edit_over_rest(between(5, 15));  // some of these articles have a task in flight right now
    std::this_thread::sleep_for(milliseconds(between(100, 900)));
    // Every other kill waits until the server visibly holds a batch; the others land anywhere, inside
    // a claim or a completion transaction too (about a third of the time no batch is held).
    if (kill % 2 == 1) {
      Db live(db_path);
      CHECK(eventually([&] { return !notes_in_processing(live, true).empty(); }, std::chrono::seconds(5)));
    }
    rig.kill();

    Db db(db_path);
    const auto state = audit(db);
    INFO("after kill " << kill + 1 << ": " << state.current << " of " << state.articles << " current, "
                       << state.open_tasks << " with open tasks");
    CHECK(state.articles == kArticles);
    CHECK(state.lost == std::vector<std::string>{});
    CHECK(state.open_tasks > 0);  // the kill did land during the drain
    if (!notes_in_processing(db, true).empty()) ++kills_in_flight;

    // Edits while no server runs, of the notes the dead servers were embedding and of a random one: the
    // CLI's writes queue tasks beside the dead servers' leases, which the next server must rescue.
    auto targets = notes_in_processing(db, false);
    in_flight_edits += static_cast<int>(targets.size());
    targets.push_back(between(0, kArticles - 1));
    TempDir overwrite("vellum-crash-edit");
    for (const int note : targets) {
      revision[note] += 1;
      ++writes[note];
      overwrite.write(slug_of(note) + ".md", note_content(note, revision[note]));
    }
    auto edited = rig.vellum({"import", overwrite.path().string(), "--conflict", "overwrite"});
    INFO(edited.out << edited.err);
    REQUIRE(edited.exit_code == 0);
  }
  CHECK(kills_in_flight >= 1);

  fake.fail_always(Fault::latency(milliseconds(2)));  // the last server only has to finish the drain
  rig.start();
  edit_over_rest(10);
  auto waited = rig.vellum({"queue", "wait-for-completion", "--timeout", "90", "--json"});
  INFO(waited.err << "\n" << rig.output());
  REQUIRE(waited.exit_code == 0);
  const auto status = rig.vellum_json({"queue", "status"});
  CHECK(status["stats"]["pending"] == 0);
  CHECK(status["stats"]["processing"] == 0);
  CHECK(status["stats"]["failed"] == 0);
  CHECK(status["state"] == "running");

  Db db(db_path);
  const auto final_state = audit(db);
  CHECK(final_state.articles == kArticles);
  CHECK(final_state.current == kArticles);
  CHECK(final_state.open_tasks == 0);
  CHECK(final_state.lost == std::vector<std::string>{});

  CHECK(in_flight_edits >= kKills);
  // Every article's content is the last one written (REST and overwrite imports all landed).
  for (auto& row : db.rows("SELECT slug, content FROM articles")) {
    const int note = std::stoi(row[0].substr(5));
    if (row[1] != note_content(note, revision[note])) FAIL_CHECK(row[0] << " does not hold its last revision");
  }
  // Task counts: all completed; per article at least one and at most one per write (import + edits),
  // since a write coalesces into a pending task and a rescued task merges into a newer pending one.
  const auto completed = db.number("SELECT COUNT(*) FROM embedding_tasks WHERE status = 'completed'");
  CHECK(completed == db.number("SELECT COUNT(*) FROM embedding_tasks"));
  CHECK(completed == status["stats"]["completed"].get<std::int64_t>());
  std::int64_t total_writes = kArticles;
  for (const auto& [note, n] : writes) total_writes += n;
  CHECK(completed >= kArticles);
  CHECK(completed <= total_writes);
  for (auto& row : db.rows("SELECT a.slug, COUNT(t.id) FROM articles a LEFT JOIN embedding_tasks t ON "
                           "t.article_id = a.id AND t.status = 'completed' GROUP BY a.id")) {
    const int note = std::stoi(row[0].substr(5));
    const auto n = std::stoll(row[1]);
    if (n < 1 || n > 1 + writes[note]) {
      FAIL_CHECK(row[0] << ": " << n << " completed tasks for " << writes[note] << " edits");
    }
  }
  // The last embedding of each article ran after its last write. Named with both times when not: a
  // bare count made the one failure under load (a claim stamped before the write it waited for) opaque.
  for (auto& row : db.rows("SELECT a.slug, a.updated_at, (SELECT MAX(t.processed_at) FROM embedding_tasks t WHERE "
                           "t.article_id = a.id AND t.status = 'completed') FROM articles a WHERE NOT EXISTS (SELECT "
                           "1 FROM embedding_tasks t WHERE t.article_id = a.id AND t.status = 'completed' AND "
                           "t.processed_at >= a.updated_at)")) {
    FAIL_CHECK(row[0] << " was last written at " << row[1] << ", its last embedding started at " << row[2]);
  }
  // The dead servers' leases were rescued (not waited out by luck): rescued tasks keep the reason.
  CHECK(db.number("SELECT COUNT(*) FROM embedding_tasks WHERE error_message LIKE 'lease expired%'") > 0);
  rig.stop();
}
