// mynews: progressive enhancement. Every page works without this file (plain forms); with it,
// actions happen in place, every control shows the server's answer in every place the same
// thing appears, and what can be undone says so in a toast with Undo. No inline script anywhere
// (Content-Security-Policy: script-src 'self').
(function () {
  "use strict";
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const csrf = () => ($('meta[name="csrf-token"]') || {}).content || "";
  const YEAR = 365 * 86400;

  // Toasts -------------------------------------------------------------------------------------
  function toast(message, opts) {
    const box = $("[data-toasts]");
    if (!box) return;
    const t = document.createElement("div");
    t.className = "toast" + (opts && opts.error ? " err" : "");
    const text = document.createElement("span");
    text.textContent = message;
    t.appendChild(text);
    if (opts && opts.undo) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = "Undo";
      b.addEventListener("click", () => { t.remove(); opts.undo(); });
      t.appendChild(b);
    }
    box.appendChild(t);
    setTimeout(() => t.remove(), opts && opts.undo ? 8000 : 4000);
  }

  async function post(action, fields) {
    const body = fields instanceof FormData ? fields : new FormData();
    if (!(fields instanceof FormData)) {
      body.append("csrf_token", csrf());
      Object.entries(fields || {}).forEach(([k, v]) => body.append(k, v));
    }
    const res = await fetch(action, {
      method: "POST", body, credentials: "same-origin",
      headers: { "x-csrf-token": csrf(), "accept": "application/json" },
    });
    let data = {};
    try { data = await res.json(); } catch (e) { data = {}; }
    if (!res.ok) throw new Error((data.error && data.error.message) || "The server said no");
    return data;
  }

  // Saved: one article can be on the page several times ------------------------------------
  function applySaved(id, saved) {
    $$(`form[data-save="${id}"]`).forEach((f) => {
      f.action = `/articles/${id}/${saved ? "unsave" : "signal"}`;
      const b = f.querySelector("button");
      b.setAttribute("aria-pressed", String(saved));
      const label = f.querySelector("[data-label]");
      if (label) label.textContent = saved ? "Saved" : "Save";
    });
  }

  // Follow / mute: every button about the same thing shows the same state --------------------
  function applyFollow(key, state) {
    $$("form[data-follow]").filter((f) => f.dataset.follow === key).forEach((f) => {
      const mute = f.dataset.role === "mute";
      const on = mute ? state === "muted" : state === "following";
      f.action = on ? "/follows/remove" : "/follows";
      const muted = f.querySelector("input[name=muted]");
      if (muted) muted.value = mute ? "1" : "";
      const b = f.querySelector("button");
      b.setAttribute("aria-pressed", String(on));
      const label = f.querySelector("[data-label]");
      if (label && f.dataset.on) label.textContent = on ? f.dataset.on : f.dataset.off;
    });
  }
  function followState(key) {
    const forms = $$("form[data-follow]").filter((f) => f.dataset.follow === key);
    for (const f of forms) {
      if (f.querySelector("button").getAttribute("aria-pressed") === "true") {
        return f.dataset.role === "mute" ? "muted" : "following";
      }
    }
    return "none";
  }

  function removeCard(form) {
    const card = form.closest("[data-article-id]");
    if (!card) return null;
    const place = { card, parent: card.parentNode, next: card.nextSibling };
    card.remove();
    return place;
  }
  function restore(place) {
    if (place && place.parent) place.parent.insertBefore(place.card, place.next);
  }

  async function submit(form) {
    const fields = new FormData(form);
    const action = form.action;
    const button = form.querySelector("button");
    if (button) button.disabled = true;
    // Optimistic: show the expected state at once, roll back if the server refuses.
    const saveId = form.dataset.save;
    const followKey = form.dataset.follow;
    const before = followKey ? followState(followKey) : null;
    if (saveId) applySaved(saveId, !action.endsWith("/unsave"));
    if (followKey) {
      const turningOn = !action.endsWith("/remove");
      applyFollow(followKey, turningOn ? (form.dataset.role === "mute" ? "muted" : "following") : "none");
    }
    const place = form.hasAttribute("data-remove") ? removeCard(form) : null;
    try {
      const data = await post(action, fields);
      if (saveId) applySaved(saveId, !!data.saved);
      if (followKey) applyFollow(followKey, data.state || "none");
      const undo = data.undo;
      const message = data.message || form.dataset.done || "Done";
      toast(message, undo ? {
        undo: async () => {
          try {
            const back = await post(undo.action, undo.fields);
            restore(place);
            if (followKey) applyFollow(followKey, back.state || before);
            if (saveId) applySaved(saveId, !!back.saved);
            toast("Undone");
          } catch (e) { toast("Could not undo: " + e.message, { error: true }); }
        },
      } : null);
    } catch (e) {
      restore(place);
      if (saveId) applySaved(saveId, action.endsWith("/unsave"));
      if (followKey) applyFollow(followKey, before);
      toast("Not saved: " + e.message + ". Try again.", { error: true });
    } finally {
      if (button) button.disabled = false;
    }
  }

  document.addEventListener("submit", (e) => {
    const form = e.target;
    if (form.matches("form[data-async]")) { e.preventDefault(); submit(form); }
  });

  // Share: the system's share sheet, or copy the link -------------------------------------
  document.addEventListener("click", async (e) => {
    const share = e.target.closest("[data-share]");
    if (!share) return;
    e.preventDefault();
    const url = new URL(share.dataset.share, location.href).href;
    try {
      if (navigator.share) { await navigator.share({ title: share.dataset.title || document.title, url }); return; }
      await navigator.clipboard.writeText(url);
      toast("Link copied");
    } catch (err) {
      if (err && err.name === "AbortError") return;
      window.prompt("Copy this link", url);
    }
  });

  // Theme (light, dark, system) and density (comfortable, compact): cookies, read by the server
  const THEMES = ["system", "light", "dark"];
  const THEME_ICON = { system: "auto", light: "sun", dark: "moon" };
  document.addEventListener("click", (e) => {
    const t = e.target.closest("[data-theme-toggle]");
    if (t) {
      const now = document.documentElement.dataset.theme || "system";
      const next = THEMES[(THEMES.indexOf(now) + 1) % THEMES.length];
      document.documentElement.dataset.theme = next;
      document.cookie = `theme=${next}; path=/; max-age=${YEAR}; samesite=lax`;
      t.setAttribute("aria-label", `Theme: ${next} (change)`);
      const use = t.querySelector("use");
      if (use) use.setAttribute("href", `/static/icons.svg#${THEME_ICON[next]}`);
      toast(next === "system" ? "Theme follows your system" : `${next[0].toUpperCase()}${next.slice(1)} theme`);
    }
    const d = e.target.closest("[data-density-toggle]");
    if (d) {
      const compact = document.documentElement.dataset.density !== "compact";
      document.documentElement.dataset.density = compact ? "compact" : "comfortable";
      document.cookie = `density=${compact ? "compact" : "comfortable"}; path=/; max-age=${YEAR}; samesite=lax`;
      $$("[data-density-toggle]").forEach((b) => b.setAttribute("aria-pressed", String(compact)));
    }
    if (e.target.closest("[data-help]")) openHelp();
  });
  function openHelp() {
    const dialog = $("[data-help-dialog]");
    if (dialog && !dialog.open) dialog.showModal();
  }

  // Keyboard: j/k move, o open, s save, m/f more/fewer, h hide, c coverage, / search, ? help --
  const cards = () => $$("[data-nav-list] [data-article-id]");
  let current = -1;
  function focusCard(i) {
    const list = cards();
    if (!list.length) return;
    current = Math.max(0, Math.min(i, list.length - 1));
    list.forEach((c, j) => c.classList.toggle("current", j === current));
    list[current].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", (e) => {
    if (e.target.closest("input, textarea, select, [contenteditable]") || e.metaKey || e.ctrlKey || e.altKey) return;
    const card = cards()[current];
    const click = (sel) => { const el = card && card.querySelector(sel); if (el) el.click(); };
    const send = (sel) => { const f = card && card.querySelector(sel); if (f) f.requestSubmit(); };
    switch (e.key) {
      case "j": focusCard(current + 1); break;
      case "k": focusCard(current - 1); break;
      case "o": case "Enter": if (card) { e.preventDefault(); click("a.title"); } break;
      case "s": send("form[data-save]"); break;
      case "m": send("form[data-action=more]"); break;
      case "f": send("form[data-action=fewer]"); break;
      case "h": send("form[data-action=hide]"); break;
      case "c": click("a.coverage"); break;
      case "/": { const q = $("#find-q") || $("input[type=search]"); if (q && q.offsetParent) { e.preventDefault(); q.focus(); } else location.href = "/search"; break; }
      case "?": openHelp(); break;
      default: return;
    }
  });

  // The header hides while scrolling down (phones), and comes back on the way up --------------
  const bar = $("[data-bar]");
  let lastY = window.scrollY;
  window.addEventListener("scroll", () => {
    const y = window.scrollY;
    if (bar && window.matchMedia("(max-width: 900px)").matches) bar.classList.toggle("away", y > lastY && y > 80);
    lastY = y;
  }, { passive: true });

  // State changes only on POST (a GET writes nothing): the page itself reports that the reader
  // opened an article and, when they leave, how long they read it; and which cards it showed.
  const report = (url, fields) => {
    const body = new FormData();
    body.append("csrf_token", csrf());
    Object.entries(fields).forEach(([k, v]) => body.append(k, v));
    if (!navigator.sendBeacon(url, body)) fetch(url, { method: "POST", body, keepalive: true });
  };
  const beacon = $("[data-read-beacon]");
  if (beacon) {
    const started = Date.now();
    let sent = false;
    report(beacon.dataset.readBeacon, { kind: "open" });
    addEventListener("pagehide", () => {
      if (sent) return;
      sent = true;
      report(beacon.dataset.readBeacon, { kind: "read", value: String(Math.min(86400, Math.round((Date.now() - started) / 1000))) });
    });
  }
  const shown = $$("[data-impressions] [data-article-id]").map((c) => c.dataset.articleId).filter(Boolean);
  if (shown.length) report("/signals/impressions", { ids: [...new Set(shown)].slice(0, 100).join(",") });

  // Type-ahead: names of entities, topics and sources as you type ------------------------------
  $$("input[data-suggest]").forEach((input) => {
    const list = document.createElement("ul");
    list.className = "suggest";
    list.hidden = true;
    list.id = input.id + "-suggest";
    list.setAttribute("role", "listbox");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-autocomplete", "list");
    input.parentNode.appendChild(list);
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = input.value.trim();
        if (q.length < 2) { list.hidden = true; return; }
        const res = await fetch(`/suggest?q=${encodeURIComponent(q)}`, { headers: { accept: "application/json" } });
        if (!res.ok) return;
        const items = (await res.json()).items || [];
        list.replaceChildren(...items.slice(0, 8).map((it) => {
          const li = document.createElement("li");
          const b = document.createElement("button");
          b.type = "button";
          b.setAttribute("role", "option");
          b.textContent = `${it.name} · ${it.label}`;
          b.addEventListener("click", () => {
            if (input.dataset.suggest === "filter") {
              const form = input.form;
              const field = form.querySelector(`input[name="${it.kind}"]`);
              if (field) { field.value = it.key; input.value = ""; form.requestSubmit(); }
            } else location.href = it.href;
          });
          li.appendChild(b);
          return li;
        }));
        list.hidden = items.length === 0;
      }, 150);
    });
    input.addEventListener("keydown", (e) => {
      if (e.key === "Escape") list.hidden = true;
      if (e.key === "ArrowDown" && !list.hidden) { e.preventDefault(); const first = list.querySelector("button"); if (first) first.focus(); }
    });
  });

  // The demo's progress: understanding goes on in the background; new stories are one click away
  const progress = $("[data-progress-text]");
  if (progress) {
    let seen = null;
    let waits = 15; // an empty instance is asked a minute long whether a corpus is arriving
    const show = $("[data-progress-show]");
    const tick = async () => {
      let p;
      try {
        const res = await fetch("/progress", { headers: { accept: "application/json" } });
        if (!res.ok) return;
        p = await res.json();
      } catch (err) {
        return; // the server went away: the banner keeps its last words
      }
      if (seen === null) seen = p.ready;
      progress.textContent = p.pending > 0
        ? ` Understanding the corpus: ${p.ready} of ${p.total} articles ready.`
        : "";
      if (show && p.ready > seen) {
        show.textContent = `Show ${p.ready - seen} new`;
        show.hidden = false;
      }
      if (p.pending > 0 || (p.total === 0 && waits-- > 0)) setTimeout(tick, 4000);
    };
    tick();
  }
})();
