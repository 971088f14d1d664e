"""Cross-references: at each annotated passage, the passages of other essays that speak to it.

Asserted relations (annotations/relations.yaml) come first. Then computed candidates, each
with a reason a reader can check against both texts, strongest first: the same dated event,
then a name or glossary term central to both paragraphs (a person, an organisation or a term,
not a place: the same place name often stands for different events). A shared theme alone is
no reason: the theme pages list every passage on a theme, and a panel points to them. Nor is
wording: shared words, and even shared rare phrases of content words (tried: "put forward",
"diametrically opposed", "two sides", "good relations" were most of them), joined paragraphs
that make no comparable point; without a part-of-speech tagger that runs offline (spaCy's
English models and NLTK's tagger are downloads, YAKE found the same idioms at 17 ms a
paragraph) the editors' relations carry what wording cannot.

Candidates come from inverted indexes (event, name, phrase -> passages), each posting list
cut to a fixed length, so the work per passage is bounded and the whole stage grows linearly
with the corpus. The choice is global and greedy (best pairs first) under two caps: at most
PER_ESSAY passages of one essay in a panel, and at most IN_DEGREE panels pointing at one
passage, so no general paragraph is shown everywhere.

Each cross-reference carries the sentence of the other paragraph that holds the shared
point (the event's, the name's or the phrase's sentence, or the relation's own quote), where
it is not the passage's key sentence.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..sources.model import RELATION_KINDS, Anchor, Corpus, Passage
from .sentences import sentence_at

PER_ESSAY = 3  # passages of one other essay shown in a panel
IN_DEGREE = 8  # panels that may point at one passage
POSTINGS = 24  # candidates taken from one posting list (nearest essays)
RELATIVE_FLOOR = 0.35  # a computed candidate must score this share of the passage's best one
COMMON_SHARE = 0.15  # a name used in more paragraphs than this says little by itself

EVENT_WEIGHT = 8.0  # a shared dated event outweighs any shared name


@dataclass(frozen=True)
class CrossRef:
    """A passage of another essay shown at a passage, and the reason in words."""

    passage: Passage  # the other passage
    reason: str
    basis: str  # "asserted", "event" or "name" (entity or term)
    kind: str = ""  # for asserted relations: the relation's kind
    score: float = 0.0
    quote: str = ""  # the sentence of the other passage that carries the point, if not its key sentence

    @property
    def asserted(self) -> bool:
        return self.basis == "asserted"


@dataclass(frozen=True)
class NameSpan:
    """Where a paragraph names a person, an organisation or a glossary term."""

    key: str  # "entity:<id>" or "term:<id>"
    start: int
    end: int


@dataclass(frozen=True)
class Features:
    """What a passage's paragraph may share with others, with where each stands in its text."""

    events: dict[str, int]  # event id -> offset of its mention
    names: dict[str, int]  # "entity:<id>"/"term:<id>" central to the paragraph -> first offset


def _central_names(spans: tuple[NameSpan, ...], passage: Passage) -> dict[str, int]:
    """The names a paragraph is about: named twice or more, or in the passage's key sentence
    (the quote the editors chose)."""
    quote_start = passage.anchor.start
    quote_end = quote_start + len(passage.anchor.quote.exact)
    counts = Counter(span.key for span in spans)
    central: dict[str, int] = {}
    for span in spans:
        if counts[span.key] >= 2 or quote_start <= span.start < quote_end:
            central.setdefault(span.key, span.start)
    return central


def _features(corpus: Corpus, events_at: dict, names_at: dict) -> list[Features]:
    features = []
    for p in corpus.passages:
        key = (p.essay_id, p.paragraph)
        features.append(Features(dict(events_at.get(key, ())), _central_names(names_at.get(key, ()), p)))
    return features


def _nearest(ranked: list[tuple[int, int]], ranks: list[int], here: int, wanted: int) -> list[int]:
    """From (essay rank, passage index) pairs sorted by rank (`ranks` their ranks alone), the
    `wanted` nearest to `here`."""
    position = bisect.bisect_left(ranks, here)
    left, right = position - 1, position
    chosen: list[int] = []
    while len(chosen) < wanted and (left >= 0 or right < len(ranked)):
        if right >= len(ranked) or (left >= 0 and here - ranks[left] <= ranks[right] - here):
            chosen.append(ranked[left][1])
            left -= 1
        else:
            chosen.append(ranked[right][1])
            right += 1
    return chosen


