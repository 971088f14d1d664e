"""What a paragraph's panel says of the other essays when the corpus outgrows it.

The corpus here is the five essays and seven synthetic copies (benchmarks/synthetic.py, the
layout test's twelve essays). A panel names at most four other essays under "More in …" (the
most passages on the paragraph's themes, then the nearest in date) and counts the rest in a link
to the theme page. The expected lines were checked by counting each essay's passages on the
theme in the synthetic project's annotations/passages/*.yaml:

Territorial issue: Streltsov 2014 (syn-00005, 2014-05-19) 17, Streltsov 2018 17, Update 2014
(2014-04) 7, Update 2015 (syn-00002, 2015-01-27) 7, Update 2018 (syn-00007, 2018-06-19) 7,
Streltsov 2012, Streltsov 2013 (syn-00001), Streltsov 2017 (syn-00006) 5 each, Shvydko 2017 and
Shvydko 2016 (syn-00003) 2 each; Pajon 2016 (syn-00004) is in Pajon 2017 ¶7's panel.
Sanctions: Streltsov 2014 7, Update 2015 4, Update 2018 4, Pajon 2016 3, Shvydko 2016 2;
Update 2014, Shvydko 2017 and Streltsov 2018 are in Pajon 2017 ¶3's panel.
"""

from __future__ import annotations

import importlib.util

import pytest
from test_layout import twelve_essays_server  # noqa: F401  (the fixture: the same build, made once)

from conftest import ROOT

DESK = {"width": 1366, "height": 900}


def _panel_lines(tab, number: int) -> list[str]:
    panel = tab.locator(f"#p-{number} + details.xref")
    panel.locator("summary").click()
    lines = panel.locator("li:has(a.xref-more)")
    return [" ".join(lines.nth(i).inner_text().split()) for i in range(lines.count())]


@pytest.mark.parametrize(
    "number, expected",
    [
        (
            7,  # Territorial issue: the two with 17 passages, then two of the three with 7, the nearest in date
            [
                "More in Streltsov 2014 on Territorial issue (17 passages)",
                "More in Update 2015 on Territorial issue (7 passages)",
                "More in Streltsov 2018 on Territorial issue (17 passages)",
                "More in Update 2018 on Territorial issue (7 passages)",
                "6 more essays on Territorial issue",
            ],
        ),
        (
            3,  # Sanctions: 7, 4, 4 and 3 passages named; Shvydko 2016's 2 counted
            [
                "More in Streltsov 2014 on Sanctions (7 passages)",
                "More in Update 2015 on Sanctions (4 passages)",
                "More in Pajon 2016 on Sanctions (3 passages)",
                "More in Update 2018 on Sanctions (4 passages)",
                "1 more essay on Sanctions",
            ],
        ),
    ],
)
def test_a_panel_names_four_other_essays_and_counts_the_rest(tabs, twelve_essays_server, number, expected):  # noqa: F811
    tab = tabs.take(DESK)
    try:
        tab.goto(f"{twelve_essays_server}/essays/pajon-2017/")
        assert _panel_lines(tab, number) == expected
    finally:
        tabs.give_back(tab)


def test_the_count_of_the_rest_leads_to_the_theme_page_that_lists_every_essay(tabs, twelve_essays_server):  # noqa: F811
    tab = tabs.take(DESK)
    try:
        tab.goto(f"{twelve_essays_server}/essays/pajon-2017/")
        _panel_lines(tab, 7)
        link = tab.locator("#p-7 + details.xref a", has_text="6 more essays on Territorial issue")
        assert link.get_attribute("href") == "../../themes/territorial-issue/"
        link.click()
        tab.wait_for_url(f"{twelve_essays_server}/themes/territorial-issue/")
        # every essay has passages on the theme, each under its own heading
        assert tab.get_by_text("annotated passages in 12 of 12 essays").count() == 1
        headings = tab.locator("h3[id]")
        assert headings.count() == 12
        assert headings.nth(0).get_attribute("id") == "streltsov-2012"
    finally:
        tabs.give_back(tab)


def _synthetic():
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "benchmarks" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_five_essays_panels_name_every_other_essay(tmp_path):
    """With five essays no panel needs the count: Pajon 2017 ¶19 names the three essays it does
    not show (as test_crossrefs reads it) and no "more essays" link."""
    from site_builder.outputs.site_files import generate

    root = _synthetic().make_project(5, tmp_path / "p")
    generate(root, root / "build" / "docs")
    page = (root / "build" / "docs" / "essays" / "pajon-2017.md").read_text(encoding="utf-8")
    assert page.count("{: .xref-more }") > 0
    assert "more essay" not in page
