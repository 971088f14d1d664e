"""`site-builder suggest`: the draft of proposals an editor starts a new essay from, and the
check that refuses to build while a draft is left beside the annotations."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT, copy_project, run_builder

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
# territorial-issue, one of them sanctions, and each theme's description is one more example of
# that theme alone. ¶1 says "Sanctions" (the theme's name) and mentions an event the editors put
# under sanctions: sanctions first (0.85), then territorial-issue (0.61, over the threshold of
# 0.4 used where too few essays cross-validate one); ¶2 names "peace treaty" and "islands", the
# territorial issue's: that theme alone. ¶1 has the words of
# the event's mention in Ann Example's essay ("imposed after Crimea") and the entity Crimea, and
# shares that event with her ¶2; ¶2 uses the glossary term "peace treaty" (a theme's own name,
# so no reason for the panels), and its one sentence is closest to the first sentence of her ¶1,
# sharing the term (one word), "signed", "remain disputed" (side by side in both, one phrase)
# and "islands" (the fourth, not named): each is used by two of the four paragraphs, at most
# two being few where there are so few.
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
  - theme: sanctions
    confidence: 0.85
    status: proposed
  - theme: territorial-issue
    confidence: 0.61
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
    confidence: 0.82
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
    reason: 'closest sentences, sharing: peace treaty, signed, remain disputed'
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


OTHER_WORDS = (
    NEW_ESSAY.split("---\n\n")[0]
    + """---

Russia annexed Crimea, and trade with Japan suffered.

