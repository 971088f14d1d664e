/* The search's own parts, loaded by the core (assets/site.js) as the reader reaches for the
   search box (the pointer over it or its button, a touch, the focus) or when the address holds a
   search (?q=, ?h=, a filter): the filters under Material's count of results, each result cut to
   the sentence or two around its first match, and the answers of the chunked index of a large
   hosted site. The box's name and its search on each change are the
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
  /* --- Each result, the sentence or two around its first match ---------------------------------
     A paragraph's record is its sentences, one block each (site_builder/outputs/search.py), and
     Material shows of a text only the blocks that hold a match: the sentence or two. Their text
     goes into one box that search.css cuts at four lines; what comes before the first match is
     cut too, so that the match stays on the first lines of a phone's result: from the start of
     its sentence if that is at most REACH characters before it, else from a word at most BEFORE
     characters before it, after "…". */
  var BEFORE = 80, REACH = 120;
  function visibleText(node, out) {  /* the text nodes a reader sees, in order */
    if (node.nodeType === 3) out.push(node);
    else if (node.nodeType === 1 && !node.hidden) node.childNodes.forEach(function (child) { visibleText(child, out); });
    return out;
  }
  function cutBefore(box, at) {  /* drop the first `at` characters a reader sees in box */
    visibleText(box, []).forEach(function (text) {
      if (at <= 0) return;
      var size = text.data.length;
      text.data = size <= at ? "" : text.data.slice(at);
      at -= size;
    });
    /* and the elements left without text before the match (a list's items, a table's cells) */
    var mark = box.querySelector("mark");
    Array.prototype.slice.call(box.querySelectorAll("*")).reverse().forEach(function (node) {
      var before = mark && (node.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING);
      if (before && !node.contains(mark) && !visibleText(node, []).some(function (t) { return t.data.trim(); })) node.remove();
    });
  }
  function aroundFirstMatch(box) {
    var mark = Array.prototype.filter.call(box.querySelectorAll("mark"), function (m) { return !m.closest("[hidden]"); })[0];
    if (!mark) return;
    var texts = visibleText(box, []), first = visibleText(mark, [])[0], offset = 0, i;
    for (i = 0; i < texts.length && texts[i] !== first; i++) offset += texts[i].data.length;
    if (offset <= REACH) return;
    var block = mark;  /* the sentence (or paragraph) that holds the match */
    while (block.parentNode !== box) block = block.parentNode;
    var start = 0;
    for (i = 0; i < texts.length && !block.contains(texts[i]); i++) start += texts[i].data.length;
    var from = start + /^\s*/.exec(visibleText(block, []).map(function (t) { return t.data; }).join(""))[0].length;
    if (offset - from > REACH) {  /* a long sentence: from a word near the match */
      var before = texts.map(function (t) { return t.data; }).join("").slice(0, offset);
      var gap = before.slice(offset - BEFORE).search(/\s\S/);
      from = offset - BEFORE + (gap < 0 ? BEFORE : gap + 1);
      cutBefore(box, from);
      box.insertBefore(document.createTextNode("\u2026 "), box.firstChild);
    } else cutBefore(box, from);
  }
  function snippet(article) {
    var head = article.querySelector(":scope > h1, :scope > h2");
    if (!head || article.querySelector(":scope > .search-snippet")) return;
    var box = el("div", "search-snippet"), node = head.nextSibling;
    while (node && !(node.nodeType === 1 && node.matches(".md-tags, .md-search-result__terms"))) {
      var next = node.nextSibling;
      box.appendChild(node);
      node = next;
    }
    if (!box.textContent.trim()) return;
    article.insertBefore(box, node);
    aroundFirstMatch(box);
  }
  function snippets() {
    var list = document.querySelector(".md-search-result__list");
    if (!list || window.__chunkedSearch || list.dataset.snippets) return;
    list.dataset.snippets = "1";
    function cut() { list.querySelectorAll("article.md-search-result__article").forEach(snippet); }
    new MutationObserver(cut).observe(list, { childList: true });  /* results come in batches */
    cut();
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
        /* a match in a record's title counts as its text does, not five times more (Pagefind's
           default): an essay's title would come before the paragraphs that use its words */
        return pf.options({ ranking: { metaWeights: { title: 0 } } })
          .then(function () { return pf.init(); }).then(function () { return pf; });
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
      article.appendChild(excerpt(data));
      a.appendChild(article);
      li.appendChild(a);
      return li;
    }
    /* A record is its text, one span per sentence (t1, t2…), its title, then the words searched
       but not shown, each sentence's in a span (x1, x2…); Pagefind says where each span starts
       and where the matches are, in words of the record's content. The excerpt is the sentence
       of the first match in the text (or, for a match among the words not shown, of the sentence
       they go with), the next one too if it is short, from the BEFORE_WORDS words before the
       match; the matched words marked. */
    var BEFORE_WORDS = 12, SHORT_SENTENCE = 20, WORD = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u;
    function letters(word) { return WORD.exec(word)[2].toLowerCase(); }
    function plusWords(query) {
      return query.split(/\s+/).map(letters).filter(function (w) { return w.indexOf("+") > 0; });
    }
    function excerpt(data) {
      var words = (data.content || "").split(" "), anchors = data.anchors || [];
      function starts(prefix) {
        return anchors.filter(function (x) { return new RegExp("^" + prefix + "\\d+$").test(x.id); })
          .map(function (x) { return { n: Number(x.id.slice(1)), at: x.location }; })
          .sort(function (x, y) { return x.at - y.at; });
      }
      var title = anchors.filter(function (x) { return x.id === "title"; })[0];
      var end = title ? title.location : words.length, text = starts("t"), extra = starts("x");
      if (!text.length) text = [{ n: 1, at: 0 }];
      var hits = (data.locations || []).slice(), plus = plusWords(shown ? shown.query : "");
      /* a word with a "+" matched as "2plus2" among the words not shown: its own text is marked too */
      words.slice(0, end).forEach(function (w, i) { if (plus.indexOf(letters(w)) >= 0 && hits.indexOf(i) < 0) hits.push(i); });
      hits.sort(function (x, y) { return x - y; });
      var seen = hits.filter(function (h) { return h < end; });
      var unseen = hits.filter(function (h) { return extra.length && h >= extra[0].at; });
      function partAt(list, h) { var found = null; list.forEach(function (x) { if (x.at <= h) found = x; }); return found; }
      var part = 0;  /* the index in `text` of the sentence shown first */
      if (seen.length) part = text.indexOf(partAt(text, seen[0]));
      else if (unseen.length) {
        var n = partAt(extra, unseen[0]).n;
        part = Math.max(0, text.findIndex(function (x) { return x.n === n; }));
      }
      function stop(i) { return i + 1 < text.length ? text[i + 1].at : end; }
      var from = text[part].at, to = stop(part);
      if (to - from < SHORT_SENTENCE && part + 1 < text.length) to = stop(part + 1);
      var inside = seen.filter(function (h) { return h >= from && h < to; });
      var box = el("p", "search-snippet");
      if (inside.length && inside[0] - from > BEFORE_WORDS) {
        from = inside[0] - BEFORE_WORDS;
        box.appendChild(document.createTextNode("\u2026 "));
      }
      for (var i = from; i < to; i++) {
        if (i > from) box.appendChild(document.createTextNode(" "));
        if (inside.indexOf(i) < 0) { box.appendChild(document.createTextNode(words[i])); continue; }
        /* the word's letters marked, not the quotes or the comma around them */
        var m = WORD.exec(words[i]);
        box.appendChild(document.createTextNode(m[1]));
        box.appendChild(el("mark", "", m[2]));
        box.appendChild(document.createTextNode(m[3]));
      }
      return box;
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
        /* "2+2" is one word of the site's tokenizer; Pagefind's would read "22", as in "¶22": the
           records hold it as "2plus2" (chunked_search.plus_free), and so does the query */
        var words = query.split(/\s+/).map(function (w) {
          return w.length > 2 ? w[0] + w.slice(1, -1).replace(/\+/g, "plus") + w.slice(-1) : w;
        }).join(" ");
        return Promise.all(wanted.map(function (g) { return pf.search(words, { filters: g.filters }); }))
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
  snippets();
  chunkedSearch();
  R.define("search-ui", {});
})(window.__reader);