def _names_label(names: list[str], corpus: Corpus) -> str:
    shown = []
    for name in names:
        kind, _, ident = name.partition(":")
        if kind == "term":
            term = next(t for t in corpus.terms if t.id == ident)
            shown.append(f"“{term.term}”")
        else:
            shown.append(corpus.entity(ident).name)
    return " and ".join(shown) if len(shown) <= 2 else ", ".join(shown[:-1]) + " and " + shown[-1]


@dataclass(frozen=True)
class _Index:
    """The inverted indexes of the computed candidates, and each feature's rarity."""

    postings: dict[str, list[tuple[int, int]]]  # feature -> [(essay rank, passage index)] in essay order
    ranks: dict[str, list[int]]
    idf: dict[str, float]
    rarest: float  # the idf of a feature two passages share


def _index(corpus: Corpus, features: list[Features], rank: dict[str, int], names_at: dict) -> _Index:
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    count = len(features)
    for i, (p, f) in enumerate(zip(corpus.passages, features, strict=False)):
        for key in _keys(f):
            postings[key].append((rank[p.essay_id], i))
    # a name is common by every paragraph that names it, central there or not (Putin, Abe)
    named_in = Counter(key for spans in names_at.values() for key in {span.key for span in spans})
    paragraphs = sum(len(e.paragraphs) for e in corpus.essays)
    too_common = {key for key in postings if named_in[key] > max(2, COMMON_SHARE * paragraphs)}
    too_common |= _theme_names(corpus)
    kept = {key: items for key, items in postings.items() if key not in too_common and len(items) > 1}
    return _Index(
        kept,
        {key: [r for r, _ in items] for key, items in kept.items()},
        {key: math.log(1 + count / len(items)) for key, items in kept.items()},
        math.log(1 + count / 2),
    )


def _theme_names(corpus: Corpus) -> set[str]:
    """Glossary terms that are a theme's own names ("peace treaty", "Northern Territories"):
    sharing one says no more than sharing the theme."""
    aliases = {a.lower() for t in corpus.themes for a in (t.label, *t.aliases)}
    return {f"term:{t.id}" for t in corpus.terms if {a.lower() for a in (t.term, *t.aliases)} & aliases}


def _keys(f: Features) -> list[str]:
    return [*(f"event:{e}" for e in f.events), *f.names]


def _weight(key: str, index: _Index) -> float:
    if key.startswith("event:"):
        return EVENT_WEIGHT * index.idf[key] / index.rarest
    return index.idf[key]


def _shared(a: Features, b: Features, index: _Index) -> list[str]:
    """The features two passages share that are worth a reason, strongest first."""
    of_b = set(_keys(b))
    shared = [key for key in _keys(a) if key in index.idf and key in of_b]
    return sorted(shared, key=lambda key: (-_weight(key, index), key))


def _reason(shared: list[str], corpus: Corpus) -> tuple[str, str]:
    """(basis, the reason in words): the shared events, then the shared names."""
    events = [k[6:] for k in shared if k.startswith("event:")]
    names = [k for k in shared if k.startswith(("entity:", "term:"))]
    parts: list[tuple[str, str]] = []
    if events:
        named = [f"{corpus.event(e).title} ({corpus.event(e).date.human})" for e in events[:2]]
        parts.append(("event", ("same event: " if len(named) == 1 else "same events: ") + " and ".join(named)))
    if names:
        parts.append(("name", f"both discuss {_names_label(names[:3], corpus)}"))
    return parts[0][0], "; ".join(text for _, text in parts[:2])


def _point_offset(key: str, f: Features) -> int:
    if key.startswith("event:"):
        return f.events[key[6:]]
    return f.names[key]


def point_sentence(corpus: Corpus, passage: Passage, at: int) -> str:
    """The sentence of `passage`'s paragraph at offset `at`, or "" where it lies in the
    passage's key sentence (the quote the panel shows by default)."""
    start = passage.anchor.start
    if start <= at < start + len(passage.anchor.quote.exact):
        return ""
    text = corpus.essay(passage.essay_id).paragraphs[passage.paragraph - 1].text
    sentence = sentence_at(text, at)
    return "" if passage.anchor.quote.exact in sentence else sentence


