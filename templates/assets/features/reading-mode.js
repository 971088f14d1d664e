/* Two ways to read: the switch under an essay's header between the annotated edition and the
   clean text (no panels, events lines, theme map or prose links). Loaded by the core
   (assets/site.js) on an essay page; the core applies the mode as the page opens, and the choice
   is remembered across pages (localStorage; without JavaScript the annotated edition shows). */
(function (R) {
  function readingSwitch() {
    R.applyReading(R.readingMode());
    var group = document.querySelector(".essay-meta .reading-switch-line");  /* its room (essay.md.j2) */
    if (!group || group.querySelector(".reading-switch")) return;
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
        try { localStorage.setItem(R.READING_KEY, m[0]); } catch (e) { /* not remembered, still applied */ }
        R.applyReading(m[0]);
      });
      box.appendChild(b);
    });
    group.appendChild(box);
    R.applyReading(R.readingMode());
  }
  readingSwitch();
  R.define("reading-mode", {});
})(window.__reader);
