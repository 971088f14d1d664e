/* Cross-references, loaded by the core (assets/site.js) as a panel is reached or opened, a
   paragraph's permalink is clicked, or a way back is due as the page opens:
   - the way back: on the page a panel's link led to, the paragraph reached is highlighted and a
     bar "← Back to <essay> ¶N" returns to the paragraph left, with its panel open again (the core
     takes the note as the link is followed);
   - the panels' quotes: a panel's passages get their quotes when it opens, from the essays'
     previews, so that an essay page's HTML does not repeat the same quotes panel after panel
     (without JavaScript a panel still lists each passage with its link and reason);
   - cite this paragraph: the paragraph's permalink also shows its citation, in the popover of
     features/previews.js. */
(function (R) {
  var el = R.el, store = R.store, recall = R.recall, BACK_KEY = R.BACK_KEY;

  /* --- the way back -------------------------------------------------------------------------- */
  function panelAfter(paragraph) {
    for (var el = paragraph.nextElementSibling; el && !el.matches("p[id^='p-']"); el = el.nextElementSibling) {
      if (el.matches("details.xref")) return el;
    }
    return null;
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
    if (history.state && history.state.xrefOpen) {  /* back at the paragraph a link was followed from */
      reopen(history.state.xrefOpen);
      var source = document.getElementById(history.state.xrefOpen);
      if (source) source.scrollIntoView({ block: "start" });
    }
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

  /* --- the panels' quotes -------------------------------------------------------------------- */
  function eachTarget(panel, f) {
    panel.querySelectorAll("a.xref-link").forEach(function (link) {
      var target = R.passageTarget(link);
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
      R.essayData(target.essay, function (data) {
        var p = data && data.paragraphs[target.n];
        if (p && p.quote) {
          var quote = el("span", "xref-quote", p.quote);  /* in its quotation marks (views.preview_script) */
          link.parentNode.insertBefore(quote, link.nextSibling);
          link.parentNode.insertBefore(document.createTextNode(" "), quote);
        }
        settle();
      });
    });
    settle();
  }
  function prefetch(panel) {
    eachTarget(panel, function (link, target) { R.essayData(target.essay, function () {}); });
  }

  /* --- cite this paragraph ------------------------------------------------------------------- */
  function cite(a) {
    var meta = document.querySelector("[data-essay-id]");
    if (!meta) return;
    R.load("previews", function (previews) {
      if (!previews) return;
      var n = a.getAttribute("href").slice(3);
      var base = meta.dataset.url || (/^https?:$/.test(location.protocol) ? location.href.split("#")[0].split("?")[0] : "");
      var text = meta.dataset.cite + " \u00b6" + n + "." + (base ? " " + base + "#p-" + n : "");
      var box = el("div", "preview cite-box");
      box.id = "preview";
      box.setAttribute("role", "dialog");
      box.setAttribute("aria-label", "Cite this paragraph");
      box.appendChild(el("div", "preview-head", "Cite this paragraph"));
      var area = el("textarea");
      area.rows = 1; area.readOnly = true; area.value = text;
      box.appendChild(area);
      var copy = el("button", "", "Copy");
      copy.type = "button";
      copy.addEventListener("click", function () {
        area.select();
        var done = function () { copy.textContent = "Copied"; };
        if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () { document.execCommand("copy"); done(); });
        else { document.execCommand("copy"); done(); }
      });
      box.appendChild(copy);
      previews.showBox(a, box);
      area.style.height = area.scrollHeight + 2 + "px";  /* the whole citation, wrapped (desk.css); 2: its borders */
      previews.showBox(a, box);  /* placed again at its full height */
      area.focus(); area.select();
    });
  }

  wayBack();
  document.querySelectorAll("details.xref[open]").forEach(fillQuotes);
  R.define("cross-references", { fillQuotes: fillQuotes, prefetch: prefetch, reopen: reopen, cite: cite });
})(window.__reader);
