"""Paragraph-level search: the index (site_builder/search.py) and Material's search box on the
site served on 127.0.0.1."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, search_results
from site_builder.outputs import search
from site_builder.pages import search_marks

ESSAYS = ("streltsov-2012", "update-2014", "shvydko-2017", "pajon-2017", "streltsov-2018")
MATERIAL_STRIP = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # what Material removes after indexing

PAGE = """<h1 id="t">Title</h1>
<p>Intro</p>
<p class="annotated" data-themes="china" id="p-1">First <a href="x">link</a> &amp; more.<a class="p-permalink" href="#p-1" title="Permalink">¶</a></p>
<details class="xref">
<summary>China: what the other authors say</summary>
<p>Other &lt;authors&gt;</p>
</details>
<details class="summary"><summary>Summary (editorial)</summary><p>The editors' summary.</p></details>
<details class="essay-map"><summary>Theme map of the 2 annotated paragraphs</summary></details>
<p class="events-here"><span class="apparatus-label">Events named here</span> <a href="t">2016: a visit</a></p>
<p class="no-claim"><span class="apparatus-label">No claim to compare</span> An editor's note.</p>
<h2 id="s">Section</h2>
<p data-themes="" id="p-2">Second<br>line</p>
<p id="p-x">not numbered</p>
"""


def separator() -> str:
    """The engines' tokenizer, as mkdocs.yml gives it to Material and Zensical."""
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)["separator"]


def essay(url="essays/a/", paragraphs=((1, "First"), (2, "Second"))):
    return search.EssayParagraphs("a", url, "Author 2017", "An essay", tuple(paragraphs))


# --- the pure functions --------------------------------------------------------------------


def test_paragraphs_are_read_without_the_permalink():
    assert search.paragraphs(PAGE) == ((1, "First link & more."), (2, "Secondline"))


def test_marks_are_attributes_only_and_material_removes_them():
    marked = search_marks.mark_for_search(PAGE)
    assert marked.count('data-search-exclude="xref"') == 1
    assert marked.count('data-search-exclude="paragraph"') == 2
    # the editors' summary, the theme map, the events named, the editors' note
    assert marked.count('data-search-exclude="editorial"') == 4
    assert '<details class="xref" data-search-exclude="xref">' in marked
    assert MATERIAL_STRIP.sub("", marked) == PAGE
    assert search_marks.mark_for_search("<p>no essay here</p>") == "<p>no essay here</p>"


def test_material_search_parser_skips_the_marked_blocks():
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(search_marks.mark_for_search(PAGE))
    parser.close()
    text = " ".join("".join(section.text) for section in parser.data)
    assert "Intro" in text
    assert "other authors" not in text and "First" not in text and "Second" not in text
    assert "Events named here" not in text and "editor" not in text and "Theme map" not in text


def test_paragraph_docs_follow_their_essay_in_order():
    index = {
        "config": {"lang": ["en"]},
        "docs": [
            {"location": "", "title": "Home", "text": ""},
            {"location": "essays/a/", "title": "An essay", "text": "meta"},
            {"location": "essays/a/#s", "title": "Section", "text": ""},
            {"location": "glossary/", "title": "Glossary", "text": ""},
        ],
    }
    out = search.add_paragraph_docs(index, [essay(paragraphs=((2, "Second"), (1, "F<i>rst")))])
    assert [d["location"] for d in out["docs"]] == [
        "",
        "essays/a/",
        "essays/a/#s",
        "essays/a/#p-1",
        "essays/a/#p-2",
        "glossary/",
    ]
    assert out["docs"][3] == {
        "location": "essays/a/#p-1",
        "title": "Author 2017 ¶1",
        "text": "<span>F&lt;i&gt;rst</span>",
        "boost": 2,
    }
    # the essay's own documents (title and abstract, headings) count less than its paragraphs
    assert [d.get("boost") for d in out["docs"]] == [None, 0.2, 0.2, 2, 2, None]
    assert out["config"] == index["config"]
    assert len(index["docs"]) == 4  # the input is not changed
    again = search.add_paragraph_docs(out, [essay(paragraphs=((2, "Second"), (1, "F<i>rst")))])
    assert search.dumps(again) == search.dumps(out)  # idempotent, deterministic


