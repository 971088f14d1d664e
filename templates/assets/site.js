/* The reader's script. This core is what every page loads (mkdocs.yml, extra_javascript); each
   feature is a file of assets/features/, loaded when a page or the reader first needs it:

     features/timeline-filters.js   the timeline's filters                   on the timeline page
     features/reading-mode.js       the switch "Annotated edition / Clean    on an essay page
                                    text"
     features/previews.js           previews of passages, terms, names and   on the first pointer,
                                    events; the popover they share with the  touch or focus
                                    citation box
     features/cross-references.js   the way back from a cross-reference (the as a panel is reached
                                    bar, the panel reopened), the panels'     or opened, a paragraph
                                    quotes, "cite this paragraph"             permalink clicked, or
                                                                              when a way back is due
     features/search-ui.js          the search filters, the chunked index's   as the reader reaches
                                    answers                                  for the search box, or
                                                                              the address holds a search
     features/compare.js            the compare view: two passages side by    as a "Compare" link is
                                    side, or a debate's positions             pointed at, focused or
                                                                              followed, the address asks
                                                                              for it, or the search box
                                                                              is reached on an essay page

   A feature is a plain script added with a <script> element (so it loads from file:// too, and
   the policy's script-src 'self' allows it), which registers itself: __reader.define(name, api).
   The core holds what several features use (el, siteRoot, essayData, passageTarget, store,
   recall, the reading mode), the ready hook for Material's document$, and what must be in place
   before the reader acts: the reading mode applied, the prose links' titles made previews, the
   search dialog's name, the search on each change of the box, the note of the way back taken as
   a panel's link is followed. Without JavaScript every link works as a link. */