def _anchor_text(anchor: Anchor | None, passage: Passage) -> str:
    return "" if anchor is None or anchor.quote.exact == passage.anchor.quote.exact else anchor.quote.exact


@dataclass
class _Panels:
    """The panels as they fill, under the caps."""

    passages: tuple[Passage, ...]
    refs: dict[int, list[CrossRef]]
    back_quotes: dict[tuple[int, int], str]  # (i, j) -> the quote of i to show at j's backlinks
    in_degree: Counter
    per_essay: Counter  # (passage index, other essay) -> shown
    shown: set[tuple[int, int]]

    def show(self, i: int, j: int, ref: CrossRef, back_quote: str) -> None:
        self.refs[i].append(ref)
        self.back_quotes[(i, j)] = back_quote
        self.in_degree[j] += 1
        self.per_essay[(i, self.passages[j].essay_id)] += 1
        self.shown.add((i, j))


def _asserted(corpus: Corpus, panels: _Panels, position: dict[str, int]) -> None:
    for relation in corpus.relations:
        i, j = position[relation.source], position[relation.target]
        source, target = corpus.passages[i], corpus.passages[j]
        outward, inward = RELATION_KINDS[relation.kind]
        to_quote, from_quote = _anchor_text(relation.target_quote, target), _anchor_text(relation.source_quote, source)
        panels.show(
            i,
            j,
            CrossRef(target, f"{outward}: {relation.why}", "asserted", relation.kind, math.inf, to_quote),
            from_quote,
        )
        panels.show(
            j,
            i,
            CrossRef(source, f"{inward}: {relation.why}", "asserted", relation.kind, math.inf, from_quote),
            to_quote,
        )


def _candidates(
    i: int, passages: tuple[Passage, ...], features: list[Features], index: _Index, rank: dict[str, int]
) -> list[tuple[float, int]]:
    """(score, j) for the passages of other essays that share a reason with passage i."""
    here = passages[i]
    scores: dict[int, float] = defaultdict(float)
    for key in _keys(features[i]):
        if key not in index.idf:
            continue
        for j in _nearest(index.postings[key], index.ranks[key], rank[here.essay_id], POSTINGS):
            if passages[j].essay_id != here.essay_id:
                scores[j] += _weight(key, index)
    return [(round(score, 6), j) for j, score in scores.items()]


def _computed(corpus: Corpus, panels: _Panels, features: list[Features], index: _Index, rank: dict[str, int]) -> None:
    passages = corpus.passages
    edges: list[tuple[float, int, int]] = []
    best: dict[int, float] = {}
    for i in range(len(passages)):
        for score, j in _candidates(i, passages, features, index, rank):
            if (i, j) not in panels.shown:
                edges.append((score, i, j))
                best[i] = max(best.get(i, 0.0), score)
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    reasons_shown: set[tuple[int, str, str]] = set()
    # Two rounds: first each panel's best passage of each other essay, then the rest; in one
    # round the passages with strong links used up the popular targets' caps before a weakly
    # linked paragraph had any.
    for room in (1, PER_ESSAY):
        for score, i, j in edges:
            other = passages[j].essay_id
            if (
                (i, j) in panels.shown
                or score < RELATIVE_FLOOR * best[i]
                or panels.in_degree[j] >= IN_DEGREE
                or panels.per_essay[(i, other)] >= room
            ):
                continue
            shared = _shared(features[i], features[j], index)
            basis, why = _reason(shared, corpus)
            if (i, other, why) in reasons_shown:
                continue  # the same reason twice from one essay tells the reader nothing new
            reasons_shown.add((i, other, why))
            point = shared[0]
            panels.show(
                i,
                j,
                CrossRef(
                    passages[j],
                    why,
                    basis,
                    "",
                    score,
                    point_sentence(corpus, passages[j], _point_offset(point, features[j])),
                ),
                point_sentence(corpus, passages[i], _point_offset(point, features[i])),
            )


