"""The measures `site-builder stats` prints, in this process on the three-essay fixture whose
panels are in tests/golden/trio (read there: 2 relations shown at both ends, and the one event
two essays share, Crimea annexed, at both ends; no backlink that is not also in a panel)."""

from __future__ import annotations

from pathlib import Path

from site_builder import urls
from site_builder.linking.crossrefs import crossref_stats, gold_recall
from site_builder.linking.link import link
from site_builder.sources.validate import load_corpus

TRIO = Path(__file__).parent / "fixtures" / "trio"


def test_stats_lines_on_the_fixture():
    corpus = load_corpus(TRIO)
    links = link(corpus)
    assert crossref_stats(corpus, links.related, links.backlinks).lines() == [
        "paragraphs with a panel: 8/8; declared to make no claim: 0; without either: 0",
        "links shown, panels and backlinks together: 6; by reason: asserted 4, event 2",
        "links whose only reason is a theme or a list of words: 0/6 (0 %)",
        "target of some link: 5/8 (62 %)",
        "most-linked passage: Second 2016 ¶2, in 2 panels (cap 8)",
        "largest group of panels listing exactly the same passages: 2",
        "editors' relations: 2; by kind: disagrees 1, updates 1",
        "debates: 2; by verdict: agree 1, disagree 1",
    ]


def test_gold_recall_counts_the_pairs_shown_and_names_the_missing():
    corpus = load_corpus(TRIO)
    pairs = [
        {"from": {"essay": "gamma-2018", "paragraph": 1}, "to": {"essay": "beta-2016", "paragraph": 1}},
        {"from": {"essay": "alpha-2015", "paragraph": 1}, "to": {"essay": "gamma-2018", "paragraph": 3}},
    ]
    assert gold_recall(corpus, link(corpus).related, pairs) == (1, ["alpha-2015 ¶1 → gamma-2018 ¶3"])


def test_paragraph_number_reads_only_paragraph_ids():
    assert [urls.paragraph_number(i) for i in ("p-1", "p-12", "p-", "p-01", "p-x", "q-3", "p3", "")] == [
        1,
        12,
        None,
        None,
        None,
        None,
        None,
        None,
    ]


def test_the_nearest_essays_come_first_the_earlier_on_a_tie():
    from site_builder.linking.crossrefs import _nearest

    ranked, ranks = [(0, 10), (1, 11), (2, 12), (4, 14)], [0, 1, 2, 4]
    assert _nearest(ranked, ranks, 2, 3) == [12, 11, 10]  # same rank, then 1 away, then 2 away (before the later one)
    assert _nearest(ranked, ranks, 2, 9) == [12, 11, 10, 14]  # no more than there are
    assert _nearest(ranked, ranks, 3, 2) == [12, 14]  # a tie between 2 and 4: the earlier first
    assert _nearest([], [], 0, 3) == []


def test_shared_names_read_as_a_list():
    from site_builder.linking.crossrefs import _names_label

    trio = load_corpus(Path(__file__).parent / "fixtures" / "trio")
    assert _names_label(["entity:crimea"], trio) == "Crimea"
    assert _names_label(["entity:crimea", "term:peace-treaty"], trio) == "Crimea and “peace treaty”"
    assert (
        _names_label(["entity:sochi", "term:peace-treaty", "entity:crimea"], trio) == "Sochi, “peace treaty” and Crimea"
    )


def test_the_stats_lines_for_given_measures():
    from site_builder.linking.crossrefs import CrossRefStats

    stats = CrossRefStats(
        paragraphs=12,
        passages=10,
        no_claim=1,
        silent=("Pajon 2017 ¶3",),
        shown=20,
        by_basis={"theme": 5, "asserted": 5, "event": 6, "wording": 4},
        targeted=7,
        max_in_degree=4,
        most_linked="Pajon 2017 ¶9",
        identical_panels=2,
        relations={"agrees": 3, "disagrees": 2},
        debates={"disagree": 1},
    )
    assert stats.lines() == [
        "paragraphs with a panel: 10/12; declared to make no claim: 1; without either: 1 (Pajon 2017 ¶3)",
        "links shown, panels and backlinks together: 20; by reason: event 6, asserted 5, theme 5, wording 4",
        "links whose only reason is a theme or a list of words: 9/20 (45 %)",
        "target of some link: 7/10 (70 %)",
        "most-linked passage: Pajon 2017 ¶9, in 4 panels (cap 8)",
        "largest group of panels listing exactly the same passages: 2",
        "editors' relations: 5; by kind: agrees 3, disagrees 2",
        "debates: 1; by verdict: disagree 1",
    ]
    many = CrossRefStats(30, 18, 0, tuple(f"Pajon 2017 ¶{n}" for n in range(1, 13)), 0, {}, 0, 0, "", 0, {}, {})
    assert many.lines()[0] == (
        "paragraphs with a panel: 18/30; declared to make no claim: 0; without either: 12 "
        "(Pajon 2017 ¶1, Pajon 2017 ¶2, Pajon 2017 ¶3, Pajon 2017 ¶4, Pajon 2017 ¶5, "
        "Pajon 2017 ¶6, Pajon 2017 ¶7, Pajon 2017 ¶8, Pajon 2017 ¶9, Pajon 2017 ¶10 and 2 more)"
    )
    empty = CrossRefStats(0, 0, 0, (), 0, {}, 0, 0, "", 0, {}, {})
    assert empty.lines()[2] == "links whose only reason is a theme or a list of words: 0/0"
    assert empty.lines()[6] == "editors' relations: 0; by kind: none"
