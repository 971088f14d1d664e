"""The header's light/dark toggle in Chromium (templates/overrides/partials/palette.html and
partials/javascripts/palette.html, which run it in place of Material's palette component): a page
opens in the scheme of the reader's system setting and follows it; the toggle switches to the
other scheme, by click or Enter, and the choice holds on the next page whatever the system says.
The body carries the attributes Material's stylesheets read, as Material's component wrote them."""

from __future__ import annotations

ESSAY = "essays/streltsov-2018/"
TO_DARK, TO_LIGHT = "Switch to the dark scheme", "Switch to the light scheme"


def scheme_shown(page) -> tuple[dict[str, str | None], list[str]]:
    """The body's colour attributes and the titles of the toggle's labels a reader can see."""
    colours = {
        key: page.locator("body").get_attribute(f"data-md-color-{key}")
        for key in ("media", "scheme", "primary", "accent")
    }
    toggles = page.evaluate(
        "() => [...document.querySelectorAll('.md-header__option label')]"
        ".filter(label => label.checkVisibility()).map(label => label.title)"
    )
    return colours, toggles


def test_a_page_opens_in_the_scheme_of_the_system_setting(open_page):
    page = open_page(ESSAY, scheme="dark")
    assert scheme_shown(page) == (
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo", "accent": "indigo"},
        [TO_LIGHT],
    )
    page = open_page(ESSAY, scheme="light")
    assert scheme_shown(page) == (
        {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo", "accent": "indigo"},
        [TO_DARK],
    )


def test_the_page_follows_the_system_setting_as_it_changes(open_page):
    page = open_page(ESSAY, scheme="light")
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert scheme_shown(page)[1] == [TO_LIGHT]


def test_the_toggle_switches_and_the_choice_holds_on_the_next_page(open_page, server):
    page = open_page(ESSAY, scheme="light")
    page.get_by_title(TO_DARK).click()
    assert scheme_shown(page) == (
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo", "accent": "indigo"},
        [TO_LIGHT],
    )
    page.goto(f"{server}/timeline/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    page.emulate_media(color_scheme="light")  # the reader's choice outweighs the system setting now
    page.wait_for_timeout(200)
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    page.get_by_title(TO_LIGHT).click()
    assert scheme_shown(page)[0]["scheme"] == "default"
    page.wait_for_function("() => !document.body.hasAttribute('data-md-color-switching')")


def test_enter_on_the_focused_toggle_switches(open_page):
    page = open_page(ESSAY, scheme="light")
    page.locator("#__palette_0").focus()
    page.keyboard.press("Enter")
    assert scheme_shown(page)[0]["scheme"] == "slate"
    assert page.evaluate("() => document.activeElement.id") == "__palette_1"


def test_the_theme_does_not_mount_its_own_palette_component(open_page):
    """Material's component restyles the whole page at load; one attribute keeps it away."""
    page = open_page(ESSAY)
    assert page.locator("[data-md-component=palette]").count() == 0
    assert page.locator("meta[name=theme-color]").get_attribute("content") == "#4051b5"


REFUSE_STORAGE = """Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('refused', 'SecurityError'); }});"""


def test_with_storage_refused_the_page_follows_the_system_and_the_toggle_still_switches(tabs, server):
    page = tabs.take({"width": 1366, "height": 900}, init_script=REFUSE_STORAGE)
    try:
        page.emulate_media(color_scheme="dark")
        page.goto(f"{server}/{ESSAY}")
        assert scheme_shown(page)[1] == [TO_LIGHT]
        page.get_by_title(TO_LIGHT).click()
        colours, toggles = scheme_shown(page)
    finally:
        tabs.give_back(page)
    assert (colours["scheme"], toggles) == ("default", [TO_DARK])
