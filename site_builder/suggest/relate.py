"""The order in which passages of other essays are proposed as relations of a paragraph: a
logistic regression on pairs, trained on the editors' relations between the other essays.

The editors relate passages that make the same point, and those seldom share a dated event or
a rare name (linking/crossrefs.py's reasons). So each pair (a paragraph here, a passage of
another essay there) is described by what a reader could check on both texts:

- the cosine of their TF-IDF vectors (Snowball stems, words and pairs, the document
  frequencies of the corpus's paragraphs): the paragraph's text against the passage's text,
  note and claim (the editors' words on what it says);
- the best cosine of one of the paragraph's sentences with one of the passage's
  (linking/sentences.py), for a point made in one sentence of a long paragraph;
- the number of events, and of people, organisations and terms, they both name (names more
  than COMMON_SHARE of the paragraphs use left out);
- the number of themes they share (the themes proposed for the paragraph, the editors' themes
  of the passage): a prior of the ranking, never a reason shown.

The model is trained on every pair of passages of two different training essays, a pair the
editors related being a yes (class weights balanced: about one pair in forty is related), and
ranks every passage of the other essays for each paragraph proposed for. A training pair is
read as the model will be asked: the first passage as a new paragraph, with the events, names
and themes the proposals find in it when its essay is held out (`Found`), not the editors' own
records of it, which a paragraph proposed for never has. The reasons shown
come from propose.py, never from the model.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..linking.crossrefs import COMMON_SHARE
from ..linking.link import find_entity_mentions, find_term_uses
from ..linking.sentences import sentence_spans
from ..sources.model import Corpus, Passage
from .themes import SEED, sklearn_parts, stemmed_vectorizer


@dataclass(frozen=True)
class Side:
    """One end of a pair: its text, the sentences of its paragraph, what it names, its themes."""

    text: str  # what its vector is made of
    sentences: tuple[str, ...]
    events: frozenset[str]
    names: frozenset[str]  # "entity:<id>", "term:<id>"
    themes: frozenset[str]
    related: int = 0  # the editors' relations it has already (0 for a paragraph proposed for)
    id: str = ""  # its passage's id ("" for a paragraph proposed for)
    notes: str = ""  # its passage's note and claim
    whys: tuple[tuple[str, str], ...] = ()  # (the other passage's id, the why) of its editors' relations


@dataclass(frozen=True)
class Found:
    """What the proposals find in an annotated paragraph read as a new one, its essay held out:
    the events and names proposed there, the themes the classifier gives it (None: none found,
    where there are too few essays to hold one out; the editors' are read)."""

    events: frozenset[str]
    names: frozenset[str]  # "entity:<id>", "term:<id>"
    themes: frozenset[str] | None


def known_sides(
    known: Corpus, passages: Iterable[Passage], with_notes: bool, found: Mapping[str, Found] | None = None
) -> tuple[Side, ...]:
    """The sides of annotated passages, from the editors' records (their event mentions, the
    names the alias index finds, their themes), the note and claim read where `with_notes`;
    where `found` has a passage's id, its events, names and themes are those found there."""
    events: dict[tuple[str, int], set[str]] = {}
    for event in known.events:
        for m in event.mentions:
            events.setdefault((m.anchor.essay_id, m.anchor.paragraph), set()).add(event.id)
    names: dict[tuple[str, int], set[str]] = {}
    for named in find_entity_mentions(known):
        names.setdefault((named.essay_id, named.paragraph), set()).add(f"entity:{named.entity_id}")
    for key, terms in find_term_uses(known).items():
        names.setdefault(key, set()).update(f"term:{t}" for t in terms)
    whys: dict[str, list[tuple[str, str]]] = {}
    for r in known.relations:
        whys.setdefault(r.source, []).append((r.target, r.why))
        whys.setdefault(r.target, []).append((r.source, r.why))
    degree: dict[str, int] = {}
    for r in known.relations:
        degree[r.source] = degree.get(r.source, 0) + 1
        degree[r.target] = degree.get(r.target, 0) + 1
    sides = []
    for p in passages:
        text = known.essay(p.essay_id).paragraphs[p.paragraph - 1].text
        at = (p.essay_id, p.paragraph)
        read = " ".join(x for x in (text, p.note, p.claim) if x) if with_notes else text
        seen = (found or {}).get(p.id)
        sides.append(
            Side(
                read,
                sentences(text),
                seen.events if seen else frozenset(events.get(at, ())),
                seen.names if seen else frozenset(names.get(at, ())),
                seen.themes if seen and seen.themes is not None else frozenset(p.themes),
                degree.get(p.id, 0) if with_notes else 0,
                p.id,
                " ".join(x for x in (p.note, p.claim) if x),
                tuple(sorted(whys.get(p.id, ()))) if with_notes else (),
            )
        )
    return tuple(sides)


def sentences(text: str) -> tuple[str, ...]:
    return tuple(text[a:b] for a, b in sentence_spans(text)) or (text,)


def common_names(known: Corpus) -> frozenset[str]:
    """The names more than COMMON_SHARE of the paragraphs use: no point of their own."""
    used: dict[str, set[tuple[str, int]]] = {}
    for m in find_entity_mentions(known):
        used.setdefault(f"entity:{m.entity_id}", set()).add((m.essay_id, m.paragraph))
    for key, terms in find_term_uses(known).items():
        for t in terms:
            used.setdefault(f"term:{t}", set()).add(key)
    paragraphs = sum(len(e.paragraphs) for e in known.essays)
    return frozenset(n for n, at in used.items() if len(at) > max(2, COMMON_SHARE * paragraphs))


class Reader:
    """The TF-IDF model of the corpus's paragraphs, and the cosines it gives."""

    def __init__(self, known: Corpus) -> None:
        self.model = stemmed_vectorizer(sklearn_parts())
        self.model.fit([b.text for e in known.essays for b in e.paragraphs])

    def cosine(self, a: list[str], b: list[str]) -> Any:
        """The len(a) x len(b) array of cosines."""
        return (self.model.transform(a) @ self.model.transform(b).T).toarray()

    def cosines(self, here: tuple[Side, ...], there: tuple[Side, ...]) -> tuple[Any, Any]:
        """(paragraph cosines, best sentence cosines), each a len(here) x len(there) array."""
        whole = (
            self.model.transform([s.text for s in here]) @ self.model.transform([s.text for s in there]).T
        ).toarray()
        a = self.model.transform([t for s in here for t in s.sentences])
        b = self.model.transform([t for s in there for t in s.sentences])
        by_sentence = (a @ b.T).toarray()
        rows, cols = _starts(here), _starts(there)
        best = [
            [float(by_sentence[rows[i] : rows[i + 1], cols[j] : cols[j + 1]].max()) for j in range(len(there))]
            for i in range(len(here))
        ]
        return whole, best


def _whys(reader: Reader, here: tuple[Side, ...], there: tuple[Side, ...]) -> list[list[float]]:
    """[i][j] -> the best cosine of here[i] with the why of one of there[j]'s relations (but
    a relation with here[i] itself)."""
    listed = [(k, other, why) for k, b in enumerate(there) for other, why in b.whys]
    if not listed:
        return [[0.0 for _ in there] for _ in here]
    cos = reader.cosine([a.text for a in here], [why for _, _, why in listed])
    found = [[0.0 for _ in there] for _ in here]
    for i, a in enumerate(here):
        for r, (k, other, _) in enumerate(listed):
            if other != a.id or not a.id:
                found[i][k] = max(found[i][k], float(cos[i][r]))
    return found


def _starts(sides: tuple[Side, ...]) -> list[int]:
    starts = [0]
    for s in sides:
        starts.append(starts[-1] + len(s.sentences))
    return starts


def features(
    reader: Reader,
    here: tuple[Side, ...],
    there: tuple[Side, ...],
    common: frozenset[str],
    related: frozenset[frozenset[str]],
) -> list[list[list[float]]]:
    """[i][j] -> the features of the pair (here[i], there[j]) (see the module's docstring)."""
    import numpy

    whole, best = reader.cosines(here, there)
    noted = reader.cosine([a.text for a in here], [b.notes for b in there])
    said = _whys(reader, here, there)
    # through a neighbour: the cosine of here[i] with the passage most like it that the editors
    # related to there[j] (a passage is no neighbour of itself)
    linked = numpy.array([[frozenset((a.id, b.id)) in related for b in there] for a in there], dtype=float)
    alike = numpy.array(whole) * numpy.array([[a.id != b.id for b in there] for a in here], dtype=float)
    through = (alike[:, :, None] * linked[None, :, :]).max(axis=1) if there else alike
    return [
        [
            [
                float(whole[i][j]),
                best[i][j],
                float(len(a.events & b.events)),
                float(len((a.names & b.names) - common)),
                float(len(a.themes & b.themes)),
                float(through[i][j]),
                float(noted[i][j]),
                said[i][j],
                math.log1p(b.related),
            ]
            for j, b in enumerate(there)
        ]
        for i, a in enumerate(here)
    ]


def ranker(known: Corpus, reader: Reader, common: frozenset[str], found: Mapping[str, Found]) -> Any:
    """The pair model trained on the editors' relations between the essays of `known`, or None
    where they hold no relation (every passage then ranks by its paragraph cosine). The first
    passage of a pair is read with what `found` says of it, as a paragraph proposed for is."""
    related = relations(known)
    passages = known.passages
    here = known_sides(known, passages, with_notes=False, found=found)
    there = known_sides(known, passages, with_notes=True)
    table = features(reader, here, there, common, related)
    x, y = [], []
    for i, p in enumerate(passages):
        rows, labels = [], []
        for j, q in enumerate(passages):
            if p.essay_id != q.essay_id:
                label = 1 if frozenset((p.id, q.id)) in related else 0
                # the other relations of the passage: the pair's own is what is to be learnt
                rows.append([*table[i][j][:-1], math.log1p(there[j].related - label)])
                labels.append(label)
        x += within(rows)
        y += labels
    if len(set(y)) < 2:
        return None
    parts = sklearn_parts()
    model = parts.LogisticRegression(C=1.0, class_weight="balanced", solver="liblinear", random_state=SEED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model.fit(x, y)


def within(rows: list[list[float]]) -> list[list[float]]:
    """Each feature as its distance from the mean over the paragraph's candidates, in standard
    deviations: what sets a passage apart among those of one paragraph, the order shown."""
    import numpy

    if not rows:
        return rows
    x = numpy.array(rows)
    spread = x.std(axis=0)
    return ((x - x.mean(axis=0)) / numpy.where(spread > 0, spread, 1.0)).tolist()


def relations(known: Corpus) -> frozenset[frozenset[str]]:
    """The editors' relations, each as the pair of its passages' ids."""
    return frozenset(frozenset((r.source, r.target)) for r in known.relations)


def ranked(model: Any, table: list[list[list[float]]]) -> list[list[float]]:
    """[i][j] -> how likely the editors would relate here[i] and there[j]."""
    if model is None:
        return [[row[0] for row in rows] for rows in table]
    return [[float(p) for p in model.predict_proba(within(rows))[:, 1]] if rows else [] for rows in table]
