"""Layouts that show everything, in Chromium on a desk (1366x900) and on a phone (390x844):
no table or figure scrolls inside itself and every cell of every column is on the screen; an
essay's ¶1 starts on the first screen; the timeline's dots follow its filters exactly, re-stack,
and lead to a paragraph in one step; on a phone the timeline opens on the years of its events.
The counts and addresses below were read from annotations/events.yaml and the essays' text."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from conftest import ROOT, built_once, run_builder, serve_folder

DESK, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
SCREENS = {"desk": DESK, "phone": PHONE}

# Every table and figure of the page, with the boxes around them up to the article: none may be
# wider inside than it shows (an inner scroll, or a cut), and every cell of the tables' bodies, and
# every figure's drawing, lies on the screen. The timeline's overview is the one figure that
# scrolls, on a phone, by design (test_the_timeline_on_a_phone_opens_on_the_years_of_its_events).
HIDDEN_PARTS = """() => {
  const out = [], width = document.documentElement.clientWidth;
  const name = el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  for (const box of document.querySelectorAll('article table, article figure')) {
    if (box.closest('.tl-axis-wrap')) continue;
    for (let el = box; el && el.tagName !== 'ARTICLE'; el = el.parentElement) {
      if (el.scrollWidth > el.clientWidth + 1) out.push(['inner scroll', name(el), el.scrollWidth, el.clientWidth]);
    }
  }
  const outside = (el, what) => {
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    if (s.display === 'none' || s.visibility !== 'visible' || r.width === 0 || r.height === 0) out.push([what + ' not shown', el.textContent.trim().slice(0, 30)]);
    else if (r.left < -0.5 || r.right > width + 0.5) out.push([what + ' off the screen', el.textContent.trim().slice(0, 30), Math.round(r.left), Math.round(r.right)]);
  };
  for (const table of document.querySelectorAll('article table')) {
    const columns = table.querySelectorAll('thead th').length;
    for (const row of table.querySelectorAll('tbody tr')) {
      if (row.children.length !== columns) out.push(['row of ' + row.children.length + ' cells under ' + columns + ' columns', row.textContent.trim().slice(0, 30)]);
      for (const cell of row.children) outside(cell, 'cell');
    }
    if (table.caption) outside(table.caption, 'caption');
    if (table.caption && table.caption.scrollWidth > table.caption.clientWidth + 1) out.push(['caption cut', table.caption.textContent]);
  }
  for (const svg of document.querySelectorAll('article figure svg')) {
    if (!svg.closest('.tl-axis-wrap')) outside(svg, 'figure');
  }
  return out;
}"""

LAYOUT_PAGES = ["", "analysis/", "timeline/", "essays/streltsov-2018/", "essays/pajon-2017/", "rights/"]


def _open(tabs, server, url: str, viewport: dict):
    tab = tabs.take(viewport)
    tab.goto(f"{server}/{url}")
    tab.wait_for_load_state("load")
    return tab


@pytest.mark.parametrize("url", LAYOUT_PAGES)
def test_no_table_or_figure_hides_a_column(tabs, server, url):
    """On a desk, then on a phone: the same tab, narrowed (the layout follows the width in CSS)."""
    tab = _open(tabs, server, url, DESK)
    try:
        for screen, viewport in SCREENS.items():
            tab.set_viewport_size(viewport)
            assert tab.evaluate(HIDDEN_PARTS) == [], screen
    finally:
        tabs.give_back(tab)


@pytest.mark.parametrize("width", [360, 600, 768, 1024])
def test_the_analysis_and_the_home_page_fit_every_width(tabs, server, width):
    """From 360 px up: the evolution figure's panels and the tables reflow, none scrolls."""
    tab = _open(tabs, server, "analysis/", {"width": width, "height": 900})
    try:
        assert tab.evaluate(HIDDEN_PARTS) == []
        tab.goto(f"{server}/")
        assert tab.evaluate(HIDDEN_PARTS) == []
    finally:
        tabs.give_back(tab)


CELL_NAMES = "row => [...row.children].map(c => getComputedStyle(c, '::before').content + c.textContent.trim())"
TOP_TO_BOTTOM = "row => [...row.children].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).map(c => c.textContent.trim())"


