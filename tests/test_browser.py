"""In Chromium, as a reader: open an essay, follow a cross-reference to another essay's
paragraph and back; filter the timeline. No request may leave 127.0.0.1 (see the `page` fixture)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from conftest import quotes_settled


def test_essay_page_opens_and_cross_reference_lands_on_the_paragraph(page, server):
    page.goto(f"{server}/essays/update-2014/")
    assert page.locator("h1").first.inner_text().startswith("Update on Japan-Russia Relations")
    paragraph = page.locator("#p-7")
    paragraph.scroll_into_view_if_needed()  # as the reader reaches it (laid out as it nears the screen)
    expect(paragraph).to_contain_text("Crimea", use_inner_text=True)
    panel = page.locator("#p-7 + details.xref")
    assert panel.get_attribute("open") is None  # closed by default
    panel.locator("summary").click()
    quotes_settled(page)
    link = panel.locator('a[href^="../streltsov-2018/#p-"]').first
    href = link.get_attribute("href")
    target_id = href.split("#")[1]
    link.click()
    page.wait_for_url(re.compile(r"/essays/streltsov-2018/#p-\d+$"))
    target = page.locator(f"#{target_id}")
    target.wait_for()
    assert target.evaluate("el => el.matches(':target')")
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < 900  # scrolled into view
    # and back: the target paragraph lists passages of the other essays, the 2014 one among them
    back = page.locator(f"#{target_id} + details.xref a[href^='../update-2014/#p-']")
    assert back.count() >= 1


def test_hovering_a_name_shows_its_definition(page, server):
    page.goto(f"{server}/essays/streltsov-2012/")
    term = page.locator('#p-7 a.xref-term[href*="glossary/#hikiwake"]')
    term.hover()
    tooltip = page.locator(".md-tooltip2, .md-tooltip, [role=tooltip]").filter(has_text="compromise")
    tooltip.first.wait_for(state="visible", timeout=5000)


def test_timeline_filter_by_theme_is_kept_in_the_url(page, server):
    page.goto(f"{server}/timeline/")
    events = page.locator(".tl-event")
    total = events.count()
    assert total >= 35
    page.get_by_role("checkbox", name="North Korea").check()
    page.wait_for_url(re.compile(r"\?theme=north-korea"))
    shown = page.locator(".tl-event:visible")
    assert 0 < shown.count() < total
    for i in range(shown.count()):
        assert "north-korea" in shown.nth(i).get_attribute("data-themes").split()
    assert page.locator("#tl-count").inner_text().startswith(f"Showing {shown.count()} of {total}")
    page.reload()
    assert page.get_by_role("checkbox", name="North Korea").is_checked()
    assert page.locator(".tl-event:visible").count() == shown.count()


def test_timeline_shows_every_event_without_javascript(tabs, server):
    page = tabs.take({"width": 1280, "height": 720}, java_script_enabled=False)
    page.goto(f"{server}/timeline/?theme=china")
    assert page.locator(".tl-event:visible").count() == page.locator(".tl-event").count()
    tabs.give_back(page)
