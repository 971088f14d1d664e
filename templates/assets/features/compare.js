/* The compare view: two passages side by side, or a debate's positions, in a dialog over the
   page (stacked on a phone). A "Compare" link opens it: on a line of a cross-reference panel, on a
   debate, on a search result (from an essay page: the result beside the paragraph being read).
   Its address names what it shows, so that a reader can share it and reopen it:
     essays/streltsov-2018/?compare=pajon-2017/p-4#p-21   Streltsov 2018 ¶21 beside Pajon 2017 ¶4
     debates/?compare=<debate id>#debate-<debate id>       the debate's positions
   (site_builder/urls.py, compare_href). Without JavaScript a "Compare" link is a plain link to the
   other paragraph (to the debate). The texts come from assets/compare/<essay>.js and
   assets/compare-debates.js (site_builder/pages/compare.py), loaded with a <script> when the view
   opens, which works from file:// too. Every text is set as text, never as HTML. Esc, the Close
   button or the browser's Back closes the view, and the focus goes back where it was.
   A feature (assets/site.js): the core loads it as a "Compare" link is pointed at, focused or
   followed, as the address asks for the view, or as the search box is reached on an essay page
   (its results get a "Compare with ¶N" link); the link followed before it was in is opened then. */
(function (R) {
  "use strict";
  var PARAM = "compare";
  var PASSAGE = /^([a-z0-9]+(?:-[a-z0-9]+)*)\/p-([1-9][0-9]*)$/;
  var DEBATE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var essays = window.__compare = window.__compare || {};
  var loaded = {};  /* script path -> true once loaded (or failed), or the callbacks waiting for it */
  var dialog = null, opener = null, pushed = false, shown = null, refocus = null;

  /* --- small helpers ------------------------------------------------------------------------ */
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }
  function siteRoot() { return typeof __md_scope !== "undefined" ? __md_scope : new URL(".", location.href); }
  function load(path, done) {
    if (loaded[path] === true) return done();
    if (loaded[path]) return loaded[path].push(done);
    loaded[path] = [done];
    var script = document.createElement("script");
    script.src = new URL(path, siteRoot()).href;
    script.onload = script.onerror = function () {
      var waiting = loaded[path];
      loaded[path] = true;
      waiting.forEach(function (f) { f(); });
    };
    document.head.appendChild(script);
  }
  function essayData(id, done) {
    if (essays[id]) return done(essays[id]);
    load("assets/compare/" + id + ".js", function () { done(essays[id] || null); });
  }
  function essaysData(ids, done) {
    var out = {}, left = ids.length;
    ids.forEach(function (id) {
      essayData(id, function (data) { out[id] = data; if (--left === 0) done(out); });
    });
  }
  function passage(value) {
    var m = PASSAGE.exec(value || "");
    return m ? { essay: m[1], n: m[2] } : null;
  }
  function key(p) { return p.essay + "/p-" + p.n; }
  function pageEssay() {
    var meta = document.querySelector("[data-essay-id]");
    return meta ? meta.getAttribute("data-essay-id") : null;
  }
  /* this page's address without the view's parameter (its other parameters kept) */
  function addressWithout() {
    var params = new URLSearchParams(location.search);
    params.delete(PARAM);
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }
  function addressWith(value, hash) {
    var base = addressWithout();
    return base + (base.indexOf("?") >= 0 ? "&" : "?") + PARAM + "=" + value + hash;
  }
  /* where a paragraph is read in place: this page's, or its essay's page (essays/<id>/ on the
     hosted site, essays/<id>.html in the offline copy, whose pages end in .html) */
  function paragraphHref(essay, n) {
    if (essay === pageEssay()) return addressWithout() + "#p-" + n;
    var offline = /\.html$/.test(location.pathname) && !/\/index\.html$/.test(location.pathname);
    return new URL("essays/" + essay + (offline ? ".html" : "/"), siteRoot()).href + "#p-" + n;
  }

  /* --- what the view shows ------------------------------------------------------------------- */
  /* the paragraph's text, the sentence that carries the point marked */
  function textWithMark(text, sentence) {
    var p = el("p", "compare-text");
    var at = sentence ? text.indexOf(sentence) : -1;
    if (at < 0) { p.textContent = text; return p; }
    p.appendChild(document.createTextNode(text.slice(0, at)));
    p.appendChild(el("mark", "", sentence));
    p.appendChild(document.createTextNode(text.slice(at + sentence.length)));
    return p;
  }
  function labelled(cls, label, text) {
    var p = el("p", cls);
    p.appendChild(el("strong", "", label));
    p.appendChild(document.createTextNode(" " + text));
    return p;
  }
  var sides = 0;
  /* one passage: its essay, date, text, note and themes, and the link to read it in place */
  function side(data, at, sentence, extra) {
    var box = el("section", "compare-side");
    var head = el("h3", "compare-side-head");
    head.id = "compare-side-" + (++sides);
    box.setAttribute("aria-labelledby", head.id);
    var p = data && data.paragraphs[at.n];
    head.appendChild(el("span", "compare-label", (data ? data.label : at.essay) + " \u00b6" + at.n));
    if (data) head.appendChild(el("span", "compare-essay-title", data.title));
    box.appendChild(head);
    if (!p) {
      box.appendChild(el("p", "compare-missing", "This passage could not be loaded here; read it in its essay."));
    } else {
      var by = data.authors.length ? data.authors.join(" and ") : "Author not named in the source";
      box.appendChild(el("p", "compare-byline", by + " \u00b7 " + data.date));
      (extra || []).forEach(function (node) { box.appendChild(node); });
      box.appendChild(textWithMark(p.text, sentence === undefined ? p.key : sentence));
      if (p.note) box.appendChild(labelled("compare-note", "Analyst\u2019s note:", p.note));
      if (p.claim) box.appendChild(labelled("compare-note", "Claim:", p.claim));
      if (p.no_claim) box.appendChild(labelled("compare-note", "No claim to compare:", p.no_claim));
      if (p.themes && p.themes.length) {
        var line = el("p", "compare-themes");
        p.themes.forEach(function (t) {
          line.appendChild(el("span", "theme-chip theme-" + t, data.themes[t] || t));
          line.appendChild(document.createTextNode(" "));
        });
        box.appendChild(line);
      }
    }
    var read = el("a", "compare-read", "Read \u00b6" + at.n + " in " + (data ? data.label : "its essay"));
    read.href = paragraphHref(at.essay, at.n);
    read.dataset.essay = at.essay;
    read.dataset.n = at.n;
    var foot = el("p", "compare-foot");
    foot.appendChild(read);
    box.appendChild(foot);
    return box;
  }
  function joinOf(data, from, to) {
    var p = data[from.essay] && data[from.essay].paragraphs[from.n];
    return (p && p.joins && p.joins[to.essay + "/" + to.n]) || null;
  }
  /* the reason as the left passage's panel states it (else as the other's does) */
  function why(join) {
    var box = el("p", "compare-why");
    box.appendChild(el("strong", "compare-why-label", "What joins them: "));
    if (!join) {
      box.appendChild(document.createTextNode("no cross-reference of this edition joins these two passages."));
      return box;
    }
    if (join.editors) box.appendChild(el("span", "compare-editors", "Editors\u2019 relation, "));
    box.appendChild(el("em", "", join.reason));
    return box;
  }
  function pairView(left, right, done) {
    essaysData(left.essay === right.essay ? [left.essay] : [left.essay, right.essay], function (data) {
      var there = joinOf(data, left, right), back = joinOf(data, right, left);
      var a = data[left.essay], b = data[right.essay];
      var title = (a ? a.label : left.essay) + " \u00b6" + left.n + " and " + (b ? b.label : right.essay) + " \u00b6" + right.n + " side by side";
      var grid = el("div", "compare-sides");
      /* the sentence of each that carries the shared point, as each panel quotes the other */
      grid.appendChild(side(a, left, back && back.quote ? back.quote : undefined));
      grid.appendChild(side(b, right, there && there.quote ? there.quote : undefined));
      done(title, [why(there || back), legend(), grid]);
    });
  }
  function legend() { return el("p", "compare-legend", "Marked: the sentence of each passage that carries the point."); }
  function debateView(id, done) {
    load("assets/compare-debates.js", function () {
      var debate = (window.__compareDebates || {})[id];
      if (!debate) return done("A debate", [el("p", "compare-missing", "This debate could not be loaded here.")]);
      var ids = [];
      debate.positions.forEach(function (pos) { if (ids.indexOf(pos.essay) < 0) ids.push(pos.essay); });
      essaysData(ids, function (data) {
        var head = el("p", "compare-why");
        head.appendChild(el("strong", "", debate.verdict));
        head.appendChild(document.createTextNode(" " + debate.summary));
        var grid = el("div", "compare-sides compare-many");
        var stances = [];
        debate.positions.forEach(function (pos) { if (stances.indexOf(pos.stance) < 0) stances.push(pos.stance); });
        debate.positions.forEach(function (pos) {
          var which = stances.length > 1 ? "Stance " + (stances.indexOf(pos.stance) + 1) + " of " + stances.length + ":" : "Stance:";
          var extra = [labelled("compare-stance", which, pos.stance)];
          if (pos.note) extra.push(el("p", "compare-position-note", pos.note));
          grid.appendChild(side(data[pos.essay], { essay: pos.essay, n: String(pos.paragraph) }, pos.quote || undefined, extra));
        });
        var count = el("p", "compare-legend", debate.positions.length + " positions. Marked: the sentence of each passage that states its stance.");
        done(debate.question, [head, count, grid]);
      });
    });
  }

  /* --- the dialog ---------------------------------------------------------------------------- */
  function make() {
    dialog = el("dialog", "compare md-typeset");
    dialog.setAttribute("aria-labelledby", "compare-title");
    var bar = el("div", "compare-bar");
    var title = el("h2", "compare-title");
    title.id = "compare-title";
    var close = el("button", "compare-close", "Close");
    close.type = "button";
    close.addEventListener("click", function () { closeView(true); });
    bar.appendChild(title);
    bar.appendChild(close);
    dialog.appendChild(bar);
    dialog.appendChild(el("div", "compare-body"));
    /* Esc: the browser cancels the dialog; it is closed here, the address and the focus with it */
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); closeView(true); });
    /* the page behind stays where it was (features/compare.css, html.compare-open) */
    dialog.addEventListener("close", function () { document.documentElement.classList.remove("compare-open"); });
    /* the theme's keys (n, p: next and previous page; s, /: search) act on the page behind */
    dialog.addEventListener("keydown", function (event) { if (event.key !== "Escape") event.stopPropagation(); });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) return closeView(true);  /* the backdrop, around the view */
      var read = event.target.closest && event.target.closest("a.compare-read");
      if (read && read.dataset.essay === pageEssay() && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey) {
        event.preventDefault();
        readHere(read.dataset.n);
      }
    });
    document.body.appendChild(dialog);
  }
  /* the view's own styles (features/compare.css), in before it first shows */
  var styled = false, unstyled = [];
  function withStyle(done) {
    if (styled) return done();
    unstyled.push(done);
    if (unstyled.length > 1) return;
    var sheet = document.createElement("link");
    sheet.rel = "stylesheet";
    sheet.href = new URL("assets/features/compare.css", siteRoot()).href;
    sheet.onload = sheet.onerror = function () {
      styled = true;
      unstyled.splice(0).forEach(function (f) { f(); });
    };
    document.head.appendChild(sheet);
  }
  /* open the view on `what` ({pair: [left, right]} or {debate: id}); `from`: the link that opened it */
  function open(what, from, push) {
    if (!styled) return withStyle(function () { open(what, from, push); });
    if (!dialog) make();
    opener = from || null;
    shown = what;
    if (push) {
      var address = what.debate ? addressWith(what.debate, "#debate-" + what.debate)
                                : addressWith(key(what.pair[1]), "#p-" + what.pair[0].n);
      history.pushState(history.state, "", address);
      pushed = true;
    }
    var body = dialog.querySelector(".compare-body");
    dialog.querySelector(".compare-title").textContent = what.debate ? "A debate\u2019s positions" : "Two passages side by side";
    dialog.classList.toggle("compare-debate", !!what.debate);
    body.replaceChildren(el("p", "compare-loading", "Loading the passages\u2026"));
    dialog.setAttribute("aria-busy", "true");
    if (!dialog.open) dialog.showModal();
    document.documentElement.classList.add("compare-open");
    dialog.querySelector(".compare-close").focus();
    var fill = function (title, nodes) {
      if (shown !== what) return;  /* closed, or opened on something else, meanwhile */
      dialog.querySelector(".compare-title").textContent = title;
      body.replaceChildren.apply(body, nodes);
      dialog.scrollTop = 0;
      dialog.removeAttribute("aria-busy");
    };
    if (what.debate) debateView(what.debate, fill);
    else pairView(what.pair[0], what.pair[1], fill);
  }
  function focusTarget() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  }
  /* close the view; `own`: closed here (Esc, Close), not by the browser's Back */
  function closeView(own) {
    if (!dialog || !dialog.open) return;
    dialog.close();
    shown = null;
    var back = opener;
    opener = null;
    if (own && pushed) {
      /* the entry the view added (Forward reopens it); the browser moves the focus to the page as
         it goes back, so the focus is put back after that (popstate, below) */
      refocus = back;
      history.back();
    } else if (own) history.replaceState(history.state, "", addressWithout() + location.hash);
    pushed = false;
    focusBack(back);
  }
  function focusBack(back) {
    if (back && back.isConnected && back.getClientRects().length) back.focus({ preventScroll: true });
    else focusTarget();
  }
  /* "Read ¶9 in <this essay>": the view closes on that paragraph */
  function readHere(n) {
    dialog.close();
    shown = null;
    opener = null;
    pushed = false;
    history.replaceState(history.state, "", addressWithout());
    location.hash = "p-" + n;
    focusTarget();
  }
  /* what the address asks for: a passage beside this page's paragraph, or a debate */
  function wanted() {
    var value = new URLSearchParams(location.search).get(PARAM);
    if (!value) return null;
    var other = passage(value), here = pageEssay(), at = /^#p-([1-9][0-9]*)$/.exec(location.hash);
    if (other && here && at) return { pair: [{ essay: here, n: at[1] }, other] };
    if (!other && DEBATE.test(value) && location.hash === "#debate-" + value && document.getElementById("debate-" + value))
      return { debate: value };
    return null;
  }
  function fromLink(link) {
    var debate = link.getAttribute("data-compare-debate");
    if (debate) return DEBATE.test(debate) ? { debate: debate } : null;
    var pair = (link.getAttribute("data-compare") || "").split(" ").map(passage);
    return pair.length === 2 && pair[0] && pair[1] ? { pair: pair } : null;
  }

  /* A "Compare" link opens the view in place; with a modifier key (a new tab) it is followed, and
     the address it names opens the view there. Taken before the page's other handlers (a touch
     screen's first tap would otherwise only preview the paragraph). */
  window.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-compare], a[data-compare-debate]");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var what = fromLink(link);
    if (!what) return;
    event.preventDefault();
    event.stopPropagation();
    closeSearch();
    open(what, link, true);
  }, true);
  window.addEventListener("popstate", function () {
    if (refocus !== null) {
      var back = refocus;
      refocus = null;
      return setTimeout(function () { if (!(dialog && dialog.open)) focusBack(back); }, 0);
    }
    var what = wanted();
    if (what && !(dialog && dialog.open)) open(what, null, false);
    else if (!what && dialog && dialog.open) { pushed = false; closeView(false); }
  });

  /* --- from a search result: the result beside the paragraph being read ----------------------- */
  function closeSearch() {
    var toggle = document.querySelector("input[data-md-toggle=search]");
    if (toggle && toggle.checked) { toggle.checked = false; toggle.dispatchEvent(new Event("change")); }
  }
  /* the paragraph the reader is at: the one the address names, if on screen, else the first
     one whose text is below the header */
  function readingParagraph() {
    var top = (document.querySelector(".md-header") || { offsetHeight: 0 }).offsetHeight;
    var named = /^#p-[1-9][0-9]*$/.test(location.hash) && document.getElementById(location.hash.slice(1));
    if (named) {
      var r = named.getBoundingClientRect();
      if (r.bottom > top && r.top < window.innerHeight) return named.id.slice(2);
    }
    var all = document.querySelectorAll("article p[id^='p-']");
    for (var i = 0; i < all.length; i++) {
      if (all[i].getBoundingClientRect().bottom > top + 8) return all[i].id.slice(2);
    }
    return null;
  }
  function resultTarget(link) {
    var url;
    try { url = new URL(link.getAttribute("href"), location.href); } catch (e) { return null; }
    var hash = /^#p-([1-9][0-9]*)$/.exec(url.hash);
    var path = /\/essays\/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\/(?:index\.html)?|\.html)$/.exec(url.pathname);
    return hash && path ? { essay: path[1], n: hash[1], href: url.href } : null;
  }
  function searchResults() {
    var list = document.querySelector(".md-search-result__list");
    var essay = pageEssay();
    if (!list || !essay) return;
    function mark() {
      var n = null;
      list.querySelectorAll("a.md-search-result__link").forEach(function (link) {
        var next = link.nextElementSibling;
        if (next && next.classList.contains("search-compare")) return;
        var target = resultTarget(link);
        if (!target) return;
        n = n || readingParagraph();
        if (!n || (target.essay === essay && target.n === n)) return;
        var compare = el("a", "search-compare", "Compare with \u00b6" + n);
        var address = new URL(target.href);
        address.search = PARAM + "=" + essay + "/p-" + n;
        compare.href = address.href;
        compare.setAttribute("data-compare", essay + "/p-" + n + " " + target.essay + "/p-" + target.n);
        compare.setAttribute("aria-label", "Compare this result with \u00b6" + n + " of this essay, side by side");
        link.parentNode.insertBefore(compare, link.nextSibling);
      });
    }
    new MutationObserver(mark).observe(list, { childList: true });
    mark();
  }

  function start() {
    searchResults();
    var what = wanted();
    if (what && !(dialog && dialog.open)) open(what, null, false);
  }
  start();
  R.define("compare", {
    /* a "Compare" link followed before this file was in */
    follow: function (link) {
      var what = fromLink(link);
      if (!what) return false;
      closeSearch();
      open(what, link, true);
      return true;
    }
  });
})(window.__reader);
