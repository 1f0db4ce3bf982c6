// API keys (admin only): create — the key is shown once, here, and never again — list, revoke.
import { del, get, post } from "../api.js";
import { attempt, confirmAction, formatTime, h, mount, notify } from "../dom.js";
import { isAdmin } from "../session.js";

export async function tokensView(main) {
  if (!isAdmin()) {
    mount(main, h("h1", {}, "Tokens"), h("p", {}, "Only the admin token manages API keys."));
    return;
  }
  const list = h("section", { id: "token-list-section" });
  const created = h("section", { id: "created-token", "aria-live": "polite" });
  const name = h("input", { id: "token-name", type: "text", required: true, maxlength: 100 });
  const scope = h("select", { id: "token-scope" },
    h("option", { value: "read-only" }, "read-only: read and search"),
    h("option", { value: "write" }, "write: also create, edit and delete articles"));
  const form = h("form", { id: "token-form" },
    h("h2", {}, "Create an API key"),
    h("label", { for: "token-name" }, "Name"), name,
    h("label", { for: "token-scope" }, "Scope"), scope,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", id: "create-token" }, "Create")));

  async function refresh() {
    const tokens = await attempt(() => get("/api/access-tokens"));
    if (!tokens) return;
    mount(list, h("h2", {}, "API keys"), tokens.length
      ? h("div", { class: "table-wrap", tabindex: 0 }, h("table", { id: "token-list" },
          h("thead", {}, h("tr", {}, ["Name", "Scope", "Created", "Last used", ""].map((c) => h("th", { scope: "col" }, c || h("span", { class: "visually-hidden" }, "Actions"))))),
          h("tbody", {}, tokens.map((t) => h("tr", { dataset: { token: t.id } },
            h("td", { class: "wrap" }, t.name), h("td", {}, t.scope), h("td", {}, formatTime(t.created_at)),
            h("td", {}, formatTime(t.last_used_at)),
            h("td", {}, h("button", { type: "button", class: "danger", "aria-label": `Revoke ${t.name}`,
              onclick: () => revoke(t) }, "Revoke")))))))
      : h("p", { id: "no-tokens" }, "No API keys."));
  }
  async function revoke(t) {
    const ok = await confirmAction({ title: `Revoke “${t.name}”?`,
      body: ["Requests with this key are refused from now on. This cannot be undone; create a new key instead."],
      confirm: "Revoke", danger: true });
    if (!ok) return;
    if (await attempt(() => del(`/api/access-tokens/${t.id}`))) notify(`Revoked “${t.name}”.`);
    refresh();
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const made = await attempt(() => post("/api/access-tokens", { name: name.value.trim(), scope: scope.value }));
    if (!made) return;
    name.value = "";
    mount(created, h("h2", {}, `Key “${made.name}” (${made.scope})`),
      h("p", {}, "Copy it now: it is shown only this once."),
      h("p", { class: "secret", id: "new-token-secret" }, made.token),
      h("div", { class: "actions" },
        h("button", { type: "button", onclick: () => navigator.clipboard?.writeText(made.token).then(() => notify("Copied.")) }, "Copy"),
        h("button", { type: "button", onclick: () => created.replaceChildren() }, "Done")));
    refresh();
  });
  mount(main, h("h1", {}, "Tokens"), created, form, list);
  await refresh();
}
