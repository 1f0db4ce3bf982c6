// Create or edit an article: title, folder, content, public, no_rag, an optional version message,
// and a preview rendered by the server exactly as the reader will show it.
import { get, post, put, seg } from "../api.js";
import { attempt, flash, h, mount, notify } from "../dom.js";
import { go } from "../router.js";
import { canWrite } from "../session.js";
import { safeHtml } from "./reader.js";

export async function editorView(main, { params, query }) {
  const name = params.name; // undefined: a new article
  if (!canWrite()) {
    mount(main, h("h1", {}, "Read-only"), h("p", {}, "This token may read articles but not change them."));
    return;
  }
  const [article, folders] = await Promise.all([
    name ? get(`/api/articles/${seg(name)}`) : Promise.resolve(null),
    get("/api/folders"),
  ]);
  const field = (id, label, input) => [h("label", { for: id }, label), input];
  const title = h("input", { id: "title", type: "text", required: true, value: article?.title ?? "", size: 60 });
  const folder = h("input", { id: "folder", type: "text", list: "folder-list", value: article?.folder ?? query.get("folder") ?? "",
    placeholder: "e.g. guides/ops" });
  const content = h("textarea", { id: "content", required: true, spellcheck: "true" });
  content.value = article?.content ?? "";
  const isPublic = h("input", { id: "is-public", type: "checkbox", checked: article?.isPublic });
  const noRag = h("input", { id: "no-rag", type: "checkbox", checked: article?.noRag });
  const message = h("input", { id: "message", type: "text", size: 60, placeholder: "What changed (kept with the version)" });
  const preview = h("div", { class: "markdown preview", id: "preview", hidden: true, "aria-live": "polite" });

  const showPreview = async () => {
    const rendered = await attempt(() => post("/api/markdown/html", { content: content.value }));
    if (!rendered) return;
    preview.replaceChildren(h("h2", {}, "Preview"), safeHtml(rendered.html));
    preview.hidden = false;
  };
  const save = async (event) => {
    event.preventDefault();
    if (!title.value.trim() || !content.value.trim()) {
      notify("Title and content are required.", "error");
      return;
    }
    const body = { title: title.value.trim(), content: content.value, folder: folder.value.trim(),
      isPublic: isPublic.checked, noRag: noRag.checked };
    if (message.value.trim()) body.message = message.value.trim();
    const saved = await attempt(() => (name ? put(`/api/articles/${seg(name)}`, body) : post("/api/articles", body)));
    if (!saved) return;
    flash(name ? `Saved “${saved.title}”.` : `Created “${saved.title}”.`);
    go(`#/article/${encodeURIComponent(saved.filename)}`);
  };

  const form = h("form", { id: "article-form" },
    field("title", "Title", title),
    field("folder", "Folder", folder),
    h("datalist", { id: "folder-list" }, folders.map((f) => h("option", { value: f }))),
    field("content", "Content (markdown)", content),
    h("div", {},
      h("label", { class: "inline", for: "is-public" }, isPublic, "Public (readable without a token)"),
      h("label", { class: "inline", for: "no-rag" }, noRag, "No RAG (never embedded)")),
    name ? field("message", "Version message (optional)", message) : null,
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary", id: "save-article" }, name ? "Save" : "Create"),
      h("button", { type: "button", id: "preview-article", onclick: showPreview }, "Preview"),
      h("a", { class: "button", href: name ? `#/article/${encodeURIComponent(name)}` : "#/articles" }, "Cancel")),
    preview);
  form.addEventListener("submit", save);
  mount(main, h("h1", {}, name ? `Edit “${article.title}”` : "New article"), form);
}
