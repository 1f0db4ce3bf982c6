#include "queue_admin/admin_operations.hpp"

#include <cctype>

namespace vellum::queue_admin {

namespace {

template <class T>
sdk::Result<T> in_transaction(sdk::StorageBackend& storage, bool write,
                              const std::function<sdk::Result<T>(sdk::Repositories&)>& work) {
  std::optional<T> out;
  auto body = [&](sdk::Repositories& repos) -> sdk::Status {
    auto r = work(repos);
    if (!r) return std::move(r).error();
    out = std::move(r).value();
    return {};
  };
  auto status = write ? storage.transact(body) : storage.read(body);
  if (!status) return status.error();
  return std::move(*out);
}

sdk::TaskQuery query_of(const ClearRequest& r) {
  sdk::TaskQuery q;
  q.statuses = r.all ? std::vector<sdk::TaskStatus>{} : r.statuses;
  q.reason = r.reason;
  q.priority = r.priority;
  q.created_before = r.created_before;
  return q;
}

bool is_open(sdk::TaskStatus s) { return s == sdk::TaskStatus::pending || s == sdk::TaskStatus::processing; }

}  // namespace

bool looks_like_task_id(std::string_view t) noexcept {
  if (t.size() != 36) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? t[i] != '-' : !std::isxdigit(static_cast<unsigned char>(t[i]))) return false;
  }
  return true;
}

sdk::Status set_running(sdk::StorageBackend& storage, bool running, sdk::Timestamp now) {
  return storage.transact([&](sdk::Repositories& repos) -> sdk::Status {
    auto control = repos.workers().control();
    if (!control) return std::move(control).error();
    sdk::WorkerControl next = control.value();
    next.is_running = running;
    if (running) {
      next.emergency_reason.reset();
      next.draining = false;
    }
    return repos.workers().set_control(next, now);
  });
}

sdk::Result<sdk::WorkerControl> start_draining(sdk::StorageBackend& storage, sdk::Timestamp now) {
  using Control = sdk::WorkerControl;
  return in_transaction<Control>(storage, true, [&](sdk::Repositories& repos) -> sdk::Result<Control> {
    auto control = repos.workers().control();
    if (!control) return std::move(control).error();
    Control next = control.value();
    next.draining = true;
    if (auto set = repos.workers().set_control(next, now); !set) return set.error();
    return next;
  });
}

sdk::Result<std::int64_t> emergency_stop(sdk::StorageBackend& storage, const std::string& reason, sdk::Timestamp now) {
  return in_transaction<std::int64_t>(storage, true, [&](sdk::Repositories& repos) -> sdk::Result<std::int64_t> {
    auto control = repos.workers().control();
    if (!control) return std::move(control).error();
    sdk::WorkerControl next = control.value();
    next.is_running = false;
    next.emergency_reason = reason;
    if (auto set = repos.workers().set_control(next, now); !set) return set.error();
    sdk::TaskQuery processing;
    processing.statuses = {sdk::TaskStatus::processing};
    return repos.tasks().cancel(processing, "Emergency stop initiated: " + reason, now);
  });
}

sdk::Result<ClearOutcome> clear(sdk::StorageBackend& storage, const ClearRequest& request, sdk::Timestamp now) {
  if (!request.all && request.statuses.empty()) {
    return sdk::Error(sdk::ErrorKind::invalid_argument, "clear needs --status or --all");
  }
  return in_transaction<ClearOutcome>(storage, request.confirm, [&](sdk::Repositories& repos) -> sdk::Result<ClearOutcome> {
    ClearOutcome out;
    out.dry_run = !request.confirm;
    const sdk::TaskQuery query = query_of(request);
    auto matched = repos.tasks().list(query);
    if (!matched) return std::move(matched).error();
    out.matched = static_cast<std::int64_t>(matched.value().size());
    if (!request.confirm) return out;
    if (request.all) {
      auto removed = repos.tasks().remove(query);
      if (!removed) return std::move(removed).error();
      out.deleted = removed.value();
      return out;
    }
    for (auto status : request.statuses) {
      sdk::TaskQuery one = query;
      one.statuses = {status};
      if (is_open(status)) {
        auto n = repos.tasks().cancel(one, kCancelledMessage, now);
        if (!n) return std::move(n).error();
        out.cancelled += n.value();
      } else {
        auto n = repos.tasks().remove(one);
        if (!n) return std::move(n).error();
        out.deleted += n.value();
      }
    }
    return out;
  });
}