def test_on_a_phone_a_table_is_a_card_per_row_with_its_column_names(tabs, server):
    tab = _open(tabs, server, "", PHONE)
    try:
        card = tab.locator("table.home-essays tbody tr").nth(4)
        cells = card.evaluate(CELL_NAMES)
        assert cells[:2] == ['"Date: "2018 (inferred)', '"Author: "Dmitry V. Streltsov']
        assert cells[2].startswith("noneRussian-Japanese relations: Systemic crisis or new opportunities?Since 2014,")
        assert cells[3] == '"Passages: "44'
        assert card.evaluate(TOP_TO_BOTTOM)[0].startswith(
            "Russian-Japanese relations: Systemic crisis or new opportunities?Since 2014,"
        )
        # the names are read out too, and the cells stay cells
        assert 'cell "Date: 2018 (inferred)"' in card.aria_snapshot()
        tile = tab.locator("table.home-themes tbody tr").first.locator("td").nth(4)
        assert tile.evaluate("td => getComputedStyle(td, '::before').content") == '"Streltsov 2018"'
        assert tile.inner_text() == "17"
        assert header_height(tab, "home-essays") <= 1
        tab.set_viewport_size(DESK)  # a table again, its header on top
        assert header_height(tab, "home-essays") > 20
        assert card.evaluate(CELL_NAMES)[0] == "none2018 (inferred)"
        assert card.evaluate(TOP_TO_BOTTOM)[0] == "2018 (inferred)"
    finally:
        tabs.give_back(tab)


def test_the_evolution_figure_is_a_panel_per_theme(tabs, server):
    tab = _open(tabs, server, "analysis/", PHONE)
    try:
        panels = tab.locator("figure.an-figure svg.an-evolution")
        assert panels.count() == 6
        boxes = [panels.nth(i).bounding_box() for i in range(6)]
        assert len({round(b["x"]) for b in boxes}) == 1  # one under the other on a phone
        tab.set_viewport_size(DESK)
        boxes = [panels.nth(i).bounding_box() for i in range(6)]
        assert len({round(b["x"]) for b in boxes}) == 2  # two abreast on a desk
        bar = tab.locator('svg.an-evolution a[aria-label="39%: Territorial issue in Streltsov 2018, 17 passages"]')
        assert bar.get_attribute("href") == "../themes/territorial-issue/#streltsov-2018"
        assert bar.is_visible()
    finally:
        tabs.give_back(tab)


@pytest.fixture(scope="module")
def twelve_essays_server(tmp_path_factory):
    """The corpus with seven synthetic essays more (benchmarks/synthetic.py): twelve columns,
    more than a desk's column holds abreast."""

    def make(folder: Path) -> None:
        spec = importlib.util.spec_from_file_location("synthetic", ROOT / "benchmarks" / "synthetic.py")
        synthetic = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(synthetic)
        root = synthetic.make_project(12, folder / "p")
        result = run_builder(root, "build")
        assert result.returncode == 0, result.stderr

    httpd = serve_folder(built_once(tmp_path_factory, "twelve-essays", make) / "p" / "site")
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def header_height(tab, table: str) -> float:
    return tab.locator(f"table.{table} thead").bounding_box()["height"]


def test_with_twelve_essays_the_tables_are_cards_on_a_desk_too(tabs, twelve_essays_server):
    """Twelve columns of counts do not fit a desk's text column: the matrices are cards there too,
    and the evolution figure grows downwards, a row per essay in each theme's panel."""
    tab = _open(tabs, twelve_essays_server, "", DESK)
    try:
        assert tab.evaluate(HIDDEN_PARTS) == []
        assert header_height(tab, "home-themes") <= 1  # cards: the column names are in the cells
        tab.goto(f"{twelve_essays_server}/analysis/")
        assert tab.evaluate(HIDDEN_PARTS) == []
        for table in ("an-shares", "an-cooc", "an-entities"):
            assert (header_height(tab, table) > 1) is (table == "an-cooc"), table  # six themes fit abreast
        assert tab.locator("svg.an-evolution").first.locator(".an-axis-label").count() == 12
    finally:
        tabs.give_back(tab)


ESSAYS = ["streltsov-2012", "update-2014", "shvydko-2017", "pajon-2017", "streltsov-2018"]


