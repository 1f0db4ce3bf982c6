// One search box over keyword, semantic and hybrid search. Shows which embedding set answered
// (Vellum-Embedding-Set) and says so when search ran degraded (Vellum-Search-Degraded).
import { query, request } from "../api.js";
import { h, mount, notify } from "../dom.js";
import { go, link } from "../router.js";

const MODES = [
  ["hybrid", "Hybrid"],
  ["keyword", "Keyword"],
  ["semantic", "Semantic"],
];

// The snippet with its matches marked, built from text nodes (the snippet is never parsed as HTML).
// Keyword matches come as highlights (offsets in UTF-16 code units, as String.slice counts); a
// snippet without any gets the query's terms marked.
export function highlighted(text, highlights, terms) {
  if (highlights?.length) {
    const parts = [];
    let at = 0;
    for (const { start, length } of highlights) {
      if (start > at) parts.push(text.slice(at, start));
      parts.push(h("mark", {}, text.slice(start, start + length)));
      at = start + length;
    }
    if (at < text.length) parts.push(text.slice(at));
    return parts;
  }
  if (!terms.length) return [text];
  const escaped = terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(`(${escaped.join("|")})`, "gi");
  return text.split(pattern).map((part, i) => (i % 2 === 1 ? h("mark", {}, part) : part));
}

export async function searchView(main, { query: q }) {
  const text = q.get("q") || "";
  const mode = MODES.some(([m]) => m === q.get("mode")) ? q.get("mode") : "hybrid";
  const input = h("input", { id: "search-query", type: "search", value: text, required: true, size: 40,
    "aria-describedby": "search-help" });
  const modes = h("fieldset", { class: "row" }, h("legend", {}, "Mode"),
    MODES.map(([value, label]) => h("label", { class: "inline" },
      h("input", { type: "radio", name: "mode", value, checked: value === mode }), label)));
  const form = h("form", { role: "search", id: "search-form" },
    h("label", { for: "search-query" }, "Search"),
    h("div", { class: "row" }, input, h("button", { type: "submit", class: "primary" }, "Search")),
    h("p", { id: "search-help", class: "muted small" }, "Keyword matches words; semantic matches meaning; hybrid fuses both."),
    modes);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    go(link("/search", { q: input.value.trim(), mode: form.elements.mode.value }));
  });
  const results = h("section", { id: "search-results", "aria-live": "polite" });
  mount(main, h("h1", {}, "Search"), form, results);
  if (!text) return;

  let answer;
  try {
    answer = await request("GET", `/api/search${query({ query: text, mode, k: 20 })}`);
  } catch (e) {
    // Semantic search with the provider down answers 503 with the reason: show it as the state.
    mount(results, h("p", { id: "search-error", class: "badge bad" }, `${mode} search failed: ${e.message}`));
    notify(e.message, "error");
    return;
  }
  const hits = answer.data;
  const set = answer.headers.get("Vellum-Embedding-Set");
  const degraded = answer.headers.get("Vellum-Search-Degraded");
  const terms = text.split(/\s+/).filter((t) => t.length > 1);
  mount(results,
    h("p", { class: "muted small", id: "search-meta" },
      `${hits.length} result${hits.length === 1 ? "" : "s"} · ${mode}`,
      set ? [" · answered by embedding set ", h("span", { id: "answered-by" }, set)] : null),
    degraded ? h("p", { id: "search-degraded", class: "badge warn", role: "note" }, `Degraded: ${degraded}`) : null,
    hits.length
      ? h("ol", { class: "hits", id: "hits" }, hits.map((hit) => h("li", {},
          h("a", { href: `#/article/${encodeURIComponent(hit.chunk.filename)}` }, hit.chunk.title),
          " ", h("span", { class: "muted small" }, [hit.chunk.folder || "(root)",
            hit.chunk.headingPath ? ` › ${[].concat(hit.chunk.headingPath).join(" › ").replace(/(^|› )#+\s*/g, "$1")}` : "",
            ` · score ${Number(hit.score).toFixed(3)}`, hit.matchedBy?.length ? ` · ${hit.matchedBy.join(" + ")}` : ""].join("")),
          h("p", { class: "snippet" }, highlighted(hit.snippet || hit.chunk.text || "", hit.snippet ? hit.highlights : [], terms)))))
      : h("p", { id: "no-hits" }, "Nothing found."));
}
