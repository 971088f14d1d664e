/* Timeline filters: themes (several at once) and essays, state kept in the URL.
   Without JavaScript the filter form stays hidden and every event is shown. */
(function () {
  function setup() {
    var form = document.getElementById("tl-filters");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var boxes = form.querySelectorAll("input[type=checkbox]");
    var items = document.querySelectorAll(".tl-event, .tl-essay");
    var count = document.getElementById("tl-count");

    function chosen(name) {
      return Array.prototype.filter.call(boxes, function (b) { return b.name === name && b.checked; })
        .map(function (b) { return b.value; });
    }
    function apply(updateUrl) {
      var themes = chosen("theme"), essays = chosen("essay"), shown = 0, total = 0;
      items.forEach(function (li) {
        var isEvent = li.classList.contains("tl-event");
        var t = (li.dataset.themes || "").split(" "), e = (li.dataset.essays || "").split(" ");
        var ok = (!themes.length || !isEvent || themes.some(function (x) { return t.indexOf(x) >= 0; })) &&
                 (!essays.length || essays.some(function (x) { return e.indexOf(x) >= 0; }));
        li.hidden = !ok;
        if (isEvent) { total++; if (ok) shown++; }
      });
      document.querySelectorAll(".tl-year").forEach(function (sec) {
        sec.hidden = !sec.querySelector(".tl-event:not([hidden]), .tl-essay:not([hidden])");
      });
      document.querySelectorAll(".tl-dot").forEach(function (dot) {
        var t = (dot.dataset.themes || "").split(" ");
        dot.style.opacity = (!themes.length || themes.some(function (x) { return t.indexOf(x) >= 0; })) ? 1 : 0.15;
      });
      if (count) count.textContent = "Showing " + shown + " of " + total + " events.";
      if (updateUrl) {
        var params = new URLSearchParams(location.search);
        params.delete("theme"); params.delete("essay");
        if (themes.length) params.set("theme", themes.join(","));
        if (essays.length) params.set("essay", essays.join(","));
        var q = params.toString();
        history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
      }
    }
    var params = new URLSearchParams(location.search);
    ["theme", "essay"].forEach(function (name) {
      var wanted = (params.get(name) || "").split(",");
      boxes.forEach(function (b) { if (b.name === name) b.checked = wanted.indexOf(b.value) >= 0; });
    });
    boxes.forEach(function (b) { b.addEventListener("change", function () { apply(true); }); });
    var reset = document.getElementById("tl-reset");
    if (reset) reset.addEventListener("click", function () {
      boxes.forEach(function (b) { b.checked = false; }); apply(true);
    });
    apply(false);
  }
  /* Material's search dialog has no accessible name: give it one. */
  function nameSearch() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.getAttribute("aria-label")) dialog.setAttribute("aria-label", "Search the site");
  }
  /* The way back from a cross-reference. Following a link in a panel first rewrites the
     current history entry to the source paragraph (so the browser's Back returns there and
     the panel reopens), and leaves a note for the target page, which then shows a
     "Back to <essay> ¶N" link and highlights the paragraph. Without JavaScript the links
     are plain links. */
  var BACK_KEY = "xref-back";
  function paragraphBefore(node) {
    var details = node.closest("details");
    for (var el = details && details.previousElementSibling; el; el = el.previousElementSibling) {
      if (el.matches("p[id^='p-']")) return el;
    }
    return null;
  }
  function panelAfter(paragraph) {
    for (var el = paragraph.nextElementSibling; el && !el.matches("p[id^='p-']"); el = el.nextElementSibling) {
      if (el.matches("details.xref")) return el;
    }
    return null;
  }
  function store(key, value) {
    try { if (value === null) sessionStorage.removeItem(key); else sessionStorage.setItem(key, JSON.stringify(value)); }
    catch (e) { /* storage refused (privacy mode): the links still work */ }
  }
  function recall(key) {
    try { return JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function samePlace(a, b) {
    var x = new URL(a, location.href), y = new URL(b, location.href);
    return x.pathname === y.pathname && x.hash === y.hash;
  }
  function reopen(id) {
    var paragraph = document.getElementById(id);
    var panel = paragraph && panelAfter(paragraph);
    if (panel) panel.open = true;
  }
  function wayBack() {
    var meta = document.querySelector("[data-essay-label]");
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a.xref-link");
      if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
          event.shiftKey || event.altKey) return;
      var source = paragraphBefore(link);
      if (!source || !meta) return;
      var here = location.pathname + location.search + "#" + source.id;
      history.replaceState({ xrefOpen: source.id }, "", here);
      store(BACK_KEY, { href: location.href, target: link.href,
                        label: meta.getAttribute("data-essay-label") + " ¶" + source.id.slice(2) });
    });
    if (history.state && history.state.xrefOpen) reopen(history.state.xrefOpen);
    var back = recall(BACK_KEY);
    if (back && samePlace(back.target, location.href) && location.hash) {
      var target = document.getElementById(location.hash.slice(1));
      if (!target) return;
      target.classList.add("xref-landed");
      var bar = document.createElement("div");
      bar.className = "xref-back";
      bar.setAttribute("role", "navigation");
      bar.setAttribute("aria-label", "Back to the passage you came from");
      var a = document.createElement("a");
      a.href = back.href;
      a.textContent = "\u2190 Back to " + back.label;
      a.addEventListener("click", function (event) {
        store(BACK_KEY, null);
        var from = new URL(back.href, location.href);
        if (document.referrer && new URL(document.referrer).pathname === from.pathname) {
          event.preventDefault();
          history.back();
        } else {
          store("xref-reopen", back.href);
        }
      });
      var close = document.createElement("button");
      close.type = "button";
      close.className = "xref-back-close";
      close.setAttribute("aria-label", "Dismiss");
      close.textContent = "\u00d7";
      close.addEventListener("click", function () { store(BACK_KEY, null); bar.remove(); });
      bar.appendChild(a);
      bar.appendChild(close);
      document.body.appendChild(bar);
    }
    var again = recall("xref-reopen");
    if (again && samePlace(again, location.href)) {
      store("xref-reopen", null);
      reopen(location.hash.slice(1));
    }
  }
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && history.state && history.state.xrefOpen) reopen(history.state.xrefOpen);
  });
  function ready() { setup(); nameSearch(); wayBack(); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(ready); }
  else { document.addEventListener("DOMContentLoaded", ready); }
})();
