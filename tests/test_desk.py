"""The reader's desk, in Chromium at 1366x900 and 390x844: previews that end at a word, a
quotation within a quotation in single quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import foreign_requests
from site_builder.pages.words import quoted

DESK, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
SCREENS = {"desk": DESK, "phone": PHONE}


@pytest.fixture
def open_page(tabs, server):
    taken = []

    def opener(url: str, viewport=DESK, scheme: str = "light"):
        page = tabs.take(viewport)
        taken.append(page)
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{server}/{url}")
        page.wait_for_load_state("load")
        return page

    yield opener
    foreign = [u for page in taken for u in foreign_requests(page)]
    for page in taken:
        tabs.give_back(page)
    assert not foreign, f"requests left the site's origin: {foreign}"


# --- previews ---------------------------------------------------------------------------------


@pytest.mark.parametrize("screen", SCREENS)
def test_a_preview_ends_at_a_word_with_an_ellipsis(open_page, screen):
    page = open_page("themes/territorial-issue/", SCREENS[screen])
    page.locator("article a[href='../../essays/streltsov-2018/#p-10']").first.focus()
    text = page.locator(".preview-text")
    text.wait_for()
    assert text.inner_text() == (
        'The slogan of "solving the problem of the peace treaty with Russia" was no different. It is hard to '
        "conclude whether ambitious Abe was sincere in his expectations to solve the dispute and to leave a "
        "track in Japanese and world history. The author of this paper believes that Abe hardly had any…"
    )
    assert text.evaluate("t => t.scrollHeight <= t.clientHeight")  # all of it in sight, no inner scroll


# --- a quotation within a quotation -----------------------------------------------------------


@pytest.mark.parametrize(
    "text, shown",
    [
        ("hardly enough to produce a new “economic miracle.”", "“hardly enough to produce a new ‘economic miracle.’”"),
        ('the problem of "the Northern territories" to be', "“the problem of ‘the Northern territories’ to be”"),
        ("Japan’s “new approach”", "“Japan’s ‘new approach’”"),  # the apostrophe stays
        ("no quotes", "“no quotes”"),
    ],
)
def test_a_quotation_within_a_quotation_takes_single_quotes(text, shown):
    assert quoted(text) == shown


def test_no_closing_quote_is_doubled_on_the_pages(open_page, site: Path):
    doubled = sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if "””" in p.read_text(encoding="utf-8"))
    assert doubled == []
    page = open_page("debates/")
    position = page.locator(".debate-position", has_text="economic miracle")
    assert " ".join(position.inner_text().split()) == (
        "Shvydko 2017, ¶14 “The opportunities for economic cooperation, particularly in the Russian Far East, are "
        "hardly enough to produce a new ‘economic miracle.’”"
    )
    # a panel's quote that the page's script adds from the previews, and one the builder writes
    page.goto(page.url.replace("debates/", "essays/pajon-2017/"))
    page.locator("#p-16 + details.xref > summary").click()
    quote = page.locator("#p-16 + details.xref li", has_text="Shvydko 2017, ¶14").locator(".xref-quote")
    assert quote.inner_text() == (
        "“The opportunities for economic cooperation, particularly in the Russian Far East, are hardly enough to "
        "produce a new ‘economic miracle.’”"
    )
    page.goto(page.url.replace("pajon-2017/", "streltsov-2018/"))
    page.locator("#p-21 + details.xref > summary").click()
    quote = page.locator("#p-21 + details.xref li", has_text="Shvydko 2017, ¶14").locator(".xref-quote")
    assert quote.inner_text().startswith("“Meanwhile, the effectiveness of limited financial ‘injections’ of Japanese")
