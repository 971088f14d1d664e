"""Whole-site golden test (issue #12), as Pelican does it: a three-essay fixture corpus
(tests/fixtures/trio: every page kind, cross-reference panels with asserted and computed
passages, two debates, events at year, month and day precision, an unsigned essay, an inferred
date) is generated, and every page and data file must equal its reviewed copy in
tests/golden/trio/. After a deliberate change, `make golden` rewrites the copies: read the diff
(`git diff tests/golden`) before committing it."""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from conftest import copy_project
from site_builder.outputs.site_files import generate

TRIO = Path(__file__).parent / "fixtures" / "trio"
GOLDEN = Path(__file__).parent / "golden" / "trio"


def generated_files(out: Path) -> dict[str, str]:
    """Every generated page and data file (the static assets are copies, not output)."""
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.relative_to(out).parts[0] != "assets"
    }


# The same fixture with every page limit at its smallest, so that the pages of a large corpus
# are generated too: a theme's list in parts, the mention pages of entities and terms (in parts),
# the counts by year of the home page, the analysis, the timeline and the rights.
PAGED_LIMITS = "{theme_page_passages: 2, mentions_on_index: 1, mentions_per_page: 2, essay_columns: 2}"


def _paged(root: Path) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - site-builder ", f"  - site-builder: {PAGED_LIMITS} ", 1), encoding="utf-8")


@pytest.mark.parametrize("name, adjust", [("trio", None), ("trio-paged", _paged)], ids=["trio", "trio-paged"])
def test_generated_pages_and_data_equal_the_reviewed_golden_files(tmp_path, name, adjust):
    root = copy_project(tmp_path / "p", TRIO)
    if adjust is not None:
        adjust(root)
    golden_folder = GOLDEN.parent / name
    out = tmp_path / "out"
    generate(root, out)  # in this process, so that mutation testing (make mutation) reaches it
    files = generated_files(out)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        shutil.rmtree(golden_folder, ignore_errors=True)
        for page, text in files.items():
            (golden_folder / page).parent.mkdir(parents=True, exist_ok=True)
            (golden_folder / page).write_text(text, encoding="utf-8")
    golden = generated_files(golden_folder)
    assert sorted(files) == sorted(golden), "pages added or removed: run `make golden` and read the diff"
    changed = []
    for page, text in files.items():
        if text != golden[page]:
            diff = difflib.unified_diff(
                golden[page].splitlines(), text.splitlines(), f"golden/{name}/{page}", page, lineterm="", n=1
            )
            changed.append("\n".join(list(diff)[:40]))
    assert not changed, (
        f"generated output differs from tests/golden/{name} (run `make golden` if intended):\n" + "\n\n".join(changed)
    )
