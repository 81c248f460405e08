// Small progressive enhancement: keyboard shortcuts and actions without reloads.
(function () {
  "use strict";
  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content || "";
  const cards = () => Array.from(document.querySelectorAll("[data-nav-list] [data-article-id]"));
  let current = -1;
  function focusCard(i) {
    const list = cards();
    if (!list.length) return;
    current = Math.max(0, Math.min(i, list.length - 1));
    list.forEach((c, j) => c.classList.toggle("current", j === current));
    list[current].scrollIntoView({ block: "nearest" });
  }
  async function act(form) {
    const body = new FormData(form);
    const res = await fetch(form.action, { method: "POST", body, headers: { "x-csrf-token": csrf(), "accept": "application/json" } });
    const status = form.closest("[data-article-id]")?.querySelector("[role=status]");
    if (status) status.textContent = res.ok ? (form.dataset.done || "Done") : "Could not save, try again";
    if (res.ok && form.dataset.remove === "card") form.closest("[data-article-id]")?.remove();
    const btn = form.querySelector("button");
    if (res.ok && btn && btn.hasAttribute("aria-pressed")) btn.setAttribute("aria-pressed", btn.getAttribute("aria-pressed") === "true" ? "false" : "true");
    return res.ok;
  }
  document.addEventListener("submit", (e) => {
    const form = e.target;
    if (form.matches("form[data-async]")) { e.preventDefault(); act(form); }
  });
  document.addEventListener("keydown", (e) => {
    if (e.target.closest("input, textarea, select") || e.metaKey || e.ctrlKey || e.altKey) return;
    const list = cards();
    const card = list[current];
    if (e.key === "j") focusCard(current + 1);
    else if (e.key === "k") focusCard(current - 1);
    else if (e.key === "o" && card) card.querySelector("a.title")?.click();
    else if (e.key === "s" && card) card.querySelector("form[data-action=save]")?.requestSubmit();
    else if (e.key === "m" && card) card.querySelector("form[data-action=more]")?.requestSubmit();
  });
})();