(function () {
  var R = window.__reader = window.__reader || {};

  /* --- shared helpers ---------------------------------------------------------------------- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function siteRoot() { return (typeof __md_scope !== "undefined") ? __md_scope : new URL(".", location.href); }
  /* A passage of an essay, for a preview or a panel's quote: assets/previews/<essay>.js, loaded
     on demand with a <script> element (which also works from file://). */
  var previews = window.__previews = window.__previews || {};
  var loading = {};
  function essayData(id, done) {
    if (previews[id]) return done(previews[id]);
    if (!/^[a-z0-9-]+$/.test(id)) return done(null);
    (loading[id] = loading[id] || []).push(done);
    if (loading[id].length > 1) return;
    var script = document.createElement("script");
    script.src = new URL("assets/previews/" + id + ".js", siteRoot()).href;
    script.onload = script.onerror = function () {
      var waiting = loading[id]; delete loading[id];
      waiting.forEach(function (f) { f(previews[id] || null); });
    };
    document.head.appendChild(script);
  }
  /* the essay and paragraph a link goes to ({essay, n}), or null for any other link */
  function passageTarget(link) {
    var url;
    try { url = new URL(link.getAttribute("href"), location.href); } catch (e) { return null; }
    var hash = /^#p-(\d+)$/.exec(url.hash);
    if (!hash) return null;
    var here = document.querySelector("[data-essay-id]");
    if (url.pathname === location.pathname) return here ? { essay: here.dataset.essayId, n: hash[1] } : null;
    var path = /\/essays\/([a-z0-9-]+)(?:\/(?:index\.html)?|\.html)$/.exec(url.pathname);
    return path ? { essay: path[1], n: hash[1] } : null;
  }
  function store(key, value) {
    try { if (value === null) sessionStorage.removeItem(key); else sessionStorage.setItem(key, JSON.stringify(value)); }
    catch (e) { /* storage refused (privacy mode): the links still work */ }
  }
  function recall(key) {
    try { return JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  /* --- features, loaded on demand ------------------------------------------------------------
     load(name, done): done(api) once assets/features/<name>.js has registered itself (at once if
     it has), done(null) if the file could not be loaded. */
  var features = {}, waiting = {}, failed = {};
  function define(name, api) {
    features[name] = api;
    var callbacks = waiting[name] || [];
    delete waiting[name];
    callbacks.forEach(function (f) { f(api); });
  }
  function load(name, done) {
    done = done || function () {};
    if (features[name]) return done(features[name]);
    if (waiting[name]) return waiting[name].push(done);
    waiting[name] = [done];
    var script = document.createElement("script");
    script.src = new URL("assets/features/" + name + ".js", siteRoot()).href;
    script.onerror = function () {
      failed[name] = true;
      var callbacks = waiting[name] || [];
      delete waiting[name];
      callbacks.forEach(function (f) { f(null); });
    };
    document.head.appendChild(script);
  }

  /* --- two ways to read: the clean text or the annotated edition, remembered across pages -----
     The mode is applied as the page opens; the switch itself is features/reading-mode.js. */
  var READING_KEY = "reading";
  function readingMode() {
    try { return localStorage.getItem(READING_KEY) === "clean" ? "clean" : "annotated"; } catch (e) { return "annotated"; }
  }
  function applyReading(mode) {
    document.documentElement.setAttribute("data-reading", mode);
    document.querySelectorAll(".reading-switch button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.dataset.mode === mode ? "true" : "false");
    });
  }

  R.el = el; R.siteRoot = siteRoot; R.essayData = essayData; R.passageTarget = passageTarget;
  R.store = store; R.recall = recall; R.define = define; R.load = load;
  R.READING_KEY = READING_KEY; R.readingMode = readingMode; R.applyReading = applyReading;
  R.touchOnly = window.matchMedia && window.matchMedia("(hover: none)").matches;

  /* --- previews: loaded on the first pointer, touch or focus -----------------------------------
     Until features/previews.js is in, the latest such event waits in R.pendingPreview for it; a
     first tap on a link of the text on a touch screen waits for it too (the first tap shows the
     preview, the second follows the link). */
  function previewSoon(event) {
    if (features.previews) return;
    R.pendingPreview = event;
    load("previews");
  }
  ["pointerover", "focusin", "pointerdown"].forEach(function (type) {
    document.addEventListener(type, previewSoon, { capture: true, passive: true });
  });
  document.addEventListener("click", function (event) {
    if (features.previews || failed.previews || !R.touchOnly) return;
    var link = event.target.closest && event.target.closest("article a[href]");
    if (!link) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    load("previews", function (api) { if (api) api.tap(link); else link.click(); });
  }, true);

  /* --- cross-references: the panels' quotes, the way back, cite this paragraph ---------------- */
  function panelOf(node) { return node.closest && node.closest("details.xref"); }
  document.addEventListener("toggle", function (event) {
    var panel = event.target;
    if (panel.matches && panel.matches("details.xref") && panel.open) load("cross-references", function (x) { if (x) x.fillQuotes(panel); });
  }, true);
  /* the essays' data is fetched as the pointer or the focus reaches a panel's summary, so that
     the quotes are there when it opens and the items do not move under the reader's pointer */
  function prefetchQuotes(event) {
    var summary = event.target.closest && event.target.closest("details.xref > summary");
    if (summary) load("cross-references", function (x) { if (x) x.prefetch(summary.parentNode); });
  }
  document.addEventListener("pointerover", prefetchQuotes);
  document.addEventListener("focusin", prefetchQuotes);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && history.state && history.state.xrefOpen) {
      var id = history.state.xrefOpen;
      load("cross-references", function (x) { if (x) x.reopen(id); });
    }
  });
  /* The way back from a cross-reference, as its link is followed (it must be noted before the
     browser leaves): the current history entry becomes the source paragraph (so the browser's
     Back returns there and the panel reopens), and a note for the target page, which shows a
     "Back to <essay> ¶N" bar (features/cross-references.js). */
  var BACK_KEY = R.BACK_KEY = "xref-back";
  function paragraphBefore(node) {
    var details = node.closest("details");
    for (var el = details && details.previousElementSibling; el; el = el.previousElementSibling) {
      if (el.matches("p[id^='p-']")) return el;
    }
    return null;
  }
  function noteWayBack() {
    var meta = document.querySelector("[data-essay-label]");
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a.xref-link");
      if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
          event.shiftKey || event.altKey) return;
      var source = paragraphBefore(link);
      if (!source || !meta) return;
      var here = location.pathname + location.search + "#" + source.id;
      history.replaceState({ xrefOpen: source.id }, "", here);
      /* on the way back the paragraph is scrolled to (features/cross-references.js): a scroll
         position kept by the browser is not where it stands once the text above is laid out again */
      history.scrollRestoration = "manual";
      store(BACK_KEY, { href: location.href, target: link.href,
                        label: meta.getAttribute("data-essay-label") + " ¶" + source.id.slice(2) });
    });
  }
  /* Cite this paragraph: the paragraph's permalink also shows its citation. */
  function citeParagraph() {
    var meta = document.querySelector("[data-essay-id]");
    if (!meta) return;
    document.querySelectorAll("article a.p-permalink").forEach(function (a) {
      a.setAttribute("aria-label", "Permalink and citation of this paragraph");
    });
    document.addEventListener("click", function (event) {
      var a = event.target.closest && event.target.closest("article a.p-permalink");
      if (a) load("cross-references", function (x) { if (x) x.cite(a); });
    });
  }
  function wayBackDue() {
    return (history.state && history.state.xrefOpen) || recall(BACK_KEY) || recall("xref-reopen");
  }

  /* --- the compare view: loaded as a "Compare" link is neared; a link followed before the
     feature is in waits for it (a new tab, with a modifier key, follows the link: the address it
     names opens the view there). Without the feature (the file failed), the link is followed. */
  var COMPARE_LINK = "a[data-compare], a[data-compare-debate]";
  function compareSoon(event) {
    if (!features.compare && event.target.closest && event.target.closest(COMPARE_LINK)) load("compare");
  }
  ["pointerover", "focusin", "touchstart"].forEach(function (type) {
    document.addEventListener(type, compareSoon, { capture: true, passive: true });
  });
  window.addEventListener("click", function (event) {
    if (features.compare || failed.compare) return;  /* the feature's own listener takes it */
    var link = event.target.closest && event.target.closest(COMPARE_LINK);
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    event.stopPropagation();
    load("compare", function (api) { if (!(api && api.follow(link))) location.href = link.href; });
  }, true);
  function compareInAddress() { return new URLSearchParams(location.search).has("compare"); }
  window.addEventListener("popstate", function () { if (!features.compare && compareInAddress()) load("compare"); });

  /* --- search: the box, its name; the filters and the chunked index are features/search-ui.js */
  /* Material's search dialog has no accessible name: give it one. */
  function nameSearch() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.getAttribute("aria-label")) dialog.setAttribute("aria-label", "Search the site");
  }
  /* Material searches on keyup: a reader who holds a key, pastes with the mouse or picks an
     autofill gets no keyup, or gets it late. Each change of the box asks at once. */
  function searchOnInput() {
    var input = document.querySelector("input.md-search__input");
    if (!input || window.__chunkedSearch || input.dataset.onInput) return;
    input.dataset.onInput = "1";
    input.addEventListener("input", function () { input.dispatchEvent(new KeyboardEvent("keyup")); });
  }
  function searchSoon(event) {
    var target = event.target;
    if (!(target && target.closest && target.closest('.md-search, label[for="__search"]'))) return;
    load("search-ui");
    if (document.querySelector("[data-essay-id]")) load("compare");  /* "Compare with ¶N" on its results */
  }
  ["pointerover", "touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(type, searchSoon, { capture: true, passive: true });
  });
  function searchInAddress() {
    var params = new URLSearchParams(location.search);
    return params.has("q") || params.has("h") || params.has("sf-kind") || params.has("sf-in") || params.has("sf-by");
  }

  /* --- the page ------------------------------------------------------------------------------ */
  /* a prose link's title becomes its preview (no second, native tooltip) */
  function titlesToPreviews() {
    document.querySelectorAll("article a.xref[title]").forEach(function (a) {
      a.dataset.tip = a.getAttribute("title");
      a.removeAttribute("title");
    });
    document.querySelectorAll("article a[href*='#p-'][title]").forEach(function (a) {
      if (passageTarget(a)) a.removeAttribute("title");
    });
  }
  R.beforeTheme = titlesToPreviews;  /* run before Material reads the page (assets/before-paint.js) */
  function ready() {
    if (document.querySelector("details.xref[open]") || wayBackDue()) load("cross-references");
    if (document.getElementById("tl-filters")) load("timeline-filters");
    nameSearch();
    noteWayBack();
    applyReading(readingMode());
    if (document.querySelector(".essay-meta")) load("reading-mode");
    titlesToPreviews();
    citeParagraph();
    searchOnInput();
    if (searchInAddress()) load("search-ui");
    if (compareInAddress() || (searchInAddress() && document.querySelector("[data-essay-id]"))) load("compare");
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(ready); }
  else { document.addEventListener("DOMContentLoaded", ready); }
})();
