/* Timeline filters: themes (several at once), essays and, for a large corpus, authors; state
   kept in the URL. Without JavaScript the filter form stays hidden and every event is shown. */
(function () {
  /* A large corpus's timeline lists no essay in its filter (the page would grow with the corpus):
     its essay fieldset gets a choice of author, made from assets/essays.js as the search filters'
     is, and a checkbox for each essay the address names (?essay=, e.g. from a shared link). */
  function authorFilter(fieldset, params) {
    if (!fieldset || !window.__essays) return null;
    var known = {};
    window.__essays.forEach(function (e) { known[e.id] = e; });
    (params.get("essay") || "").split(",").forEach(function (id) {
      if (!known[id]) return;
      var chip = el("label", "tl-chip"), box = el("input");
      box.type = "checkbox"; box.name = "essay"; box.value = id;
      chip.appendChild(box);
      chip.appendChild(document.createTextNode(" " + known[id].label));
      fieldset.appendChild(chip);
    });
    var authors = [];
    window.__essays.forEach(function (e) { e.authors.forEach(function (a) { if (authors.indexOf(a) < 0) authors.push(a); }); });
    authors.sort(function (a, b) { return a.localeCompare(b); });
    var wrap = el("label", "tl-author"), select = el("select");
    select.name = "author";
    [["", "all authors"]].concat(authors.map(function (a) { return [a, a]; })).forEach(function (o) {
      var option = el("option", "", o[1]);
      option.value = o[0];
      select.appendChild(option);
    });
    select.value = authors.indexOf(params.get("author")) >= 0 ? params.get("author") : "";
    wrap.appendChild(document.createTextNode("Author "));
    wrap.appendChild(select);
    fieldset.insertBefore(wrap, fieldset.querySelector("legend").nextSibling);
    return {
      select: select,
      essays: function () {  /* the ids of the chosen author's essays */
        return window.__essays.filter(function (e) { return e.authors.indexOf(select.value) >= 0; })
          .map(function (e) { return e.id; });
      }
    };
  }
  function setup() {
    var form = document.getElementById("tl-filters");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var author = authorFilter(document.getElementById("tl-essay-filter"), new URLSearchParams(location.search));
    var boxes = form.querySelectorAll("input[type=checkbox]");
    var items = document.querySelectorAll(".tl-event, .tl-essay");
    var count = document.getElementById("tl-count");

    function chosen(name) {
      return Array.prototype.filter.call(boxes, function (b) { return b.name === name && b.checked; })
        .map(function (b) { return b.value; });
    }
    function apply(updateUrl) {
      var themes = chosen("theme"), essays = chosen("essay"), shown = 0, total = 0;
      var byAuthor = author && author.select.value;
      if (byAuthor) essays = essays.concat(author.essays());
      var filtering = essays.length > 0 || byAuthor;
      items.forEach(function (li) {
        var isEvent = li.classList.contains("tl-event");
        var t = (li.dataset.themes || "").split(" "), e = (li.dataset.essays || "").split(" ");
        var ok = (!themes.length || !isEvent || themes.some(function (x) { return t.indexOf(x) >= 0; })) &&
                 (!filtering || essays.some(function (x) { return e.indexOf(x) >= 0; }));
        li.hidden = !ok;
        if (isEvent) { total++; if (ok) shown++; }
      });
      document.querySelectorAll(".tl-year").forEach(function (sec) {
        sec.hidden = !sec.querySelector(".tl-event:not([hidden]), .tl-essay:not([hidden])");
        /* the year leaves the table of contents too */
        document.querySelectorAll('.md-nav--secondary a[href="#' + sec.querySelector("h2").id + '"]')
          .forEach(function (entry) { entry.parentNode.hidden = sec.hidden; });
      });
      /* a dot filtered out leaves the figure and the tab order */
      document.querySelectorAll(".tl-dot").forEach(function (dot) {
        var t = (dot.dataset.themes || "").split(" ");
        var shown = !themes.length || themes.some(function (x) { return t.indexOf(x) >= 0; });
        if (shown) dot.removeAttribute("hidden"); else dot.setAttribute("hidden", "");
      });
      if (count) count.textContent = "Showing " + shown + " of " + total + " events.";
      if (updateUrl) {
        var params = new URLSearchParams(location.search);
        params.delete("theme"); params.delete("essay"); params.delete("author");
        if (themes.length) params.set("theme", themes.join(","));
        if (chosen("essay").length) params.set("essay", chosen("essay").join(","));
        if (byAuthor) params.set("author", author.select.value);
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
    if (author) author.select.addEventListener("change", function () { apply(true); });
    var reset = document.getElementById("tl-reset");
    if (reset) reset.addEventListener("click", function () {
      boxes.forEach(function (b) { b.checked = false; });
      if (author) author.select.value = "";
      apply(true);
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

  /* --- Two ways to read: the clean text or the annotated edition, remembered across pages -- */
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
  function readingSwitch() {
    applyReading(readingMode());
    var meta = document.querySelector(".essay-meta");
    if (!meta || meta.querySelector(".reading-switch")) return;
    var group = document.createElement("p");
    group.className = "reading-switch-line";
    var box = document.createElement("span");
    box.className = "reading-switch";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "How to read this essay");
    [["annotated", "Annotated edition"], ["clean", "Clean text"]].forEach(function (m) {
      var b = document.createElement("button");
      b.type = "button";
      b.dataset.mode = m[0];
      b.textContent = m[1];
      b.addEventListener("click", function () {
        try { localStorage.setItem(READING_KEY, m[0]); } catch (e) { /* not remembered, still applied */ }
        applyReading(m[0]);
      });
      box.appendChild(b);
    });
    group.appendChild(box);
    meta.appendChild(group);
    applyReading(readingMode());
  }

  /* --- Previews: a passage, a term, a name or an event, shown where the reader is. Hover or
     focus shows it; on a touch screen the first tap shows it and the second follows the link.
     A passage of another essay comes from assets/previews/<essay>.js, loaded on demand with a
     <script> element (which also works from file://). Every preview is also a plain link. --- */
  var previews = window.__previews = window.__previews || {};
  var loading = {};
  var popover = null, owner = null, hideTimer = null, showTimer = null;
  var touchOnly = window.matchMedia && window.matchMedia("(hover: none)").matches;

  function siteRoot() { return (typeof __md_scope !== "undefined") ? __md_scope : new URL(".", location.href); }
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
  /* what a prose link's preview says, by its data-ref: assets/tips.js, loaded on the first one */
  var tipsWaiting = null;
  function tipFor(link, done) {
    var ref = link.dataset.ref;
    if (window.__tips) return done(window.__tips[ref] || null);
    if (tipsWaiting) return tipsWaiting.push(function () { done((window.__tips || {})[ref] || null); });
    tipsWaiting = [function () { done((window.__tips || {})[ref] || null); }];
    var script = document.createElement("script");
    script.src = new URL("assets/tips.js", siteRoot()).href;
    script.onload = script.onerror = function () {
      var waiting = tipsWaiting; tipsWaiting = null;
      if (!window.__tips) window.__tips = {};  // not loaded: no tip, the link still works
      waiting.forEach(function (f) { f(); });
    };
    document.head.appendChild(script);
  }
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
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function place(link) {
    var r = link.getBoundingClientRect();
    var width = Math.min(popover.offsetWidth, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    var below = r.bottom + window.scrollY + 6;
    var above = r.top + window.scrollY - popover.offsetHeight - 6;
    var roomBelow = window.innerHeight - r.bottom > popover.offsetHeight + 12;
    popover.style.left = left + "px";
    popover.style.top = (roomBelow || above < window.scrollY ? below : above) + "px";
  }
  function hidePreview() {
    clearTimeout(showTimer); clearTimeout(hideTimer);
    if (owner) owner.removeAttribute("aria-describedby");
    if (popover) popover.remove();
    popover = null; owner = null;
  }
  function showPreview(link, head, text, themes, hint) {
    hidePreview();
    popover = el("div", "preview");
    popover.id = "preview";
    popover.setAttribute("role", "tooltip");
    popover.appendChild(el("div", "preview-head", head));
    popover.appendChild(el("div", "preview-text", text));
    if (themes && themes.length) {
      var line = el("div", "preview-themes");
      themes.forEach(function (t) { line.appendChild(el("span", "theme-chip theme-" + t[0], t[1])); line.appendChild(document.createTextNode(" ")); });
      popover.appendChild(line);
    }
    if (hint) popover.appendChild(el("div", "preview-hint", hint));
    popover.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    popover.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(popover);
    owner = link;
    link.setAttribute("aria-describedby", "preview");
    place(link);
  }
  function scheduleHide() { clearTimeout(hideTimer); hideTimer = setTimeout(hidePreview, 250); }
  function preview(link) {
    var hint = touchOnly ? "Tap the link again to open it." : "";
    var target = passageTarget(link);
    if (target) {
      essayData(target.essay, function (data) {
        if (!data || !data.paragraphs[target.n]) return;
        var p = data.paragraphs[target.n];
        var themes = (p.themes || []).map(function (id) { return [id, data.themes[id] || id]; });
        showPreview(link, data.label + " \u00b6" + target.n + " \u2014 " + data.date, p.text, themes, hint);
      });
      return;
    }
    var tip = link.dataset.tip;
    if (tip) return showPreview(link, link.textContent, tip, null, hint);
    if (link.dataset.ref) tipFor(link, function (text) {
      if (text) showPreview(link, link.textContent, text, null, hint);
    });
  }
  function previewable(node) {
    var link = node && node.closest && node.closest("article a[href]");
    if (!link || link.closest(".preview") || link.classList.contains("p-permalink") || link.classList.contains("md-content__button")) return null;
    return (link.dataset.tip || link.dataset.ref || passageTarget(link)) ? link : null;
  }
  function previews_() {
    /* a prose link's title becomes its preview (no second, native tooltip) */
    document.querySelectorAll("article a.xref[title]").forEach(function (a) {
      a.dataset.tip = a.getAttribute("title");
      a.removeAttribute("title");
    });
    document.querySelectorAll("article a[href*='#p-'][title]").forEach(function (a) {
      if (passageTarget(a)) a.removeAttribute("title");
    });
  }
  /* A panel's passages get their quotes when it opens, from the essays' previews (the data
     above), so that an essay page's HTML does not repeat the same quotes panel after panel.
     Without JavaScript a panel still lists each passage with its link and reason. */
  function eachTarget(panel, f) {
    panel.querySelectorAll("a.xref-link").forEach(function (link) {
      var target = passageTarget(link);
      if (target) f(link, target);
    });
  }
  function fillQuotes(panel) {
    if (panel.dataset.quoted) return;
    panel.dataset.quoted = "loading";  /* "done" once every quote is in: the items stop moving */
    var pending = 1;
    function settle() { if (--pending === 0) panel.dataset.quoted = "done"; }
    eachTarget(panel, function (link, target) {
      var written = link.nextElementSibling;
      if (written && written.classList.contains("xref-quote")) return;  /* the builder wrote the sentence that carries the point */
      pending++;
      essayData(target.essay, function (data) {
        var p = data && data.paragraphs[target.n];
        if (p && p.quote) {
          var quote = el("span", "xref-quote", "\u201c" + p.quote + "\u201d");
          link.parentNode.insertBefore(quote, link.nextSibling);
          link.parentNode.insertBefore(document.createTextNode(" "), quote);
        }
        settle();
      });
    });
    settle();
  }
  /* the essays' data is fetched as the pointer or the focus reaches a panel's summary, so that
     the quotes are there when it opens and the items do not move under the reader's pointer */
  function prefetchQuotes(event) {
    var summary = event.target.closest && event.target.closest("details.xref > summary");
    if (summary) eachTarget(summary.parentNode, function (link, target) { essayData(target.essay, function () {}); });
  }
  function panelQuotes() {
    document.addEventListener("pointerover", prefetchQuotes);
    document.addEventListener("focusin", prefetchQuotes);
    document.addEventListener("toggle", function (event) {
      var panel = event.target;
      if (panel.matches && panel.matches("details.xref") && panel.open) fillQuotes(panel);
    }, true);
    document.querySelectorAll("details.xref[open]").forEach(fillQuotes);
  }
  document.addEventListener("mouseover", function (event) {
    if (touchOnly) return;
    var link = previewable(event.target);
    if (!link || link === owner) return;
    clearTimeout(showTimer); clearTimeout(hideTimer);
    showTimer = setTimeout(function () { preview(link); }, 150);
  });
  document.addEventListener("mouseout", function (event) {
    /* on a touch screen the browser's mouse events follow the last tap: a page that moves under
       it (a panel's quotes coming in) must not hide the preview before the second tap */
    if (touchOnly) return;
    var link = previewable(event.target);
    if (link && !(event.relatedTarget && popover && popover.contains(event.relatedTarget))) { clearTimeout(showTimer); scheduleHide(); }
  });
  var touchedAt = 0;  /* a tap also focuses the link: the tap, not the focus, decides (first shows) */
  document.addEventListener("pointerdown", function (event) {
    if (event.pointerType === "touch") touchedAt = Date.now();
  }, true);
  document.addEventListener("focusin", function (event) {
    if (Date.now() - touchedAt < 1000) return;
    var link = previewable(event.target);
    if (link) preview(link); else if (!(popover && popover.contains(event.target))) hidePreview();
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") hidePreview(); });
  document.addEventListener("click", function (event) {
    var link = previewable(event.target);
    if (link && touchOnly && owner !== link) {   /* first tap: show; second tap: follow */
      event.preventDefault();
      event.stopImmediatePropagation();
      preview(link);
      return;
    }
    if (!link && popover && !popover.contains(event.target)) hidePreview();
  }, true);

  /* --- Cite this paragraph: the paragraph's permalink also shows its citation -------------- */
  function citeParagraph() {
    var meta = document.querySelector("[data-essay-id]");
    if (!meta) return;
    document.querySelectorAll("article a.p-permalink").forEach(function (a) {
      a.setAttribute("aria-label", "Permalink and citation of this paragraph");
      a.addEventListener("click", function () {
        var n = a.getAttribute("href").slice(3);
        var base = meta.dataset.url || (/^https?:$/.test(location.protocol) ? location.href.split("#")[0].split("?")[0] : "");
        var text = meta.dataset.cite + " \u00b6" + n + "." + (base ? " " + base + "#p-" + n : "");
        hidePreview();
        popover = el("div", "preview cite-box");
        popover.id = "preview";
        popover.setAttribute("role", "dialog");
        popover.setAttribute("aria-label", "Cite this paragraph");
        popover.appendChild(el("div", "preview-head", "Cite this paragraph"));
        var area = el("textarea");
        area.rows = 4; area.readOnly = true; area.value = text;
        popover.appendChild(area);
        var copy = el("button", "", "Copy");
        copy.type = "button";
        copy.addEventListener("click", function () {
          area.select();
          var done = function () { copy.textContent = "Copied"; };
          if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () { document.execCommand("copy"); done(); });
          else { document.execCommand("copy"); done(); }
        });
        popover.appendChild(copy);
        document.body.appendChild(popover);
        owner = a;
        place(a);
        area.focus(); area.select();
      });
    });
  }

  /* --- Search filters: by essay, by author, by kind of page, kept in the address ------------
     Material lists the results one page at a time (a page and its sections); a filter hides the
     pages that do not match, without a second search. */
  var FILTERS = ["in", "by", "kind"];
  function resultPlace(item) {
    var link = item.querySelector("a.md-search-result__link");
    if (!link) return {};
    var path = new URL(link.getAttribute("href"), location.href).pathname;
    var m = /\/essays\/([a-z0-9-]+)(?:\/|\.html)/.exec(path);
    return m && m[1] !== "index" ? { essay: m[1] } : { essay: null };
  }
  function searchFilters() {
    var meta = document.querySelector(".md-search-result__meta");
    var list = document.querySelector(".md-search-result__list");
    if (!meta || !list || !window.__essays || document.getElementById("search-filters")) return;
    var bar = el("div", "search-filters");
    bar.id = "search-filters";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Narrow the results");
    var params = new URLSearchParams(location.search);
    function select(name, label, options) {
      var wrap = el("label", "search-filter");
      wrap.appendChild(document.createTextNode(label + " "));
      var box = el("select");
      box.name = name;
      options.forEach(function (o) {
        var opt = el("option", "", o[1]);
        opt.value = o[0];
        box.appendChild(opt);
      });
      box.value = params.get("sf-" + name) || "";
      box.addEventListener("change", apply);
      wrap.appendChild(box);
      bar.appendChild(wrap);
      return box;
    }
    var authors = [];
    window.__essays.forEach(function (e) { e.authors.forEach(function (a) { if (authors.indexOf(a) < 0) authors.push(a); }); });
    var kind = select("kind", "Show", [["", "all pages"], ["essays", "the essays"], ["other", "the other pages"]]);
    var essay = select("in", "Essay", [["", "all"]].concat(window.__essays.map(function (e) { return [e.id, e.label]; })));
    var author = select("by", "Author", [["", "all"]].concat(authors.map(function (a) { return [a, a]; })));
    var count = el("span", "search-filter-count");
    count.setAttribute("aria-live", "polite");
    bar.appendChild(count);
    meta.parentNode.insertBefore(bar, meta.nextSibling);
    function keep(place) {
      if (kind.value === "essays" && !place.essay) return false;
      if (kind.value === "other" && place.essay) return false;
      if (essay.value && place.essay !== essay.value) return false;
      if (author.value) {
        var of = window.__essays.filter(function (e) { return e.id === place.essay; })[0];
        if (!of || of.authors.indexOf(author.value) < 0) return false;
      }
      return true;
    }
    function apply() {
      var items = list.querySelectorAll(":scope > li"), shown = 0;
      items = Array.prototype.filter.call(items, function (item) { return item.querySelector("a.md-search-result__link"); });
      items.forEach(function (item) { item.hidden = !keep(resultPlace(item)); if (!item.hidden) shown++; });
      var active = kind.value || essay.value || author.value;
      count.textContent = active ? shown + " of " + items.length + " shown" : "";
      var p = new URLSearchParams(location.search);
      [["kind", kind], ["in", essay], ["by", author]].forEach(function (f) {
        if (f[1].value) p.set("sf-" + f[0], f[1].value); else p.delete("sf-" + f[0]);
      });
      var q = p.toString(), address = location.pathname + (q ? "?" + q : "") + location.hash;
      /* each batch of results calls this: the address is written only when a filter changed it */
      if (address !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", address);
      /* Material renders ten results at a time, the next ten when the list is scrolled to its end:
         while a filter leaves few on screen, ask for the next ones */
      var wrap = document.querySelector(".md-search__scrollwrap");
      if (active && shown < 10 && wrap) {
        var top = wrap.scrollTop;
        wrap.scrollTop = wrap.scrollHeight;
        wrap.dispatchEvent(new Event("scroll"));
        wrap.scrollTop = top;
      }
    }
    new MutationObserver(apply).observe(list, { childList: true });  /* results come in batches */
    apply();
  }
  /* Material searches on keyup: a reader who holds a key, pastes with the mouse or picks an
     autofill gets no keyup, or gets it late. Each change of the box asks at once. */
  function searchOnInput() {
    var input = document.querySelector("input.md-search__input");
    if (!input || window.__chunkedSearch || input.dataset.onInput) return;
    input.dataset.onInput = "1";
    input.addEventListener("input", function () { input.dispatchEvent(new KeyboardEvent("keyup")); });
  }
  /* --- The chunked index of a large hosted site (site_builder/chunked_search.py) -------------
     Past a size, Material's single index would make every reader load megabytes on their first
     search: the box is then answered from a Pagefind bundle, which fetches only the chunks a
     query needs. The box, the list and the filters stay Material's and ours; the essays'
     paragraphs come first, the pages that quote them after, as a second group. */
  var PER_GROUP = 10;
  function chunkedSearch() {
    var folder = window.__chunkedSearch;
    var input = document.querySelector("input.md-search__input");
    var meta = document.querySelector(".md-search-result__meta");
    var list = document.querySelector(".md-search-result__list");
    if (!folder || !input || !meta || !list || input.dataset.chunked) return;
    input.dataset.chunked = "1";
    /* Material searches its own index on keyup; that index is empty here */
    document.addEventListener("keyup", function (e) { if (e.target === input) e.stopPropagation(); }, true);
    var engine = null, asked = 0, shown = null, ours = [], focused = null;
    function load() {
      if (!engine) engine = import(new URL(folder + "pagefind.js", siteRoot()).href).then(function (pf) {
        return pf.options({ excerptLength: 36 }).then(function () { return pf.init(); }).then(function () { return pf; });
      });
      return engine;
    }
    function chosen(name) {
      var box = document.querySelector('#search-filters select[name="' + name + '"]');
      return box ? box.value : new URLSearchParams(location.search).get("sf-" + name) || "";
    }
    function groups() {
      var kind = chosen("kind"), essay = chosen("in"), author = chosen("by"), filters = { kind: "essays" };
      if (essay) filters.essay = essay;
      if (author) filters.author = author;
      var out = [];
      if (kind !== "other") out.push({ name: "In the essays", filters: filters });
      if (kind !== "essays" && !essay && !author) out.push({ name: "On the other pages", filters: { kind: "other" } });
      return out;
    }
    function item(data) {
      var li = el("li", "md-search-result__item");
      var a = el("a", "md-search-result__link");
      a.href = new URL(data.meta.target || "", siteRoot()).href;
      a.tabIndex = -1;
      var article = el("article", "md-search-result__article md-typeset");
      article.appendChild(el("h1", "", data.meta.page ? data.meta.page + " \u203a " + data.meta.title : data.meta.title));
      var p = el("p");
      p.innerHTML = data.excerpt;  /* Pagefind escapes the text and marks the query's words */
      trimTail(p, " " + data.meta.title + ".");  /* the label is indexed after the text; shown above */
      article.appendChild(p);
      a.appendChild(article);
      li.appendChild(a);
      return li;
    }
    function trimTail(node, tail) {
      /* the label may be cut by the excerpt's length: " Pajon" of " Pajon 2017 ¶5." */
      var text = node.textContent, left = tail.length;
      while (left > 2 && text.slice(-left) !== tail.slice(0, left)) left--;
      if (left > 2) dropLast(node, left);
    }
    function dropLast(node, count) {  /* the last `count` characters of the text, marks included */
      while (count > 0 && node.lastChild) {
        var last = node.lastChild, size = last.textContent.length;
        if (size <= count) { node.removeChild(last); count -= size; }
        else if (last.nodeType === 3) { last.textContent = last.textContent.slice(0, size - count); count = 0; }
        else { dropLast(last, count); count = 0; }
      }
    }
    function more(group, li, byKey) {
      var next = group.results.slice(group.loaded, group.loaded + PER_GROUP);
      group.loaded += next.length;
      return Promise.all(next.map(function (r) { return r.data(); })).then(function (found) {
        var anchor = li;
        if (!li.parentNode && ours.indexOf(li) >= 0) restore();  /* Material cleared it just now */
        if (!li.parentNode) return;  /* the list was written again meanwhile, another answer */
        var added = found.map(function (data) { var it = item(data); list.insertBefore(it, anchor); return it; });
        if (group.loaded >= group.results.length) li.remove();
        else li.querySelector("button").textContent = "Show more (" + (group.results.length - group.loaded) + ")";
        keep();
        /* from the keyboard, the reader goes on reading at the first result added */
        if (byKey && added.length) added[0].querySelector("a").focus();
      });
    }
    function keep() { ours = Array.prototype.slice.call(list.children); }  /* what Material may clear */
    function render(answer) {
      shown = answer;
      list.innerHTML = "";
      keep();
      var total = answer.groups.reduce(function (n, g) { return n + g.results.length; }, 0);
      meta.textContent = answer.query ? (total ? total + " matching document" + (total === 1 ? "" : "s") : "No matching documents")
                                      : "Type to start searching";
      answer.text = meta.textContent;
      return Promise.all(answer.groups.map(function (group) {
        if (!group.results.length) return null;
        var head = el("li", "md-search-result__item search-group");
        head.appendChild(el("h2", "search-group__title", group.name + " (" + group.results.length + ")"));
        list.appendChild(head);
        var tail = el("li", "md-search-result__item search-more");
        var button = el("button", "md-button", "Show more");
        button.type = "button";
        button.addEventListener("click", function () { more(group, tail, document.activeElement === button); });
        tail.appendChild(button);
        list.appendChild(tail);
        keep();
        group.loaded = 0;
        return more(group, tail);
      })).then(function () { list.dataset.answered = answer.query; });
    }
    /* One search at a time, and only the latest: a search of a large index takes longer than
       the gap between two keys, and searches queued behind each other would answer the last
       key only after all the others. */
    var busy = false, again = false, pause = null, SHORT = 3, PAUSE_MS = 250;
    function run(paused) {
      var query = input.value.trim(), mine = ++asked;
      delete list.dataset.answered;
      clearTimeout(pause);
      if (!query) return render({ query: "", groups: [] });
      /* "A", "Ar": every word of a large index starts so; such a query is searched only once
         the reader stops typing ("EU", "G7"), not on the way to "Arctic" */
      if (query.length < SHORT && paused !== true) { pause = setTimeout(function () { run(true); }, PAUSE_MS); return; }
      if (busy) { again = true; return; }
      busy = true;
      load().then(function (pf) {
        var wanted = groups();
        return Promise.all(wanted.map(function (g) { return pf.search(query, { filters: g.filters }); }))
          .then(function (searches) {
            if (mine !== asked) return;  /* a later key has asked again */
            return render({ query: query, groups: wanted.map(function (g, i) {
              return { name: g.name, results: (searches[i] && searches[i].results) || [] };
            }) });
          });
      }).then(settled, settled);  /* a failed search does not stop the next one */
    }
    function settled() {
      busy = false;
      if (again) { again = false; run(true); }
    }
    input.addEventListener("input", function () { run(false); });
    input.addEventListener("focus", load);
    document.addEventListener("change", function (e) { if (e.target.closest && e.target.closest("#search-filters")) run(true); });
    /* Material's arrow keys go through the results' links only, and Tab closes its search on a
       desk: the arrows go through the "Show more" buttons too, and Space presses one (Material
       would send the key to the box) */
    window.addEventListener("keydown", function (e) {
      var active = document.activeElement;
      if (active !== input && !list.contains(active)) return;
      if (e.key === " " && active.matches(".search-more button")) { e.stopPropagation(); return; }
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var stops = [input].concat(Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link, .search-more button")));
      e.preventDefault();
      e.stopPropagation();  /* in the capture phase, before Material's own handler on the window */
      stops[(Math.max(0, stops.indexOf(active)) + stops.length + (e.key === "ArrowUp" ? -1 : 1)) % stops.length].focus();
    }, true);
    /* a press on a result or a button keeps the focus in the box: its blur would make Material
       answer again and clear the list under the press, which then ends in no click (a result's
       press was lost 3 times in 30 on a loaded machine, "Show more" once in 7 to 25) */
    list.addEventListener("mousedown", function (e) { if (e.target.closest("a, button")) e.preventDefault(); });
    /* Material answers again from its empty index (when its worker is ready, when the box
       loses the focus, as ArrowDown moves it to the first result): our list is put
       back as it was, the same elements, as far as the reader opened it, the focus where it was */
    list.addEventListener("focusin", function (e) { focused = e.target; });
    list.addEventListener("focusout", function (e) { if (e.relatedTarget) focused = null; });
    function restore() {
      list.replaceChildren.apply(list, ours);
      if (focused && list.contains(focused) && (!document.activeElement || document.activeElement === document.body))
        focused.focus({ preventScroll: true });
    }
    new MutationObserver(function () {
      if (!shown || meta.textContent === shown.text) return;
      meta.textContent = shown.text;
      if (ours.length && !list.querySelector(".search-group")) restore();
    }).observe(meta, { childList: true, characterData: true, subtree: true });
    if (input.value) run(true);  /* a shared link: ?q=... */
  }
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && history.state && history.state.xrefOpen) reopen(history.state.xrefOpen);
  });
  function ready() { panelQuotes(); setup(); nameSearch(); wayBack(); readingSwitch(); previews_(); citeParagraph(); searchFilters(); searchOnInput(); chunkedSearch(); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(ready); }
  else { document.addEventListener("DOMContentLoaded", ready); }
})();