def test_one_tokenizer_cuts_at_quotes_dashes_and_slashes_and_keeps_2_plus_2():
    """The separator of mkdocs.yml, read by Material and Zensical for the index and the query
    alike, and by search.py for the hidden words."""
    cut = re.compile(separator())
    assert search.words("“northern territories.”", cut) == ["northern", "territories"]
    assert search.words("the ‘utilitarian’ partnership", cut) == ["the", "utilitarian", "partnership"]
    assert search.words('"Soviet-era" idea', cut) == ["soviet", "era", "idea"]
    assert search.words("a deal—Japanese fishing, 2012–2018", cut) == [
        "a",
        "deal",
        "japanese",
        "fishing",
        "2012",
        "2018",
    ]
    assert search.words("Senkaku/Diaoyu Islands", cut) == ["senkaku", "diaoyu", "islands"]
    assert search.words("Russia’s and Japan's", cut) == ["russia", "and", "japan"]  # the possessive goes
    assert search.words("the latest 2+2 dialogue", cut) == ["the", "latest", "2+2", "dialogue"]
    assert search.words("the “two +two” format", cut) == ["the", "two", "two", "format"]
    assert search.words("Headed? 45% of ¶18", cut) == ["headed", "45", "of", "¶18"]


def vocabulary(texts=(), names=()):
    return search.vocabulary(separator(), texts, names)


def test_a_record_is_its_sentences_each_with_its_hidden_words():
    names = [search.Names(("Shinzo Abe", "Abe", "Sinzo Abe", "Shinzo")), search.Names(("2+2", "two+two", "two +two"))]
    vocab = vocabulary(["the Kuril Islands", "the Kurils", "a summit", "summits"], names)
    text = "Abe went to the summit. The Kuril Islands were the topic of the “two+two” talks. Abe left."
    assert search.record_text(text, vocab) == (
        '<span><span hidden="hidden"> shinzo sinzo </span>Abe went to the summit.<span hidden="hidden"> summits </span></span>'
        '<span> <span hidden="hidden"> 2+2 two </span>The Kuril Islands were the topic of the “two+two” talks.'
        '<span hidden="hidden"> kurils </span></span>'
        "<span> Abe left.</span>"  # its hidden words are given once, in the first sentence that calls for them
    )  # "two" is a word of the alias "two +two"


def test_an_alias_that_means_something_else_there_adds_nothing():
    koizumi = search.Names(("Junichiro Koizumi", "Koizumi"), not_when=("Koizumi 2016",))
    vocab = vocabulary(names=[koizumi])
    assert search.hidden_words("Koizumi chose to be adamant.", vocab) == ["junichiro"]
    assert search.hidden_words("As Koizumi 2016 shows.", vocab) == []
    assert search.hidden_words("The U.S. and Japan.", vocabulary(names=[search.Names(("United States", "U.S."))])) == [
        "states",
        "united",
    ]  # "u" and "s", single letters, are left out


def test_offline_urls_are_kept():
    index = {"docs": [{"location": "essays/a.html", "title": "An essay", "text": ""}]}
    out = search.add_paragraph_docs(index, [essay(url="essays/a.html")])
    assert [d["location"] for d in out["docs"]] == ["essays/a.html", "essays/a.html#p-1", "essays/a.html#p-2"]


