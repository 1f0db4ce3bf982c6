// Health and runtime: what GET /health says to this token (the admin sees the detailed view) and,
// for the admin, GET /api/admin/runtime — plugins loaded, config generation, the last reload. A
// summary first; every field below it.
import { get, request } from "../api.js";
import { h, keyValues, mount } from "../dom.js";
import { isAdmin } from "../session.js";

function summary(health, runtime) {
  const rows = [
    ["Database", health.database && `${health.database.healthy ? "healthy" : "unhealthy"}${health.storage ? ` · ${health.storage.plugin} (${health.storage.serverVersion || health.storage.backend})` : ""}`],
    ["Embedding provider", health.provider && `${health.provider.plugin} · ${health.provider.model} · ${health.provider.healthy ? "healthy" : health.provider.message}`],
    ["Queue", health.worker ? `${health.worker.status} · ${(health.worker.workers || []).length} worker(s)` : health.queue?.state],
    ["Active embedding set", health.embeddingSets?.active && `${health.embeddingSets.active.id}: ${health.embeddingSets.active.provider}/${health.embeddingSets.active.model} · ${health.embeddingSets.active.coverage?.percent ?? "?"}%`],
    ["Plugins", runtime?.slots && Object.entries(runtime.slots).map(([slot, p]) => `${slot}: ${p.plugin} ${p.version}`).join(", ")],
    ["Last reload", runtime?.lastReload && `${runtime.lastReload.outcome} (${runtime.lastReload.trigger})`],
  ].filter(([, value]) => value);
  return h("dl", { class: "kv", id: "health-summary" }, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

export async function healthView(main) {
  // /health answers 503 with its body when degraded: show the body either way.
  const health = await request("GET", "/health").then((r) => r.data, (e) => e.body || { status: e.message });
  const runtime = isAdmin() ? await get("/api/admin/runtime").catch((e) => ({ error: e.message })) : null;
  const ok = health.status === "ok";
  mount(main,
    h("h1", {}, "Health"),
    h("p", {}, "Status: ", h("span", { id: "health-status", class: `badge ${ok ? "ok" : "bad"}` }, health.status || "unknown")),
    summary(health, runtime),
    runtime ? h("p", {}, "Generation ", h("strong", { id: "runtime-generation" }, String(runtime.generation ?? "—"))) : null,
    h("details", {}, h("summary", {}, "Everything /health reports"), h("section", { id: "health" }, keyValues(health))),
    runtime ? h("details", {}, h("summary", {}, "Runtime (GET /api/admin/runtime)"), h("section", { id: "runtime" }, keyValues(runtime))) : null);
}
