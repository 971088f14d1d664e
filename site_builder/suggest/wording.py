"""The closest sentences of a paragraph and a passage of another essay, as the reason of a
relation proposed where the cross-reference candidates give none.

The panels take no reason from wording (linking/crossrefs.py: shared words joined paragraphs
that make no comparable point); a proposal is different: an editor reads it and rejects what
does not hold. The editors relate passages that make claims on the same point, and those
seldom share a dated event or a rare name. So a passage ranked high (relate.py) without such a
reason is shown with the pair of sentences, one on each side, most alike (the cosine of their
TF-IDF vectors), quoted both, and the weighty words they share: the editor reads the two
sentences side by side and judges the point.

A sentence is read as keys: the Snowball stem of each word (English stop words out), and each
name of the alias index (an entity's or a glossary term's name or alias, as the panels find
it) as one key of its own, so "United States" is one word, not "United" and "States", and
"US" the same word. Keys side by side in both sentences (nothing but a space or a hyphen
between) are one phrase: "Prime Minister", "status quo". A key or a pair of keys is weighty
where at most COMMON_SHARE of the paragraphs use it (Russia, Japan, relations are not); a
phrase is weighty where its pairs are, and it holds a weighty key ("Russia-Japan" is none). Only
a pair of sentences that shares two weighty words or phrases, or one phrase or name, is a
reason (one word alone is not: `enough`); the closest such pair is shown, with what it shares,
weightiest first, as the paragraph writes it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..linking.crossrefs import COMMON_SHARE
from ..linking.link import alias_pattern, inside_excluded
from ..linking.sentences import sentence_spans
from ..sources.model import Corpus, Passage
from .themes import sklearn_parts

SHOWN_WORDS = 3  # shared words named in a reason
WORD = re.compile(r"[A-Za-z0-9]+")

Key = tuple[str, int, int, bool]  # (key, start, end, side by side with the key before it) in the text
JOINT = re.compile(r"[\s\-‐–]*")  # what may stand between two words of a phrase


@dataclass(frozen=True)
class Near:
    passage: Passage
    score: float  # the two sentences' cosine, to four decimals
    words: tuple[str, ...]  # the weighty words they share, weightiest first, as the paragraph writes them
    here: str  # the paragraph's sentence
    there: str  # the passage's


@dataclass(frozen=True)
class Sentences:
    """A paragraph read for its closest sentences: its sentences, their keys, their vectors."""

    texts: tuple[str, ...]
    keys: tuple[tuple[Key, ...], ...]
    vectors: Any  # sparse, one row per sentence


@dataclass(frozen=True)
class Names:
    """The alias index as keys: one pattern for every name, and what each form names."""

    pattern: re.Pattern | None
    owner: dict[str, tuple[str, tuple[str, ...]]]  # form -> (key, the phrases it does not name inside)


def names(known: Corpus) -> Names:
    owner: dict[str, tuple[str, tuple[str, ...]]] = {}
    for entity in known.entities:
        for form in (entity.name, *entity.aliases):
            owner.setdefault(form, (f"entity:{entity.id}", tuple(entity.not_when)))
    for term in known.terms:
        for form in (term.term, *term.aliases):
            owner.setdefault(form, (f"term:{term.id}", ()))
    return Names(alias_pattern(list(owner)), owner)


def keys(index: Names, text: str) -> tuple[Key, ...]:
    """The keys of `text` in order: its names (one key each), and the stems of its other words;
    each says whether nothing but a space or a hyphen parts it from the key before it."""
    import snowballstemmer

    found: list[tuple[int, int, str]] = []  # (start, end, key)
    taken: list[tuple[int, int]] = []
    for match in index.pattern.finditer(text) if index.pattern else ():
        key, not_when = index.owner[match.group(1)]
        if not inside_excluded(text, match.start(), match.end(), not_when):
            found.append((match.start(), match.end(), key))
            taken.append((match.start(), match.end()))
    stop = sklearn_parts().ENGLISH_STOP_WORDS
    stemmer = snowballstemmer.stemmer("english")
    words = [m for m in WORD.finditer(text) if not any(a <= m.start() < b for a, b in taken)]
    # a stop word is no key, but stays in the text between two keys: they are not side by side
    found += [
        (m.start(), m.end(), str(stemmer.stemWord(w)))
        for m in words
        if (w := m.group().lower()) not in stop and len(w) > 1
    ]
    kept = sorted(found)
    out: list[Key] = []
    for n, (a, b, k) in enumerate(kept):
        before = kept[n - 1][1] if n else -1
        joined = n > 0 and JOINT.fullmatch(text[before:a]) is not None
        out.append((k, a, b, joined))
    return tuple(out)


def analyzed(index: Names, text: str) -> list[str]:
    """The keys of `text`, and each two side by side as one (a phrase: "status quo", "North Korea")."""
    found = keys(index, text)
    return [k[0] for k in found] + [f"{a[0]} {b[0]}" for a, b in itertools.pairwise(found) if b[3]]


@dataclass(frozen=True)
class Item:
    """A word or phrase two sentences share: its keys (a phrase: the pairs it is made of), where
    the first sentence has it."""

    keys: tuple[str, ...]
    start: int
    end: int


def shared_items(mine: tuple[Key, ...], theirs: tuple[Key, ...]) -> tuple[Item, ...]:
    """What two sentences share, in the first one's order: each run of keys side by side in both
    as one phrase, and each other key both have as one word."""
    pairs = {(a[0], b[0]) for a, b in itertools.pairwise(theirs) if b[3]}
    singles = {k[0] for k in theirs}
    linked = [b[3] and (a[0], b[0]) in pairs for a, b in itertools.pairwise(mine)]
    items: list[Item] = []
    p = 0
    while p < len(mine):
        q = p
        while q < len(linked) and linked[q]:
            q += 1
        if q > p:  # mine[p..q] is a phrase both have
            items.append(
                Item(
                    tuple(f"{a[0]} {b[0]}" for a, b in zip(mine[p:q], mine[p + 1 : q + 1], strict=True)),
                    mine[p][1],
                    mine[q][2],
                )
            )
            p = q + 1
            continue
        if mine[p][0] in singles:
            items.append(Item((mine[p][0],), mine[p][1], mine[p][2]))
        p += 1
    first: dict[tuple[str, ...], Item] = {}
    for item in items:
        first.setdefault(item.keys, item)
    return tuple(first.values())


def enough(items: tuple[Item, ...]) -> bool:
    """Whether what two sentences share is a reason: two weighty words or phrases, or one phrase
    or one name. One word alone ("new", "recent", "rights") joined sentences that make no
    comparable point."""
    if len(items) >= 2:
        return True
    return any(" " in item.keys[0] or item.keys[0].startswith(("entity:", "term:")) for item in items)


class Wording:
    """The keys of the corpus's paragraphs worth naming in a reason, and the closest sentences
    of a paragraph and a passage."""

    def __init__(self, known: Corpus) -> None:
        self.known = known
        self.index = names(known)
        paragraphs = [b.text for e in known.essays for b in e.paragraphs]
        self.model = sklearn_parts().TfidfVectorizer(analyzer=partial(analyzed, self.index), sublinear_tf=True)
        counts = self.model.fit_transform(paragraphs)
        used_in = (counts > 0).sum(axis=0).A1
        vocabulary = self.model.get_feature_names_out()
        limit = max(2, COMMON_SHARE * len(paragraphs))
        self.column = {str(k): i for i, k in enumerate(vocabulary)}
        self.weighty = frozenset(str(k) for i, k in enumerate(vocabulary) if used_in[i] <= limit)
        self.read_there = {(e.id, b.number): self.read(b.text) for e in known.essays for b in e.paragraphs}

    def read(self, text: str) -> Sentences:
        texts = tuple(text[a:b] for a, b in sentence_spans(text)) or (text,)
        return Sentences(texts, tuple(keys(self.index, t) for t in texts), self.model.transform(list(texts)))

    def near(self, here: Sentences, passage: Passage) -> Near | None:
        """`passage` with the closest pair of sentences that shares enough (`enough`), or
        None where no pair does (no reason to give)."""
        there = self.read_there[(passage.essay_id, passage.paragraph)]
        cosines = (here.vectors @ there.vectors.T).toarray()
        best: tuple[float, int, int, tuple[Item, ...]] | None = None
        for i, mine in enumerate(here.keys):
            for j, theirs in enumerate(there.keys):
                if best is not None and round(float(cosines[i][j]), 6) <= round(best[0], 6):
                    continue
                items = tuple(t for t in shared_items(mine, theirs) if self._weighty(t))
                if enough(items):
                    best = (float(cosines[i][j]), i, j, items)
        if best is None:
            return None
        score, i, j, items = best
        return Near(passage, round(score, 4), self._shown(here, there, i, j, items), here.texts[i], there.texts[j])

    def _weighty(self, item: Item) -> bool:
        """A word used by few paragraphs; a phrase used by few, with such a word in it
        ("Russia-Japan" is none: two words every essay uses)."""
        if not all(k in self.weighty for k in item.keys):
            return False
        return any(w in self.weighty for k in item.keys for w in k.split(" "))

    def _shown(self, here: Sentences, there: Sentences, i: int, j: int, items: tuple[Item, ...]) -> tuple[str, ...]:
        """The shared words and phrases, weightiest first (the products of their keys' weights in
        the two sentences), each as the paragraph's sentence writes it."""
        a, b = here.vectors[i], there.vectors[j]

        def weight(item: Item) -> float:
            return sum(float(a[0, self.column[k]] * b[0, self.column[k]]) for k in item.keys if k in self.column)

        ordered = sorted(items, key=lambda t: (-round(weight(t), 6), t.start))
        return tuple(here.texts[i][t.start : t.end] for t in ordered[:SHOWN_WORDS])
