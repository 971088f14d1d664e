"""The compare view (templates/assets/features/compare.js, site_builder/pages/compare.py): two passages side
by side, or a debate's positions, opened from a cross-reference panel, a debate or a search
result, at an address that reopens it, hosted and from disk; Esc closes it and the focus goes back
where it was; without JavaScript its links go to the paragraphs. In Chromium at 1366x900 and
390x844, axe-core in both colour schemes. The expected texts are the corpus's own, copied from
corpus/ and annotations/ (the first relation of annotations/relations.yaml: Streltsov 2018 ¶21
and Pajon 2017 ¶4)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import search_results, serve_folder
from site_builder import urls

DESK, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}

# The first relation of annotations/relations.yaml, as Streltsov 2018 ¶21's panel states it
REASON = (
    "Editors’ relation, agrees: Both call Japan's post-Crimea sanctions symbolic: "
    '"mostly symbolic" (Pajon), "largely symbolic" (Streltsov).'
)
STRELTSOV_21 = (
    "Moscow knows there will be no breakthrough in bilateral economic cooperation even if Japan drops out of "
    "the sanctions: in fact, the Japanese sanctions are largely symbolic, and the cause of insignificant "
    "Japanese investment in the Far East lies in the systemic problems of the Russian economy. Japan is "
    "therefore unable to replace China as an external source of development of Russia's eastern regions, and "
    "China will remain a key economic partner of Russia in the foreseeable future. The Russian foreign policy "
    "concept released in October 2016 ranks Japan as the fourth priority partner in Asia, after China, India, "
    "and Mongolia."
)
PAJON_4 = (
    "Expectations regarding Japan were initially high: Abe was keen on improving relations with Russia and "
    "imposed belated and mostly symbolic sanctions while maintaining favourable conditions for dialogue with "
    "Moscow. Moreover, Russia saw Japan as an intermediary that could help the country be reintegrated into "
    "the G7 Summit."
)
PAJON_4_NOTE = (
    "Analyst’s note: Moscow initially had high hopes of Japan: under Abe its sanctions were belated and mostly "
    "symbolic and left room for dialogue, and Russia saw Japan as an intermediary that could help it be "
    "reintegrated into the G7 summit."
)
PAIR = "essays/streltsov-2018/?compare=pajon-2017/p-4#p-21"  # Streltsov 2018 ¶21 beside Pajon 2017 ¶4
VIEW = "dialog.compare"


# --- addresses and data, in this process ----------------------------------------------------


def test_the_compare_links_and_their_addresses():
    here, other = urls.passage("streltsov-2018", 21), urls.passage("pajon-2017", 4)
    assert urls.compare_href(here, other, urls.ESSAY_PAGES) == "pajon-2017.md?compare=streltsov-2018/p-21#p-4"
    assert urls.compare_href(here, other, "themes/sanctions.md") == (
        "../essays/pajon-2017.md?compare=streltsov-2018/p-21#p-4"
    )
    debate = urls.debate("does-moscow-need-japan")
    assert urls.compare_debate_href(debate, "debates.md") == (
        "?compare=does-moscow-need-japan#debate-does-moscow-need-japan"
    )
    assert urls.compare_debate_href(debate, "analysis.md") == (
        "debates.md?compare=does-moscow-need-japan#debate-does-moscow-need-japan"
    )
    with pytest.raises(ValueError, match="passages and debates"):
        urls.compare_value(urls.theme("china"))


def _data(path: Path) -> dict:
    """The object a data script assigns (its last statement)."""
    text = path.read_text(encoding="utf-8")
    assert text.isascii()  # every character escaped: no line separator can end a string
    return json.loads(text.rsplit(" = ", 1)[1].rstrip(";\n"))


def test_the_data_of_an_essay_holds_each_paragraph_its_note_and_what_joins_it(site):
    pajon = _data(site / "assets" / "compare" / "pajon-2017.js")
    assert (pajon["label"], pajon["title"], pajon["date"], pajon["authors"]) == (
        "Pajon 2017",
        "Japan and Russia: what to expect from the Vladivostok Summit",
        "September 2017 (date inferred)",
        ["Céline Pajon"],
    )
    four = pajon["paragraphs"]["4"]
    assert four["text"] == PAJON_4
    assert four["themes"] == ["sanctions"]
    assert four["key"] == (
        "Abe was keen on improving relations with Russia and imposed belated and mostly symbolic sanctions "
        "while maintaining favourable conditions for dialogue with Moscow"
    )
    assert four["joins"]["streltsov-2018/21"] == {
        "reason": "agrees: Both call Japan's post-Crimea sanctions symbolic: "
        '"mostly symbolic" (Pajon), "largely symbolic" (Streltsov).',
        "editors": True,
        "quote": "",
    }
    # a computed join, with the sentence of the other passage that carries the shared point
    assert four["joins"]["streltsov-2018/20"] == {
        "reason": "same event: Western sanctions against Russia; Japan joins them (2014)",
        "editors": False,
        "quote": "The situation exacerbated after 2014: the trade turn over dipped because of the ruble fall, and "
        "the fact that Japan joined the sanctions became an additional impediment to investments of private "
        "Japanese businesses which lost guarantees of the Japanese banks.",
    }
    assert pajon["paragraphs"]["21"] == {
        "text": "This analysis will be developed in a forthcoming report that will be published in the coming "
        "month on Ifri’s website.",
        "no_claim": "A publication note announcing a forthcoming Ifri report; it says nothing about Russia–Japan "
        "relations.",
    }
    debates = _data(site / "assets" / "compare-debates.js")
    assert debates["how-much-did-japans-sanctions-weigh"]["verdict"] == "The authors agree."
    assert [
        (p["essay"], p["paragraph"], p["stance"]) for p in debates["how-much-did-japans-sanctions-weigh"]["positions"]
    ] == [
        ("pajon-2017", 4, "Little; they were mostly symbolic"),
        ("streltsov-2018", 21, "Little; they were mostly symbolic"),
    ]


# --- in Chromium ------------------------------------------------------------------------------


def _compare_link(page, paragraph: str, item: str):
    """The "Compare" link of the line `item` ("Pajon 2017, ¶4") in the panel after `paragraph`."""
    page.locator(f"#{paragraph} + details.xref > summary").click()
    line = page.locator(f"#{paragraph} + details.xref li", has=page.get_by_role("link", name=item, exact=True))
    return line.locator("a.xref-compare")


def _sides(page) -> list[dict]:
    page.locator(f"{VIEW} .compare-side").first.wait_for()
    return [
        {
            "label": side.locator(".compare-label").inner_text(),
            "title": side.locator(".compare-essay-title").inner_text(),
            "byline": side.locator(".compare-byline").inner_text(),
            "text": side.locator(".compare-text").inner_text(),
            "marked": side.locator(".compare-text mark").inner_text(),
            "themes": side.locator(".theme-chip").all_inner_texts(),
            "read": side.locator("a.compare-read").inner_text(),
        }
        for side in page.locator(f"{VIEW} .compare-side").all()
    ]


def _boxes(page) -> list[dict]:
    return [side.bounding_box() for side in page.locator(f"{VIEW} .compare-side").all()]


def _focused(page) -> str:
    return page.evaluate("document.activeElement.outerHTML.split('>')[0] + '>'")


def test_compare_from_a_panel_puts_both_passages_side_by_side_and_esc_goes_back(take_tab, server):
    page = take_tab(DESK)
    page.goto(f"{server}/essays/streltsov-2018/#p-21")
    link = _compare_link(page, "p-21", "Pajon 2017, ¶4")
    assert link.inner_text() == "Compare"
    assert link.get_attribute("aria-label") == "Compare Pajon 2017 ¶4 with ¶21 side by side"
    link.click()
    view = page.get_by_role("dialog", name="Streltsov 2018 ¶21 and Pajon 2017 ¶4 side by side")
    view.wait_for()
    assert page.evaluate("document.querySelector('dialog.compare').matches(':modal')")
    assert page.url == f"{server}/{PAIR}"
    assert page.locator(f"{VIEW} .compare-why").inner_text() == f"What joins them: {REASON}"
    left, right = _sides(page)
    assert left == {
        "label": "Streltsov 2018 ¶21",
        "title": "Russian-Japanese relations: Systemic crisis or new opportunities?",
        "byline": "Dmitry V. Streltsov · 2018 (date inferred)",
        "text": STRELTSOV_21,
        "marked": "the Japanese sanctions are largely symbolic, and the cause of insignificant Japanese investment "
        "in the Far East lies in the systemic problems of the Russian economy",
        "themes": ["Economic cooperation", "Sanctions", "China"],
        "read": "Read ¶21 in Streltsov 2018",
    }
    assert right == {
        "label": "Pajon 2017 ¶4",
        "title": "Japan and Russia: what to expect from the Vladivostok Summit",
        "byline": "Céline Pajon · September 2017 (date inferred)",
        "text": PAJON_4,
        "marked": "Abe was keen on improving relations with Russia and imposed belated and mostly symbolic "
        "sanctions while maintaining favourable conditions for dialogue with Moscow",
        "themes": ["Sanctions"],
        "read": "Read ¶4 in Pajon 2017",
    }
    assert page.locator(f"{VIEW} .compare-side").nth(1).locator(".compare-note").first.inner_text() == PAJON_4_NOTE
    first, second = _boxes(page)
    assert first["y"] == second["y"] and second["x"] >= first["x"] + first["width"]  # side by side
    assert _focused(page) == '<button class="compare-close" type="button">'
    page.keyboard.press("Escape")
    view.wait_for(state="hidden")
    assert page.url == f"{server}/essays/streltsov-2018/#p-21"
    page.wait_for_timeout(50)  # the browser moves the focus as it goes back; the view puts it back after
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Compare Pajon 2017 ¶4 with ¶21 side by side"
    )


def test_its_address_reopens_it_on_a_phone_one_passage_above_the_other(take_tab, server):
    page = take_tab(PHONE)
    page.goto(f"{server}/{PAIR}")
    page.get_by_role("dialog", name="Streltsov 2018 ¶21 and Pajon 2017 ¶4 side by side").wait_for()
    assert [s["label"] for s in _sides(page)] == ["Streltsov 2018 ¶21", "Pajon 2017 ¶4"]
    assert page.locator(f"{VIEW} .compare-why").inner_text() == f"What joins them: {REASON}"
    first, second = _boxes(page)
    assert second["y"] >= first["y"] + first["height"]  # stacked
    view = page.locator(VIEW).bounding_box()
    assert (view["x"], view["width"]) == (0, 390)  # the whole screen, nothing wider
    assert page.locator(VIEW).evaluate("d => d.scrollWidth <= d.clientWidth")
    # opened by its address, the view closes on the paragraph the address names
    page.get_by_role("button", name="Close").click()
    assert page.url == f"{server}/essays/streltsov-2018/#p-21"
    assert _focused(page).startswith('<p class="annotated"') and 'id="p-21"' in _focused(page)


def test_the_browser_back_closes_it_and_forward_reopens_it(take_tab, server):
    page = take_tab(DESK)
    page.goto(f"{server}/essays/streltsov-2018/#p-21")
    _compare_link(page, "p-21", "Pajon 2017, ¶4").click()
    page.locator(VIEW).wait_for()
    page.go_back()
    page.locator(VIEW).wait_for(state="hidden")
    assert page.url == f"{server}/essays/streltsov-2018/#p-21"
    page.go_forward()
    page.locator(VIEW).wait_for()
    assert [s["label"] for s in _sides(page)] == ["Streltsov 2018 ¶21", "Pajon 2017 ¶4"]


def test_each_passage_is_read_in_place_from_the_view(take_tab, server):
    page = take_tab(DESK)
    page.goto(f"{server}/{PAIR}")
    page.get_by_role("link", name="Read ¶21 in Streltsov 2018").click()  # this page's: the view closes on it
    page.locator(VIEW).wait_for(state="hidden")
    assert page.url == f"{server}/essays/streltsov-2018/#p-21"
    assert 'id="p-21"' in _focused(page)
    page.goto(f"{server}/{PAIR}")
    page.get_by_role("link", name="Read ¶4 in Pajon 2017").click()  # the other essay's page
    page.wait_for_url(f"{server}/essays/pajon-2017/#p-4")
    assert page.locator("#p-4").inner_text().startswith("Expectations regarding Japan were initially high")


def test_a_debate_opens_all_its_positions_side_by_side(take_tab, server):
    page = take_tab(DESK)
    page.goto(f"{server}/debates/")
    link = page.get_by_role("link", name="Compare the 2 positions side by side")
    assert link.get_attribute("href") == (
        "?compare=how-much-did-japans-sanctions-weigh#debate-how-much-did-japans-sanctions-weigh"
    )
    link.click()
    page.get_by_role("dialog", name="How much did Japan's sanctions against Russia weigh?").wait_for()
    assert page.url == (
        f"{server}/debates/?compare=how-much-did-japans-sanctions-weigh#debate-how-much-did-japans-sanctions-weigh"
    )
    assert (
        page.locator(f"{VIEW} .compare-why")
        .inner_text()
        .startswith(
            "The authors agree. Pajon 2017 and Streltsov 2018 agree that Japan's sanctions were mostly symbolic."
        )
    )
    sides = _sides(page)
    assert [(s["label"], s["text"]) for s in sides] == [
        ("Pajon 2017 ¶4", PAJON_4),
        ("Streltsov 2018 ¶21", STRELTSOV_21),
    ]
    stances = page.locator(f"{VIEW} .compare-stance").all_inner_texts()
    assert stances == ["Stance: Little; they were mostly symbolic"] * 2
    first, second = _boxes(page)
    assert first["y"] == second["y"] and second["x"] >= first["x"] + first["width"]
    page.keyboard.press("Escape")
    page.locator(VIEW).wait_for(state="hidden")
    page.wait_for_timeout(50)
    assert page.evaluate("document.activeElement.textContent") == "Compare the 2 positions side by side"
    # a debate of nine positions in four stances
    page.get_by_role("link", name="Compare the 9 positions side by side").click()
    page.get_by_role("dialog", name="Does Moscow need Japan?").wait_for()
    assert [s["label"] for s in _sides(page)] == [
        "Streltsov 2012 ¶3",
        "Update 2014 ¶8",
        "Shvydko 2017 ¶10",
        "Shvydko 2017 ¶11",
        "Shvydko 2017 ¶14",
        "Streltsov 2018 ¶20",
        "Streltsov 2012 ¶11",
        "Pajon 2017 ¶16",
        "Streltsov 2018 ¶19",
    ]
    assert page.locator(f"{VIEW} .compare-stance").nth(6).inner_text() == (
        "Stance 2 of 4: Yes, as an energy market and a strategic partner in Asia"
    )
    # the sentence that states the stance, where the debate names one other than the passage's own
    assert page.locator(f"{VIEW} .compare-side").nth(4).locator("mark").inner_text() == (
        "The economic interest of the Russian leadership in the steps taken by Japanese businesses to meet them "
        "halfway are also rather limited."
    )
    assert page.locator(f"{VIEW} .compare-position-note").first.inner_text() == (
        "Nuanced, not changed: Streltsov 2012 opens by finding both sides less interested in each other, and "
        "concludes (¶11) that Moscow still needs Japan and that it is not too late to foster relations."
    )
    rows = [box["y"] for box in _boxes(page)]
    assert rows[0] == rows[1] == rows[2]  # three to a row on a desk


def test_a_search_result_is_compared_with_the_paragraph_being_read(take_tab, server):
    page = take_tab(DESK)
    page.goto(f"{server}/essays/pajon-2017/#p-9")
    results = search_results(page, "Mongolia")  # a word of Streltsov 2018 ¶21 alone
    assert any(re.search(r"/essays/streltsov-2018/\?h=\w+#p-21$", href) for href in results), results
    link = page.locator("a.search-compare[data-compare='pajon-2017/p-9 streltsov-2018/p-21']")
    assert link.inner_text() == "Compare with ¶9"
    link.click()
    page.get_by_role("dialog", name="Pajon 2017 ¶9 and Streltsov 2018 ¶21 side by side").wait_for()
    assert page.url == f"{server}/essays/pajon-2017/?compare=streltsov-2018/p-21#p-9"
    assert page.locator("input[data-md-toggle=search]").is_checked() is False  # the search is closed
    # the two are joined by a relation of the editors: the view states it, as Pajon 2017 ¶9's panel does
    assert page.locator(f"{VIEW} .compare-why").inner_text() == (
        "What joins them: Editors’ relation, agrees: Both find Moscow expecting little Japanese investment: "
        "no large influx even after an islands deal (Pajon); no breakthrough even if Japan left the sanctions "
        "(Streltsov)."
    )
    assert _sides(page)[0]["marked"] == (
        "In recent years, the Russians have come to realise than an agreement over the islands would not "
        "necessarily entail a large influx of investment from Japan, whose private sector shows scant interest "
        "in the Russian market."
    )


def test_it_works_from_disk(take_tab, offline_site):
    page = take_tab(DESK)
    page.goto((offline_site / "essays" / "streltsov-2018.html").as_uri() + "#p-21")
    _compare_link(page, "p-21", "Pajon 2017, ¶4").click()
    assert [(s["label"], s["text"]) for s in _sides(page)] == [
        ("Streltsov 2018 ¶21", STRELTSOV_21),
        ("Pajon 2017 ¶4", PAJON_4),
    ]
    assert page.locator(f"{VIEW} .compare-why").inner_text() == f"What joins them: {REASON}"
    address = page.url
    assert re.fullmatch(r"file://.*/essays/streltsov-2018\.html\?compare=pajon-2017/p-4#p-21", address)
    assert (
        page.get_by_role("link", name="Read ¶4 in Pajon 2017")
        .get_attribute("href")
        .endswith("/essays/pajon-2017.html#p-4")
    )
    again = take_tab(PHONE)
    again.goto(address)
    assert [s["label"] for s in _sides(again)] == ["Streltsov 2018 ¶21", "Pajon 2017 ¶4"]
    again.get_by_role("link", name="Read ¶4 in Pajon 2017").click()
    again.wait_for_url(re.compile(r"^file://.*/essays/pajon-2017\.html#p-4$"))
    page.goto((offline_site / "debates.html").as_uri())
    page.get_by_role("link", name="Compare the 2 positions side by side").click()
    assert [s["label"] for s in _sides(page)] == ["Pajon 2017 ¶4", "Streltsov 2018 ¶21"]
    for tab_ in (page, again):
        assert all(u.startswith(("file://", "data:", "blob:", "about:")) for u in tab_.requests_seen)


def test_without_javascript_the_links_go_to_the_paragraphs(take_tab, server):
    page = take_tab(DESK, java_script_enabled=False)
    page.goto(f"{server}/essays/streltsov-2018/#p-21")
    link = _compare_link(page, "p-21", "Pajon 2017, ¶4")
    assert link.get_attribute("href") == "../pajon-2017/?compare=streltsov-2018/p-21#p-4"
    link.click()
    page.wait_for_url(f"{server}/essays/pajon-2017/?compare=streltsov-2018/p-21#p-4")
    assert page.locator("#p-4").inner_text().startswith("Expectations regarding Japan were initially high")
    assert page.locator("dialog").count() == 0
    page.goto(f"{server}/debates/")
    page.get_by_role("link", name="Compare the 2 positions side by side").click()
    page.wait_for_url(re.compile(r"#debate-how-much-did-japans-sanctions-weigh$"))
    debate = page.locator("#debate-how-much-did-japans-sanctions-weigh")
    assert debate.inner_text().startswith("How much did Japan's sanctions against Russia weigh?")


def test_a_script_in_a_note_or_a_reason_shows_as_text(take_tab, hostile_project):
    """test_crossrefs.py plants a script in the note of Pajon ¶19 and in the first relation's reason."""
    httpd = serve_folder(hostile_project / "site")
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        page = take_tab(DESK)
        page.goto(f"{base}/{PAIR}")
        page.locator(f"{VIEW} .compare-side").first.wait_for()
        assert "<script>window.__xss = 1</script>" in page.locator(f"{VIEW} .compare-why").inner_text()
        page.goto(f"{base}/essays/pajon-2017/?compare=streltsov-2018/p-43#p-19")
        page.locator(f"{VIEW} .compare-side").first.wait_for()
        note = page.locator(f"{VIEW} .compare-side").first.locator(".compare-note").first.inner_text()
        assert note.startswith("Analyst’s note: <script>window.__xss = 1</script><img src=x")
        assert page.evaluate("window.__xss") is None
        assert page.locator(f"{VIEW} script, {VIEW} img").count() == 0
    finally:
        httpd.shutdown()


AXE = Path(__file__).resolve().parent.parent / ".test-tools" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "address",
    [PAIR, "debates/?compare=does-moscow-need-japan#debate-does-moscow-need-japan"],
    ids=["two passages", "a debate"],
)
def test_the_view_is_a_dialog_axe_finds_no_serious_violation_in(tabs, server, address, scheme):
    assert AXE.is_file(), "axe-core is missing: run `make test`, which installs it with npm"
    page = tabs.take(DESK, init_script=AXE.read_text(encoding="utf-8"))
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{server}/{address}")
    page.locator(f"{VIEW} .compare-side").first.wait_for()
    assert page.locator("body").get_attribute("data-md-color-scheme") == {"light": "default", "dark": "slate"}[scheme]
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    tabs.give_back(page)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []
