"""`site-builder suggest`: the draft of proposals an editor starts a new essay from, and the
check that refuses to build while a draft is left beside the annotations."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, run_builder

NEW_ESSAY = """---
id: beta-2016
title: "A second test essay"
authors:
  - name: Bo Example
    affiliation: Test Institute
date: "2016-05"
venue: Test Review
language: en
abstract: A new essay, not yet annotated.
keywords: [test]
source_file: beta.txt
---

Sanctions were imposed after Crimea in March 2014, and the sanctions still weigh on trade.

The peace treaty is still not signed, and the islands remain disputed.
"""

# Read and checked against the mini fixture: both of its annotated paragraphs are tagged
# territorial-issue (so the model can only say 1.0), one of them sanctions; ¶1 has the words of
# the event's mention in Ann Example's essay ("imposed after Crimea") and the entity Crimea, and
# shares that event with her ¶2; ¶2 uses the glossary term "peace treaty" (a theme's own name,
# so no reason for a relation) and shares "disputed", "peace", "remain" with her ¶1.
EXPECTED = """\
# Proposals for Example 2016 (corpus/beta-2016.md), written by `site-builder suggest beta-2016`.
# Nothing here is an annotation, and `make check` refuses to build while this file is in
# annotations/proposals/. Move what you accept: themes into a passage of
# annotations/passages/beta-2016.yaml (with the key sentence as its quote, a note and a
# claim), event mentions into annotations/events.yaml, relations into
# annotations/relations.yaml (with a kind and a why). Entities and terms are found by the
# builder from entities.yaml and glossary.yaml. Then delete this file.
essay: beta-2016
status: proposed
paragraphs:
- paragraph: 1
  opens: Sanctions were imposed after Crimea in March 2014, …
  status: proposed
  themes:
  - theme: territorial-issue
    confidence: 1.0
    status: proposed
  - theme: sanctions
    confidence: 0.68
    status: proposed
  events:
  - event: crimea-annexed
    quote:
      exact: imposed after Crimea
    status: proposed
  entities:
  - entity: crimea
    quote:
      exact: Crimea
    status: proposed
  terms: []
  relations:
  - to: alpha-2015-sanctions
    passage: Example 2015 ¶2
    reason: 'same event: Crimea annexed (March 2014)'
    from_quote:
      exact: Sanctions were imposed after Crimea in March 2014, and the sanctions still weigh on trade.
    to_quote:
      exact: Sanctions were imposed after Crimea.
    status: proposed
- paragraph: 2
  opens: The peace treaty is still not signed, and …
  status: proposed
  themes:
  - theme: territorial-issue
    confidence: 1.0
    status: proposed
  events: []
  entities: []
  terms:
  - term: peace-treaty
    quote:
      exact: peace treaty
    status: proposed
  relations:
  - to: alpha-2015-dispute
    passage: Example 2015 ¶1
    reason: 'shared wording: “disputed”, “peace”, “remain”'
    from_quote:
      exact: The peace treaty is still not signed, and the islands remain disputed.
    to_quote:
      exact: The islands in the north remain disputed, and the peace treaty is not signed.
    status: proposed
"""

REFUSED = (
    "annotations/proposals/beta-2016.yaml:1: a proposal, not an annotation: move what you accept into "
    "annotations/passages/beta-2016.yaml, events.yaml or relations.yaml, then delete this file"
)


def _with_new_essay(mini: Path) -> Path:
    (mini / "corpus" / "beta-2016.md").write_text(NEW_ESSAY, encoding="utf-8")
    return mini


def test_suggest_writes_the_draft_and_check_refuses_it_until_it_is_gone(mini):
    root = _with_new_essay(mini)
    assert run_builder(root, "check").returncode == 0  # a new essay without passages builds

    made = run_builder(root, "suggest", "beta-2016")
    assert made.returncode == 0, made.stderr
    assert made.stderr == ""  # no warning from the learner either
    draft = root / "annotations" / "proposals" / "beta-2016.yaml"
    assert draft.read_text(encoding="utf-8") == EXPECTED

    refused = run_builder(root, "check")
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[0] == REFUSED

    again = run_builder(root, "suggest", "beta-2016")  # suggest reads past its own draft
    assert again.returncode == 0, again.stderr
    assert draft.read_text(encoding="utf-8") == EXPECTED  # the same sources, the same bytes

    draft.unlink()
    assert run_builder(root, "check").returncode == 0


def test_suggest_says_what_to_install_without_scikit_learn(mini):
    root = _with_new_essay(mini)
    # scikit-learn made impossible to import, as where the extra is not installed
    script = (
        "import sys; sys.modules['sklearn'] = None; from site_builder.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "--root", str(root), "suggest", "beta-2016"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(root)},
    )
    assert result.returncode == 1
    assert (
        result.stderr
        == "site-builder suggest needs scikit-learn, the optional extra 'suggest': pip install -e '.[suggest]'\n"
    )
    assert not (root / "annotations" / "proposals").exists()


def test_only_the_suggest_package_imports_scikit_learn():
    importing = []
    for path in sorted((ROOT / "site_builder").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if any(n.split(".")[0] == "sklearn" for n in names):
                importing.append(path.relative_to(ROOT).as_posix())
    assert sorted(set(importing)) == ["site_builder/suggest/themes.py"]
