"""Cross-references: at each annotated passage, the passages of other essays that speak to it.

Asserted relations (annotations/relations.yaml) come first. Then computed candidates, ranked
by what the two paragraphs share, strongest first: a dated event, named entities and glossary
terms (weighted by rarity), close wording of the paragraph and its analyst's note (BM25 over
stemmed words, Lucene's variant), and last the themes.

Candidates come from inverted indexes (event, entity, term, word, theme -> passages), each
posting list cut to a fixed length, so the work per passage is bounded and the whole stage
grows linearly with the corpus. The choice is global and greedy (best pairs first) under two
caps: at most PER_ESSAY passages of one essay in a panel, and at most IN_DEGREE panels
pointing at one passage, so no general paragraph is shown everywhere.
"""
from __future__ import annotations

import bisect
import math
import re
import struct
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .model import RELATION_KINDS, Corpus, Passage

PER_ESSAY = 3  # passages of one other essay shown in a panel
IN_DEGREE = 8  # panels that may point at one passage
POSTINGS = 24  # candidates taken from one posting list (nearest essays, or best-weighted)
SCORED = 60  # candidates of one passage scored in full, the best by a first rough count
TOP_WORDS = 12  # a passage's words (by weight) that bring candidates
RELATIVE_FLOOR = 0.35  # a computed candidate must score this share of the passage's best one
COMMON_SHARE = 0.15  # an entity or term named in more passages than this says little by itself

# Weights of the shared features; the order of strength is the issue's: event, names, wording, theme.
EVENT_WEIGHT = 8.0
WORDING_WEIGHT = 6.0
THEME_WEIGHT = 2.0
WORDING_FLOOR = 0.08  # below this, shared words are not worth naming as a reason


@dataclass(frozen=True)
class CrossRef:
    """A passage of another essay shown at a passage, and the reason in words."""

    passage: Passage  # the other passage
    reason: str
    basis: str  # "asserted", "event", "name" (entity or term), "wording" or "theme"
    kind: str = ""  # for asserted relations: the relation's kind
    score: float = 0.0

    @property
    def asserted(self) -> bool:
        return self.basis == "asserted"


@dataclass(frozen=True)
class Features:
    """What a passage's paragraph is about, as the link stage found it."""

    events: tuple[str, ...]
    names: tuple[str, ...]  # "entity:<id>" and "term:<id>"
    words: dict[str, float]  # stem -> BM25 weight in this passage
    surface: dict[str, str]  # stem -> a word as the text writes it


def _stemmer():
    import snowballstemmer
    return snowballstemmer.stemmer("english")


def passage_text(passage: Passage, corpus: Corpus) -> str:
    """What wording is compared on: the author's paragraph and the analyst's note on it."""
    essay = corpus.essay(passage.essay_id)
    return essay.paragraphs[passage.paragraph - 1].text + " " + passage.note


_WORD = re.compile(r"(?u)\b\w\w+\b")

# The English stop words of bm25s (and scikit-learn's CountVectorizer before it): 33 words.
STOPWORDS = frozenset("""
a an and are as at be but by for if in into is it no not of on or such that the their then there
these they this to was will with""".split())

# That list is short; these common words and the verbs of the analysts'
# notes ("Pajon argues", "Streltsov notes") made reasons such as "close wording: along, lines".
FILLER_WORDS = frozenset("""
about above across after again against almost along already also although always among another
any anything around away back became because become been before being below between both bring
brings brought came can cannot come comes could did does doing done down during each either else
enough even ever every few first for from further get gets given goes going got had has have having
he her here hers herself him himself his how however indeed instead into its itself just last later
least less lest let like likely made make makes many may might more most much must near nearly
neither never next nor not now often once one ones only onto other others otherwise our ours over
own per perhaps rather recent recently same second several shall she should show shows since so
some something still such than that their theirs them themselves then there these they this those
though three through thus together too toward towards two under unless until upon very via was way
ways we well were what whatever when where whether which while who whom whose why will with within
without would yet you your
argue argues argued note notes noted say says said sees see seen describe describes described
point points pointed suggest suggests suggested stress stresses stressed writes wrote
necessarily numerous lines""".split())


# Okapi BM25 as Lucene scores it (the variant bm25s uses by default, with its k1 and b; the
# weights are the same to the bit, float32 included). Written out here because importing bm25s
# and numpy took 0.12 s of every build, more than the whole link stage.
BM25_K1, BM25_B = 1.5, 0.75


def _float32(value: float) -> float:
    """`value` rounded to single precision, as bm25s stores its weights."""
    return struct.unpack("f", struct.pack("f", value))[0]


