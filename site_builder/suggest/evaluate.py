"""`site-builder suggest --evaluate`: the proposals measured against the editors' annotations,
leaving one essay out at a time.

For each essay: the classifier is trained on the other essays' passages, the essay's own
annotations are set aside (passages, event mentions, relations, and the names only it uses:
known.py), and every one of its paragraphs is proposed for, as for a new essay. Then:

- themes: the proposed themes against the editors' themes of each passage (precision, recall);
- names: the entities and glossary terms the alias index finds in the essay with the whole
  entities.yaml and glossary.yaml (how the editors record them: the builder finds every
  whole-word use of a name) against those found with the other essays' names only;
- events: the events of events.yaml whose mentions the editors anchored in the essay, per
  paragraph, against the events proposed there; the events no other essay mentions cannot be
  proposed (an editor adds them with the essay), and are counted apart;
- relations: of the editors' relations with one end in the essay, those whose other end is
  among the 5 candidates proposed for that paragraph; and, to tell the ranking from the
  reasons, those among the first 10 with a reason to show, and among the first 5 and 10 of the
  ranking alone, reason or not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ..linking.link import find_entity_mentions, find_term_uses
from ..sources.model import Corpus
from .known import known_corpus
from .names import names_in
from .propose import Proposal, propose


@dataclass(frozen=True)
class Score:
    hit: int
    proposed: int
    expected: int

    def __add__(self, other: Score) -> Score:
        return Score(self.hit + other.hit, self.proposed + other.proposed, self.expected + other.expected)

    @property
    def precision(self) -> float:
        return self.hit / self.proposed if self.proposed else 0.0

    @property
    def recall(self) -> float:
        return self.hit / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        total = self.proposed + self.expected
        return 2 * self.hit / total if total else 0.0


@dataclass(frozen=True)
class EssayScores:
    label: str
    themes: Score
    names: Score  # entities and terms
    unknown_names: int  # of those expected, names of entities and terms no other essay uses
    names_recorded: Score  # the same, with entities.yaml and glossary.yaml whole (a known essay)
    events: Score  # against every event the editors anchored in the essay
    unknown_events: int  # of those, mentions of events no other essay mentions
    relations: Score  # hit: found in the top 5; expected: the editors' relations with an end here
    reasoned: int  # of those, the relations whose other end has a reason to show (the most the top 5 can find)
    ranked_5: int = 0  # of those, found among the first 5 of the ranking alone, reason or not
    ranked_10: int = 0  # among its first 10
    reasoned_10: int = 0  # among the first 10 with a reason to show


@dataclass(frozen=True)
class Evaluation:
    essays: tuple[EssayScores, ...]
    proposals: dict  # essay id -> its Proposals (as for a new essay)

    def total(self, field: str) -> Score:
        scores = [getattr(e, field) for e in self.essays]
        return sum(scores[1:], scores[0]) if scores else Score(0, 0, 0)

    def count(self, field: str) -> int:
        return sum(getattr(e, field) for e in self.essays)

    def lines(self) -> list[str]:
        def pr(s: Score) -> str:
            return f"P {s.precision:.2f} R {s.recall:.2f} ({s.hit}/{s.proposed} proposed, {s.hit}/{s.expected} tagged)"

        out = ["leaving one essay out at a time (trained on the others, proposed for all its paragraphs):"]
        for e in self.essays:
            known = Score(e.events.hit, e.events.proposed, e.events.expected - e.unknown_events)
            named = Score(e.names.hit, e.names.proposed, e.names.expected - e.unknown_names)
            out += [
                f"{e.label}: themes {pr(e.themes)}",
                f"    names (entities, terms): recall {e.names.recall:.2f} ({e.names.hit}/{e.names.expected}); of "
                f"names the other essays use {named.recall:.2f} ({named.hit}/{named.expected}); precision "
                f"{e.names.precision:.2f}; with the whole entities.yaml and glossary.yaml "
                f"{e.names_recorded.recall:.2f} ({e.names_recorded.hit}/{e.names_recorded.expected})",
                f"    events: recall {e.events.recall:.2f} ({e.events.hit}/{e.events.expected}); of events the "
                f"other essays mention {known.recall:.2f} ({known.hit}/{known.expected}); precision "
                f"{e.events.precision:.2f} ({e.events.hit}/{e.events.proposed})",
                f"    editors' relations in the top 5: {e.relations.hit}/{e.relations.expected}",
            ]
        themes, names, events, relations, recorded = (
            self.total(f) for f in ("themes", "names", "events", "relations", "names_recorded")
        )
        reasoned = sum(e.reasoned for e in self.essays)
        known = Score(events.hit, events.proposed, events.expected - sum(e.unknown_events for e in self.essays))
        named = Score(names.hit, names.proposed, names.expected - sum(e.unknown_names for e in self.essays))
        out += [
            f"overall: themes micro P {themes.precision:.2f} R {themes.recall:.2f} F1 {themes.f1:.2f} (goal 0.80)",
            f"overall: names recall {names.recall:.2f} ({names.hit}/{names.expected}), {named.recall:.2f} of names "
            f"the other essays use ({named.hit}/{named.expected}) (goal 0.90)",
            f"overall: names recall for a new paragraph of an essay whose names entities.yaml and glossary.yaml "
            f"already hold: {recorded.recall:.2f} ({recorded.hit}/{recorded.expected}), by construction (the "
            "same index finds them)",
            f"overall: events recall {events.recall:.2f} ({events.hit}/{events.expected}), {known.recall:.2f} of "
            f"events the other essays mention ({known.hit}/{known.expected}) (goal 0.90)",
            f"overall: editors' relations in the top 5: {relations.recall:.2f} "
            f"({relations.hit}/{relations.expected}) (goal 0.60)",
            "overall: editors' relations whose other passage has a reason to show (no other can be proposed): "
            f"{reasoned / relations.expected if relations.expected else 0.0:.2f} ({reasoned}/{relations.expected})",
            "overall: editors' relations in the top 10 with a reason to show: "
            f"{_share(self.count('reasoned_10'), relations)}; by the ranking alone, reason or not, in the top 5: "
            f"{_share(self.count('ranked_5'), relations)}, in the top 10: {_share(self.count('ranked_10'), relations)}",
        ]
        return out


def _share(hit: int, of: Score) -> str:
    return f"{hit / of.expected if of.expected else 0.0:.2f} ({hit}/{of.expected})"


def evaluate(corpus: Corpus) -> Evaluation:
    scores, proposals = [], {}
    names = _names(corpus)
    for essay in corpus.essays:
        numbers = tuple(b.number for b in essay.paragraphs)
        made = propose(corpus, essay.id, numbers, unseen_names=True, asked=_related(corpus, essay.id))
        proposals[essay.id] = made
        scores.append(_scores(corpus, essay.id, made, names))
    return Evaluation(tuple(scores), proposals)


def _names(corpus: Corpus) -> dict[tuple[str, int], set[str]]:
    """(essay, ¶) -> "entity:<id>" and "term:<id>" of every name the alias index finds there."""
    found: dict[tuple[str, int], set[str]] = {}
    for m in find_entity_mentions(corpus):
        found.setdefault((m.essay_id, m.paragraph), set()).add(f"entity:{m.entity_id}")
    for key, terms in find_term_uses(corpus).items():
        found.setdefault(key, set()).update(f"term:{t}" for t in terms)
    return found


def _scores(corpus: Corpus, essay_id: str, made: tuple[Proposal, ...], names: dict) -> EssayScores:
    at = {p.paragraph: p for p in made}
    themes = Score(0, 0, 0)
    for passage in corpus.passages_by_essay[essay_id]:
        proposed = {g.theme for g in at[passage.paragraph].themes}
        themes += Score(len(proposed & set(passage.themes)), len(proposed), len(passage.themes))
    others = known_corpus(corpus, frozenset((essay_id, p.paragraph) for p in made), unseen_names=True)
    seen = {f"entity:{e.id}" for e in others.entities} | {f"term:{t.id}" for t in others.terms}
    named, unseen = Score(0, 0, 0), 0
    for p in made:
        proposed = {f"{m.kind}:{m.id}" for m in p.mentions if m.kind != "event"}
        expected = names.get((essay_id, p.paragraph), set())
        named += Score(len(proposed & expected), len(proposed), len(expected))
        unseen += len(expected - seen)
    events, unknown = _event_scores(corpus, essay_id, at)
    return EssayScores(
        corpus.essay(essay_id).label,
        themes,
        named,
        unseen,
        _recorded(corpus, essay_id, names),
        events,
        unknown,
        _relation_score(corpus, essay_id, at),
        sum(len(p.reasoned) for p in made),
        _relation_score(corpus, essay_id, at, lambda p: p.ranking[:5]).hit,
        _relation_score(corpus, essay_id, at, lambda p: p.ranking[:10]).hit,
        _relation_score(corpus, essay_id, at, lambda p: p.deeper[:10]).hit,
    )


def _related(corpus: Corpus, essay_id: str) -> dict[int, frozenset[str]]:
    """Paragraph of `essay_id` -> the passages of other essays the editors related to it."""
    found: dict[int, set[str]] = {}
    for relation in corpus.relations:
        for here, there in ((relation.source, relation.target), (relation.target, relation.source)):
            passage = corpus.passage(here)
            if passage.essay_id == essay_id:
                found.setdefault(passage.paragraph, set()).add(there)
    return {n: frozenset(ids) for n, ids in found.items()}


def _recorded(corpus: Corpus, essay_id: str, names: dict) -> Score:
    """Names found in the essay with entities.yaml and glossary.yaml whole, as for a new
    paragraph of an essay already in the corpus (`site-builder suggest <essay>`)."""
    essay = corpus.essay(essay_id)
    blocks = essay.paragraphs
    known = known_corpus(corpus, frozenset((essay_id, b.number) for b in blocks))
    score = Score(0, 0, 0)
    for number, found in names_in(known, essay, blocks).items():
        proposed = {f"{n.kind}:{n.id}" for n in found if n.kind != "event"}
        expected = names.get((essay_id, number), set())
        score += Score(len(proposed & expected), len(proposed), len(expected))
    return score


def _event_scores(corpus: Corpus, essay_id: str, at: dict[int, Proposal]) -> tuple[Score, int]:
    expected: dict[int, set[str]] = {}
    elsewhere: Counter[str] = Counter()
    for event in corpus.events:
        for m in event.mentions:
            if m.anchor.essay_id == essay_id:
                expected.setdefault(m.anchor.paragraph, set()).add(event.id)
            else:
                elsewhere[event.id] += 1
    score = Score(0, 0, 0)
    for number, p in at.items():
        proposed = {m.id for m in p.mentions if m.kind == "event"}
        wanted = expected.get(number, set())
        score += Score(len(proposed & wanted), len(proposed), len(wanted))
    unknown = sum(1 for ids in expected.values() for e in ids if not elsewhere[e])
    return score, unknown


def _proposed(p: Proposal) -> tuple[str, ...]:
    return tuple(r.to for r in p.relations)


def _relation_score(
    corpus: Corpus, essay_id: str, at: dict[int, Proposal], shown: Callable[[Proposal], tuple[str, ...]] = _proposed
) -> Score:
    """Of the editors' relations with an end in `essay_id`, those whose other end is among
    `shown` (the passages proposed, by default) for that end's paragraph."""
    hit = expected = 0
    for relation in corpus.relations:
        for here, there in ((relation.source, relation.target), (relation.target, relation.source)):
            passage = corpus.passage(here)
            if passage.essay_id == essay_id:
                expected += 1
                hit += there in shown(at[passage.paragraph])
    return Score(hit, expected, expected)
