/* Material's search fetches its whole index (search/search_index.json) on every page load and
   builds it in a worker: on this site 0.4 MB and about 0.2 s of a desktop's CPU per page, paid
   by every reader who never searches. Loaded in the head, before Material's bundle, this script
   holds that request until the reader reaches for the search box: the pointer over it or over
   the search button, a touch, the focus (which Material's keyboard shortcuts give it), or an
   address that asks for a search (?q=) or a highlight (?h=). Material builds the index then and
   answers the words typed meanwhile as soon as it is ready. Nothing else is held; where Material
   fetches its index another way (the offline copy reads it as a script), nothing changes.
   Zensical's bundle loads its index (search.json) the same way and is held the same way. */
(function () {
  "use strict";
  var INDEX = /\/search(\/search_index)?\.json$/;  /* Material's, then Zensical's (search.json) */
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var forIndex = new WeakSet();
  var held = [];
  var params = new URLSearchParams(location.search);
  var released = params.has("q") || params.has("h");

  function release() {
    if (released) return;
    released = true;
    held.splice(0).forEach(function (go) { go(); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    try {
      if (INDEX.test(new URL(String(url), location.href).pathname)) forIndex.add(this);
    } catch (e) { /* not a URL: not the index */ }
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (released || !forIndex.has(request)) return send.apply(request, args);
    held.push(function () { send.apply(request, args); });
  };

  function reachesSearch(event) {
    var target = event.target;
    /* the box, Material's form and Zensical's button are in .md-search; the label is the button
       that opens the search on a narrow screen */
    if (target && target.closest && target.closest('.md-search, label[for="__search"]')) release();
  }
  ["pointerover", "touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(type, reachesSearch, { capture: true, passive: true });
  });
})();