def cross_references(
    corpus: Corpus, events_at: dict, names_at: dict
) -> tuple[dict[str, tuple[CrossRef, ...]], dict[str, tuple[CrossRef, ...]]]:
    """(panel per passage id, backlinks per passage id), each list in essay order, best first.
    `events_at`: (essay, ¶) -> ((event id, offset), ...); `names_at`: (essay, ¶) -> NameSpans."""
    passages = corpus.passages
    if not passages:
        return {}, {}
    rank = {e.id: i for i, e in enumerate(corpus.essays)}
    position = {p.id: i for i, p in enumerate(passages)}
    features = _features(corpus, events_at, names_at)
    panels = _Panels(passages, defaultdict(list), {}, Counter(), Counter(), set())
    _asserted(corpus, panels, position)
    _computed(corpus, panels, features, _index(corpus, features, rank, names_at), rank)

    order = lambda ref: (rank[ref.passage.essay_id], -ref.score, ref.passage.paragraph)  # noqa: E731
    panel = {passages[i].id: tuple(sorted(refs, key=order)) for i, refs in panels.refs.items()}
    incoming: dict[str, list[CrossRef]] = defaultdict(list)
    for i, refs in panels.refs.items():
        here = passages[i]
        for ref in refs:
            if any(back.passage.id == here.id for back in panel.get(ref.passage.id, ())):
                continue  # already in that passage's own panel
            quote = panels.back_quotes[(i, position[ref.passage.id])]
            incoming[ref.passage.id].append(CrossRef(here, ref.reason, ref.basis, ref.kind, ref.score, quote))
    backlinks = {pid: tuple(sorted(refs, key=order)) for pid, refs in incoming.items()}
    return panel, backlinks


def _first_few(names: tuple[str, ...], shown: int = 10) -> str:
    """ " (Pajon 2017 ¶3, …)": the first `shown` names, and how many more."""
    if not names:
        return ""
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return f" ({', '.join(names[:shown])}{more})"


WEAK_BASES = ("theme", "wording")  # reasons that are no reason: a shared theme, a list of words


@dataclass(frozen=True)
class CrossRefStats:
    """The measures printed by `site-builder stats` and `make bench`."""

    paragraphs: int
    passages: int  # paragraphs with a passage, and so a panel
    no_claim: int  # paragraphs the editors declared to make no claim
    silent: tuple[str, ...]  # paragraphs with neither, as "Pajon 2017 ¶3"
    shown: int  # links shown, in the panels and in "passages that point here" together
    by_basis: dict[str, int]
    targeted: int  # passages shown in at least one other passage's panel
    max_in_degree: int
    most_linked: str
    identical_panels: int  # the largest number of panels showing exactly the same passages
    relations: dict[str, int]  # the editors' relations by kind
    debates: dict[str, int]  # debates by verdict

    def lines(self) -> list[str]:
        def share(n: int, d: int) -> str:
            return f"{n}/{d} ({100 * n / d:.0f} %)" if d else "0/0"

        def counts(values: dict[str, int]) -> str:
            ordered = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
            return ", ".join(f"{k} {v}" for k, v in ordered) or "none"

        weak = sum(self.by_basis.get(basis, 0) for basis in WEAK_BASES)
        return [
            f"paragraphs with a panel: {self.passages}/{self.paragraphs}; declared to make no claim: "
            f"{self.no_claim}; without either: {len(self.silent)}" + _first_few(self.silent),
            f"links shown, panels and backlinks together: {self.shown}; by reason: {counts(self.by_basis)}",
            f"links whose only reason is a theme or a list of words: {share(weak, self.shown)}",
            f"target of some link: {share(self.targeted, self.passages)}",
            f"most-linked passage: {self.most_linked}, in {self.max_in_degree} panels (cap {IN_DEGREE})",
            f"largest group of panels listing exactly the same passages: {self.identical_panels}",
            f"editors' relations: {sum(self.relations.values())}; by kind: {counts(self.relations)}",
            f"debates: {sum(self.debates.values())}; by verdict: {counts(self.debates)}",
        ]


