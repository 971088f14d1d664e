"""Reading comfort in Chromium, on a desk (1366x900) and on a phone (390x844): no page wider
than the screen, no text under 12 px in figures and tables, no word broken across lines in a
table, one colour per theme on every page, previews of passages and terms on hover, focus
and tap, the clean text and the annotated edition, the essay header, the rights page.
`make shots` saves screenshots of every kind of page in test-results/ (git-ignored) to be looked at."""

from __future__ import annotations

import re

import pytest

PAGES = [
    "",
    "essays/",
    "essays/streltsov-2018/",
    "essays/pajon-2017/",
    "themes/",
    "themes/china/",
    "timeline/",
    "analysis/",
    "entities/",
    "glossary/",
    "data/",
    "rights/",
]
DESK, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}

# Text in figures and tables (HTML or SVG) that a reader sees, at its size on the screen.
SMALL_TEXT = """() => {
  const small = [];
  const seen = (el) => { const s = getComputedStyle(el); const r = el.getBoundingClientRect();
                         return s.visibility === 'visible' && s.display !== 'none' && r.width > 0 && r.height > 0; };
  for (const t of document.querySelectorAll('article svg text')) {
    if (!seen(t) || !t.textContent.trim()) continue;
    const px = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
    if (px < 11.95) small.push([t.textContent.trim().slice(0, 30), Math.round(px * 10) / 10]);
  }
  for (const cell of document.querySelectorAll('article th, article td, article .an-strip, article figcaption')) {
    if (!seen(cell) || !cell.textContent.trim()) continue;
    const px = parseFloat(getComputedStyle(cell).fontSize);
    if (px < 11.95) small.push([cell.textContent.trim().slice(0, 30), px]);
  }
  return small;
}"""

# Words of table cells that the browser breaks across two lines ("Territori/al issue").
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('article th, article td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[A-Za-z\\u00C0-\\u024F]{4,}/g;
      let m;
      while ((m = re.exec(node.textContent))) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const lines = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("url", PAGES)
def test_every_page_fits_the_screen_with_readable_figures_and_tables(open_page, shots, url):
    """On a desk, then on a phone: the page, opened on the desk, is narrowed to the phone's
    screen (the site's layout follows the screen's width in CSS alone, as Material's scripts do:
    site.js measures no width as the page opens), which costs a third of opening it again."""
    page = open_page(url, DESK)
    for screen, viewport in (("desk", DESK), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"on a {screen}, the page is wider than the screen: {width}"
        assert page.evaluate(SMALL_TEXT) == [], screen
        assert page.evaluate(BROKEN_WORDS) == [], screen
        if shots:
            page.screenshot(path=str(shots / f"{url.strip('/').replace('/', '-') or 'home'}-{viewport['width']}.png"))


TITLE_LINES = (
    "() => { const h = document.querySelector('article h1');"
    " return h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight); }"
)


def test_a_long_title_is_followed_by_the_byline_without_an_empty_line(open_page):
    """ "Russian-Japanese relations: / Systemic crisis or new opportunities?" fills its last line
    on a desk: the title's hidden permalink took a third line of its own there."""
    page = open_page("essays/streltsov-2018/")
    assert round(page.evaluate(TITLE_LINES), 2) == 2


def test_a_line_of_essay_text_holds_about_65_characters(open_page):
    page = open_page("essays/streltsov-2018/")
    per_line = page.evaluate("""() => {
      const p = document.getElementById('p-2');
      const lines = new Set();
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      let chars = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.parentElement.closest('.p-permalink')) continue;
        chars += n.textContent.length;
        const r = document.createRange(); r.selectNodeContents(n);
        for (const rect of r.getClientRects()) lines.add(Math.round(rect.top));
      }
      return chars / lines.size;
    }""")
    assert 60 <= per_line <= 75, per_line
    assert "Source Serif 4" in page.evaluate("getComputedStyle(document.getElementById('p-2')).fontFamily")


# The Okabe-Ito colours the themes take, in the order of annotations/themes.yaml.
COLOURS = {
    "territorial-issue": "rgb(0, 114, 178)",
    "sanctions": "rgb(230, 159, 0)",
    "china": "rgb(0, 158, 115)",
    "north-korea": "rgb(204, 121, 167)",
    "economic-cooperation": "rgb(213, 94, 0)",
}


def test_a_theme_has_one_colour_on_every_page(open_page):
    page = open_page("essays/streltsov-2018/")  # then the other pages, one after another in this tab
    site_root = page.url.removesuffix("essays/streltsov-2018/")
    for theme, colour in COLOURS.items():  # the message names the theme whose colour differs
        assert (
            page.evaluate(
                f"getComputedStyle(document.querySelector('.essay-themes .theme-{theme}'), '::before').backgroundColor"
            )
            == colour
        ), theme
        assert (
            page.evaluate(f"getComputedStyle(document.querySelector('a.an-mark.theme-{theme}')).backgroundColor")
            == colour
        ), theme
    page.goto(f"{site_root}timeline/")
    for theme, colour in COLOURS.items():
        assert (
            page.evaluate(f"getComputedStyle(document.querySelector('.tl-dot.theme-{theme} circle')).fill") == colour
        ), theme
        assert (
            page.evaluate(
                f"getComputedStyle(document.querySelector('.tl-chip.theme-{theme}'), '::before').backgroundColor"
            )
            == colour
        ), theme
    page.goto(f"{site_root}analysis/")
    for theme, colour in COLOURS.items():
        assert page.evaluate(f"getComputedStyle(document.querySelector('rect.theme-{theme}')).fill") == colour, theme
    for theme, colour in COLOURS.items():  # the theme pages
        page.goto(f"{site_root}themes/{theme}/")
        assert page.evaluate("getComputedStyle(document.querySelector('h1')).borderBottomColor") == colour, theme


def _open_panel_after(page, paragraph: str):
    page.locator(f"#{paragraph} + details.xref > summary").click()
    return page.locator(f"#{paragraph} + details.xref a.xref-link").first


def test_hovering_a_cross_reference_shows_the_passage(open_page):
    page = open_page("essays/pajon-2017/")
    link = _open_panel_after(page, "p-9")
    assert link.inner_text() == "Update 2014, ¶6"
    link.hover()
    preview = page.locator(".preview")
    preview.wait_for()
    assert preview.locator(".preview-head").inner_text() == "Update 2014 ¶6 — April 2014"
    assert (
        preview.locator(".preview-text")
        .inner_text()
        .startswith(
            "While Japanese are so alarmed by China and sufficiently distracted by other symbols of national identity"
        )
    )
    assert [c.inner_text() for c in preview.locator(".theme-chip").all()] == ["Territorial issue", "China", "Sanctions"]
    assert link.get_attribute("aria-describedby") == "preview"
    assert page.url.endswith("/essays/pajon-2017/")  # the reader has not left the page
    page.keyboard.press("Escape")
    assert page.locator(".preview").count() == 0


def test_focusing_a_passage_link_shows_the_passage(open_page):
    page = open_page("themes/china/")
    link = page.locator("article a[href='../../essays/streltsov-2012/#p-7']").first
    link.focus()
    page.locator(".preview").wait_for()
    assert page.locator(".preview-head").inner_text().startswith("Streltsov 2012 ¶7")


def test_on_a_phone_the_first_tap_shows_and_the_second_follows(open_page):
    page = open_page("essays/pajon-2017/", PHONE, has_touch=True, is_mobile=True)
    link = _open_panel_after(page, "p-9")
    link.tap()
    page.locator(".preview").wait_for()
    assert page.locator(".preview-hint").inner_text() == "Tap the link again to open it."
    assert page.url.endswith("/essays/pajon-2017/")
    # the page moves under the finger (the panel's quotes come in after it opened): the preview
    # stays, so that the second tap follows the link (it was hidden, and the second tap showed it again)
    page.evaluate(
        "document.querySelector('#p-9 + details.xref li').before(Object.assign("
        "document.createElement('li'), {id: 'shift', style: 'height: 120px'}))"
    )
    page.wait_for_timeout(400)  # the preview's hiding delay is 250 ms
    assert page.locator(".preview").count() == 1
    page.evaluate("document.getElementById('shift').remove()")
    link.tap()
    page.wait_for_url(re.compile(r"/essays/update-2014/#p-6$"))


def test_a_glossary_term_previews_its_definition_in_readable_type(open_page):
    page = open_page("essays/pajon-2017/")
    term = page.locator("article a.xref-term").first
    assert term.get_attribute("title") is None  # no second, native tooltip
    term.hover()
    page.locator(".preview").wait_for()
    assert page.locator(".preview-head").inner_text() == "peace treaty"
    assert (
        page.locator(".preview-text")
        .inner_text()
        .startswith("Japan and the Soviet Union, and then Russia, have never signed a peace treaty")
    )
    assert float(page.evaluate("getComputedStyle(document.querySelector('.preview-text')).fontSize")[:-2]) >= 14


def test_previews_work_from_disk(tabs, offline_site):
    page = tabs.take(DESK)
    page.goto((offline_site / "essays" / "pajon-2017.html").as_uri())
    link = _open_panel_after(page, "p-9")
    link.hover()
    page.locator(".preview").wait_for()
    assert page.locator(".preview-head").inner_text().startswith("Update 2014 ¶6")
    tabs.give_back(page)


def test_the_clean_text_hides_the_apparatus_and_is_remembered(open_page, server):
    page = open_page("essays/pajon-2017/")
    assert page.locator("#p-9 + details.xref").is_visible()
    page.get_by_role("button", name="Clean text").click()
    assert page.get_by_role("button", name="Clean text").get_attribute("aria-pressed") == "true"
    assert not page.locator("#p-9 + details.xref").is_visible()
    assert not page.locator(".an-strip").is_visible()
    assert page.locator("#p-9").is_visible()
    page.goto(f"{server}/essays/streltsov-2012/")  # another essay: the choice holds
    assert page.locator("html").get_attribute("data-reading") == "clean"
    assert not page.locator("details.xref").first.is_visible()
    page.get_by_role("button", name="Annotated edition").click()
    assert page.locator("details.xref").first.is_visible()


def test_cite_this_paragraph(open_page, server):
    page = open_page("essays/streltsov-2012/")
    page.locator("#p-4").hover()
    page.locator("#p-4 .p-permalink").click()
    box = page.locator(".cite-box textarea")
    box.wait_for()
    assert box.input_value() == (
        "Streltsov, Dmitry. “Japan: Where Is the Dialogue with Russia Headed?” "
        f"New Eastern Outlook, 30 November 2012. ¶4. {server}/essays/streltsov-2012/#p-4"
    )


def test_the_essay_header_says_where_the_essay_was_first_published(open_page):
    page = open_page("essays/streltsov-2012/")
    assert page.locator(".essay-byline").inner_text() == (
        "Dmitry Streltsov, Head of the Department of Oriental Studies, Moscow State Institute for International "
        "Relations (University) of the Russian Ministry of Foreign Affairs (MGIMO) · 30 November 2012 · "
        "New Eastern Outlook · 5 min read"
    )
    about = page.locator("details.note")
    about.locator("summary").click()
    assert "First published: New Eastern Outlook." in about.inner_text()
    shvydko = open_page("essays/shvydko-2017/")
    shvydko.locator("details.note summary").click()
    assert "First published: not stated in the source." in shvydko.locator("details.note").inner_text()
    assert ".txt" not in shvydko.locator("article").inner_text()  # no internal file name


def test_every_footer_links_the_rights_page(open_page, server):
    page = open_page("")  # then the other pages, one after another in this tab
    for url in ("", "essays/pajon-2017/", "timeline/"):
        if url:
            page.goto(f"{server}/{url}")
        page.locator("footer").get_by_role("link", name="Rights, licences and corrections").click()
        page.wait_for_url(re.compile(r"/rights/$"))
        assert page.title().startswith("Rights and licences")
        assert page.locator("article table tbody tr").count() == 5


def test_filtered_out_dots_leave_the_tab_order_and_the_contents(open_page):
    page = open_page("timeline/?theme=north-korea")  # 2 events: the 2+2 talks resumed, the 2017 bomb test
    assert page.locator(".tl-dot:not(.tl-off)").count() == 2
    assert page.locator(".tl-dot.tl-off").first.evaluate("d => getComputedStyle(d).display") == "none"
    assert not page.locator('.md-sidebar--secondary a[href="#y1945"]').is_visible()
    assert page.locator('.md-sidebar--secondary a[href="#y2017"]').is_visible()
    assert page.locator('.md-sidebar--primary a[href="#y1945"]').evaluate("a => a.parentNode.hidden")


def test_a_touch_reader_sees_the_paragraph_permalinks(open_page):
    page = open_page("essays/pajon-2017/", PHONE, has_touch=True, is_mobile=True)
    assert page.evaluate("matchMedia('(hover: none)').matches")
    opacity = page.locator("#p-4 .p-permalink").evaluate("a => getComputedStyle(a).opacity")
    assert float(opacity) >= 0.7
    desk = open_page("essays/pajon-2017/")
    assert desk.locator("#p-4 .p-permalink").evaluate("a => getComputedStyle(a).opacity") == "0"  # until hover


def test_on_a_phone_a_tapped_term_shows_its_definition_first(open_page):
    """A tap also focuses the link; the preview of a term is immediate, so the tap must not be
    read as the second one (it followed the link to the glossary before)."""
    page = open_page("essays/pajon-2017/", PHONE, has_touch=True, is_mobile=True)
    term = page.locator("article a.xref-term").first
    term.scroll_into_view_if_needed()
    term.tap()
    page.locator(".preview").wait_for()
    assert page.locator(".preview-text").inner_text().startswith("Japan and the Soviet Union")
    assert page.url.endswith("/essays/pajon-2017/")