@pytest.mark.parametrize("screen", SCREENS)
def test_each_essay_starts_on_the_first_screen(tabs, server, screen):
    """Its ¶1 begins on the first screen with two lines of it in view, under a compact header
    whose boxes (abstract, theme map, edition, citation) are closed."""
    viewport = SCREENS[screen]
    tab = _open(tabs, server, f"essays/{ESSAYS[0]}/", viewport)
    try:
        for essay in ESSAYS:
            if essay != ESSAYS[0]:
                tab.goto(f"{server}/essays/{essay}/")
            first = tab.locator("#p-1")
            top = first.evaluate("p => p.getBoundingClientRect().top")
            line = first.evaluate("p => parseFloat(getComputedStyle(p).lineHeight)")
            assert top + 2 * line <= viewport["height"], (essay, top)
            assert tab.locator(".essay-front details[open]").count() == 0, essay
            assert not tab.locator("nav.an-strip").is_visible(), essay
    finally:
        tabs.give_back(tab)


# Every layout shift from the page's first frame on, with what moved (the browser's own record,
# the Layout Instability API; none of them after an input here).
RECORD_SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) for (const s of e.sources || [])
  window.__shifts.push(s.node && s.node.nodeType === 1 ? (s.node.id || s.node.className) : '');
}).observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.parametrize("screen", SCREENS)
def test_nothing_moves_the_text_as_an_essay_opens(tabs, server, screen):
    """¶1, the header's boxes and the heading after ¶1 stay where they were first drawn while the
    reader's script comes in (the switch between the edition and the clean text among it)."""
    tab = tabs.take(SCREENS[screen], init_script=RECORD_SHIFTS)
    try:
        tab.goto(f"{server}/essays/streltsov-2018/")
        tab.get_by_role("button", name="Clean text").wait_for()
        tab.wait_for_timeout(300)
        moved = tab.evaluate("() => window.__shifts")
    finally:
        tabs.give_back(tab)
    # the header's scheme toggle steps aside once the theme's search box is drawn: nothing else
    assert [m for m in moved if m != "md-header__option"] == []


def test_the_compare_view_opened_from_its_address_does_not_move(tabs, server):
    tab = tabs.take(DESK, init_script=RECORD_SHIFTS)
    try:
        tab.goto(f"{server}/essays/streltsov-2012/?compare=streltsov-2018/p-5#p-6")
        tab.locator("dialog.compare .compare-side").first.wait_for()
        tab.wait_for_timeout(300)
        moved = tab.evaluate("() => window.__shifts")
    finally:
        tabs.give_back(tab)
    assert [m for m in moved if "compare" in m] == []


def test_the_theme_map_opens_from_its_button(tabs, server):
    tab = _open(tabs, server, "essays/streltsov-2018/", PHONE)
    try:
        summary = tab.locator("details.essay-map > summary")
        assert summary.inner_text() == "Theme map: 44 annotated paragraphs"
        summary.click()
        assert tab.locator("nav.an-strip a.an-mark").first.is_visible()
        assert tab.locator("nav.an-strip a.an-mark").count() == 44
    finally:
        tabs.give_back(tab)


# --- the timeline -----------------------------------------------------------------------------

# From annotations/events.yaml: 59 events; Shvydko 2017 names 8 of them, 12 carry China, and of
# Shvydko's 8, 3 carry Sanctions.
FILTERS = [
    ("", 59, 5),
    ("?essay=shvydko-2017", 8, 1),
    ("?theme=china", 12, 5),
    ("?essay=shvydko-2017&theme=sanctions", 3, 1),
]

DOTS_SHOWN = "() => [...document.querySelectorAll('.tl-axis a.tl-dot')].filter(d => getComputedStyle(d).display !== 'none').length"
MARKS_SHOWN = (
    "() => [...document.querySelectorAll('.tl-axis .tl-essay-mark')].filter(d => d.getClientRects().length).length"
)
# the dots shown, column by column, from the axis up: the heights each column's dots take
STACKS = """() => {
  const columns = {};
  for (const d of document.querySelectorAll('.tl-axis a.tl-dot:not(.tl-off)'))
    (columns[d.dataset.slot] = columns[d.dataset.slot] || []).push(+d.querySelector('circle').getAttribute('cy'));
  return Object.values(columns).map(ys => ys.sort((a, b) => b - a));
}"""


