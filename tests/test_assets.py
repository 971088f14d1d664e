"""The reader's script loads a feature only where and when a reader needs it (assets/site.js, the
core, and assets/features/): what a page has loaded is read from its <script> elements."""

from __future__ import annotations

FEATURES = "() => [...document.scripts].map(s => s.getAttribute('src') || '').filter(s => s.includes('/features/')).map(s => s.split('/assets/')[1])"


def features_loaded(page) -> list[str]:
    return sorted(page.evaluate(FEATURES))


def test_the_home_page_loads_no_feature(page, server):
    page.goto(f"{server}/")
    assert features_loaded(page) == []


def test_an_essay_loads_its_reading_switch_and_the_rest_as_the_reader_reaches_it(page, server):
    page.goto(f"{server}/essays/pajon-2017/")
    page.get_by_role("button", name="Clean text").wait_for()
    assert features_loaded(page) == ["features/reading-mode.js"]

    term = page.locator("article a.xref-term").first
    term.hover()
    page.locator(".preview").wait_for()
    assert page.locator(".preview-head").inner_text() == "peace treaty"
    assert features_loaded(page) == ["features/previews.js", "features/reading-mode.js"]

    page.locator("#p-9 + details.xref > summary").click()
    page.locator("#p-9 + details.xref[data-quoted=done]").wait_for(state="attached")
    assert features_loaded(page) == [
        "features/cross-references.js",
        "features/previews.js",
        "features/reading-mode.js",
    ]


def test_the_timeline_loads_its_filters(page, server):
    page.goto(f"{server}/timeline/")
    page.locator("#tl-filters").wait_for()  # shown by the filters' script
    assert features_loaded(page) == ["features/timeline-filters.js"]


def test_the_search_filters_load_as_the_reader_reaches_for_the_search_box(page, server):
    page.goto(f"{server}/themes/sanctions/")
    assert features_loaded(page) == []
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill("Crimea")
    page.locator("#search-filters").wait_for()
    assert features_loaded(page) == ["features/previews.js", "features/search-ui.js"]  # the pointer came too
