// Concurrent workers on PostgreSQL: two backends (two connection pools, as two server processes
// would have) claim from one queue in parallel. No task is ever handed out twice, and no two tasks
// of one article are ever processing at the same time.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "storage/backend_fixture.hpp"
#include "storage/pg_connection.hpp"
#include "storage/postgres_target.hpp"
#include "storage/storage_test_helpers.hpp"
#include "support/wait_until.hpp"

using namespace vellum;
using namespace vellum::test;

namespace {

sdk::Timestamp now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

// What the workers saw, checked as they go.
struct Ledger {
  std::mutex mutex;
  std::set<std::string> claimed;       // every task id ever handed out
  std::set<sdk::ArticleId> in_flight;  // articles a worker is processing right now
  int duplicates = 0;
  int overlaps = 0;
  std::atomic<int> completed{0};
  std::atomic<int> transient_errors{0};
  std::atomic<int> other_errors{0};  // counted here: Catch2's assertions are not thread-safe
};

void work(sdk::StorageBackend& backend, const std::string& worker, int total, Ledger& ledger) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (ledger.completed < total && std::chrono::steady_clock::now() < deadline) {
    auto batch = write(backend, [&](sdk::Repositories& r) {
      return r.tasks().claim_batch(worker, 3, now(), std::chrono::minutes(5));
    });
    if (!batch) {
      // A claim that lost every retry to other claimers is what a real worker sees as "try next tick".
      ++(batch.error().retryable ? ledger.transient_errors : ledger.other_errors);
      continue;
    }
    {
      std::lock_guard lock(ledger.mutex);
      for (const auto& task : batch.value()) {
        if (!ledger.claimed.insert(task.id).second) ++ledger.duplicates;
        if (!ledger.in_flight.insert(task.article_id).second) ++ledger.overlaps;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(3));  // "embedding"
    for (const auto& task : batch.value()) {
      {
        // Leave the ledger before the task completes in the database: after the commit another worker
        // may legitimately claim the article's next task at once.
        std::lock_guard lock(ledger.mutex);
        ledger.in_flight.erase(task.article_id);
      }
      auto done = write(backend, [&](sdk::Repositories& r) { return r.tasks().complete(task.id, worker, now()); });
      if (done.ok() && done.value())
        ++ledger.completed;
      else
        ++ledger.other_errors;
    }
  }
}

// True once some session of the test database waits for an advisory lock: a writer queued for its turn.
bool a_writer_waits(PgConnection& sql) {
  return sql.one("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                 "wait_event_type = 'Lock' AND wait_event = 'advisory'") != "0";
}

// docs/operations.md, "PostgreSQL: writes answer 503 …", verbatim but for the schema, which the
// guide writes as 'public'.
std::string who_holds_the_turn(const std::string& schema) {
  return "SELECT a.pid, a.application_name, a.client_addr, a.state, now() - a.xact_start AS in_transaction, a.query\n"
         "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid\n"
         "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2\n"
         "  AND l.classid = hashtext('vellum.writers')::oid AND l.objid = hashtext('" + schema + "')::oid;";
}

// A write transaction (an article insert) held open on its own thread until release().
class HeldWrite {
 public:
  HeldWrite(sdk::StorageBackend& backend, std::string slug)
      : thread_([this, &backend, slug = std::move(slug)] {
          result_ = write(backend, [&](sdk::Repositories& r) -> sdk::Result<sdk::Article> {
            inside_ = true;
            (void)wait_until([&] { return released_.load(); });
            return r.articles().insert(draft(slug));
          });
        }) {}
  ~HeldWrite() { (void)release(); }
  HeldWrite(const HeldWrite&) = delete;
  HeldWrite& operator=(const HeldWrite&) = delete;

  // True once the transaction runs its work (it holds the writers' turn).
  bool inside() { return wait_until([&] { return inside_.load(); }); }
  // Lets the transaction insert and commit; its outcome.
  sdk::Result<sdk::Article> release() {
    released_ = true;
    if (thread_.joinable()) thread_.join();
    return result_;
  }

 private:
  std::atomic<bool> inside_{false};
  std::atomic<bool> released_{false};
  sdk::Result<sdk::Article> result_ = sdk::Error(sdk::ErrorKind::internal, "not run");
  std::thread thread_;  // last: starts once the members it uses exist
};

// A pool whose write transaction holds the writers' turn, a second pool on the same database, and an
// operator's psql-like session.
struct TurnHeldByFirstPool {
  explicit TurnHeldByFirstPool(const Settings& second_settings = {})
      : second(fx.open_another(second_settings)), held(fx.backend(), "held") {
    REQUIRE(held.inside());
  }
  StorageFixture fx;
  sdk::BackendPtr second;
  PgConnection operator_session{test_pg_url()};
  HeldWrite held;
};

}  // namespace

TEST_CASE("postgres: two pools claiming in parallel never share a task or an article", "[storage][postgres][tasks]") {
  StorageFixture fx;
  auto second = fx.open_another();
  auto& b = fx.backend();
  constexpr int kArticles = 15;
  // Two embedding sets: every article has two pending tasks that must still run one after the other.
  std::vector<sdk::EmbeddingSetId> sets;
  for (const char* model : {"m1", "m2"})
    sets.push_back(ok(write(b, [&](sdk::Repositories& r) { return r.embedding_sets().find_or_create("p", model, 4, at(0)); })).id);
  int total = 0;
  for (int i = 0; i < kArticles; ++i) {
    const auto a = add_article(b, draft("a" + std::to_string(i)));
    for (auto set : sets) {
      sdk::TaskDraft t;
      t.article_id = a.id;
      t.slug = a.slug;
      t.now = at(i);
      t.embedding_set_id = set;
      ok(write(b, [&](sdk::Repositories& r) { return r.tasks().enqueue(t); }));
      ++total;
    }
  }

  Ledger ledger;
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i) {
    sdk::StorageBackend& backend = i % 2 == 0 ? b : *second;
    workers.emplace_back([&, i, total] { work(backend, "worker-" + std::to_string(i), total, ledger); });
  }
  for (auto& w : workers) w.join();

