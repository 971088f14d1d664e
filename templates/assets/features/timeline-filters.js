/* Timeline filters: themes (several at once), essays and, for a large corpus, authors; state
   kept in the URL. Loaded by the core (assets/site.js) on the timeline page only. Without
   JavaScript the filter form stays hidden and every event is shown. */
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
  setup();
  R.define("timeline-filters", {});
})(window.__reader);