# --- the built index -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def index(site):
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_every_numbered_paragraph_has_its_document(site, index):
    docs = {d["location"]: d for d in index["docs"]}
    for essay_id in ESSAYS:
        html = (site / "essays" / essay_id / "index.html").read_text(encoding="utf-8")
        numbers = [int(n) for n in re.findall(r'<p\b[^>]*\sid="p-(\d+)"', html)]
        assert numbers, essay_id
        for n in numbers:
            doc = docs[f"essays/{essay_id}/#p-{n}"]
            assert re.fullmatch(rf"\S.* \d{{4}} ¶{n}", doc["title"]), doc["title"]
            assert doc["text"].startswith("<span>") and "¶</span>" not in doc["text"]
        # Material removed the marks the plugin added for the index from the published page
        assert 'data-search-exclude="xref"' not in html and 'data-search-exclude="paragraph"' not in html


def test_essay_documents_leave_out_the_cross_reference_panels(index):
    essay_docs = [d for d in index["docs"] if d["location"].startswith("essays/")]
    assert essay_docs
    for doc in essay_docs:
        assert "what the other authors say" not in doc["text"], doc["location"]
        assert "Analyst’s note" not in doc["text"], doc["location"]
    pajon = next(d for d in index["docs"] if d["location"] == "essays/pajon-2017/")
    assert "Céline Pajon" in pajon["text"] and len(pajon["text"]) < 20000


def test_a_paragraph_is_labelled_by_essay_and_number(index):
    doc = next(d for d in index["docs"] if d["location"] == "essays/pajon-2017/#p-17")
    assert doc["title"] == "Pajon 2017 ¶17"  # the essay's title words no longer match every query
    assert "eight-point" in doc["text"]


def test_the_glossarys_other_spelling_rides_with_the_sentence_that_uses_one(index):
    """Streltsov 2018 ¶13 says "two+two"; the glossary's term is "2+2": the sentence carries it."""
    doc = next(d for d in index["docs"] if d["location"] == "essays/streltsov-2018/#p-13")
    sentence = next(s for s in doc["text"].split("</span><span>") if "two+two" in s)
    names, shown = re.fullmatch(r' <span hidden="hidden">([^<]*)</span>(.*)', sentence).groups()
    assert shown.startswith('They also resumed contacts in the "two+two" format')
    assert "2+2" in names.split()  # the other names come before the sentence, the other forms after it


def test_the_editors_apparatus_is_not_indexed(index):
    """The events a paragraph names and the editors' notes are the editors' words, shown at the top
    of an essay page: a query lands on the author's paragraph, not on them."""
    assert not [d["location"] for d in index["docs"] if "Events named here" in d["text"]]
    assert not [d["location"] for d in index["docs"] if "No claim to compare" in d["text"]]


# --- Material's search box, served on 127.0.0.1 ----------------------------------------------


def _paths(hrefs: list[str]) -> list[str]:
    """Result links as site paths with their fragment, without Material's ?h= highlight query."""
    out = []
    for href in hrefs:
        parts = urlsplit(href)
        out.append(parts.path + (f"#{parts.fragment}" if parts.fragment else ""))
    return out


@pytest.fixture(scope="module")
def home(tabs, server):
    """One tab on the home page for the query tests (the search index is loaded once); each test
    fails if a request left the site's origin."""
    tab = tabs.take({"width": 1280, "height": 900})  # it records every request (conftest.py, Tabs)
    tab.goto(server + "/")
    yield tab
    tabs.give_back(tab)


@pytest.fixture
def searched(home):
    yield home
    foreign = [u for u in home.requests_seen if not u.startswith("http://127.0.0.1:")]
    assert not foreign, f"requests left the site's origin: {foreign}"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Northern Territories", "/essays/streltsov-2018/#p-4"),
        ("Kurils", "/essays/pajon-2017/#p-17"),
        ("hikiwake", "/essays/streltsov-2012/#p-7"),
        ("eight-point plan", "/essays/pajon-2017/#p-17"),
        ("2+2", "/essays/pajon-2017/#p-18"),
        ("Céline Pajon", "/essays/pajon-2017/"),
    ],
)
def test_search_box_finds_the_passage(searched, query, expected):
    results = _paths(search_results(searched, query))
    assert expected in results, results


