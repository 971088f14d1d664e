"""The W3C Nu HTML checker (vnu.jar, from npm's vnu-jar, run by Debian's Java) over every page of
the built site, in one run: no error from the project's own templates and code; the errors of the
theme's own markup (Material's) are listed below, each matched by its message and the markup it
quotes, with its count, so that a new one, or one more of them, fails as well."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, built_once

VNU = ROOT / ".test-tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = "/usr/bin/java"
PAGES = 23  # the pages of the five essays' site, the 404 page included (tests/test_changes.py lists them)

# Material's own markup that the checker refuses: (what it says, the markup it quotes, how many
# times in the site, where it comes from).
THEME_ERRORS = (
    (
        r"Attribute “autocomplete” is only allowed when the input type is ",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"',
        2 * PAGES,  # base.html: the drawer's and the search's checkboxes, on every page
    ),
    (
        r"Bad value “” for attribute “tabindex” on element “label”",
        r'<label class="md-nav__link" for="__nav_\d+" id="__nav_\d+_label" tabindex="">',
        13,  # partials/nav-item.html (navigation.sections): the essays' and themes' 13 pages
    ),
    (
        r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
        r'<label class="md-nav__title" for="__toc">',
        2,  # partials/toc.html on the pages out of the navigation (rights, changes): no __toc toggle there
    ),
)


def _check(site: Path, folder: Path) -> None:
    """One run of the checker over every page of `site`; its JSON report kept in `folder`."""
    pages = sorted(site.rglob("*.html"))
    result = subprocess.run(
        [JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode in (0, 1), result.stderr  # 1: errors found
    (folder / "vnu.json").write_text(result.stderr, encoding="utf-8")
    (folder / "pages.txt").write_text(str(len(pages)), encoding="utf-8")


@pytest.fixture(scope="module")
def checked(site: Path, tmp_path_factory) -> list[dict]:
    """The checker's errors on every page of the site, each with its page (from the site's root):
    one Java run for the whole test run, whichever worker asks first."""
    folder = built_once(tmp_path_factory, "vnu", lambda out: _check(site, out))
    assert (folder / "pages.txt").read_text(encoding="utf-8") == str(PAGES)
    messages = json.loads((folder / "vnu.json").read_text(encoding="utf-8"))["messages"]
    assert all(m["type"] == "error" for m in messages), [m for m in messages if m["type"] != "error"]
    for message in messages:
        message["page"] = Path(message["url"].removeprefix("file:")).relative_to(site).as_posix()
    return messages


def _theme_error(message: dict) -> int | None:
    for index, (said, markup, _) in enumerate(THEME_ERRORS):
        if re.match(said, message["message"]) and re.search(markup, message.get("extract", "")):
            return index
    return None


def test_no_page_has_an_error_of_our_own_markup(checked):
    own = [
        f"{m['page']}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()[:120]}]"
        for m in checked
        if _theme_error(m) is None
    ]
    assert own == []


def test_the_theme_errors_are_the_known_ones_and_as_many(checked):
    counted = Counter(_theme_error(m) for m in checked if _theme_error(m) is not None)
    assert [counted[i] for i in range(len(THEME_ERRORS))] == [count for *_, count in THEME_ERRORS]
