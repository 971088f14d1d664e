"""axe-core (npm, installed by `make test` into .test-tools/) in Chromium on every kind of page, in the
light and the dark scheme: no serious or critical violation. Keyboard: the timeline filters and
cross-reference panels work."""

from __future__ import annotations

import pytest

from conftest import ROOT, show_all

AXE = ROOT / ".test-tools" / "node_modules" / "axe-core" / "axe.min.js"
# One page of each kind. The essays share one template; the longest, Streltsov 2018, has every
# element the others have and headings besides (an essay with no named author, Update 2014, was
# here too: its byline differs in words only).
PAGES = [
    "",
    "essays/",
    "essays/streltsov-2018/",
    "themes/sanctions/",
    "timeline/",
    "entities/",
    "glossary/",
    "analysis/",
    "data/",
    "rights/",
    "changes/",
]


SCHEMES = {"light": "default", "dark": "slate"}  # the reader's system setting: Material's scheme
TOGGLES = {"light": "Switch to the light scheme", "dark": "Switch to the dark scheme"}


# Every rule in the first scheme; in the second, the colour rules over the whole page: the two
# schemes differ only in colours (Material's palette and site.css's slate rules) and in the label
# of the header's toggle, which names the other scheme. Each label has every rule run on it in
# the first scheme of half of PAGES, which alternate between the two.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
AXE_RUN = f"""second => axe.run(document, second ? {{resultTypes: ['violations'], runOnly: {{type: 'rule', values: {COLOUR_RULES}}}}}
                                         : {{resultTypes: ['violations']}})"""


@pytest.mark.parametrize("url", PAGES)
def test_no_serious_or_critical_axe_violation(tabs, server, url):
    """In both colour schemes, from one load of the page: it opens in the scheme of the reader's
    system setting (light on every other page of PAGES, dark on the others), then the header's
    toggle switches it to the other scheme, as the system setting changes."""
    assert AXE.is_file(), "axe-core is missing: run `make test`, which installs it with npm"
    # as an init script: the page's Content-Security-Policy refuses an inline <script> tag
    page = tabs.take({"width": 1280, "height": 900}, init_script=AXE.read_text(encoding="utf-8"))
    first, then = ("light", "dark") if PAGES.index(url) % 2 == 0 else ("dark", "light")
    # the site follows the reader's system setting (templates/overrides/partials/javascripts/palette.html)
    page.emulate_media(color_scheme=first)
    page.goto(f"{server}/{url}")
    bad = {}
    for scheme in (first, then):
        if scheme == then:
            page.emulate_media(color_scheme=scheme)
            # the header's toggle, clicked without moving the pointer (whose tooltip axe would check)
            page.locator(f"label[title='{TOGGLES[scheme]}']").dispatch_event("click")
            page.wait_for_function(
                "s => document.body.getAttribute('data-md-color-scheme') === s"
                " && !document.body.hasAttribute('data-md-color-switching')",
                arg=SCHEMES[scheme],
            )
        assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
        show_all(page)  # every paragraph and panel as it is on screen, not only the first screen's
        result = page.evaluate(AXE_RUN, scheme == then)
        bad[scheme] = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
    tabs.give_back(page)
    assert bad == {"light": [], "dark": []}, bad


def test_cross_reference_panel_opens_with_the_keyboard(page, server):
    page.goto(f"{server}/essays/pajon-2017/")
    summary = page.locator("#p-4 + details.xref > summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("#p-4 + details.xref").get_attribute("open") is not None


def test_timeline_filter_works_with_the_keyboard(page, server):
    page.goto(f"{server}/timeline/")
    box = page.get_by_role("checkbox", name="China")
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    assert "theme=china" in page.url
