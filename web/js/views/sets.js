// Embedding sets: each set's state and coverage as a progress bar (with the ETA of a set being
// filled), and for the admin: activate a complete set, or roll back to the previous one.
import { get, post, seg } from "../api.js";
import { attempt, confirmAction, formatTime, h, mount, notify } from "../dom.js";
import { isAdmin } from "../session.js";

const REFRESH_MS = 5000;

function eta(seconds) {
  if (seconds === null || seconds === undefined) return "";
  if (seconds < 90) return ` · about ${Math.round(seconds)} s left`;
  return ` · about ${Math.round(seconds / 60)} min left`;
}

function compareForm(sets) {
  const current = sets.filter((s) => s.keptCurrent);
  if (!current.length) return null;
  const options = (id, selected) => h("select", { id },
    current.map((s) => h("option", { value: s.id, selected: s.id === selected }, `${s.id}: ${s.provider}/${s.model}`)));
  const active = current.find((s) => s.state === "active") || current[0];
  const other = current.find((s) => s.id !== active.id) || active;
  const first = options("compare-first", active.id);
  const second = options("compare-second", other.id);
  const out = h("div", { id: "compare-result", "aria-live": "polite" });
  const form = h("form", { id: "compare-form" },
    h("h2", {}, "Compare two sets"),
    h("p", { class: "muted small" }, "The same queries (a sample of article titles) against both sets: how many of the top 10 they share, and how far a shared article moves."),
    h("div", { class: "row" },
      h("label", { class: "inline", for: "compare-first" }, "First"), first,
      h("label", { class: "inline", for: "compare-second" }, "Second"), second,
      h("button", { type: "submit", id: "compare-sets" }, "Compare")),
    out);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const c = await attempt(() => post("/api/embedding-sets/compare",
      { first: Number(first.value), second: Number(second.value), k: 10 }));
    if (!c) return;
    mount(out,
      h("p", { id: "compare-summary" }, `overlap@${c.k}: ${c.meanOverlap.toFixed(2)} · mean rank shift: `,
        c.meanRankShift === null ? "—" : c.meanRankShift.toFixed(2), ` · ${c.queries.length} queries`),
      h("details", {}, h("summary", {}, "Per query"),
        h("div", { class: "table-wrap", tabindex: 0 }, h("table", {},
          h("thead", {}, h("tr", {}, ["Query", "Overlap", "Rank shift"].map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, c.queries.map((q) => h("tr", {}, h("td", { class: "wrap" }, q.query),
            h("td", { class: "num" }, q.overlap.toFixed(2)),
            h("td", { class: "num" }, q.rankShift === null ? "—" : q.rankShift.toFixed(2)))))))));
  });
  return form;
}

export async function setsView(main) {
  const body = h("section", { id: "sets" });
  const compare = h("section", { id: "compare" });
  let stopped = false;
  let timer = null;

  const activate = async (set, previous = false) => {
    const target = previous ? "previous" : String(set.id);
    const ok = await confirmAction({
      title: previous ? "Roll back to the previous set?" : `Activate set ${set.id}?`,
      body: [previous
        ? "Search answers from the previous set at once; it was kept current, so nothing is re-embedded."
        : `Search answers from ${set.provider}/${set.model} (${set.dimensions} dimensions) once it is published. An incomplete set is refused.`],
      confirm: previous ? "Roll back" : "Activate",
    });
    if (!ok) return;
    const done = await attempt(() => post(`/api/embedding-sets/${seg(target)}/activate`, {}));
    if (done) notify(done.message || `Set ${target} activated.`);
    refresh();
  };

  async function refresh() {
    if (stopped) return;
    clearTimeout(timer);
    const answer = await attempt(() => get("/api/embedding-sets"));
    if (stopped) return;
    if (answer) {
      render(answer);
      // Built once: a refresh must not reset what the admin is choosing or reading.
      if (isAdmin() && !compare.firstChild) {
        const form = compareForm(answer.sets);
        if (form) compare.append(form);
      }
    }
    timer = setTimeout(refresh, REFRESH_MS);
  }

  function render({ sets, lanes }) {
    mount(body,
      sets.length ? h("div", { class: "table-wrap", tabindex: 0 }, h("table", { id: "set-list" },
        h("thead", {}, h("tr", {}, ["Set", "Provider / model", "State", "Coverage", "Vectors", "Created", ""].map((c) => h("th", { scope: "col" }, c || h("span", { class: "visually-hidden" }, "Actions"))))),
        h("tbody", {}, sets.map((s) => {
          const lane = lanes && Object.values(lanes).find((l) => l && l.id === s.id);
          const c = s.coverage || {};
          return h("tr", { dataset: { set: s.id } },
            h("td", {}, String(s.id)),
            h("td", { class: "wrap" }, `${s.provider}/${s.model} · ${s.dimensions} d`),
            h("td", {}, h("span", { class: `badge ${s.state === "active" ? "ok" : s.state === "building" ? "warn" : ""}` }, s.state),
              s.keptCurrent && s.keptCurrent !== s.state ? [" ", h("span", { class: "badge" }, `kept current: ${s.keptCurrent}`)] : null),
            h("td", {},
              h("progress", { max: 100, value: c.percent ?? 0, "aria-label": `Coverage of set ${s.id}` }),
              h("div", { class: "small muted" }, `${c.percent ?? 0}% · ${c.fresh ?? 0}/${c.indexable ?? 0} fresh, ${c.stale ?? 0} stale, ${c.missing ?? 0} missing`,
                lane && s.state === "building" ? eta(lane.etaSeconds) : "")),
            h("td", { class: "num" }, String(s.vectors ?? "")),
            h("td", {}, formatTime(s.createdAt)),
            h("td", {}, isAdmin() && s.state !== "active"
              ? h("button", { type: "button", onclick: () => activate(s), "aria-label": `Activate set ${s.id}` }, "Activate") : null));
        })))) : h("p", {}, "No embedding set yet: one is created when the first article is embedded."),
      isAdmin() && lanes?.previous
        ? h("div", { class: "actions" }, h("button", { type: "button", id: "rollback-set", onclick: () => activate(lanes.previous, true) }, "Roll back to the previous set"))
        : null);
  }

  mount(main, h("h1", {}, "Embedding sets"),
    h("p", { class: "muted" }, "Each provider, model and dimension count fills its own set; search answers from the active one."), body, compare);
  await refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
