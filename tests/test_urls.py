"""The one owner of addresses (issue #12): every link, fragment and published URL, written out."""

from __future__ import annotations

import pytest

from site_builder import urls

CASES = [
    # (reference, from page, relative link, published URL)
    (urls.passage("pajon-2017", 19), "essays/streltsov-2018.md", "pajon-2017.md#p-19", "/essays/pajon-2017/#p-19"),
    (urls.passage("pajon-2017", 19), "essays/pajon-2017.md", "#p-19", "/essays/pajon-2017/#p-19"),
    (urls.passage("pajon-2017", 4), "themes/sanctions.md", "../essays/pajon-2017.md#p-4", "/essays/pajon-2017/#p-4"),
    (urls.passage("pajon-2017", 4), "glossary.md", "essays/pajon-2017.md#p-4", "/essays/pajon-2017/#p-4"),
    (urls.essay("update-2014"), "index.md", "essays/update-2014.md", "/essays/update-2014/"),
    (urls.theme("china"), "essays/", "../themes/china.md", "/themes/china/"),
    (
        urls.debate("does-moscow-need-japan"),
        "analysis.md",
        "debates.md#debate-does-moscow-need-japan",
        "/debates/#debate-does-moscow-need-japan",
    ),
    (
        urls.debate("does-moscow-need-japan"),
        "themes/china.md",
        "../debates.md#debate-does-moscow-need-japan",
        "/debates/#debate-does-moscow-need-japan",
    ),
    (urls.page("debates"), "essays/pajon-2017.md", "../debates.md", "/debates/"),
    (
        urls.event("g7-hague-meeting-g8-suspension-2014"),
        "essays/update-2014.md",
        "../timeline.md#event-g7-hague-meeting-g8-suspension-2014",
        "/timeline/#event-g7-hague-meeting-g8-suspension-2014",
    ),
    (
        urls.entity("soviet-union"),
        "themes/territorial-issue.md",
        "../entities.md#soviet-union",
        "/entities/#soviet-union",
    ),
    (urls.term("hikiwake"), "essays/", "../glossary.md#hikiwake", "/glossary/#hikiwake"),
    (urls.page("home"), "themes/china.md", "../index.md", "/"),
    (
        urls.theme_in_essay("sanctions", "pajon-2017"),
        "index.md",
        "themes/sanctions.md#pajon-2017",
        "/themes/sanctions/#pajon-2017",
    ),
    (urls.essay_on_timeline("pajon-2017"), "timeline.md", "#essay-pajon-2017", "/timeline/#essay-pajon-2017"),
    (urls.page("data"), "essays/pajon-2017.md", "../data/index.md", "/data/"),
    (urls.year_on_timeline(2014), "timeline.md", "#essays-2014", "/timeline/#essays-2014"),
    (urls.essays_of_year(2014), "timeline.md", "essays/index.md#2014", "/essays/#2014"),
    (urls.rights_of_year(2014), "rights.md", "rights/2014.md", "/rights/2014/"),
    (urls.rights_of_year(2015), "rights/2014.md", "2015.md", "/rights/2015/"),
    (urls.page("rights"), "rights/2014.md", "../rights.md", "/rights/"),
    (urls.page("themes"), "themes/china.md", "index.md", "/themes/"),
]


@pytest.mark.parametrize("ref,here,link,url", CASES, ids=[f"{c[0].kind}-{c[1]}" for c in CASES])
def test_every_reference_has_one_link_and_one_url(ref, here, link, url):
    assert urls.href(ref, here) == link
    assert urls.public_url(ref) == url


def test_published_url_with_the_site_address_and_the_short_locator():
    assert (
        urls.public_url(urls.passage("pajon-2017", 5), "https://example.org/site/")
        == "https://example.org/site/essays/pajon-2017/#p-5"
    )
    assert urls.locator(urls.passage("pajon-2017", 5)) == "pajon-2017#p-5"
    with pytest.raises(ValueError):
        urls.page("nowhere")


def test_a_page_path_names_its_page():
    assert urls.page_of("essays/pajon-2017.md") == urls.essay("pajon-2017")
    assert urls.page_of("themes/china.md") == urls.theme("china")
    assert urls.page_of("data/index.md") == urls.page("data")
    assert urls.page_of("rights/2014.md") == urls.rights_of_year(2014)
    assert urls.page_of("assets/site.css") is None


@pytest.mark.parametrize(
    "target,start,expected",
    [
        ("themes/china.md", "essays", "../themes/china.md"),
        ("essays/pajon-2017.md", "essays", "pajon-2017.md"),
        ("themes/china/2/index.md", "themes/china/1", "../2/index.md"),  # two folders in common
        ("essays/pajon-2017.md", ".", "essays/pajon-2017.md"),
        (".", "essays/pajon-2017", "../.."),
        ("essays", "essays", "."),
        ("essays/pajon-2017/", "essays/", "pajon-2017"),  # trailing slashes as posixpath drops them
        ("/essays/pajon-2017/", "/timeline/", "../essays/pajon-2017"),  # two absolute paths
        ("/", "/themes/china/", "../.."),
        ("../outside.md", "essays", "../../outside.md"),  # outside the site: the general rule
    ],
)
def test_relative_path_between_two_pages_of_the_site(target, start, expected):
    assert urls.relative_path(target, start) == expected


