/* Previews: a passage, a term, a name or an event, shown where the reader is. Loaded by the core
   (assets/site.js) on the first pointer, touch or focus. Hover or focus shows a preview; on a
   touch screen the first tap shows it and the second follows the link. A passage of another
   essay comes from assets/previews/<essay>.js (the core's essayData), a prose link's text from
   assets/tips.js, each loaded on demand with a <script> element (which also works from file://).
   Every preview is also a plain link. The popover is shared with the citation box
   (features/cross-references.js, through showBox). */
(function (R) {
  var el = R.el, passageTarget = R.passageTarget, touchOnly = R.touchOnly;
  var popover = null, owner = null, hideTimer = null, showTimer = null;

  /* what a prose link's preview says, by its data-ref: assets/tips.js, loaded on the first one */
  var tipsWaiting = null;
  function tipFor(link, done) {
    var ref = link.dataset.ref;
    if (window.__tips) return done(window.__tips[ref] || null);
    if (tipsWaiting) return tipsWaiting.push(function () { done((window.__tips || {})[ref] || null); });
    tipsWaiting = [function () { done((window.__tips || {})[ref] || null); }];
    var script = document.createElement("script");
    script.src = new URL("assets/tips.js", R.siteRoot()).href;
    script.onload = script.onerror = function () {
      var waiting = tipsWaiting; tipsWaiting = null;
      if (!window.__tips) window.__tips = {};  // not loaded: no tip, the link still works
      waiting.forEach(function (f) { f(); });
    };
    document.head.appendChild(script);
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
  /* a box of another feature (the citation) in the popover's place, at `link` */
  function showBox(link, box) {
    hidePreview();
    popover = box;
    document.body.appendChild(popover);
    owner = link;
    place(link);
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
      R.essayData(target.essay, function (data) {
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

  function pointerOver(event) {
    if (touchOnly) return;
    var link = previewable(event.target);
    if (!link || link === owner) return;
    clearTimeout(showTimer); clearTimeout(hideTimer);
    showTimer = setTimeout(function () { preview(link); }, 150);
  }
  function focusIn(event) {
    if (Date.now() - touchedAt < 1000) return;
    var link = previewable(event.target);
    if (link) preview(link); else if (!(popover && popover.contains(event.target))) hidePreview();
  }
  function pointerDown(event) {
    if (event.pointerType === "touch") touchedAt = Date.now();
  }
  document.addEventListener("mouseover", pointerOver);
  document.addEventListener("mouseout", function (event) {
    /* on a touch screen the browser's mouse events follow the last tap: a page that moves under
       it (a panel's quotes coming in) must not hide the preview before the second tap */
    if (touchOnly) return;
    var link = previewable(event.target);
    if (link && !(event.relatedTarget && popover && popover.contains(event.relatedTarget))) { clearTimeout(showTimer); scheduleHide(); }
  });
  var touchedAt = 0;  /* a tap also focuses the link: the tap, not the focus, decides (first shows) */
  document.addEventListener("pointerdown", pointerDown, true);
  document.addEventListener("focusin", focusIn);
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

  /* the event that had the core load this file, answered as if it had been here */
  var pending = R.pendingPreview;
  R.pendingPreview = null;
  if (pending && pending.type === "pointerdown") pointerDown(pending);
  else if (pending && pending.type === "pointerover" && pending.pointerType !== "touch") pointerOver(pending);
  else if (pending && pending.type === "focusin" && document.activeElement === pending.target) focusIn(pending);

  R.define("previews", {
    showBox: showBox,
    hide: hidePreview,
    /* a tap the core held while this file loaded: the first tap on a previewable link shows it */
    tap: function (link) {
      var shown = previewable(link);
      if (shown && owner !== shown) preview(shown); else link.click();
    }
  });
})(window.__reader);
