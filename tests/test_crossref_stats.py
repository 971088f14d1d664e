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


def test_the_nearest_essays_come_first_the_earlier_on_a_tie():
    from site_builder.crossrefs import _nearest
    ranked, ranks = [(0, 10), (1, 11), (2, 12), (4, 14)], [0, 1, 2, 4]
    assert _nearest(ranked, ranks, 2, 3) == [12, 11, 10]  # same rank, then 1 away, then 2 away (before the later one)
    assert _nearest(ranked, ranks, 2, 9) == [12, 11, 10, 14]  # no more than there are
    assert _nearest(ranked, ranks, 3, 2) == [12, 14]  # a tie between 2 and 4: the earlier first
    assert _nearest([], [], 0, 3) == []


def test_shared_names_read_as_a_list():
    from site_builder.crossrefs import _names_label
    trio = load_corpus(Path(__file__).parent / "fixtures" / "trio")
    assert _names_label(["entity:crimea"], trio) == "Crimea"
    assert _names_label(["entity:crimea", "term:peace-treaty"], trio) == "Crimea and “peace treaty”"
    assert _names_label(["entity:sochi", "term:peace-treaty", "entity:crimea"], trio) == "Sochi, “peace treaty” and Crimea"


def test_the_stats_lines_for_given_measures():
    from site_builder.crossrefs import CrossRefStats
    stats = CrossRefStats(passages=10, with_panel=8, could_have_panel=9, shown=20, targeted=7, max_in_degree=4,
                          most_linked="Pajon 2017 ¶9", by_basis={"theme": 5, "asserted": 5, "event": 6, "wording": 4},
                          identical_panels=2)
    assert stats.lines() == [
        "annotated passages: 10",
        "with a cross-reference panel: 8/9 (89 %) of those that can have one",
        "target of some link: 7/10 (70 %)",
        "most-linked passage: Pajon 2017 ¶9, target of 4 links (cap 8)",
        "cross-references shown: 20; by reason: event 6, asserted 5, theme 5, wording 4",
        "reason is an asserted relation, a shared event or a shared name: 11/20 (55 %)",
        "reason is a theme alone: 5/20 (25 %)",
        "largest group of panels listing exactly the same passages: 2"]
    empty = CrossRefStats(0, 0, 0, 0, 0, 0, "", {}, 0)
    assert empty.lines()[1] == "with a cross-reference panel: 0/0 of those that can have one"
