// The queue's conformance helpers: a task draft for an article, enqueue, claim and read back in one
// transaction each, and a fixture with a few articles to queue for.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "storage/backend_fixture.hpp"
#include "storage/storage_test_helpers.hpp"

namespace vellum::test {

inline sdk::TaskDraft task_for(const sdk::Article& a, sdk::Timestamp now,
                               sdk::TaskPriority priority = sdk::TaskPriority::normal,
                               sdk::TaskOperation op = sdk::TaskOperation::update) {
  sdk::TaskDraft t;
  t.article_id = a.id;
  t.slug = a.slug;
  t.operation = op;
  t.priority = priority;
  t.now = now;
  t.scheduled_at = now;
  return t;
}

inline sdk::EnqueueOutcome enqueue(sdk::StorageBackend& b, const sdk::TaskDraft& t) {
  return ok(write(b, [&](sdk::Repositories& r) { return r.tasks().enqueue(t); }));
}

inline std::vector<sdk::Task> claim(sdk::StorageBackend& b, const std::string& worker, std::size_t limit,
                                    sdk::Timestamp now, std::chrono::milliseconds lease = std::chrono::seconds(60)) {
  return ok(write(b, [&](sdk::Repositories& r) { return r.tasks().claim_batch(worker, limit, now, lease); }));
}

inline sdk::Task get(sdk::StorageBackend& b, const std::string& id) {
  auto task = ok(read(b, [&](sdk::Repositories& r) { return r.tasks().get(id); }));
  if (!task) FAIL("task " << id << " not found");
  return *task;
}

struct QueueFixture {
  StorageFixture fx;
  std::vector<sdk::Article> articles;
  explicit QueueFixture(int count = 4) {
    for (int i = 0; i < count; ++i) articles.push_back(add_article(fx.backend(), draft("article-" + std::to_string(i))));
  }
  sdk::StorageBackend& backend() { return fx.backend(); }
};

}  // namespace vellum::test
