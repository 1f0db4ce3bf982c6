// The embedding queue: live counts, workers and their heartbeats, failed tasks with their errors,
// the throughput chart, and (admin) the operators' actions behind confirmations that say what will
// happen, as `vellum queue …` does. Refreshes every 5 s while shown.
import { del, get, post } from "../api.js";
import { attempt, confirmAction, formatTime, h, mount, notify } from "../dom.js";
import { throughputChart } from "../chart.js";
import { isAdmin } from "../session.js";

const REFRESH_MS = 5000;

const STATE_BADGE = { running: "ok", draining: "warn", paused: "warn", emergency_stopped: "bad", stale: "bad" };

function card(label, value, id) {
  return h("div", { class: "card" }, h("div", { class: "value", id }, String(value)), h("div", { class: "label" }, label));
}

const ACTIONS = [
  { id: "queue-stop", label: "Stop", path: "/api/queue/stop", title: "Stop the queue?",
    body: "Workers finish their current batch and claim nothing new within one poll interval. Nothing is lost; Start resumes." },
  { id: "queue-start", label: "Start", path: "/api/queue/start", title: "Start the queue?",
    body: "Workers resume claiming within one poll interval. This also ends a drain or an emergency stop." },
  { id: "queue-drain", label: "Drain", path: "/api/queue/drain", title: "Drain the queue?",
    body: "Article writes queue no new tasks; the workers finish the tasks already queued. A paused queue stays paused. Start ends the drain." },
];