@pytest.mark.parametrize("query, events, essays", FILTERS, ids=["all", "one essay", "one theme", "both"])
def test_the_timeline_dots_are_the_events_listed(tabs, server, query, events, essays):
    tab = _open(tabs, server, f"timeline/{query}", DESK)
    try:
        tab.locator("#tl-count").filter(has_text="Showing").wait_for()
        assert tab.locator("#tl-count").inner_text() == f"Showing {events} of 59 events."
        assert tab.locator(".tl-event:visible").count() == events
        assert tab.evaluate(DOTS_SHOWN) == events
        assert tab.evaluate(MARKS_SHOWN) == essays  # the essays' diamonds follow the essay filter
        for heights in tab.evaluate(STACKS):  # no dot floats over an empty place
            assert heights == [51, 42, 33, 24, 15, 8, 8, 8][: len(heights)], heights
    finally:
        tabs.give_back(tab)


def test_a_filter_restacks_the_dots_that_remain(tabs, server):
    """Xi Jinping does not visit Vladivostok (September 2017, China) is the 7th dot of its column;
    with China chosen it is the only one there, on the axis."""
    tab = _open(tabs, server, "timeline/", DESK)
    try:
        xi = tab.locator('.tl-axis a.tl-dot[data-event="xi-skips-vladivostok-2017"] circle')
        assert xi.get_attribute("cy") == "8"
        tab.get_by_role("checkbox", name="China").check()
        tab.wait_for_url(re.compile(r"\?theme=china$"))
        assert xi.get_attribute("cy") == "51"
        tab.get_by_role("button", name="Show all").click()
        assert xi.get_attribute("cy") == "8"
    finally:
        tabs.give_back(tab)


def test_a_dot_leads_to_the_paragraph_that_names_its_event(tabs, server):
    """Noda's cancelled visit (8 November 2012) is named in Streltsov 2012 ¶1; the Soviet
    takeover of the islands (1945) in Shvydko 2017 ¶2 and Streltsov 2018 ¶5: its dot goes to the
    first, or to the chosen essay's paragraph."""
    tab = _open(tabs, server, "timeline/", DESK)
    try:
        noda = tab.locator('.tl-axis a.tl-dot[data-event="noda-visit-cancelled-2012"]:not(.tl-off)')
        assert noda.get_attribute("href") == "../essays/streltsov-2012/#p-1"
        takeover = tab.locator('.tl-axis a.tl-dot[data-event="soviet-takeover-of-islands-1945"]:not(.tl-off)')
        assert takeover.get_attribute("href") == "../essays/shvydko-2017/#p-2"
        takeover.focus()  # the site's preview of the paragraph
        tab.locator(".preview").wait_for()
        assert tab.locator(".preview-head").inner_text() == "Shvydko 2017 ¶2 — 17 May 2017"
        tab.get_by_role("checkbox", name="Streltsov 2018").check()
        assert takeover.get_attribute("href") == "../essays/streltsov-2018/#p-5"
        takeover.locator("circle").click()  # the dot itself
        tab.wait_for_url(re.compile(r"/essays/streltsov-2018/#p-5$"))
    finally:
        tabs.give_back(tab)


def test_the_timeline_on_a_phone_opens_on_the_years_of_its_events(tabs, server):
    """The busiest stretch of the overview (2013-2018 on this corpus) is in view, the button
    above it names the years to its left, and the filters leave the overview on the first screen."""
    tab = _open(tabs, server, "timeline/", PHONE)
    try:
        earlier = tab.get_by_role("button", name="‹ Earlier: 1945–2012")
        earlier.wait_for()
        box = tab.locator("figure.tl-axis").bounding_box()
        for year in ("2013", "2018"):
            label = tab.locator(f'.tl-year-label[data-year="{year}"]').bounding_box()
            assert box["x"] <= label["x"] and label["x"] + label["width"] <= box["x"] + box["width"], year
        label = tab.locator('.tl-year-label[data-year="1990"]').bounding_box()
        assert label["x"] + label["width"] <= box["x"]  # off to the left
        assert box["y"] + box["height"] <= PHONE["height"]  # the whole overview on the first screen
        assert not tab.get_by_role("button", name=re.compile("^Later")).is_visible()
        earlier.click()
        tab.get_by_role("button", name=re.compile("^Later: ")).wait_for()
        tab.set_viewport_size(DESK)  # the whole axis fits: no button
        tab.wait_for_timeout(100)
        assert not tab.locator(".tl-axis-nav").is_visible()
    finally:
        tabs.give_back(tab)