def bm25_weights(documents: list[list[str]]) -> list[dict[str, float]]:
    """Per document (a list of words): the BM25 weight of each of its words,
    idf * tf / (tf + k1 * (1 - b + b * length / mean length)), idf = ln(1 + (N - df + .5) / (df + .5))."""
    if not documents:
        return []
    count = len(documents)
    mean_length = sum(map(len, documents)) / count
    frequency = Counter(word for words in documents for word in set(words))
    idf = {word: _float32(math.log(1 + (count - df + 0.5) / (df + 0.5))) for word, df in frequency.items()}
    weights = []
    for words in documents:
        norm = BM25_K1 * ((1 - BM25_B) + BM25_B * len(words) / mean_length)
        weights.append({word: _float32(idf[word] * (tf / (norm + tf))) for word, tf in Counter(words).items()})
    return weights


def word_weights(corpus: Corpus) -> tuple[list[dict[str, float]], list[dict[str, str]]]:
    """Per passage: BM25 weight of each stemmed word, and a surface form of each stem."""
    stem = lru_cache(maxsize=None)(_stemmer().stemWord)  # a corpus has far fewer words than tokens
    texts = [passage_text(p, corpus) for p in corpus.passages]
    authors = {word.lower() for essay in corpus.essays for author in essay.authors
               for word in _WORD.findall(author.name)}  # "Pajon argues" says nothing of the subject
    stopwords = STOPWORDS | FILLER_WORDS | authors
    documents = [[stem(word) for word in _WORD.findall(text.lower()) if word not in stopwords] for text in texts]
    # years and numbers say little about what a paragraph is about
    weights = [{word: weight for word, weight in of_passage.items() if not word.isdigit()}
               for of_passage in bm25_weights(documents)]
    surfaces: list[dict[str, str]] = []
    for text in texts:
        forms: dict[str, str] = {}
        for word in _WORD.findall(text):
            forms.setdefault(stem(word.lower()), word)
        surfaces.append(forms)
    return weights, surfaces


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