def crossref_stats(
    corpus: Corpus, related: dict[str, tuple[CrossRef, ...]], backlinks: dict[str, tuple[CrossRef, ...]]
) -> CrossRefStats:
    in_degree = Counter(ref.passage.id for refs in related.values() for ref in refs)
    panels = Counter(tuple(ref.passage.id for ref in refs) for refs in related.values() if refs)
    top, top_count = (in_degree.most_common(1) or [("", 0)])[0]
    if top:
        linked = corpus.passage(top)
        top = f"{corpus.essay(linked.essay_id).label} ¶{linked.paragraph}"
    covered = {(p.essay_id, p.paragraph) for p in corpus.passages} | {
        (n.essay_id, n.paragraph) for n in corpus.no_claims
    }
    silent = tuple(
        f"{e.label} ¶{b.number}" for e in corpus.essays for b in e.paragraphs if (e.id, b.number) not in covered
    )
    every = [ref for refs in (*related.values(), *backlinks.values()) for ref in refs]
    return CrossRefStats(
        paragraphs=sum(len(e.paragraphs) for e in corpus.essays),
        passages=len(corpus.passages),
        no_claim=len(corpus.no_claims),
        silent=silent,
        shown=len(every),
        by_basis=dict(Counter(ref.basis for ref in every)),
        targeted=len(in_degree),
        max_in_degree=top_count,
        most_linked=top,
        identical_panels=max(panels.values(), default=0),
        relations=dict(Counter(r.kind for r in corpus.relations)),
        debates=dict(Counter(d.verdict for d in corpus.debates)),
    )


def linked_pairs(corpus: Corpus, related: dict[str, tuple[CrossRef, ...]], pairs: list[dict]) -> list[str]:
    """Of pairs that must not be linked, those that either passage's panel shows, as
    "essay ¶N → essay ¶M"."""
    at = {(p.essay_id, p.paragraph): p.id for p in corpus.passages}
    shown = []
    for pair in pairs:
        ends = [(pair[end]["essay"], pair[end]["paragraph"]) for end in ("from", "to")]
        for here, there in (ends, ends[::-1]):
            if there in {(r.passage.essay_id, r.passage.paragraph) for r in related.get(at.get(here, ""), ())}:
                shown.append(f"{here[0]} ¶{here[1]} → {there[0]} ¶{there[1]}")
    return shown


def gold_recall(corpus: Corpus, related: dict[str, tuple[CrossRef, ...]], pairs: list[dict]) -> tuple[int, list[str]]:
    """Of the pairs a careful reader makes ({from: {essay, paragraph}, to: {...}}), how many
    appear in the panel of the first paragraph; and the ones missing, as "essay ¶N → essay ¶M"."""
    at = {(p.essay_id, p.paragraph): p.id for p in corpus.passages}
    found, missed = 0, []
    for pair in pairs:
        source, target = pair["from"], pair["to"]
        shown = {
            (ref.passage.essay_id, ref.passage.paragraph)
            for ref in related.get(at.get((source["essay"], source["paragraph"]), ""), ())
        }
        if (target["essay"], target["paragraph"]) in shown:
            found += 1
        else:
            missed.append(f"{source['essay']} ¶{source['paragraph']} → {target['essay']} ¶{target['paragraph']}")
    return found, missed


@dataclass(frozen=True)
class Candidate:
    """A passage of another essay that shares a reason with a paragraph, for an editor to judge
    (`site-builder suggest`): the panels' scoring and reasons, without their caps."""

    passage: Passage
    score: float
    basis: str  # "event" or "name"
    reason: str
    here: int  # offset, in the paragraph proposed for, of the strongest shared point
    there: int  # the same in the other passage's paragraph


def ranked_candidates(
    corpus: Corpus, events_at: dict, names_at: dict, passage_ids: set[str]
) -> dict[str, tuple[Candidate, ...]]:
    """For each of `passage_ids`, every passage of another essay sharing a reason with it, best
    first (score, then essay and paragraph order)."""
    passages = corpus.passages
    rank = {e.id: i for i, e in enumerate(corpus.essays)}
    features = _features(corpus, events_at, names_at)
    index = _index(corpus, features, rank, names_at)
    found: dict[str, tuple[Candidate, ...]] = {}
    for i, passage in enumerate(passages):
        if passage.id not in passage_ids:
            continue
        ranked = []
        for score, j in sorted(_candidates(i, passages, features, index, rank), key=lambda s: (-s[0], s[1])):
            shared = _shared(features[i], features[j], index)
            basis, why = _reason(shared, corpus)
            at_i, at_j = _point_offset(shared[0], features[i]), _point_offset(shared[0], features[j])
            ranked.append(Candidate(passages[j], score, basis, why, at_i, at_j))
        found[passage.id] = tuple(ranked)
    return found
