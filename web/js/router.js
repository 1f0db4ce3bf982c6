// Hash routes ("#/articles?folder=a", "#/article/x.md"): the server serves one page, so every
// view is addressable, bookmarkable and works with back and forward.
const routes = [];

export function route(pattern, view) {
  // "/article/:name" → /^\/article\/([^/]+)$/
  const names = [];
  const regex = new RegExp(
    "^" + pattern.replace(/:([a-z]+)/g, (_, name) => (names.push(name), "([^/]+)")) + "$",
  );
  routes.push({ regex, names, view });
}

export function current() {
  const hash = location.hash.replace(/^#/, "") || "/articles";
  const [path, search = ""] = hash.split("?");
  return { path, query: new URLSearchParams(search) };
}

export function resolve() {
  const { path, query } = current();
  for (const r of routes) {
    const m = path.match(r.regex);
    if (!m) continue;
    const params = {};
    r.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
    return { view: r.view, params, query, path };
  }
  return null;
}

export function go(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = hash;
}

export function link(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const s = q.toString();
  return `#${path}${s ? `?${s}` : ""}`;
}
