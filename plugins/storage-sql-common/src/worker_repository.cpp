#include "repositories.hpp"
#include "vellum/storage_sql/sql_guard.hpp"

namespace vellum::storage_sql {

namespace {
// Row id 1 is the operators' control row (what they UPDATE by hand); every other row is one worker.
constexpr const char* kEnsureControlRow =
    "INSERT INTO embedding_worker_status (id, is_running) VALUES (1, TRUE) ON CONFLICT (id) DO NOTHING";
}  // namespace

sdk::Result<sdk::WorkerControl> SqlWorkerControlRepository::control() {
  return guarded(ctx_.dialect, "workers.control", [&]() -> sdk::Result<sdk::WorkerControl> {
    const Dialect& d = ctx_.dialect;
    long long is_running = 1, draining = 0;
    OptTextOut reason, updated_at;
    soci::indicator running_ind = soci::i_ok, draining_ind = soci::i_ok;
    soci::statement st = (ctx_.sql.prepare << "SELECT " << d.bool_out("is_running") << ", " << d.bool_out("draining")
                                           << ", emergency_reason, " << d.ts_out("updated_at")
                                           << " FROM embedding_worker_status WHERE id = 1",
                          soci::into(is_running, running_ind), soci::into(draining, draining_ind),
                          soci::into(reason.value, reason.ind), soci::into(updated_at.value, updated_at.ind));
    sdk::WorkerControl out;  // no row: the defaults (running), as a fresh install seeds it
    if (!st.execute(true)) return out;
    // An operator's `SET is_running = NULL` must not read as "paused" by accident; treat it as unset.
    out.is_running = running_ind != soci::i_ok || is_running != 0;
    out.draining = draining_ind == soci::i_ok && draining != 0;
    out.emergency_reason = reason.get();
    out.updated_at = opt_timestamp(updated_at);
    return out;
  });
}

sdk::Status SqlWorkerControlRepository::set_control(const sdk::WorkerControl& control, sdk::Timestamp now) {
  return guarded(ctx_.dialect, "workers.set_control", [&]() -> sdk::Status {
    Params p(ctx_.dialect);
    execute(ctx_,
            "INSERT INTO embedding_worker_status (id, is_running, draining, emergency_reason, updated_at) VALUES (1, " +
                p.boolean(control.is_running) + ", " + p.boolean(control.draining) + ", " +
                p.opt_text(control.emergency_reason) + ", " + p.ts(now) +
                ") ON CONFLICT (id) DO UPDATE SET is_running = excluded.is_running, draining = excluded.draining, "
                "emergency_reason = excluded.emergency_reason, updated_at = excluded.updated_at",
            p);
    return sdk::ok_status();
  });
}

sdk::Status SqlWorkerControlRepository::heartbeat(const sdk::WorkerHeartbeat& beat) {
  return guarded(ctx_.dialect, "workers.heartbeat", [&]() -> sdk::Status {
    if (beat.worker_id.empty())
      return sdk::Error(sdk::ErrorKind::invalid_argument, "workers.heartbeat: worker_id is empty");
    // With the control row present, a new worker row never takes id 1.
    Params none(ctx_.dialect);
    execute(ctx_, kEnsureControlRow, none);
    Params p(ctx_.dialect);
    execute(ctx_,
            "INSERT INTO embedding_worker_status (worker_id, hostname, pid, version, is_running, started_at, "
            "last_heartbeat, tasks_processed, tasks_succeeded, tasks_failed, updated_at) VALUES (" +
                p.text(beat.worker_id) + ", " + p.text(beat.hostname) + ", " + p.integer(beat.pid) + ", " +
                p.text(beat.version) + ", " + p.boolean(beat.is_running) + ", " + p.ts(beat.started_at) + ", " +
                p.ts(beat.last_heartbeat) + ", " + p.integer(beat.tasks_processed) + ", " +
                p.integer(beat.tasks_succeeded) + ", " + p.integer(beat.tasks_failed) + ", " +
                p.ts(beat.last_heartbeat) +
                ") ON CONFLICT (worker_id) DO UPDATE SET hostname = excluded.hostname, pid = excluded.pid, "
                "version = excluded.version, is_running = excluded.is_running, started_at = excluded.started_at, "
                "last_heartbeat = excluded.last_heartbeat, tasks_processed = excluded.tasks_processed, "
                "tasks_succeeded = excluded.tasks_succeeded, tasks_failed = excluded.tasks_failed, "
                "updated_at = excluded.updated_at",
            p);
    return sdk::ok_status();
  });
}

sdk::Result<std::vector<sdk::WorkerHeartbeat>> SqlWorkerControlRepository::workers() {
  return guarded(ctx_.dialect, "workers.workers", [&]() -> sdk::Result<std::vector<sdk::WorkerHeartbeat>> {
    const Dialect& d = ctx_.dialect;
    std::string worker_id;
    OptTextOut hostname, version, started_at, last_heartbeat;  // rows operators wrote by hand may lack them
    long long pid = 0, is_running = 0, processed = 0, succeeded = 0, failed = 0;
    soci::indicator pid_ind = soci::i_ok;
    soci::statement st =
        (ctx_.sql.prepare << "SELECT worker_id, hostname, pid, version, " << d.bool_out("is_running") << ", "
                          << d.ts_out("started_at") << ", " << d.ts_out("last_heartbeat")
                          << ", tasks_processed, tasks_succeeded, tasks_failed FROM embedding_worker_status "
                             "WHERE worker_id IS NOT NULL ORDER BY worker_id",
         soci::into(worker_id), soci::into(hostname.value, hostname.ind), soci::into(pid, pid_ind),
         soci::into(version.value, version.ind), soci::into(is_running), soci::into(started_at.value, started_at.ind),
         soci::into(last_heartbeat.value, last_heartbeat.ind), soci::into(processed), soci::into(succeeded), soci::into(failed));
    st.execute();
    std::vector<sdk::WorkerHeartbeat> out;
    while (st.fetch()) {
      out.push_back(sdk::WorkerHeartbeat{worker_id, hostname.or_default(""), pid_ind == soci::i_ok ? pid : 0,
                                         version.or_default(""), is_running != 0,
                                         opt_timestamp(started_at).value_or(sdk::Timestamp{}),
                                         opt_timestamp(last_heartbeat).value_or(sdk::Timestamp{}), processed, succeeded,
                                         failed});
    }
    return out;
  });
}

sdk::Status SqlWorkerControlRepository::remove_worker(std::string_view worker_id) {
  return guarded(ctx_.dialect, "workers.remove_worker", [&]() -> sdk::Status {
    Params p(ctx_.dialect);
    execute(ctx_, "DELETE FROM embedding_worker_status WHERE worker_id = " + p.text(worker_id), p);
    return sdk::ok_status();
  });
}

}  // namespace vellum::storage_sql
