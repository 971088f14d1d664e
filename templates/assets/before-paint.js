/* Runs in the head, before the page is painted (templates/overrides/main.html), so that what the
   reader's script does later does not move the text under the reader:
   - the reading mode is applied at once (a reader of the clean text never sees the apparatus
     appear and go; assets/site.js applies it again and features/reading-mode.js adds the switch);
   - the page is marked `reader-js`: site.css shows the parts that only work with the script (the
     timeline's filters) and keeps the room of what the script writes, from the first paint;
   - as the page is parsed, the reader's script (assets/site.js, beforeTheme) turns the titles of
     the links it previews into previews before Material reads the page: a listener added here,
     in the head, runs before the theme's, added at the end of the body. Material's tooltips
     (content.tooltips) would otherwise set up a tooltip for each of these links at load (some
     100 on the timeline), which the reader's previews replace. */
(function () {
  var root = document.documentElement;
  root.classList.add("reader-js");
  try {
    if (localStorage.getItem("reading") === "clean") root.setAttribute("data-reading", "clean");
  } catch (e) { /* storage refused: the annotated edition */ }
  document.addEventListener("DOMContentLoaded", function () {
    if (window.__reader && window.__reader.beforeTheme) window.__reader.beforeTheme();
  });
})();
