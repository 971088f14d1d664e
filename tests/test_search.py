"""Paragraph-level search: the index (site_builder/search.py) and Material's search box on the
site served on 127.0.0.1."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from conftest import search_results
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
<h2 id="s">Section</h2>
<p data-themes="" id="p-2">Second<br>line</p>
<p id="p-x">not numbered</p>
"""


def essay(url="essays/a/", paragraphs=((1, "First"), (2, "Second"))):
    return search.EssayParagraphs("a", url, "Author 2017", "An essay", tuple(paragraphs))


# --- the pure functions --------------------------------------------------------------------


def test_paragraphs_are_read_without_the_permalink():
    assert search.paragraphs(PAGE) == ((1, "First link & more."), (2, "Secondline"))


def test_marks_are_attributes_only_and_material_removes_them():
    marked = search_marks.mark_for_search(PAGE)
    assert marked.count('data-search-exclude="xref"') == 1
    assert marked.count('data-search-exclude="paragraph"') == 2
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
        "text": "<p>F&lt;i&gt;rst</p>",
        "boost": 2,
    }
    assert out["config"] == index["config"]
    assert len(index["docs"]) == 4  # the input is not changed
    again = search.add_paragraph_docs(out, [essay(paragraphs=((2, "Second"), (1, "F<i>rst")))])
    assert search.dumps(again) == search.dumps(out)  # idempotent, deterministic


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
            assert doc["text"].startswith("<p>") and "¶</p>" not in doc["text"]
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
    forms = search.word_forms(["the Kuril Islands", "the Kurils", "a sanction and sanctions", "invest, investment"])
    assert forms["kuril"] == {"kurils"} and forms["sanctions"] == {"sanction"} and forms["invest"] == {"investment"}
    assert search.other_forms("on the Kuril Islands", forms) == ["kurils"]


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
            "() => /11 matching documents/.test(document.querySelector('.md-search-result__meta').textContent)"
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
        "() => /11 matching documents/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    assert len(_index_requests(page)) == 1


def test_an_address_with_a_highlight_marks_the_words_without_a_search(page, server):
    """A result's link carries ?h=: the page it opens marks the words (Material's highlight), which
    needs the index at once."""
    page.goto(server + "/essays/pajon-2017/?h=Kuril")
    page.wait_for_function("() => document.querySelector('#p-7 mark')")
    assert page.locator("#p-7 mark").first.text_content() == "Kuril"