def cross_references(corpus: Corpus, events_at: dict, names_at: dict
                     ) -> tuple[dict[str, tuple[CrossRef, ...]], dict[str, tuple[CrossRef, ...]]]:
    """(panel per passage id, backlinks per passage id), each list in essay order, best first."""
    passages = corpus.passages
    if not passages:
        return {}, {}
    rank = {e.id: i for i, e in enumerate(corpus.essays)}
    position = {p.id: i for i, p in enumerate(passages)}
    weights, surfaces = word_weights(corpus)
    features = [Features(events_at.get((p.essay_id, p.paragraph), ()), names_at.get((p.essay_id, p.paragraph), ()),
                         weights[i], surfaces[i]) for i, p in enumerate(passages)]
    count = len(passages)

    # inverted indexes: key -> [(essay rank, passage index)] in essay order
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, (p, f) in enumerate(zip(passages, features)):
        for key in (*(f"event:{e}" for e in f.events), *f.names, *(f"theme:{t}" for t in p.themes)):
            postings[key].append((rank[p.essay_id], i))
    word_postings: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for i, f in enumerate(features):
        for word, weight in f.words.items():
            word_postings[word].append((weight, i))
    for word in word_postings:  # best-weighted first, cut: a common word brings few candidates
        word_postings[word] = sorted(word_postings[word], key=lambda wi: (-wi[0], wi[1]))[:POSTINGS]
    posting_ranks = {key: [r for r, _ in items] for key, items in postings.items()}
    idf = {key: math.log(1 + count / len(items)) for key, items in postings.items()}
    common = {key for key, items in postings.items() if len(items) > max(2, COMMON_SHARE * count)}
    rarest = math.log(1 + count / 2)  # the idf of a feature two passages share
    # sums of weights with math.fsum: exact, so no order of the words (a dict's) changes a score
    self_score = [math.fsum(w * w for w in f.words.values()) or 1.0 for f in features]
    unit = [{w: weight / math.sqrt(self_score[i]) for w, weight in f.words.items()} for i, f in enumerate(features)]

    def candidates(i: int) -> list[int]:
        """The SCORED passages of other essays that share the most with passage i, roughly
        counted (each shared feature by its rarity) over bounded posting lists."""
        p, f = passages[i], features[i]
        rough: Counter = Counter()
        for key in (*(f"event:{e}" for e in f.events), *f.names, *(f"theme:{t}" for t in p.themes)):
            weight = idf[key] * (EVENT_WEIGHT if key.startswith("event:") else 1.0)
            for j in _nearest(postings[key], posting_ranks[key], rank[p.essay_id], POSTINGS):
                rough[j] += weight
        for word in sorted(f.words, key=lambda w: (-f.words[w], w))[:TOP_WORDS]:
            for weight, j in word_postings[word]:
                rough[j] += WORDING_WEIGHT * weight * f.words[word] / self_score[i]
        chosen: list[int] = []
        per_other: Counter = Counter()
        for j in sorted(rough, key=lambda j: (-rough[j], j)):
            other = passages[j].essay_id
            if other != p.essay_id and per_other[other] < 2 * PER_ESSAY:
                per_other[other] += 1
                chosen.append(j)
                if len(chosen) == SCORED:
                    break
        return chosen

    def closeness(i: int, j: int) -> float:
        """Cosine of the two passages' BM25 word weights."""
        a, b = unit[i], unit[j]
        small, large = (a, b) if len(a) <= len(b) else (b, a)
        return math.fsum(weight * large[w] for w, weight in small.items() if w in large)

    def wording(i: int, j: int) -> tuple[float, dict[str, float]]:
        a, b = unit[i], unit[j]
        shared = {w: a[w] * b[w] for w in a if w in b}
        return math.fsum(shared.values()), shared

    def value(i: int, j: int) -> float:
        """How much the two paragraphs share; 0 when nothing is worth telling the reader."""
        a, b = features[i], features[j]
        events = [e for e in a.events if e in b.events]
        names = [n for n in a.names if n in b.names]
        telling = [n for n in names if n not in common]
        close = closeness(i, j)
        themes = set(passages[i].themes) & set(passages[j].themes)
        if not (events or telling or themes or close >= WORDING_FLOOR):
            return 0.0
        return (EVENT_WEIGHT * sum(idf[f"event:{e}"] for e in events) / rarest
                + sum(idf[n] for n in telling) + 0.2 * (len(names) - len(telling))
                + WORDING_WEIGHT * close
                + THEME_WEIGHT * len(themes) / len(set(passages[i].themes) | set(passages[j].themes)))

    def reason(i: int, j: int) -> tuple[str, str]:
        """(basis, the reason in words): the strongest two things the paragraphs share."""
        a, b = features[i], features[j]
        events = [e for e in a.events if e in b.events]
        telling = sorted((n for n in a.names if n in b.names and n not in common), key=lambda n: (-idf[n], n))
        reasons: list[tuple[str, str]] = []
        if events:
            named = [f"{corpus.event(e).title} ({corpus.event(e).date.human})" for e in events[:2]]
            reasons.append(("event", ("same event: " if len(named) == 1 else "same events: ") + " and ".join(named)))
        if telling:
            reasons.append(("name", f"both discuss {_names_label(telling[:3], corpus)}"))
        close, shared = wording(i, j)
        if close >= WORDING_FLOOR and len(reasons) < 2:
            top = sorted(shared, key=lambda w: (-shared[w], w))[:3]
            reasons.append(("wording", "close wording: " + ", ".join(f"“{a.surface.get(w, w)}”" for w in top)))
        themes = [t for t in passages[i].themes if t in passages[j].themes]
        if not reasons:
            reasons.append(("theme", "same theme: " + ", ".join(corpus.theme(t).label for t in themes)))
        return reasons[0][0], "; ".join(text for _, text in reasons[:2])

    panels: dict[int, list[CrossRef]] = defaultdict(list)
    in_degree: Counter = Counter()
    per_essay: Counter = Counter()  # (passage index, other essay) -> shown
    shown: set[tuple[int, int]] = set()

    def show(i: int, j: int, ref: CrossRef) -> None:
        panels[i].append(ref)
        in_degree[j] += 1
        per_essay[(i, passages[j].essay_id)] += 1
        shown.add((i, j))

    for relation in corpus.relations:
        i, j = position[relation.source], position[relation.target]
        outward, inward = RELATION_KINDS[relation.kind]
        show(i, j, CrossRef(passages[j], f"{outward}: {relation.why}", "asserted", relation.kind, math.inf))
        show(j, i, CrossRef(passages[i], f"{inward}: {relation.why}", "asserted", relation.kind, math.inf))

    edges: list[tuple[float, int, int]] = []
    best: dict[int, float] = {}
    for i in range(count):
        for j in candidates(i):
            if (i, j) in shown:
                continue
            score = value(i, j)
            if score > 0:
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
            if ((i, j) in shown or score < RELATIVE_FLOOR * best[i] or in_degree[j] >= IN_DEGREE
                    or per_essay[(i, other)] >= room):
                continue
            basis, why = reason(i, j)
            if (i, other, why) in reasons_shown:
                continue  # the same reason twice from one essay tells the reader nothing new
            reasons_shown.add((i, other, why))
            show(i, j, CrossRef(passages[j], why, basis, "", round(score, 4)))

    order = lambda ref: (rank[ref.passage.essay_id], -ref.score, ref.passage.paragraph)  # noqa: E731
    panel = {passages[i].id: tuple(sorted(refs, key=order)) for i, refs in panels.items()}
    incoming: dict[str, list[CrossRef]] = defaultdict(list)
    for i, refs in panels.items():
        here = passages[i]
        for ref in refs:
            if any(back.passage.id == here.id for back in panel.get(ref.passage.id, ())):
                continue  # already in that passage's own panel
            incoming[ref.passage.id].append(CrossRef(here, ref.reason, ref.basis, ref.kind, ref.score))
    backlinks = {pid: tuple(sorted(refs, key=order)) for pid, refs in incoming.items()}
    return panel, backlinks