sdk::Result<std::int64_t> cleanup_completed(sdk::StorageBackend& storage, std::chrono::hours older_than,
                                            sdk::Timestamp now) {
  return in_transaction<std::int64_t>(storage, true, [&](sdk::Repositories& repos) {
    sdk::TaskQuery q;
    q.statuses = {sdk::TaskStatus::completed};
    q.completed_before = now - older_than;
    return repos.tasks().remove(q);
  });
}

sdk::Result<std::int64_t> reset_stuck(sdk::StorageBackend& storage, std::chrono::minutes older_than,
                                      sdk::Timestamp now) {
  return in_transaction<std::int64_t>(storage, true, [&](sdk::Repositories& repos) -> sdk::Result<std::int64_t> {
    sdk::TaskQuery q;
    q.statuses = {sdk::TaskStatus::processing};
    q.processed_before = now - older_than;
    auto stuck = repos.tasks().list(q);
    if (!stuck) return std::move(stuck).error();
    std::int64_t reset = 0;
    for (const auto& task : stuck.value()) {
      // The claimant's own guarded transition: if the worker finishes first, this does nothing.
      auto done = repos.tasks().reschedule(task.id, task.claimed_by.value_or(""), kStuckMessage, now, true);
      if (!done) return std::move(done).error();
      if (done.value()) ++reset;
    }
    return reset;
  });
}

sdk::Result<std::vector<sdk::Task>> list_tasks(sdk::StorageBackend& storage, const sdk::TaskQuery& query) {
  return in_transaction<std::vector<sdk::Task>>(storage, false,
                                                [&](sdk::Repositories& repos) { return repos.tasks().list(query); });
}

sdk::Result<std::optional<sdk::Task>> find_task(sdk::StorageBackend& storage, const std::string& id) {
  if (!looks_like_task_id(id)) return std::optional<sdk::Task>();
  return in_transaction<std::optional<sdk::Task>>(storage, false,
                                                  [&](sdk::Repositories& repos) { return repos.tasks().get(id); });
}

sdk::Result<bool> retry_task(sdk::StorageBackend& storage, const std::string& id, bool force, sdk::Timestamp now) {
  if (!looks_like_task_id(id)) return false;
  return in_transaction<bool>(storage, true,
                              [&](sdk::Repositories& repos) { return repos.tasks().retry(id, force, now); });
}

sdk::Result<std::vector<sdk::Task>> retry_failed(sdk::StorageBackend& storage, const sdk::RetryRequest& request,
                                                 sdk::Timestamp now) {
  return in_transaction<std::vector<sdk::Task>>(storage, !request.dry_run, [&](sdk::Repositories& repos) {
    return repos.tasks().retry_failed(request, now);
  });
}

sdk::Result<bool> delete_failed_task(sdk::StorageBackend& storage, const std::string& id) {
  if (!looks_like_task_id(id)) return false;
  return in_transaction<bool>(storage, true, [&](sdk::Repositories& repos) -> sdk::Result<bool> {
    sdk::TaskQuery q;
    q.statuses = {sdk::TaskStatus::failed};
    q.task_id = id;
    auto removed = repos.tasks().remove(q);
    if (!removed) return std::move(removed).error();
    return removed.value() == 1;
  });
}

sdk::Result<std::int64_t> delete_failed_tasks(sdk::StorageBackend& storage) {
  return in_transaction<std::int64_t>(storage, true, [&](sdk::Repositories& repos) {
    sdk::TaskQuery q;
    q.statuses = {sdk::TaskStatus::failed};
    return repos.tasks().remove(q);
  });
}

}  // namespace vellum::queue_admin
