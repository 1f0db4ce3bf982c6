// A few DOM helpers. Text is always set as text (never parsed as HTML); the only HTML the console
// inserts is what the server rendered from markdown with raw HTML off (see views/reader.js).

// h("a", {href: "#/x", class: "b", onclick: fn}, "text", child, [more]) → element
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "value") el.value = value;
    else if (key === "checked") el.checked = Boolean(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function mount(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
  return parent;
}

// A message in the live region: read out by screen readers, cleared by the next one.
export function notify(message, kind = "ok") {
  const area = document.getElementById("notice");
  area.replaceChildren(h("p", { class: kind }, message));
}

// The same, kept through the next navigation (a save that then shows the saved article).
export function flash(message, kind = "ok") {
  notify(message, kind);
  document.getElementById("notice").dataset.keep = "1";
}

export function clearNotice() {
  const area = document.getElementById("notice");
  if (area.dataset.keep) delete area.dataset.keep;
  else area.replaceChildren();
}

// Awaits `work`; on failure shows its message and returns undefined.
export async function attempt(work) {
  try {
    return await work();
  } catch (e) {
    notify(e.message || String(e), "error");
    return undefined;
  }
}

// A modal confirmation that says what will happen, as the CLI does. With `reason`, a text field
// whose value is returned. Resolves to false (cancelled), true, or the reason text.
export function confirmAction({ title, body, confirm = "Confirm", danger = false, reason = null }) {
  return new Promise((resolve) => {
    const field = reason
      ? h("input", { id: "confirm-reason", type: "text", value: reason.value || "", required: true })
      : null;
    const dialog = h(
      "dialog",
      { "aria-labelledby": "confirm-title", class: "confirm" },
      h(
        "form",
        { method: "dialog" },
        h("h2", { id: "confirm-title" }, title),
        ...[].concat(body).map((p) => h("p", {}, p)),
        field ? [h("label", { for: "confirm-reason" }, reason.label), field] : null,
        h(
          "div",
          { class: "actions" },
          h("button", { value: "cancel", type: "submit", formnovalidate: true }, "Cancel"),
          h("button", { value: "ok", type: "submit", class: danger ? "danger" : "primary", id: "confirm-ok" }, confirm),
        ),
      ),
    );
    dialog.addEventListener("close", () => {
      const ok = dialog.returnValue === "ok";
      dialog.remove();
      resolve(ok ? (field ? field.value.trim() : true) : false);
    });
    document.body.append(dialog);
    dialog.showModal();
    (field || dialog.querySelector("#confirm-ok")).focus();
  });
}

export function formatTime(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

// A JSON value as nested definition lists (health, runtime): readable without knowing the shape.
export function keyValues(value) {
  if (value === null || value === undefined) return h("span", { class: "muted" }, "—");
  if (Array.isArray(value)) {
    if (value.length === 0) return h("span", { class: "muted" }, "none");
    if (value.every((v) => typeof v !== "object" || v === null)) return value.join(", ");
    return h("ol", {}, value.map((v) => h("li", {}, keyValues(v))));
  }
  if (typeof value === "object") {
    return h("dl", { class: "kv" }, Object.entries(value).map(([k, v]) => [h("dt", {}, k), h("dd", {}, keyValues(v))]));
  }
  return String(value);
}