@dataclass(frozen=True)
class CrossRefStats:
    """The measures of issue #11, printed by `site-builder stats` and `make bench`."""

    passages: int
    with_panel: int  # passages whose panel shows at least one passage
    could_have_panel: int  # passages with at least one passage of another essay on a shared theme
    shown: int  # cross-references shown, over all panels
    targeted: int  # passages shown in at least one other passage's panel
    max_in_degree: int
    most_linked: str
    by_basis: dict[str, int]
    identical_panels: int  # the largest number of panels showing exactly the same passages

    def lines(self) -> list[str]:
        def share(n: int, d: int) -> str:
            return f"{n}/{d} ({100 * n / d:.0f} %)" if d else "0/0"
        strong = sum(v for k, v in self.by_basis.items() if k in ("asserted", "event", "name"))
        return [
            f"annotated passages: {self.passages}",
            f"with a cross-reference panel: {share(self.with_panel, self.could_have_panel)} of those that can have one",
            f"target of some link: {share(self.targeted, self.passages)}",
            f"most-linked passage: {self.most_linked}, target of {self.max_in_degree} links (cap {IN_DEGREE})",
            f"cross-references shown: {self.shown}; by reason: "
            + ", ".join(f"{k} {v}" for k, v in sorted(self.by_basis.items(), key=lambda kv: (-kv[1], kv[0]))),
            f"reason is an asserted relation, a shared event or a shared name: {share(strong, self.shown)}",
            f"reason is a theme alone: {share(self.by_basis.get('theme', 0), self.shown)}",
            f"largest group of panels listing exactly the same passages: {self.identical_panels}",
        ]


def crossref_stats(corpus: Corpus, related: dict[str, tuple[CrossRef, ...]]) -> CrossRefStats:
    in_degree = Counter(ref.passage.id for refs in related.values() for ref in refs)
    themes_by_essay: dict[str, set[str]] = defaultdict(set)
    for p in corpus.passages:
        themes_by_essay[p.essay_id].update(p.themes)
    could = sum(1 for p in corpus.passages
                if any(set(p.themes) & themes for essay, themes in themes_by_essay.items() if essay != p.essay_id))
    panels = Counter(tuple(ref.passage.id for ref in refs) for refs in related.values() if refs)
    top, top_count = (in_degree.most_common(1) or [("", 0)])[0]
    if top:
        p = corpus.passage(top)
        top = f"{corpus.essay(p.essay_id).label} ¶{p.paragraph}"
    return CrossRefStats(
        passages=len(corpus.passages), with_panel=sum(1 for p in corpus.passages if related.get(p.id)),
        could_have_panel=could, shown=sum(len(refs) for refs in related.values()), targeted=len(in_degree),
        max_in_degree=top_count, most_linked=top,
        by_basis=dict(Counter(ref.basis for refs in related.values() for ref in refs)),
        identical_panels=max(panels.values(), default=0))


def gold_recall(corpus: Corpus, related: dict[str, tuple[CrossRef, ...]], pairs: list[dict]
                ) -> tuple[int, list[str]]:
    """Of the pairs a careful reader makes ({from: {essay, paragraph}, to: {...}}), how many
    appear in the panel of the first paragraph; and the ones missing, as "essay ¶N → essay ¶M"."""
    at = {(p.essay_id, p.paragraph): p.id for p in corpus.passages}
    found, missed = 0, []
    for pair in pairs:
        source, target = pair["from"], pair["to"]
        shown = {(ref.passage.essay_id, ref.passage.paragraph)
                 for ref in related.get(at.get((source["essay"], source["paragraph"]), ""), ())}
        if (target["essay"], target["paragraph"]) in shown:
            found += 1
        else:
            missed.append(f"{source['essay']} ¶{source['paragraph']} → {target['essay']} ¶{target['paragraph']}")
    return found, missed
