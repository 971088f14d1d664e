"""The reader's desk, in Chromium at 1366x900 and 390x844: the way in (where to start, each essay's
argument in a line, on the home page and the essays page) and the small things that were in the
reader's way: code and citations at 15 px, the whole citation of a paragraph, the back-to-top
button off the text, the panels' entry plain to see, column headers apart, previews that end at a
word, a quotation within a quotation in single quotes, the search's matched words readable in the
dark scheme. The styles are in templates/assets/site.css (the reader's desk); docs/reading.md says what each is for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT
from site_builder.pages.views import essay_line, way_in
from site_builder.pages.words import quoted
from site_builder.sources.validate import load_corpus

DESK, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
SCREENS = {"desk": DESK, "phone": PHONE}


# --- the way in ----------------------------------------------------------------------------

STREL_2012 = (
    "Written after Russia asked to cancel Prime Minister Noda's planned visit to Moscow, the essay argues that "
    "both countries have lost interest in each other: Japan wants movement on the territorial issue, Russia "
    "wants trust and economic ties first, and Japan's disputes with China and South Korea shape its interest in "
    "Moscow."
)
UPDATE_2014 = (
    "An April 2014 update on the prospects of a Japan-Russia territorial deal: the hopes of early 2014 (Abe and "
    'Putin at Sochi, a possible compromise on two islands "plus alpha") and the setback of March 2014, when '
    "Russia annexed Crimea and Japan joined the G7 in suspending Russia from the G8."
)
SHVYDKO_2017 = (
    "The asymmetry of the views and interests of the two sides with respect to a dialogue at the highest level "
    "significantly limits both the opportunities and the visible effects of that dialogue. As we move deeper "
    "into the drawn-out Russia–Japan dialogue, expectations as to what can actually be achieved have "
    "inevitably dwindled."
)
PAJON_2017 = (
    'After the December 2016 summit, Japan and Russia gave up on a quick peace treaty for a "new approach" of '
    "gradual, pragmatic cooperation, above all joint economic activity on the Southern Kurils; Pajon weighs "
    "sanctions, Russia's dependence on China, security concerns and the weak prospects of the eight-point plan."
)
STREL_2018 = (  # the first of the four paragraphs of the author's abstract
    'Since 2014, the Kremlin treated Japan as a tool to undermine the unity of the "anti-Russian front" formed '
    "in the West. However, after 2016, this idea has lost relevance. A new understanding came that special "
    "relations with Japan front will not undermine the unity of the West, and Japan will not unilaterally "
    "withdraw from sanctions."
)
LINES = [
    ("Streltsov 2012", "Japan: Where Is the Dialogue with Russia Headed?", STREL_2012, "editors’ summary"),
    ("Update 2014", "Update on Japan-Russia Relations", UPDATE_2014, "editors’ summary"),
    (
        "Shvydko 2017",
        "Russia–Japan Political Dialogue at the Highest Level: Opportunities and Perspectives",
        SHVYDKO_2017,
        "author’s abstract",
    ),
    ("Pajon 2017", "Japan and Russia: what to expect from the Vladivostok Summit", PAJON_2017, "editors’ summary"),
    (
        "Streltsov 2018",
        "Russian-Japanese relations: Systemic crisis or new opportunities?",
        STREL_2018,
        "author’s abstract, first paragraph",
    ),
]


def _texts(locator) -> list[str]:
    return [" ".join(t.split()) for t in locator.all_inner_texts()]


def test_the_home_page_gives_each_essay_its_argument_in_a_line(open_page):
    page = open_page("")
    # each essay once, in the essays table: its title, and under it what it argues
    rows = page.locator("table.home-essays tbody tr")
    assert _texts(rows.locator(".essay-argument")) == [f"{line} ({source})" for _, _, line, source in LINES]
    assert _texts(rows.locator("td.reflow-head > a")) == [title for _, title, _, _ in LINES]
    assert [a.get_attribute("href") for a in rows.locator("td.reflow-head > a").all()] == [
        "essays/streltsov-2012/",
        "essays/update-2014/",
        "essays/shvydko-2017/",
        "essays/pajon-2017/",
        "essays/streltsov-2018/",
    ]
    # and nowhere else on the page: the essays are not listed twice
    assert page.locator("article a[href='essays/pajon-2017/']").count() == 1


def test_the_home_page_says_where_to_start_on_the_first_screen(open_page):
    page = open_page("", PHONE)
    steps = page.locator(".way-in h2#start-here + ol > li")
    assert _texts(steps) == [
        "The newest essay: Russian-Japanese relations: Systemic crisis or new opportunities?, by Dmitry V. "
        "Streltsov, 2018 (inferred).",
        "Where the authors disagree: 16 questions, each with the essays’ positions side by side. Those that the "
        "most essays answer differently:\n"
        "Does Moscow need Japan? (5 essays)\n"
        "Is a territorial settlement within reach? (5 essays)\n"
        "Could Japan break the West's unity over sanctions? (4 essays)".replace("\n", " "),
        "The timeline: 59 events, 1945–2018, on one axis with the essays.",
    ]
    assert [a.get_attribute("href") for a in steps.locator("a").all()] == [
        "essays/streltsov-2018/",
        "debates/",
        "debates/#debate-does-moscow-need-japan",
        "debates/#debate-is-a-territorial-settlement-in-reach",
        "debates/#debate-japan-and-western-unity",
        "timeline/",
    ]
    # on a phone, "Start here" and its first step are on the first screen
    first_step = steps.first.bounding_box()
    assert first_step is not None and first_step["y"] + first_step["height"] < PHONE["height"], first_step
    steps.locator("a", has_text="Does Moscow need Japan?").click()
    page.wait_for_url(re.compile(r"/debates/#debate-does-moscow-need-japan$"))
    assert page.locator("#debate-does-moscow-need-japan").inner_text().startswith("Does Moscow need Japan?")


def test_the_essays_page_gives_each_essay_its_line(open_page):
    page = open_page("essays/", PHONE)
    assert _texts(page.locator("article p.essay-line")) == [f"{line} ({source})" for _, _, line, source in LINES]


def test_the_way_in_is_taken_from_the_data():
    corpus = load_corpus(ROOT)
    w = way_in(corpus)
    assert w.newest.id == "streltsov-2018"
    assert [(d.id, n) for d, n in w.main_debates] == [
        ("does-moscow-need-japan", 5),
        ("is-a-territorial-settlement-in-reach", 5),
        ("japan-and-western-unity", 4),
    ]
    lines = {e.id: essay_line(e) for e in corpus.essays}
    assert (lines["streltsov-2018"].text, lines["streltsov-2018"].source) == (
        STREL_2018,
        "author’s abstract, first paragraph",
    )
    assert (lines["pajon-2017"].text, lines["pajon-2017"].source) == (PAJON_2017, "editors’ summary")


# --- code and citations ----------------------------------------------------------------------


@pytest.mark.parametrize("screen", SCREENS)
def test_citations_and_code_are_set_at_15_px_and_wrap(open_page, screen):
    page = open_page("essays/streltsov-2018/", SCREENS[screen])
    cite = page.locator("article details", has_text="Cite this essay")
    cite.locator("summary").click()
    blocks = cite.locator("pre > code")
    assert blocks.count() == 2  # BibTeX and CSL-JSON
    for block in blocks.all():
        assert block.evaluate("c => getComputedStyle(c).fontSize") == "15px"
        # the whole entry in sight: no inner scroll, no wider than the screen
        assert block.evaluate("c => c.scrollWidth <= c.clientWidth"), screen
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert page.locator("#p-1").evaluate("p => getComputedStyle(p).fontSize") == "18px"  # the text, for scale
    page.goto(page.url.replace("essays/streltsov-2018/", "data/"))
    code = page.locator("article td code").first
    assert code.inner_text() == "linking"
    assert code.evaluate("c => getComputedStyle(c).fontSize") == "15px"  # Material's: 10.88 px in a table


@pytest.mark.parametrize("screen", SCREENS)
def test_cite_this_paragraph_shows_the_whole_citation(open_page, server, screen):
    page = open_page("essays/streltsov-2018/", SCREENS[screen])
    page.locator("#p-3 a.p-permalink").click()
    box = page.locator(".cite-box")
    box.wait_for()
    area = box.locator("textarea")
    assert area.input_value() == (
        "Streltsov, Dmitry V. “Russian-Japanese relations: Systemic crisis or new opportunities?” "
        "[venue not stated], 2018 (date inferred). Original edition: Kontrapunkt. 2017, № 3. Pp. 70–85. "
        f"¶3. {server}/essays/streltsov-2018/#p-3"
    )
    assert area.evaluate("a => getComputedStyle(a).fontSize") == "15px"
    # every line of it in the box: nothing scrolled out of sight, sideways or down
    assert area.evaluate("a => [a.scrollHeight <= a.clientHeight, a.scrollWidth <= a.clientWidth]") == [True, True]
    shown = box.bounding_box()
    assert shown is not None and shown["x"] >= 0 and shown["x"] + shown["width"] <= SCREENS[screen]["width"]


# --- back to top ------------------------------------------------------------------------------


@pytest.mark.parametrize("screen", SCREENS)
def test_back_to_top_sits_in_the_header_and_covers_no_text(open_page, screen):
    page = open_page("essays/streltsov-2018/", SCREENS[screen])
    page.mouse.move(200, 400)
    page.mouse.wheel(0, 4000)
    page.wait_for_timeout(200)
    page.mouse.wheel(0, -300)  # Material shows it as the reader scrolls up
    button = page.get_by_role("button", name="Back to top")
    page.locator(".md-top:not([hidden])").wait_for()
    page.wait_for_timeout(200)  # its transition
    shown, header = button.bounding_box(), page.locator(".md-header").bounding_box()
    title = page.locator(".md-header__title").bounding_box()
    assert shown is not None and header is not None and title is not None
    assert header["y"] <= shown["y"] and shown["y"] + shown["height"] <= header["y"] + header["height"], (shown, header)
    assert shown["x"] + shown["width"] <= title["x"], (shown, title)  # the page's title moved right for it
    if screen == "desk":
        assert button.inner_text().strip() == "Back to top"
    button.click()
    page.wait_for_function("() => window.scrollY === 0")


# --- the panels' entry ------------------------------------------------------------------------

_COLOURS = """el => {
  const rgba = c => { const v = c.match(/[\\d.]+/g).map(Number); return v.length === 3 ? [...v, 1] : v; };
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const b = rgba(getComputedStyle(e).backgroundColor);
    if (b[3] > 0) layers.push(b);
    if (b[3] === 1) break;
  }
  let bg = [255, 255, 255];
  for (const l of layers.reverse()) bg = bg.map((c, i) => c * (1 - l[3]) + l[i] * l[3]);
  const f = rgba(getComputedStyle(el).color);
  return [f.slice(0, 3).map((c, i) => c * f[3] + bg[i] * (1 - f[3])), bg];
}"""


def contrast(colours: list) -> float:
    """WCAG 2 contrast ratio of [foreground, background], each [r, g, b] as the browser computed them."""

    def luminance(rgb: list) -> float:
        linear = [(v / 255 / 12.92) if v / 255 <= 0.03928 else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(c) for c in colours), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme, colour", [("light", "rgb(64, 81, 181)"), ("dark", "rgb(84, 136, 232)")])
def test_the_panels_entry_is_plain_to_see(open_page, scheme, colour):
    page = open_page("essays/pajon-2017/", DESK, scheme)
    summary = page.locator("#p-4 + details.xref > summary")
    assert summary.inner_text() == "Sanctions: what the other authors say (6)"
    style = summary.evaluate(
        "s => { const c = getComputedStyle(s), a = getComputedStyle(s, '::after');"
        " return [c.fontSize, c.fontStyle, c.fontWeight, c.color, a.display]; }"
    )
    assert style == ["15px", "normal", "600", colour, "block"]  # was 14.4 px, italic, grey, no chevron
    assert contrast(summary.evaluate(_COLOURS)) >= 4.5


# --- column headers ---------------------------------------------------------------------------


def test_the_column_headers_of_the_home_matrix_stand_apart(open_page):
    page = open_page("", DESK)
    gaps = page.locator("table.matrix thead").evaluate(
        """head => { const out = []; let before = null;
          for (const th of head.querySelectorAll('th')) {
            const r = document.createRange(); r.selectNodeContents(th);
            const boxes = [...r.getClientRects()];
            if (before !== null) out.push(Math.min(...boxes.map(b => b.left)) - before);
            before = Math.max(...boxes.map(b => b.right));
          }
          return out; }"""
    )
    # between "Streltsov 2012", "Update 2014", "Shvydko 2017", "Pajon 2017", "Streltsov 2018": 2 px before
    assert len(gaps) == 5 and min(gaps) >= 12, gaps


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


# --- the search's matched words in the dark scheme --------------------------------------------


def test_the_searchs_matched_words_are_readable_in_the_dark_scheme(open_page):
    page = open_page("essays/pajon-2017/", DESK, "dark")
    page.locator(".md-search__input").fill("sanctions")
    mark = page.locator(".md-search-result mark").first
    mark.wait_for()
    assert mark.evaluate("m => getComputedStyle(m).color") == "rgb(170, 180, 247)"
    assert contrast(mark.evaluate(_COLOURS)) >= 4.5  # Material's: 3.8
    page.keyboard.press("ArrowDown")  # the first result chosen: a lighter background
    chosen = page.locator(".md-search-result__link:focus mark").first
    chosen.wait_for()
    assert contrast(chosen.evaluate(_COLOURS)) >= 4.5
