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
  function ready() { setup(); nameSearch(); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(ready); }
  else { document.addEventListener("DOMContentLoaded", ready); }
})();