@pytest.mark.parametrize(
    "query, first",
    [
        ("Kurils", "/essays/pajon-2017/#p-7"),  # which says "the Kuril Islands"
        ("sanctions Crimea", "/essays/pajon-2017/#p-3"),  # "Struck by Western sanctions since its annexation of Crimea"
        ("Abe Putin Sochi", "/essays/update-2014/#p-4"),
        ("Koizumi", "/essays/streltsov-2018/#p-6"),
        (
            "Japanese investment",
            "/essays/streltsov-2018/#p-22",
        ),  # "investment in Russia ... encouraged by the Japanese government"
        ("Arctic", "/essays/pajon-2017/#p-7"),
    ],
)
def test_the_first_result_is_an_authors_paragraph(searched, query, first):
    """Issue #14's queries: the author's paragraph comes before the theme, glossary, entity and
    analysis pages that quote it (those pages count 0.2, a paragraph 2, a heading 5 times its text)."""
    results = [r for r in _paths(search_results(searched, query)) if "#" in r]  # a page's own link has no fragment
    assert results[0] == first, results[:5]


def test_a_plural_finds_the_singular(searched):
    """The other forms of a paragraph's words are indexed with it (hidden): "Kurils" finds the
    paragraphs that say "Kuril Islands" (the issue's three), "investments" one that says only
    "investment" (a singular query already finds the plural: the engine completes the last word)."""
    kurils = _paths(search_results(searched, "Kurils"))
    assert {"/essays/shvydko-2017/#p-2", "/essays/pajon-2017/#p-7", "/essays/streltsov-2018/#p-23"} <= set(kurils)
    investments = _paths(search_results(searched, "investments"))
    assert "/essays/streltsov-2018/#p-21" in investments
    assert searched.locator(".md-search-result span[hidden]").first.is_hidden()


def test_other_forms_come_from_the_stemmer():
    texts = ["the Kuril Islands", "the Kurils", "a sanction and sanctions", "invest, investment"]
    vocab = vocabulary(texts)
    assert vocab.forms["kuril"] == {"kurils"} and vocab.forms["sanctions"] == {"sanction"}
    assert vocab.forms["invest"] == {"investment"}
    assert search.hidden_words("on the Kuril Islands", vocab) == ["kurils"]


# --- every word of the authors: one tokenizer, the other names, paragraphs first ---------------


def _results(page) -> list[dict]:
    """Every result link in the list's order: its address, Material's score, the words it marks,
    its "Missing:" line and its visible text."""
    return page.eval_on_selector_all(
        "a.md-search-result__link",
        """links => links.map(a => { const art = a.querySelector('article'), url = new URL(a.href);
            const missing = art.querySelector('.md-search-result__terms');
            return { path: url.pathname + url.hash, score: Number(art.dataset.mdScore),
                     marked: [...art.querySelectorAll('mark')].filter(m => m.offsetParent).map(m => m.textContent),
                     missing: missing ? missing.textContent : '', text: art.innerText }; })""",
    )


@pytest.mark.parametrize(
    "query, first, marked",
    [
        ("utilitarian", "/essays/pajon-2017/#p-19", "utilitarian"),  # the ‘utilitarian’ partnership
        ("hilling", "/essays/shvydko-2017/#p-12", "hilling"),  # the persistent “hilling”
        ("Groundhog", "/essays/streltsov-2012/#p-6", "Groundhog"),  # the “Groundhog Day” syndrome
        ("civilized", "/essays/streltsov-2018/#p-35", "civilized"),  # it will grow “civilized”
        # the 2014 update sets no word in quotes: "a deal—Japanese fishing", its one "Japanese"
        ("Japanese fishing", "/essays/update-2014/#p-2", "Japanese"),
    ],
)
def test_a_word_the_author_set_in_quotes_is_found(searched, query, first, marked):
    """Quotes, curly or straight, and dashes cut words, in the index and in the query: the word
    is found, marked in the result, and not listed as missing."""
    search_results(searched, query)
    found = [r for r in _results(searched) if "#p-" in r["path"]]
    assert found[0]["path"] == first, [r["path"] for r in found[:5]]
    assert marked in found[0]["marked"] and found[0]["missing"] == ""


