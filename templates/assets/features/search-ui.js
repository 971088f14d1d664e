/* The search's own parts, loaded by the core (assets/site.js) as the reader reaches for the
   search box (the pointer over it or its button, a touch, the focus) or when the address holds a
   search (?q=, ?h=, a filter): the filters under Material's count of results, and the answers of
   the chunked index of a large hosted site. The box's name and its search on each change are the
   core's; the index itself is fetched on demand too (assets/search-on-demand.js). */
(function (R) {
  var el = R.el, siteRoot = R.siteRoot;

  /* --- Search filters: by essay, by author, by kind of page, kept in the address ------------
     Material lists the results one page at a time (a page and its sections); a filter hides the
     pages that do not match, without a second search. */
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
  searchFilters();
  chunkedSearch();
  R.define("search-ui", {});
})(window.__reader);
