// One article: metadata, the body as the server rendered it (cmark-gfm, raw HTML omitted, unsafe
// URLs dropped — see host/articles/markdown_html.hpp), and, for writers, edit and delete.
import { del, get, seg } from "../api.js";
import { attempt, confirmAction, flash, formatTime, h, mount } from "../dom.js";
import { go, link } from "../router.js";
import { canWrite } from "../session.js";

// The server's HTML goes in through a <template>, which runs nothing while it parses; the CSP
// (script-src 'self', no inline handlers) would refuse any script that slipped through anyway.
export function safeHtml(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  // An unsafe URL comes from the server as an empty one, which would point at the console itself:
  // such a link becomes plain text and such an image loads nothing.
  for (const el of template.content.querySelectorAll('a[href=""], img[src=""]')) {
    el.removeAttribute(el.tagName === "A" ? "href" : "src");
  }
  // Links out of the console open without handing it a window reference.
  for (const a of template.content.querySelectorAll("a[href]")) {
    if (!a.getAttribute("href").startsWith("#")) a.setAttribute("rel", "noopener noreferrer nofollow");
  }
  return template.content;
}

export async function readerView(main, { params }) {
  const name = params.name;
  const [article, rendered] = await Promise.all([
    get(`/api/articles/${seg(name)}`),
    get(`/api/articles/${seg(name)}/html`),
  ]);
  const remove = async () => {
    const ok = await confirmAction({
      title: `Delete “${article.title}”?`,
      body: ["The article, its versions and its vectors are removed. This cannot be undone from the console."],
      confirm: "Delete",
      danger: true,
    });
    if (!ok) return;
    const done = await attempt(() => del(`/api/articles/${seg(name)}`));
    if (done) {
      flash(`Deleted “${article.title}”.`);
      go(link("/articles", { folder: article.folder || null }));
    }
  };
  mount(main,
    h("article", { "aria-labelledby": "article-title" },
      h("h1", { id: "article-title" }, article.title),
      h("p", { class: "muted small" },
        `${name} · folder: ${article.folder || "(root)"} · created ${formatTime(article.created)}`,
        article.modifiedBy ? ` · last changed by ${article.modifiedBy}` : "", " ",
        article.isPublic ? h("span", { class: "badge ok" }, "public") : null, " ",
        article.noRag ? h("span", { class: "badge" }, "no RAG") : null),
      h("div", { class: "actions" },
        canWrite() ? h("a", { class: "button primary", id: "edit-article", href: `#/edit/${encodeURIComponent(name)}` }, "Edit") : null,
        h("a", { class: "button", id: "article-versions", href: `#/versions/${encodeURIComponent(name)}` }, "Versions"),
        canWrite() ? h("button", { type: "button", class: "danger", id: "delete-article", onclick: remove }, "Delete") : null),
      h("div", { class: "markdown", id: "article-body" }, safeHtml(rendered.html))));
}
