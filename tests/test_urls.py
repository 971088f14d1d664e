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
    ]
