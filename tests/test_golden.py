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


def test_generated_pages_and_data_equal_the_reviewed_golden_files(tmp_path):
    root = copy_project(tmp_path / "p", TRIO)
    out = tmp_path / "out"
    generate(root, out)  # in this process, so that mutation testing (make mutation) reaches it
    files = generated_files(out)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, text in files.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_text(text, encoding="utf-8")
    golden = generated_files(GOLDEN)
    assert sorted(files) == sorted(golden), "pages added or removed: run `make golden` and read the diff"
    changed = []
    for name, text in files.items():
        if text != golden[name]:
            diff = difflib.unified_diff(
                golden[name].splitlines(), text.splitlines(), f"golden/{name}", name, lineterm="", n=1
            )
            changed.append("\n".join(list(diff)[:40]))
    assert not changed, (
        "generated output differs from tests/golden/trio (run `make golden` if intended):\n" + "\n\n".join(changed)
    )