The Peace Treaty is still not signed.
"""
)


def test_suggest_finds_an_event_and_a_name_in_words_the_editors_did_not_use(mini):
    """Read against the mini fixture: its one event is "Crimea annexed", mentioned as "imposed
    after Crimea"; ¶1 has neither that quote nor a date, but two words of the event's title in
    one phrase ("annexed Crimea"). Its glossary has "peace treaty", which ¶2 writes with
    capitals: the same name in another case."""
    (mini / "corpus" / "beta-2016.md").write_text(OTHER_WORDS, encoding="utf-8")
    out = mini / "draft.yaml"
    made = run_builder(mini, "suggest", "beta-2016", "--out", str(out))
    assert made.returncode == 0, made.stderr
    paragraphs = yaml.safe_load(out.read_text(encoding="utf-8"))["paragraphs"]
    assert paragraphs[0]["events"] == [
        {"event": "crimea-annexed", "quote": {"exact": "annexed Crimea"}, "status": "proposed"}
    ]
    assert paragraphs[1]["terms"] == [
        {"term": "peace-treaty", "quote": {"exact": "Peace Treaty"}, "status": "proposed"}
    ]


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


TRIO = Path(__file__).resolve().parent / "fixtures" / "trio"


def test_evaluate_counts_the_editors_events_and_relations_found_with_one_essay_left_out(tmp_path):
    """Checked by reading the trio fixture. Gamma 2018 ("Sample 2018") names three events: the
    Sochi meeting, which Beta 2016 mentions too, found by its cue words (the words of its title,
    "Meeting in Sochi", that Beta's mention uses: "meeting", "Sochi"); the 1956 declaration and
    the 1855 treaty, which no other essay mentions. Beta 2016 ("Second 2016") names the Sochi
    meeting (the same cue words, from Gamma's mention) and the annexation of Crimea: its ¶2 says
    "Crimea was annexed", two words of the event's title ("Crimea annexed"), one of them in
    Alpha's mention too. Alpha 2015 ("Example 2015") says "imposed after Crimea", one word of the
    event's title and Beta's mention ("since Crimea was annexed"), one alone naming no event:
    not found.
    Of the two editors' relations, Gamma ¶1 → Beta ¶1 shares the Sochi meeting, a reason at both
    ends, and is found; Gamma ¶3 → Beta ¶2 shares the one word "Sanctions", no reason: it cannot
    be proposed."""
    root = copy_project(tmp_path / "trio", TRIO)
    result = run_builder(root, "suggest", "--evaluate")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    events = [line.strip() for line in lines if line.strip().startswith(("events:", "editors'"))]
    assert events == [
        "events: recall 0.00 (0/1); of events the other essays mention 0.00 (0/1); precision 0.00 (0/0)",
        "editors' relations in the top 5: 0/0",
        "events: recall 1.00 (2/2); of events the other essays mention 1.00 (2/2); precision 1.00 (2/2)",
        "editors' relations in the top 5: 1/2",
        "events: recall 0.33 (1/3); of events the other essays mention 1.00 (1/1); precision 1.00 (1/1)",
        "editors' relations in the top 5: 1/2",
    ]
    assert lines[-4:] == [
        "overall: events recall 0.50 (3/6), 0.75 of events the other essays mention (3/4) (goal 0.90)",
        "overall: editors' relations in the top 5: 0.50 (2/4) (goal 0.60)",
        "overall: editors' relations whose other passage has a reason to show (no other can be proposed): 0.50 (2/4)",
        "overall: editors' relations in the top 10 with a reason to show: 0.50 (2/4); by the ranking alone, "
        "reason or not, in the top 5: 1.00 (4/4), in the top 10: 1.00 (4/4)",
    ]


def test_the_relations_model_learns_from_passages_read_as_new_paragraphs():
    """Checked by reading the trio fixture, each essay held out in turn, with the names only it
    uses left out. The editors anchored "Crimea annexed" in Example 2015 ¶2 ("imposed after
    Crimea"), but with that essay held out only Beta's quote is known ("since Crimea was
    annexed"), and "Crimea" alone names no event: the model reads ¶2 without it, as it will read
    a new paragraph. Beta ¶1 gives the Sochi meeting's date ("6 May 2016") beside "Sochi"; Beta ¶2
    says "Crimea was annexed"; Gamma ¶1 has the meeting's cue words. The 1956 declaration only
    Gamma mentions, and no other essay names anything Gamma ¶2 and ¶3 name. The themes are the
    ones given (the classifier's, its essay held out), else the editors'."""
    from site_builder.sources.validate import load_corpus
    from site_builder.suggest.propose import found_held_out
    from site_builder.suggest.relate import known_sides

    corpus = load_corpus(TRIO, proposals_allowed=True)
    found = found_held_out(corpus, {"beta-2016-trust": frozenset({"sanctions"})}, unseen_names=True)
    assert {p: (sorted(f.events), sorted(f.names), f.themes) for p, f in found.items()} == {
        "alpha-2015-dispute": ([], ["term:peace-treaty"], None),
        "alpha-2015-sanctions": ([], ["entity:crimea"], None),
        "beta-2016-sochi-meeting": (["sochi-meeting-2016"], ["entity:sochi"], None),
        "beta-2016-sanctions-weigh": (["crimea-annexed"], ["entity:crimea"], None),
        "beta-2016-trust": ([], ["term:peace-treaty"], frozenset({"sanctions"})),
        "gamma-2018-nothing-moved": (["sochi-meeting-2016"], ["entity:sochi"], None),
        "gamma-2018-declaration": ([], [], None),
        "gamma-2018-sanctions-not-obstacle": ([], [], None),
    }
    # the training side of a pair is read with them: Example 2015 ¶2 without the event the
    # editors anchored there, Second 2016 ¶3 with the theme given, not the editors' territorial issue
    alpha, trust = (corpus.passage(p) for p in ("alpha-2015-sanctions", "beta-2016-trust"))
    read = known_sides(corpus, (alpha, trust), with_notes=False, found=found)
    assert [(sorted(s.events), sorted(s.themes)) for s in read] == [
        ([], ["sanctions", "territorial-issue"]),
        ([], ["sanctions"]),
    ]


def test_a_name_of_two_words_is_one_shared_word_whatever_its_form(mini):
    """Read against the mini fixture, with "the United States" (a place: the panels take no
    reason from it) added to Ann Example's ¶2 and to entities.yaml with its alias "US". A new
    paragraph writing "US" shares no event and no central name with her passages; its sentence
    is closest to her ¶2's second one, which says "United States": one name, one shared word,
    named as the new paragraph writes it, beside "stood aside" (two words side by side in both
    sentences: one phrase)."""
    essay = mini / "corpus" / "alpha-2015.md"
    text = essay.read_text(encoding="utf-8")
    essay.write_text(text.replace("The islands are mentioned again here.", "The United States stood aside."))
    entities = mini / "annotations" / "entities.yaml"
    entities.write_text(
        entities.read_text(encoding="utf-8")
        + "  - id: united-states\n    kind: place\n    name: United States\n    aliases: [United States, US]\n"
        + "    description: A country.\n",
        encoding="utf-8",
    )
    (mini / "corpus" / "beta-2016.md").write_text(
        NEW_ESSAY.split("---\n\n")[0] + "---\n\nThe US, as in 2015, stood aside from the talks.\n", encoding="utf-8"
    )
    out = mini / "draft.yaml"
    made = run_builder(mini, "suggest", "beta-2016", "--out", str(out))
    assert made.returncode == 0, made.stderr
    relations = yaml.safe_load(out.read_text(encoding="utf-8"))["paragraphs"][0]["relations"]
    assert relations[0] == {
        "to": "alpha-2015-sanctions",
        "passage": "Example 2015 ¶2",
        "reason": "closest sentences, sharing: US, stood aside",
        "from_quote": {"exact": "The US, as in 2015, stood aside from the talks."},
        "to_quote": {"exact": "The United States stood aside."},
        "status": "proposed",
    }


def test_an_event_more_than_a_year_after_the_essay_is_not_proposed():
    """Update 2014 is dated April 2014: the editors anchored Putin's trip to China of May 2014 in
    it (announced), and an essay of April 2014 names nothing that began in 2016."""
    from site_builder.sources.model import PartialDate
    from site_builder.suggest.names import after_a_year

    april_2014 = PartialDate(2014, 4)
    assert not after_a_year(PartialDate(2014, 5), april_2014)
    assert not after_a_year(PartialDate(2015, 4, 30), april_2014)
    assert after_a_year(PartialDate(2015, 5), april_2014)
    assert after_a_year(PartialDate(2016), april_2014)
    assert not after_a_year(PartialDate(2019), PartialDate(2018))  # 2018 may be its last day


def test_one_shared_word_alone_is_no_reason_a_name_or_a_phrase_is():
    from site_builder.suggest.wording import Item, enough

    new, recent = Item(("new",), 0, 3), Item(("recent",), 4, 10)
    assert not enough((new,))
    assert enough((new, recent))
    assert enough((Item(("entity:united-states",), 0, 2),))
    assert enough((Item(("stood asid",), 0, 11),))
    assert not enough(())