@pytest.mark.parametrize(
    "target,start",
    [
        ("/essays/pajon-2017/", "timeline"),  # one absolute, the other not
        ("essays/pajon-2017", "/timeline/"),
        ("essays/pajon-2017", "../elsewhere"),  # a page above the site's root
    ],
)
def test_no_relative_path_leaves_the_site(target, start):
    with pytest.raises(ValueError, match="within the site"):
        urls.relative_path(target, start)


def test_the_fixed_pages_are_the_ones_that_have_an_address():
    from site_builder.pages.views import PAGES

    assert sorted(p.id for p in PAGES) == sorted(page_id for page_id, _ in urls.FIXED)
    assert [page_id for page_id, _ in urls.FIXED] == [
        "home",
        "essays",
        "themes",
        "debates",
        "timeline",
        "entities",
        "glossary",
        "analysis",
        "data",
        "rights",
        "changes",
    ]


PAGES_OF = [
    ("index.md", urls.Ref("page", "home")),
    ("essays/index.md", urls.Ref("page", "essays")),
    ("debates.md", urls.Ref("page", "debates")),
    ("data/index.md", urls.Ref("page", "data")),
    ("essays/pajon-2017.md", urls.Ref("essay", "pajon-2017")),
    ("themes/china.md", urls.Ref("theme", "china")),
    ("themes/china/2.md", urls.Ref("theme-part", "china", 2)),
    ("rights/2014.md", urls.Ref("rights-year", "2014")),
    ("entities/shinzo-abe.md", urls.Ref("entity-mentions", "shinzo-abe", 1)),
    ("entities/shinzo-abe/2.md", urls.Ref("entity-mentions", "shinzo-abe", 2)),
    ("glossary/hikiwake.md", urls.Ref("term-mentions", "hikiwake", 1)),
    ("glossary/hikiwake/3.md", urls.Ref("term-mentions", "hikiwake", 3)),
    # not a generated page: no reference
    ("essays/pajon-2017/x.md", None),
    ("other/page.md", None),
    ("rights/x.md", None),
    ("themes/china/x.md", None),
    ("entities/a/b/c.md", None),
    ("essays/pajon-2017.html", None),
]


@pytest.mark.parametrize("path, ref", PAGES_OF, ids=[p for p, _ in PAGES_OF])
def test_a_generated_pages_path_gives_back_its_reference(path, ref):
    assert urls.page_of(path) == ref
    if ref is not None:
        assert urls.page_path(ref) == path  # and the other way round


RAW_HTML_LINKS = [
    # (reference, from page, the link in raw HTML as MkDocs publishes it, as Zensical reads it)
    (urls.passage("pajon-2017", 4), "analysis.md", "../essays/pajon-2017/#p-4", "essays/pajon-2017.md#p-4"),
    (urls.passage("pajon-2017", 4), "essays/pajon-2017.md", "#p-4", "#p-4"),
    (urls.theme("china"), "themes/china/2.md", "../", "../china.md"),
    (urls.page("home"), "index.md", "", "index.md"),
    (urls.essay("pajon-2017"), "essays/index.md", "pajon-2017/", "pajon-2017.md"),
    (urls.event("crimea"), "timeline.md", "#event-crimea", "#event-crimea"),
    (urls.entity_mentions("shinzo-abe", 2), "entities.md", "shinzo-abe/2/", "entities/shinzo-abe/2.md"),
]


@pytest.mark.parametrize(
    "ref, here, published, source", RAW_HTML_LINKS, ids=[f"{r[0].kind}-{r[1]}" for r in RAW_HTML_LINKS]
)
def test_a_link_in_raw_html_is_relative_to_the_published_page(ref, here, published, source):
    assert urls.html_href(ref, here) == published
    assert urls.html_href(ref, here, "source") == source


MORE_ADDRESSES = [
    (urls.entity_mentions("a"), "entities/a.md", "", "/entities/a/"),
    (urls.entity_mentions("a", 2), "entities/a/2.md", "", "/entities/a/2/"),
    (urls.term_mentions("t"), "glossary/t.md", "", "/glossary/t/"),
    (urls.term_mentions("t", 3), "glossary/t/3.md", "", "/glossary/t/3/"),
    (urls.year_on_timeline(2014), "timeline.md", "essays-2014", "/timeline/#essays-2014"),
    (urls.essays_of_year(2014), "essays/index.md", "2014", "/essays/#2014"),
    (urls.theme_in_essay("china", "pajon-2017"), "themes/china.md", "pajon-2017", "/themes/china/#pajon-2017"),
    (urls.theme_in_essay("china", "pajon-2017", 2), "themes/china/2.md", "pajon-2017", "/themes/china/2/#pajon-2017"),
]


@pytest.mark.parametrize("ref, page, fragment, url", MORE_ADDRESSES, ids=[r[1] + "#" + r[2] for r in MORE_ADDRESSES])
def test_each_reference_lives_on_one_page_at_one_fragment(ref, page, fragment, url):
    assert (urls.page_path(ref), urls.fragment(ref), urls.public_url(ref)) == (page, fragment, url)