export async function queueView(main) {
  const status = h("section", { id: "queue-status", "aria-label": "Queue status" });
  const chart = h("section", { class: "chart", id: "queue-chart", "aria-label": "Throughput" });
  const actions = h("div", { class: "actions", id: "queue-actions" });
  let stopped = false;
  let timer = null;

  const act = async (action) => {
    const ok = await confirmAction({ title: action.title, body: [action.body], confirm: action.label });
    if (!ok) return;
    const done = await attempt(() => post(action.path));
    if (done) notify(done.message || `${action.label}: done.`);
    refresh();
  };
  const emergency = async () => {
    const reason = await confirmAction({
      title: "Emergency stop?",
      body: ["Claiming stops at once and every processing task is cancelled (not failed: retry-failed leaves them alone). Pending tasks stay. Start resumes."],
      confirm: "Emergency stop", danger: true,
      reason: { label: "Reason (shown in the status)", value: "" },
    });
    if (reason === false) return;
    const done = await attempt(() => post("/api/queue/emergency-stop", { reason }));
    if (done) notify(done.message);
    refresh();
  };
  const retryFailed = async () => {
    const preview = await attempt(() => post("/api/queue/retry-failed", { dryRun: true }));
    if (!preview) return;
    const ok = await confirmAction({ title: "Retry failed tasks?",
      body: [`${preview.count} failed task${preview.count === 1 ? "" : "s"} go back to pending. Cancelled tasks stay cancelled.`],
      confirm: "Retry" });
    if (!ok) return;
    const done = await attempt(() => post("/api/queue/retry-failed", { dryRun: false }));
    if (done) notify(done.message);
    refresh();
  };
  const clearFailed = async () => {
    const ok = await confirmAction({ title: "Clear failed tasks?",
      body: ["Every failed task is deleted with its error. Their articles keep their current vectors; edit or reindex them to try again."],
      confirm: "Clear failed", danger: true });
    if (!ok) return;
    const done = await attempt(() => del("/api/queue/tasks/failed"));
    if (done) notify(done.message);
    refresh();
  };
  const retryTask = async (task) => {
    const ok = await confirmAction({ title: `Retry the failed task of ${task.slug}?`,
      body: ["The task goes back to pending and the workers embed the article again."], confirm: "Retry task" });
    if (!ok) return;
    const done = await attempt(() => post(`/api/queue/tasks/${encodeURIComponent(task.id)}/retry`));
    if (done) notify(done.message);
    refresh();
  };
  const deleteTask = async (task) => {
    const ok = await confirmAction({ title: `Delete the failed task of ${task.slug}?`,
      body: ["The task and its error are removed. The article keeps its current vectors; edit or reindex it to try again."],
      confirm: "Delete task", danger: true });
    if (!ok) return;
    const done = await attempt(() => del(`/api/queue/tasks/${encodeURIComponent(task.id)}`));
    if (done) notify(done.message);
    refresh();
  };
  if (isAdmin()) {
    mount(actions,
      ACTIONS.map((a) => h("button", { type: "button", id: a.id, onclick: () => act(a) }, a.label)),
      h("button", { type: "button", id: "queue-emergency", class: "danger", onclick: emergency }, "Emergency stop"),
      h("button", { type: "button", id: "queue-retry", onclick: retryFailed }, "Retry failed"),
      h("button", { type: "button", id: "queue-clear", class: "danger", onclick: clearFailed }, "Clear failed"));
  }

  // The chart changes by the minute: it is fetched on every third refresh (and after an action),
  // which keeps a console left open on this page well inside the default per-token rate limit.
  let rounds = 0;
  async function refresh(chartToo = true) {
    if (stopped) return;
    clearTimeout(timer);
    const withChart = chartToo || rounds++ % 3 === 0;
    try {
      const [s, t] = await Promise.all([get("/api/queue/status"),
        withChart ? get("/api/queue/throughput?minutes=60&bucketSeconds=60").catch(() => null) : null]);
      if (stopped) return;
      renderStatus(s);
      if (t) renderChart(t);
    } catch (e) {
      if (!stopped) mount(status, h("p", { class: "badge bad" }, e.message));
    }
    if (!stopped) timer = setTimeout(() => refresh(false), REFRESH_MS);
  }

  function renderStatus(s) {
    if (s.enabled === false) {
      mount(status, h("p", { id: "queue-disabled" }, s.message));
      actions.hidden = true;
      return;
    }
    const control = s.control || {};
    const state = control.state || "";
    mount(status,
      h("p", {}, "State: ", h("span", { id: "queue-state", class: `badge ${STATE_BADGE[state] || ""}` }, s.worker?.status || state),
        control.draining && state !== "draining" ? [" ", h("span", { class: "badge warn" }, "draining")] : null),
      control.emergencyReason ? h("p", { id: "emergency-reason" }, `Emergency stop: ${control.emergencyReason}`) : null,
      h("div", { class: "cards" },
        card("Pending", s.stats.pending, "count-pending"), card("Processing", s.stats.processing, "count-processing"),
        card("Completed", s.stats.completed, "count-completed"), card("Failed", s.stats.failed, "count-failed"),
        card("Cancelled", s.stats.cancelled, "count-cancelled"),
        card("Done in 24 h", s.recentActivity.tasksCompletedLast24h, "count-24h")),
      s.health && !s.health.isHealthy
        ? h("div", { id: "queue-issues" }, h("h2", {}, "Issues"), h("ul", {}, s.health.issues.map((i) => h("li", {}, i))))
        : null,
      h("h2", {}, "Workers"),
      s.worker?.workers?.length
        ? h("div", { class: "table-wrap", tabindex: 0 }, h("table", { id: "workers" },
            h("thead", {}, h("tr", {}, ["Worker", "Host", "State", "Last heartbeat", "Processed", "Failed"].map((c) => h("th", { scope: "col" }, c)))),
            h("tbody", {}, s.worker.workers.map((w) => h("tr", {},
              h("td", { class: "wrap" }, w.workerId), h("td", {}, `${w.hostname} (pid ${w.pid})`),
              h("td", {}, h("span", { class: `badge ${w.state === "live" ? "ok" : w.state === "stale" ? "bad" : ""}` }, w.state)),
              h("td", {}, `${formatTime(w.lastHeartbeat)} (${Math.round(w.heartbeatAgeSeconds)} s ago)`),
              h("td", { class: "num" }, w.tasksProcessed), h("td", { class: "num" }, w.tasksFailed))))))
        : h("p", { class: "muted" }, "No worker has reported."),
      h("h2", {}, "Failed tasks"),
      s.recentErrors.length
        ? h("div", { class: "table-wrap", tabindex: 0 }, h("table", { id: "failed-tasks" },
            h("thead", {}, h("tr", {}, ["Article", "Operation", "Error", "Ended", ""].map((c) => h("th", { scope: "col" },
              c || h("span", { class: "visually-hidden" }, "Actions"))))),
            h("tbody", {}, s.recentErrors.map((e) => h("tr", {},
              h("td", { class: "wrap" }, e.slug), h("td", {}, e.operation), h("td", { class: "wrap" }, e.errorMessage),
              h("td", {}, formatTime(e.completedAt)),
              h("td", {}, isAdmin() ? h("div", { class: "row" },
                h("button", { type: "button", "aria-label": `Retry the failed task of ${e.slug}`, onclick: () => retryTask(e) }, "Retry"),
                h("button", { type: "button", "aria-label": `Delete the failed task of ${e.slug}`, onclick: () => deleteTask(e) }, "Delete"))
                : null))))))
        : h("p", { class: "muted", id: "no-failed" }, "No failed tasks."));
  }

  function renderChart(t) {
    const drawn = throughputChart(t.buckets, t.bucketSeconds);
    mount(chart, h("h2", {}, "Last hour"),
      h("p", { class: "legend" }, h("span", {}, h("span", { class: "swatch completed" }), "completed"),
        h("span", {}, h("span", { class: "swatch failed" }), "failed"),
        h("span", {}, h("span", { class: "swatch latency" }), "mean latency")),
      drawn.svg,
      h("p", { class: "muted small", id: "chart-total", dataset: { completed: drawn.completed } },
        `${drawn.completed} completed, ${drawn.failed} failed in the last hour`));
  }

  mount(main, h("h1", {}, "Embedding queue"), actions, status, chart);
  await refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