  INFO("claims that gave up after every retry: " << ledger.transient_errors.load());
  CHECK(ledger.other_errors == 0);
  CHECK(ledger.duplicates == 0);
  CHECK(ledger.overlaps == 0);
  CHECK(ledger.completed == total);
  CHECK(static_cast<int>(ledger.claimed.size()) == total);
  const auto counts = ok(read(b, [](sdk::Repositories& r) { return r.tasks().counts(); }));
  CHECK(counts.by_status.at("completed") == total);
  CHECK(counts.by_status.at("processing") == 0);
}

// Every new article's rows land on the newest page of the same indexes (serial ids, the pending-task
// index). Two SERIALIZABLE writers overlapping there abort one another, however unrelated their
// rows; retrying lets a busy pair of servers lose the same race a dozen times in a row and answer 503.
// The writers of both pools take turns instead, so none is aborted and none has to retry.
TEST_CASE("postgres: article writes from two pools take turns and never abort one another",
          "[storage][postgres][articles]") {
  StorageFixture fx;
  auto second = fx.open_another();
  constexpr int kWritersPerPool = 2;
  constexpr int kArticlesPerWriter = 60;
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 2 * kWritersPerPool; ++w) {
    sdk::StorageBackend& backend = w % 2 == 0 ? fx.backend() : *second;
    writers.emplace_back([&, w] {
      for (int i = 0; i < kArticlesPerWriter; ++i) {
        // As an article create does: the article, then its embedding task.
        auto created = write(backend, [&](sdk::Repositories& r) -> sdk::Result<sdk::EnqueueOutcome> {
          auto article = r.articles().insert(draft("w" + std::to_string(w) + "-" + std::to_string(i)));
          if (!article) return std::move(article).error();
          sdk::TaskDraft t;
          t.article_id = article.value().id;
          t.slug = article.value().slug;
          t.now = now();
          return r.tasks().enqueue(t);
        });
        if (!created) ++failures;
      }
    });
  }
  for (auto& w : writers) w.join();

  CHECK(failures == 0);
  CHECK(fx.host().metric_total("storage_transaction_retries") == 0);
  const auto counts = ok(read(fx.backend(), [](sdk::Repositories& r) { return r.tasks().counts(); }));
  CHECK(counts.by_status.at("pending") == 2 * kWritersPerPool * kArticlesPerWriter);
}

TEST_CASE("postgres: a writer on another pool starts only after the running write transaction ended",
          "[storage][postgres][articles]") {
  TurnHeldByFirstPool t;
  std::optional<sdk::Result<std::optional<sdk::Article>>> seen;
  std::thread later([&] { seen = write(*t.second, [](sdk::Repositories& r) { return r.articles().find_by_slug("held"); }); });
  CHECK(wait_until([&] { return a_writer_waits(t.operator_session); }));
  ok(t.held.release());
  later.join();
  // The second transaction began after the first committed, so it saw the first one's article.
  CHECK(ok(std::move(*seen)).has_value());
}

TEST_CASE("postgres: a writer that cannot get its turn within the statement timeout fails at once with 503's kind",
          "[storage][postgres][articles]") {
  TurnHeldByFirstPool t({{"statement_timeout_ms", {"300", "test"}}});
  bool ran = false;
  auto refused = write(*t.second, [&](sdk::Repositories& r) {
    ran = true;
    return r.articles().insert(draft("impatient"));
  });
  ok(t.held.release());

  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == sdk::ErrorKind::unavailable);
  CHECK_THAT(refused.error().message, Catch::Contains("held its turn past the statement timeout"));
  CHECK_FALSE(ran);
  // One wait, not one per retry: the transaction was never retried.
  CHECK(t.fx.host().metric_total("storage_transaction_retries") == 0);
  // Once the turn is free the same backend writes again.
  CHECK(ok(write(*t.second, [](sdk::Repositories& r) { return r.articles().insert(draft("later")); })).slug ==
        "later");
}

TEST_CASE("postgres: the operations guide finds the session holding the writers' turn, and ending it frees the turn",
          "[storage][postgres][articles]") {
  TurnHeldByFirstPool t;
  const auto& schema = dynamic_cast<const PostgresTarget&>(t.fx.target()).schema();
  const auto holders = t.operator_session.rows(who_holds_the_turn(schema));
  REQUIRE(holders.size() == 1);
  CHECK_THAT(holders.front(), Catch::Contains("|idle in transaction|"));
  const std::string pid = holders.front().substr(0, holders.front().find('|'));
  CHECK(t.operator_session.one("SELECT pg_terminate_backend(" + pid + ")") == "t");

  // The turn is free while the stuck writer still waits in its work.
  CHECK(ok(write(*t.second, [](sdk::Repositories& r) { return r.articles().insert(draft("unblocked")); })).slug ==
        "unblocked");
  // The stuck writer's transaction, lost before its COMMIT, runs again on a new connection.
  CHECK(ok(t.held.release()).slug == "held");
  CHECK(t.operator_session.rows(who_holds_the_turn(schema)).empty());
}