@pytest.mark.parametrize(
    "query, found",
    [
        ("Shinzo", "/essays/streltsov-2018/#p-9"),  # which calls him "Abe" only
        ("South Kurils", "/essays/pajon-2017/#p-7"),  # an alias no essay uses; ¶7 says "Kuril Islands"
        ("2+2", "/essays/streltsov-2018/#p-13"),  # which says "two+two", the glossary's other spelling
    ],
)
def test_an_other_name_of_an_entity_or_a_term_finds_its_paragraphs(searched, query, found):
    search_results(searched, query)
    result = next((r for r in _results(searched) if r["path"] == found), None)
    assert result is not None, [r["path"] for r in _results(searched)]
    assert result["missing"] == ""


def test_the_first_result_for_another_spelling_is_the_paragraph(searched):
    search_results(searched, "two+two")
    found = [r for r in _results(searched) if "#" in r["path"]]
    # Pajon says "2+2", Streltsov 2018 "two+two"
    assert [r["path"] for r in found[:2]] == ["/essays/pajon-2017/#p-18", "/essays/streltsov-2018/#p-13"]
    assert found[0]["missing"] == ""


def test_matches_in_paragraphs_rank_above_titles(searched):
    """The issue's query: Shvydko's title ("…Political Dialogue…") came first, matched on one word;
    now the paragraphs that match most of it lead, each under its essay's heading."""
    search_results(searched, "military security dialogue 2+2")
    results = [r["path"] for r in _results(searched)]
    headings = [r for r in results if "#" not in r]
    assert headings[:2] == ["/essays/streltsov-2018/", "/essays/pajon-2017/"]
    # "…multilateral dialogue formats for discussion of military security issues…"
    assert results[1] == "/essays/streltsov-2018/#p-44"
    assert results[results.index("/essays/pajon-2017/") + 1] == "/essays/pajon-2017/#p-18"  # "The latest 2+2 dialogue"
    assert "/essays/streltsov-2018/#p-13" in results  # "two+two"


def test_a_word_of_an_essays_title_lands_on_its_paragraph(searched):
    """Pajon's title ends "…the Vladivostok Summit", her ¶1 begins "On the eve of the Vladivostok
    Summit": the paragraph is the best match, under the essay's heading."""
    search_results(searched, "Vladivostok summit")
    heading, first = _results(searched)[:2]
    assert (heading["path"], first["path"]) == ("/essays/pajon-2017/", "/essays/pajon-2017/#p-1")
    assert heading["score"] < first["score"]


def test_a_topic_lands_on_a_paragraph_not_on_the_essays_apparatus(searched):
    """Pajon's page opens with the events its first paragraph names ("…Eastern Economic Forum in
    Vladivostok"), the editors' line, which was the best match: the search leaves it out
    (test_the_editors_apparatus_is_not_indexed) and an essay's own documents count less, so the
    paragraph that names the forum comes first."""
    search_results(searched, "Eastern Economic Forum Vladivostok")
    heading, first = _results(searched)[:2]
    assert (heading["path"], first["path"]) == ("/essays/streltsov-2018/", "/essays/streltsov-2018/#p-12")
    assert heading["score"] < first["score"]


def _snippets(page) -> list[dict]:
    """Each shown result's snippet: its link, its text, its height in lines, and whether its first
    mark lies inside what the snippet shows."""
    return page.eval_on_selector_all(
        ".search-snippet",
        """boxes => boxes.filter(b => b.offsetParent).map(b => {
            const url = new URL(b.closest('a').href), box = b.getBoundingClientRect();
            const mark = [...b.querySelectorAll('mark')].find(m => m.offsetParent);
            return { path: url.pathname + url.hash, text: b.innerText,
                     lines: box.height / parseFloat(getComputedStyle(b).lineHeight),
                     markShown: mark ? mark.getBoundingClientRect().bottom <= box.bottom : null }; })""",
    )


