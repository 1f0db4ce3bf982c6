// The console's shell: sign-in gate, navigation, and one view at a time in <main>.
import { onUnauthorized } from "./api.js";
import { clearNotice, h, mount, notify } from "./dom.js";
import { current, resolve, route } from "./router.js";
import { isAdmin, restore, session, signOut } from "./session.js";
import { articlesView } from "./views/articles.js";
import { readerView } from "./views/reader.js";
import { editorView } from "./views/editor.js";
import { versionsView } from "./views/versions.js";
import { searchView } from "./views/search.js";
import { queueView } from "./views/queue.js";
import { setsView } from "./views/sets.js";
import { healthView } from "./views/health.js";
import { tokensView } from "./views/tokens.js";
import { signInView } from "./views/signin.js";

route("/articles", articlesView);
route("/article/:name", readerView);
route("/new", editorView);
route("/edit/:name", editorView);
route("/versions/:name", versionsView);
route("/search", searchView);
route("/queue", queueView);
route("/embedding-sets", setsView);
route("/health", healthView);
route("/tokens", tokensView);

const sections = [
  ["/articles", "Articles", () => true],
  ["/search", "Search", () => true],
  ["/queue", "Queue", () => true],
  ["/embedding-sets", "Embedding sets", () => true],
  ["/health", "Health", () => true],
  ["/tokens", "Tokens", isAdmin],
];

// A view may return a function that stops its timers; it is called when the next view starts.
let stopCurrent = null;
let generation = 0;

function renderChrome() {
  const nav = document.getElementById("nav");
  const who = document.getElementById("who");
  const s = session();
  nav.hidden = who.hidden = !s;
  if (!s) return;
  const path = current().path;
  mount(
    nav,
    sections
      .filter(([, , visible]) => visible())
      .map(([p, label]) =>
        h("a", { href: `#${p}`, "aria-current": path === p || path.startsWith(`${p}/`) ? "page" : null }, label),
      ),
  );
  const role = s.isAdmin ? "admin" : s.canWrite ? "write" : "read-only";
  mount(
    who,
    h("span", { id: "who-name" }, `${s.name} (${role})`),
    h("button", { type: "button", id: "sign-out", onclick: () => leave("Signed out.") }, "Sign out"),
  );
}

function leave(message) {
  signOut();
  notify(message);
  render();
}

async function render() {
  const mine = ++generation;
  if (stopCurrent) {
    stopCurrent();
    stopCurrent = null;
  }
  const main = document.getElementById("view");
  renderChrome();
  if (!session()) {
    stopCurrent = signInView(main, () => {
      clearNotice();
      render();
    });
    main.dataset.route = "signin";
    return;
  }
  const match = resolve();
  if (!match) {
    mount(main, h("h1", {}, "Not found"), h("p", {}, h("a", { href: "#/articles" }, "Back to the articles")));
    return;
  }
  main.setAttribute("aria-busy", "true");
  let stop;
  try {
    stop = await match.view(main, match);
  } catch (e) {
    // A view that cannot load (the article was deleted, the server went away) says so in its place.
    if (mine === generation) {
      mount(main, h("h1", {}, e.status === 404 ? "Not found" : "Something went wrong"),
        h("p", { id: "view-error" }, e.message || String(e)),
        h("p", {}, h("a", { href: "#/articles" }, "Back to the articles")));
    }
  }
  if (mine !== generation) {
    if (typeof stop === "function") stop();
    return;
  }
  stopCurrent = typeof stop === "function" ? stop : null;
  main.removeAttribute("aria-busy");
  // Which route is on screen, for tests and for anyone scripting the console.
  main.dataset.route = location.hash;
  // Tell assistive technology where it is: focus the new view's heading.
  const heading = main.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
  document.title = heading ? `${heading.textContent} · Vellum` : "Vellum";
}

onUnauthorized(() => {
  if (session()) leave("Your token is no longer accepted: sign in again.");
});

// The skip link moves focus to the view; as a plain "#view" link it would change the route.
document.querySelector(".skip").addEventListener("click", (event) => {
  event.preventDefault();
  document.getElementById("view").focus();
});

window.addEventListener("hashchange", () => {
  clearNotice();
  render();
});

restore()
  .catch((e) => notify(e.message, "error"))
  .finally(render);
