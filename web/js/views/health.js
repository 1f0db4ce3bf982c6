// Health and runtime: what GET /health says to this token (the admin sees the detailed view) and,
// for the admin, GET /api/admin/runtime — plugins loaded, config generation, the last reload.
import { get, request } from "../api.js";
import { h, keyValues, mount } from "../dom.js";
import { isAdmin } from "../session.js";

export async function healthView(main) {
  // /health answers 503 with its body when degraded: show the body either way.
  const health = await request("GET", "/health").then((r) => r.data, (e) => e.body || { status: e.message });
  const runtime = isAdmin() ? await get("/api/admin/runtime").catch((e) => ({ error: e.message })) : null;
  const ok = health.status === "ok";
  mount(main,
    h("h1", {}, "Health"),
    h("p", {}, "Status: ", h("span", { id: "health-status", class: `badge ${ok ? "ok" : "bad"}` }, health.status || "unknown")),
    h("section", { id: "health" }, keyValues(health)),
    runtime ? [h("h2", {}, "Runtime"),
      h("p", {}, "Generation ", h("strong", { id: "runtime-generation" }, String(runtime.generation ?? "—"))),
      h("section", { id: "runtime" }, keyValues(runtime))] : null);
}