@pytest.fixture
def phone(tabs, server):
    tab = tabs.take({"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    tab.goto(server + "/")
    tab.locator("label.md-header__button[for=__search]").tap()
    yield tab
    tabs.give_back(tab)


def test_a_result_shows_the_sentence_of_the_match_in_four_lines_at_most_on_a_phone(phone):
    """Material shows the sentences that match (one block each in the record); search-ui.js cuts
    what comes before the match, search.css cuts at four lines. Pajon ¶19 is 66 words: its match,
    "‘utilitarian’", stands near the end of the first of its two sentences."""
    search_results(phone, "utilitarian")
    first, *others = _snippets(phone)
    assert first["path"] == "/essays/pajon-2017/#p-19"
    assert first["text"] == (
        "… the Japan-Russia relationship seems to be evolving along the lines of the ‘utilitarian’ "
        "partnership between China and Russia."
    )
    assert first["markShown"] is True
    for snippet in [first, *others]:
        assert snippet["lines"] <= 4.01, snippet
        assert snippet["markShown"] in (True, None), snippet
    # a match near the start of its sentence: the whole sentence, cut at four lines
    search_results(phone, "military security dialogue 2+2")
    first = _snippets(phone)[0]
    assert first["path"] == "/essays/streltsov-2018/#p-44"
    assert first["text"].startswith("Anyway, Russia and Japan have a great deal to discuss in the field of regional")
    assert first["lines"] <= 4.01 and first["markShown"] is True


def _contrast(page) -> float:
    """The contrast of the first shown match against the result's background (WCAG 2's formula)."""
    return page.evaluate(r"""() => {
        const mark = document.querySelector('.search-snippet mark');
        const rgb = c => c.match(/[\d.]+/g).slice(0, 3).map(Number);
        let e = mark, bg = 'rgba(0, 0, 0, 0)';
        while (e && /^rgba\(0, 0, 0, 0\)$|transparent/.test(bg)) { bg = getComputedStyle(e).backgroundColor; e = e.parentElement; }
        const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                           return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        const [a, b] = [lum(rgb(getComputedStyle(mark).color)), lum(rgb(bg))];
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }""")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_match_is_marked_at_a_readable_contrast(tabs, server, scheme):
    """Material's accent colour gave the marked words 4.3:1 on white and 3.8:1 in the dark scheme."""
    tab = tabs.take({"width": 1280, "height": 900})
    try:
        tab.emulate_media(color_scheme=scheme)
        tab.goto(server + "/")
        search_results(tab, "hilling")
        assert _contrast(tab) >= 4.5
    finally:
        tabs.give_back(tab)


def test_following_a_paragraph_result_lands_on_it(page, server):
    page.goto(server + "/")
    hrefs = search_results(page, "eight-point plan")
    link = page.locator("a.md-search-result__link[href*='/essays/pajon-2017/'][href$='#p-17']").first
    assert link.count(), hrefs
    assert "Pajon 2017 ¶17" in link.text_content()
    link.evaluate("a => { const more = a.closest('details'); if (more) more.open = true; }")  # "N more on this page"
    link.click()
    page.wait_for_url(re.compile(r"/essays/pajon-2017/.*#p-17$"))
    target = page.locator("#p-17")
    assert "eight-point" in target.inner_text()
    page.wait_for_function(
        "() => { const r = document.getElementById('p-17').getBoundingClientRect();"
        " return r.top >= 0 && r.top < innerHeight; }"
    )


def _shown(page) -> list[str]:
    return page.evaluate(
        "Array.from(document.querySelectorAll('.md-search-result__list > li'))"
        ".filter(l => !l.hidden).map(l => new URL(l.querySelector('a').href).pathname)"
    )


def test_results_narrow_to_an_essay_an_author_or_a_kind_of_page_kept_in_the_address(page, server):
    page.goto(server + "/")
    search_results(page, "sanctions")
    page.select_option("#search-filters select[name=in]", "pajon-2017")
    assert _shown(page) == ["/essays/pajon-2017/"]
    assert "sf-in=pajon-2017" in page.url
    page.select_option("#search-filters select[name=in]", "")
    page.select_option("#search-filters select[name=by]", "Streltsov")  # both of his essays; 2012 has no sanctions
    assert _shown(page) == ["/essays/streltsov-2018/"]
    page.select_option("#search-filters select[name=by]", "")
    page.select_option("#search-filters select[name=kind]", "other")
    assert _shown(page) and not [p for p in _shown(page) if p.startswith("/essays/")]
    # a shared address opens the search with the same query and filter
    page.goto(server + "/?q=sanctions&sf-in=shvydko-2017")
    page.locator(".md-search-result__list > li").first.wait_for(state="attached")
    page.wait_for_function("() => document.querySelector('#search-filters select[name=in]')")
    assert page.locator("#search-filters select[name=in]").input_value() == "shvydko-2017"
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__list > li:not([hidden])').length > 0")
    assert _shown(page) == ["/essays/shvydko-2017/"]


INDEX_REQUEST = re.compile(r"/search/search_index\.json$")


def _index_requests(page) -> list[str]:
    return [u for u in page.requests_seen if INDEX_REQUEST.search(urlsplit(u).path)]


def test_a_reader_who_only_reads_fetches_no_search_index(page, server):
    """Material fetches its whole index and builds it on every page load; the site holds that
    request until the reader reaches for the search box (assets/search-on-demand.js): the pointer
    over it fetches the index once, and the words typed are answered."""
    page.goto(server + "/essays/pajon-2017/")  # Material asks for its index before the load event
    page.locator("#p-7").hover()  # reading: the pointer over the text, not the box
    page.wait_for_timeout(100)
    assert _index_requests(page) == []
    with page.expect_request(lambda r: bool(INDEX_REQUEST.search(urlsplit(r.url).path))):
        page.locator("form[name=search]").hover()
    assert "/essays/pajon-2017/#p-7" in _paths(search_results(page, "Kurils"))
    assert len(_index_requests(page)) == 1


def test_on_a_narrow_screen_the_pointer_over_the_search_button_fetches_the_index(tabs, server):
    page = tabs.take({"width": 800, "height": 900})  # under 60em: the box opens from a button
    try:
        page.goto(server + "/essays/pajon-2017/")
        assert _index_requests(page) == []
        with page.expect_request(lambda r: bool(INDEX_REQUEST.search(urlsplit(r.url).path))):
            page.locator("label.md-header__button[for=__search]").hover()
    finally:
        tabs.give_back(page)


def test_a_phone_reader_fetches_the_index_with_the_search_button(tabs, server):
    page = tabs.take({"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page.goto(server + "/essays/pajon-2017/")
        assert _index_requests(page) == []
        page.locator("label.md-header__button[for=__search]").tap()
        page.keyboard.type("Kurils")
        page.wait_for_function(
            "() => /13 matching documents/.test(document.querySelector('.md-search-result__meta').textContent)"
        )
        assert len(_index_requests(page)) == 1
    finally:
        tabs.give_back(page)


def test_a_keyboard_reader_fetches_the_index_with_the_shortcut(page, server):
    page.goto(server + "/essays/pajon-2017/")
    assert _index_requests(page) == []
    page.keyboard.press("/")  # Material's shortcut: the focus goes to the box
    page.keyboard.type("Kurils")
    page.wait_for_function(
        "() => /13 matching documents/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    assert len(_index_requests(page)) == 1


def test_an_address_with_a_highlight_marks_the_words_without_a_search(page, server):
    """A result's link carries ?h=: the page it opens marks the words (Material's highlight), which
    needs the index at once."""
    page.goto(server + "/essays/pajon-2017/?h=Kuril")
    page.wait_for_function("() => document.querySelector('#p-7 mark')")
    assert page.locator("#p-7 mark").first.text_content() == "Kuril"
