// An article's version history: a diff between any two versions, and restore (which writes the
// old content as a new version, so nothing is lost).
import { get, put, seg } from "../api.js";
import { attempt, confirmAction, flash, formatTime, h, mount } from "../dom.js";
import { diffLines } from "../diff.js";
import { go } from "../router.js";
import { canWrite } from "../session.js";

function diffView(lines) {
  const changed = lines.filter((l) => l.kind !== "same").length;
  return [
    h("p", { id: "diff-summary", class: "muted" },
      changed ? `${lines.filter((l) => l.kind === "del").length} lines removed, ${lines.filter((l) => l.kind === "add").length} added`
        : "The two versions have the same content."),
    h("div", { class: "diff", id: "diff", role: "region", "aria-label": "Differences" },
      lines.map((l) => h("div", { class: l.kind }, l.text || " "))),
  ];
}

export async function versionsView(main, { params, query }) {
  const name = params.name;
  const [article, versions] = await Promise.all([
    get(`/api/articles/${seg(name)}`),
    get(`/api/articles/${seg(name)}/versions`),
  ]);
  const ids = versions.map((v) => v.versionId);
  // Newest first from the API: by default compare the one before the newest with the newest.
  const fromSel = h("select", { id: "diff-from" }, ids.map((id, i) => h("option", { value: id, selected: i === Math.min(1, ids.length - 1) }, id)));
  const toSel = h("select", { id: "diff-to" }, ids.map((id, i) => h("option", { value: id, selected: i === 0 }, id)));
  const out = h("section", { id: "diff-result", "aria-live": "polite" });

  const compare = async (event) => {
    event?.preventDefault();
    const [a, b] = await Promise.all([fromSel.value, toSel.value].map((id) =>
      attempt(() => get(`/api/articles/${seg(name)}/versions/${seg(id)}`))));
    if (!a || !b) return;
    const header = a.title !== b.title ? [h("p", {}, `Title: “${a.title}” → “${b.title}”`)] : [];
    mount(out, h("h2", {}, `${fromSel.value} → ${toSel.value}`), header, diffView(diffLines(a.content, b.content)));
  };
  const restore = async (id) => {
    const ok = await confirmAction({
      title: `Restore ${id}?`,
      body: [`“${article.title}” gets the content of ${id} as a new version; the current content stays in the history.`],
      confirm: `Restore ${id}`,
    });
    if (!ok) return;
    const done = await attempt(() => put(`/api/articles/${seg(name)}/versions/${seg(id)}/restore`));
    if (done) {
      flash(`Restored ${id}.`);
      go(`#/article/${encodeURIComponent(done.filename || name)}`);
    }
  };

  const table = h("div", { class: "table-wrap", tabindex: 0 }, h("table", { id: "version-list" },
    h("thead", {}, h("tr", {}, ["Version", "Saved", "By", "Message", "Size", ""].map((t) => h("th", { scope: "col" }, t || h("span", { class: "visually-hidden" }, "Actions"))))),
    h("tbody", {}, versions.map((v) => h("tr", { dataset: { version: v.versionId } },
      h("td", {}, v.versionId),
      h("td", {}, formatTime(v.createdAt)),
      h("td", {}, v.createdBy || "—"),
      h("td", { class: "wrap" }, v.message || "—"),
      h("td", { class: "num" }, `${v.size} B`),
      h("td", {}, canWrite() ? h("button", { type: "button", class: "restore", "aria-label": `Restore ${v.versionId}`,
        onclick: () => restore(v.versionId) }, "Restore") : null))))));
  const form = h("form", { class: "row", id: "diff-form" },
    h("label", { class: "inline", for: "diff-from" }, "From"), fromSel,
    h("label", { class: "inline", for: "diff-to" }, "To"), toSel,
    h("button", { type: "submit", id: "compare" }, "Compare"));
  form.addEventListener("submit", compare);
  mount(main,
    h("h1", {}, `Versions of “${article.title}”`),
    h("p", {}, h("a", { href: `#/article/${encodeURIComponent(name)}` }, "Back to the article")),
    versions.length ? [table, h("h2", {}, "Compare"), form, out] : h("p", {}, "No versions yet."));
}
