/* Timeline filters: themes (several at once), essays and, for a large corpus, authors; state
   kept in the URL. The list and the overview's dots follow the same filter. On a phone the
   overview opens on its busiest years. Loaded by the core (assets/site.js) on the timeline page
   only. Without JavaScript the filter form stays hidden and every event is shown. */
(function (R) {
  var el = R.el;
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
  /* --- the overview's dots: as the list, and re-stacked ------------------------------------
     A dot is a link to the first paragraph that names its event; an event named in several
     essays has one such link per essay (site_builder/pages/timeline.py), all but one left out of the
     figure (class tl-off: SVG's elements do not take HTML's hidden): the
     first of the chosen essays', else the first. The dots shown are stacked again, column by
     column, as timeline.py stacks them (DOT_SLOT, dot_height). */
  function placeDots(eventShown, essays) {
    var byEvent = {}, order = [], stack = {};
    document.querySelectorAll(".tl-axis a.tl-dot").forEach(function (dot) {
      var id = dot.dataset.event;
      if (!byEvent[id]) { byEvent[id] = []; order.push(id); }
      byEvent[id].push(dot);
    });
    order.forEach(function (id) {
      var dots = byEvent[id], first = dots[0];
      var shown = eventShown(first) ? (dots.filter(function (d) { return essays.indexOf(d.dataset.essay) >= 0; })[0] || first) : null;
      dots.forEach(function (d) { d.classList.toggle("tl-off", d !== shown); });
      if (!shown) return;
      var slot = shown.dataset.slot, place = stack[slot] = (stack[slot] || 0) + 1;
      var y = Math.max(60 - 9 * place, 8);
      shown.querySelector("circle").setAttribute("cy", y);
      shown.querySelector("text").setAttribute("y", Math.max(y - 8, 10));
    });
  }

  /* --- the overview on a phone: opened on the busiest years, with the way to the others ------
     Where the figure is wider than its box (assets/layout.css), it scrolls to the stretch of the
     box's width that holds the most dots shown, and the bar above it (.tl-axis-nav, whose room
     the stylesheet keeps) says which years lie on either side, each a button that scrolls there. */
  function overview() {
    var box = document.querySelector(".tl-axis"), svg = box && box.querySelector("svg");
    if (!box || !svg) return null;
    var left = document.querySelector(".tl-more-left"), right = document.querySelector(".tl-more-right");
    if (!left || !right) return null;
    function scale() { return svg.getBoundingClientRect().width / svg.viewBox.baseVal.width; }
    function years(from, to) {  /* the year labels wholly between from and to (pixels in the box) */
      var found = [];
      box.querySelectorAll(".tl-year-label").forEach(function (t) {
        var x = t.getAttribute("x") * scale();
        if (x >= from && x <= to) found.push(t.dataset.year);
      });
      return found.length ? found[0] + (found.length > 1 ? "\u2013" + found[found.length - 1] : "") : "";
    }
    function cues() {
      var overflow = box.scrollWidth > box.clientWidth + 1;
      var before = overflow ? years(-Infinity, box.scrollLeft + 10) : "";
      var after = overflow ? years(box.scrollLeft + box.clientWidth - 10, Infinity) : "";
      left.hidden = !before; right.hidden = !after;
      left.textContent = "\u2039 Earlier: " + before;
      right.textContent = "Later: " + after + " \u203a";
    }
    function step(direction) { box.scrollBy({ left: direction * box.clientWidth * 0.8, behavior: "smooth" }); }
    left.addEventListener("click", function () { step(-1); });
    right.addEventListener("click", function () { step(1); });
    box.addEventListener("scroll", cues, { passive: true });
    function busiest() {
      var xs = [];
      box.querySelectorAll("a.tl-dot:not(.tl-off) circle").forEach(function (c) { xs.push(c.getAttribute("cx") * scale()); });
      xs.sort(function (a, b) { return a - b; });
      var width = box.clientWidth - 24, best = 0, start = 0;
      for (var i = 0, j = 0; i < xs.length; i++) {  /* the window that starts at dot i */
        while (j < xs.length && xs[j] <= xs[i] + width) j++;
        if (j - i > best) { best = j - i; start = xs[i]; }
      }
      box.scrollLeft = Math.max(0, start - 12);
      cues();
    }
    window.addEventListener("resize", busiest);
    return busiest;
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
    var openOverview = overview();

    function chosen(name) {
      return Array.prototype.filter.call(boxes, function (b) { return b.name === name && b.checked; })
        .map(function (b) { return b.value; });
    }
    function apply(updateUrl) {
      var themes = chosen("theme"), essays = chosen("essay"), shown = 0, total = 0;
      var byAuthor = author && author.select.value;
      if (byAuthor) essays = essays.concat(author.essays());
      var filtering = essays.length > 0 || byAuthor;
      /* one rule for the list and the overview: an event shows if it carries a chosen theme and
         is named in a chosen essay; an essay shows if it is chosen */
      function shows(node, isEvent) {
        var t = (node.dataset.themes || "").split(" "), e = (node.dataset.essays || "").split(" ");
        return (!themes.length || !isEvent || themes.some(function (x) { return t.indexOf(x) >= 0; })) &&
               (!filtering || essays.some(function (x) { return e.indexOf(x) >= 0; }));
      }
      items.forEach(function (li) {
        var isEvent = li.classList.contains("tl-event"), ok = shows(li, isEvent);
        li.hidden = !ok;
        if (isEvent) { total++; if (ok) shown++; }
      });
      document.querySelectorAll(".tl-year").forEach(function (sec) {
        sec.hidden = !sec.querySelector(".tl-event:not([hidden]), .tl-essay:not([hidden])");
        /* the year leaves the table of contents too */
        document.querySelectorAll('.md-nav--secondary a[href="#' + sec.querySelector("h2").id + '"]')
          .forEach(function (entry) { entry.parentNode.hidden = sec.hidden; });
      });
      /* a dot or an essay filtered out leaves the figure and the tab order */
      placeDots(function (dot) { return shows(dot, true); }, filtering ? essays : []);
      document.querySelectorAll(".tl-essay-on-axis").forEach(function (mark) {
        mark.classList.toggle("tl-off", !shows(mark, false));
      });
      if (openOverview) openOverview();
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
  setup();
  R.define("timeline-filters", {});
})(window.__reader);
