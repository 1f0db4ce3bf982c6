// Sign-in with the admin token or an API key. The token is kept in sessionStorage: this tab only.
import { h, mount, notify } from "../dom.js";
import { signIn } from "../session.js";

export function signInView(main, done) {
  const input = h("input", { id: "token", type: "password", autocomplete: "current-password", required: true,
    spellcheck: "false" });
  const button = h("button", { type: "submit", class: "primary", id: "sign-in" }, "Sign in");
  const form = h(
    "form",
    { class: "signin", id: "signin-form" },
    h("h1", {}, "Sign in to Vellum"),
    h("p", { class: "muted" }, "Use the admin token or an API key. It is kept for this browser tab only."),
    h("label", { for: "token" }, "Token"),
    input,
    h("div", { class: "actions" }, button),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      await signIn(input.value.trim());
      done();
    } catch (e) {
      notify(e.status === 401 ? "That token is not accepted." : e.message, "error");
      button.disabled = false;
      input.focus();
    }
  });
  mount(main, form);
  input.focus();
}
