// The page's islands and its navigation. Called by the shell (`IslandScripts` in app.rs) with
// the paths of the Wasm bundle's JS and Wasm files.
//
// Islands: the bundle is loaded only when the page shows an island, after the first paint and
// when the browser is idle (at most 2 s later); each island is then handed to its hydrate
// function (a lazy island fetches its own chunk first). A page without islands loads no Wasm.
//
// Navigation: a click on a link of the site, or a form sent to it, fetches the next page and
// swaps it in (body, title, language) instead of reloading: the stylesheet, the scripts and the
// Wasm already loaded stay, and only the new page's islands are hydrated. The address, back and
// forward, the scroll position and the focus (on the new page's heading) behave as they do
// for a page load. Left to the browser: other sites, new tabs, downloads (`download`,
// `rel="external"`), anything marked `data-native`, forms inside islands (they send
// themselves), and any answer that is not a page. Without JavaScript, all of it is plain HTML.
((js, wasm) => {
  let bundle = null;
  const load = () =>
    (bundle ??= import(js).then((m) => m.default({ module_or_path: wasm }).then(() => (m.hydrate(), m))));
  const hydrate = async (root) => {
    const islands = [...root.querySelectorAll("leptos-island")].filter((island) => !island.$$hydrated);
    if (islands.length > 0) {
      const m = await load();
      for (const island of islands) {
        island.$$hydrated = true;
        const hydrateIsland = m[island.dataset.component];
        if (hydrateIsland) await hydrateIsland(island);
        else console.error(`No hydrate function for the island ${island.dataset.component}`);
      }
    }
    // Lets tests (and curious people) tell a page whose islands are ready.
    document.documentElement.setAttribute("data-hydrated", "true");
  };

  let current = 0; // the latest navigation; an older one that answers late is dropped
  let shown = new URL(location.href); // the address of the page shown
  const remember = () =>
    history.replaceState({ ...history.state, scroll: [scrollX, scrollY] }, "", location.href);

  // After a refusal (the server sends the page back with `__err`), the form keeps what was
  // typed, as it would had the page not been swapped. Hidden fields and files keep the server's.
  const refill = (sent) => {
    const form = [...document.forms].find((f) => f.getAttribute("action") === sent.action);
    if (!form) return;
    for (const [name, value] of sent.data) {
      if (typeof value !== "string") continue;
      const fields = form.querySelectorAll(`[name="${CSS.escape(name)}"]`);
      for (const field of fields) {
        if (field.type === "hidden" || field.type === "file" || field.type === "submit") continue;
        if (field.type === "checkbox" || field.type === "radio") field.checked = field.value === value;
        else field.value = value;
      }
    }
  };

  async function navigate(url, init = {}, { push = true, scroll = null, sent = null } = {}) {
    const mine = ++current;
    // A progress bar (style/main.css) when the next page takes a moment.
    const busy = setTimeout(() => document.documentElement.classList.add("navigating"), 150);
    let response;
    try {
      response = await fetch(url, { ...init, headers: { accept: "text/html" } });
    } catch {
      if (mine === current) location.assign(url); // offline or refused: let the browser say so
      return;
    } finally {
      clearTimeout(busy);
      if (mine === current) document.documentElement.classList.remove("navigating");
    }
    if (mine !== current) return;
    if (!(response.headers.get("content-type") || "").includes("text/html")) {
      // A file, not a page (or a refusal without a page to show it on): the browser's turn.
      if (init.method) location.reload();
      else location.assign(response.url);
      return;
    }
    const next = new DOMParser().parseFromString(await response.text(), "text/html");
    if (mine !== current) return;
    if (push) {
      remember();
      history.pushState({}, "", response.url);
    } else if (response.url !== location.href) {
      history.replaceState(history.state, "", response.url);
    }
    shown = new URL(location.href);
    document.title = next.title;
    for (const name of ["lang", "dir"]) {
      const value = next.documentElement.getAttribute(name);
      if (value === null) document.documentElement.removeAttribute(name);
      else document.documentElement.setAttribute(name, value);
    }
    document.documentElement.removeAttribute("data-hydrated");
    document.body.replaceWith(document.adoptNode(next.body));
    const target = new URL(response.url).hash && document.getElementById(decodeURIComponent(new URL(response.url).hash.slice(1)));
    if (scroll) scrollTo(scroll[0], scroll[1]);
    else if (target) target.scrollIntoView();
    else scrollTo(0, 0);
    if (!scroll) {
      // As after a page load, a screen reader starts at the new page: its heading has the focus.
      const heading = target || document.querySelector("main h1") || document.getElementById("main");
      if (heading) {
        if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
    }
    if (sent && new URL(response.url).searchParams.has("__err")) refill(sent);
    hydrate(document.body);
  }

  const samePage = (url) => url.pathname === location.pathname && url.search === location.search;

  addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest?.("a[href]");
    if (!link || link.target || link.hasAttribute("download") || link.closest("[data-native]")) return;
    if ((link.getAttribute("rel") || "").split(/\s+/).includes("external")) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith("/api/") || url.pathname.startsWith("/pkg/")) return;
    // A link to a place on this same page: the browser scrolls there itself.
    if (url.hash && samePage(url)) return;
    event.preventDefault();
    navigate(url.href);
  });

  addEventListener("submit", (event) => {
    const form = event.target;
    if (event.defaultPrevented || form.closest("leptos-island, [data-native]")) return;
    const submitter = event.submitter;
    // Attributes, not properties: a field named "action" or "method" shadows `form.action`.
    const attribute = (name) => submitter?.getAttribute(`form${name}`) || form.getAttribute(name);
    const method = (attribute("method") || "get").toLowerCase();
    const url = new URL(attribute("action") || location.href, location.href);
    if (url.origin !== location.origin || attribute("target") || (method !== "get" && method !== "post")) return;
    event.preventDefault();
    // Sent once: a second press while the answer is on its way does nothing.
    if (form.dataset.sending) return;
    const data = new FormData(form, submitter);
    if (method === "get") {
      url.search = new URLSearchParams(data).toString();
      navigate(url.href);
      return;
    }
    const body = attribute("enctype") === "multipart/form-data" ? data : new URLSearchParams(data);
    form.dataset.sending = "true";
    const sent = { action: form.getAttribute("action"), data: [...data] };
    navigate(url.href, { method: "post", body }, { sent }).finally(() => delete form.dataset.sending);
  });

  // A running total: in a form marked `data-running-total` (the bill list's selection), the
  // status line (`data-selection-status`, its sentence in `data-template`) counts what other
  // pages hold (`data-base-count`, `data-base-fen`) plus the boxes ticked here (`data-fen`).
  addEventListener("change", (event) => {
    const form = event.target.closest?.("form[data-running-total]");
    const status = form?.querySelector("[data-selection-status]");
    if (!status || !event.target.matches("input[type=checkbox][data-fen]")) return;
    const ticked = [...form.querySelectorAll("input[type=checkbox][data-fen]:checked")];
    const count = Number(form.dataset.baseCount) + ticked.length;
    const fen = Number(form.dataset.baseFen) + ticked.reduce((sum, box) => sum + Number(box.dataset.fen), 0);
    const total = `¥${Math.trunc(fen / 100).toLocaleString("en-US")}.${String(fen % 100).padStart(2, "0")}`;
    status.textContent = status.dataset.template.replace("{count}", count).replace("{total}", total);
  });

  addEventListener("popstate", (event) => {
    const url = new URL(location.href);
    const sameDocument = samePage(shown) && url.hash !== shown.hash; // back over a link within the page
    shown = url;
    if (!sameDocument) navigate(url.href, {}, { push: false, scroll: event.state?.scroll || [0, 0] });
  });
  history.scrollRestoration = "manual";
  addEventListener("pagehide", remember);

  window.fapiaoIslands = { hydrate };
  window.fapiaoNavigate = (path) => navigate(new URL(path, location.href).href);

  const start = () => hydrate(document.body);
  const whenIdle = () =>
    "requestIdleCallback" in window ? requestIdleCallback(start, { timeout: 2000 }) : setTimeout(start, 0);
  const afterPaint = () => requestAnimationFrame(() => setTimeout(whenIdle, 0));
  if (document.readyState === "complete") afterPaint();
  else addEventListener("load", afterPaint, { once: true });
})
