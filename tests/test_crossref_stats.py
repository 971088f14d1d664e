"""The measures `site-builder stats` prints (issue #11), in this process on the three-essay
fixture whose panels are in tests/golden/trio (read there: 2 relations shown at both ends,
Alpha ¶1 in four panels)."""
from __future__ import annotations

from pathlib import Path

from site_builder import urls
from site_builder.crossrefs import crossref_stats, gold_recall
from site_builder.link import link
from site_builder.validate import load_corpus

TRIO = Path(__file__).parent / "fixtures" / "trio"


def test_stats_lines_on_the_fixture():
    corpus = load_corpus(TRIO)
    assert crossref_stats(corpus, link(corpus).related).lines() == [
        "annotated passages: 8",
        "with a cross-reference panel: 8/8 (100 %) of those that can have one",
        "target of some link: 8/8 (100 %)",
        "most-linked passage: Example 2015 ¶1, target of 4 links (cap 8)",
        "cross-references shown: 20; by reason: theme 9, asserted 4, wording 3, event 2, name 2",
        "reason is an asserted relation, a shared event or a shared name: 8/20 (40 %)",
        "reason is a theme alone: 9/20 (45 %)",
        "largest group of panels listing exactly the same passages: 1",
    ]


def test_gold_recall_counts_the_pairs_shown_and_names_the_missing():
    corpus = load_corpus(TRIO)
    pairs = [{"from": {"essay": "gamma-2018", "paragraph": 1}, "to": {"essay": "beta-2016", "paragraph": 1}},
             {"from": {"essay": "alpha-2015", "paragraph": 1}, "to": {"essay": "gamma-2018", "paragraph": 3}}]
    assert gold_recall(corpus, link(corpus).related, pairs) == (1, ["alpha-2015 ¶1 → gamma-2018 ¶3"])


def test_paragraph_number_reads_only_paragraph_ids():
    assert [urls.paragraph_number(i) for i in ("p-1", "p-12", "p-", "p-01", "p-x", "q-3", "p3", "")] == \
        [1, 12, None, None, None, None, None, None]
