// Articles: the folder tree beside a list of the folder's articles, sorted and paged in the browser
// (the list endpoint returns every summary of a folder in one answer, a few hundred bytes each).
import { get, query } from "../api.js";
import { formatTime, h, mount } from "../dom.js";
import { go, link } from "../router.js";
import { canWrite } from "../session.js";

const SORTS = {
  modified: { label: "Last modified", compare: (a, b) => (b.modified || "").localeCompare(a.modified || "") },
  created: { label: "Created", compare: (a, b) => (b.created || "").localeCompare(a.created || "") },
  title: { label: "Title", compare: (a, b) => a.title.localeCompare(b.title, undefined, { sensitivity: "base" }) },
};
const PAGE_SIZES = [25, 50, 100, 500, 1000];

// ["a", "a/b", "c"] → [{name:"a", path:"a", children:[{name:"b", path:"a/b", children:[]}]}, …]
function folderTree(folders) {
  const root = { children: new Map() };
  for (const folder of folders) {
    let node = root;
    let path = "";
    for (const part of folder.split("/").filter(Boolean)) {
      path = path ? `${path}/${part}` : part;
      if (!node.children.has(part)) node.children.set(part, { name: part, path, children: new Map() });
      node = node.children.get(part);
    }
  }
  return root;
}

function treeList(node, selected, params) {
  const items = [...node.children.values()].sort((a, b) => a.name.localeCompare(b.name));
  if (!items.length) return null;
  return h(
    "ul",
    {},
    items.map((child) =>
      h(
        "li",
        {},
        h("a", { href: link("/articles", { ...params, folder: child.path, page: null }),
          "aria-current": selected === child.path ? "true" : null }, child.name),
        treeList(child, selected, params),
      ),
    ),
  );
}

export async function articlesView(main, { query: q }) {
  const folder = q.get("folder"); // null: every folder
  const sort = SORTS[q.get("sort")] ? q.get("sort") : "modified";
  const size = PAGE_SIZES.includes(Number(q.get("size"))) ? Number(q.get("size")) : 50;
  const filter = q.get("q") || "";
  const params = { folder, sort, size: size === 50 ? null : size, q: filter || null };

  const [folders, articles] = await Promise.all([
    get("/api/folders"),
    get(`/api/articles${query({ folder: folder ?? undefined, q: filter })}`),
  ]);
  const started = performance.now();
  const sorted = articles.slice().sort(SORTS[sort].compare);
  const pages = Math.max(1, Math.ceil(sorted.length / size));
  const page = Math.min(pages, Math.max(1, Number(q.get("page")) || 1));
  const shown = sorted.slice((page - 1) * size, page * size);

  const tree = h(
    "nav",
    { class: "tree", "aria-label": "Folders" },
    h("ul", {},
      h("li", {}, h("a", { href: link("/articles", { ...params, folder: null, page: null }),
        "aria-current": folder === null ? "true" : null }, "All articles")),
      h("li", {}, h("a", { href: link("/articles", { ...params, folder: "/", page: null }),
        "aria-current": folder === "/" ? "true" : null }, "(root)")),
    ),
    treeList(folderTree(folders), folder, params),
  );

  const sortSelect = h("select", { id: "sort" },
    Object.entries(SORTS).map(([key, s]) => h("option", { value: key, selected: key === sort }, s.label)));
  const sizeSelect = h("select", { id: "page-size" },
    PAGE_SIZES.map((n) => h("option", { value: n, selected: n === size }, String(n))));
  const filterInput = h("input", { id: "title-filter", type: "search", value: filter, placeholder: "Title contains…" });
  const controls = h("form", { class: "row", id: "list-controls", role: "search" },
    h("label", { for: "title-filter", class: "inline" }, "Filter"), filterInput,
    h("label", { for: "sort", class: "inline" }, "Sort"), sortSelect,
    h("label", { for: "page-size", class: "inline" }, "Per page"), sizeSelect,
    h("button", { type: "submit" }, "Apply"));
  const apply = (event) => {
    event?.preventDefault();
    go(link("/articles", { folder, sort: sortSelect.value, size: sizeSelect.value === "50" ? null : sizeSelect.value,
      q: filterInput.value.trim() || null }));
  };
  controls.addEventListener("submit", apply);
  sortSelect.addEventListener("change", apply);
  sizeSelect.addEventListener("change", apply);

  const rows = shown.map((a) =>
    h("tr", {},
      h("td", { class: "wrap" }, h("a", { href: `#/article/${encodeURIComponent(a.filename)}` }, a.title)),
      h("td", { class: "wrap" }, a.folder || "—"),
      h("td", {}, formatTime(a.modified)),
      h("td", {}, a.isPublic ? h("span", { class: "badge ok" }, "public") : null, " ",
        a.noRag ? h("span", { class: "badge" }, "no RAG") : null)));
  const table = sorted.length
    ? h("div", { class: "table-wrap", tabindex: 0 }, h("table", { id: "article-list" },
        h("caption", { class: "muted small" }, `${sorted.length} article${sorted.length === 1 ? "" : "s"}`),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Title"), h("th", { scope: "col" }, "Folder"),
          h("th", { scope: "col" }, "Modified"), h("th", { scope: "col" }, "Flags"))),
        h("tbody", {}, rows)))
    : h("p", { id: "no-articles" }, "No articles here yet.");
  const pager = pages > 1
    ? h("nav", { class: "pager", "aria-label": "Pages" },
        h("a", { class: "button", href: link("/articles", { ...params, page: page - 1 }), "aria-disabled": page === 1 ? "true" : null,
          hidden: page === 1 }, "Previous"),
        h("span", { id: "page-of" }, `Page ${page} of ${pages}`),
        h("a", { class: "button", href: link("/articles", { ...params, page: page + 1 }), hidden: page === pages }, "Next"))
    : null;

  const title = folder === null ? "Articles" : folder === "/" ? "Articles in the root" : `Articles in ${folder}`;
  mount(main,
    h("div", { class: "row" },
      h("h1", {}, title),
      canWrite() ? h("a", { class: "button primary", id: "new-article",
        href: link("/new", { folder: folder && folder !== "/" ? folder : null }) }, "New article") : null),
    h("div", { class: "layout" }, tree, h("section", { "aria-label": "Article list" }, controls, table, pager)));
  // For the browser test's report of list rendering time (sorting + DOM), not an assertion.
  main.dataset.renderMs = String(Math.round((performance.now() - started) * 10) / 10);
}
