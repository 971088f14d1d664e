"""The words a paragraph and a passage of another essay share, as the reason of a relation
proposed where the cross-reference candidates give none.

The panels take no reason from wording (linking/crossrefs.py: shared words joined paragraphs
that make no comparable point); a proposal is different: an editor reads it and rejects what
does not hold. The editors relate passages that make claims on the same point, and those
seldom share a dated event or a rare name. So a passage ranked high (relate.py) without such a
reason is shown with the words both paragraphs weigh most (their TF-IDF vectors), and the
sentence holding the first of them. A word more than COMMON_SHARE of the paragraphs use
(Russia, Japan, relations) is no reason, as a name so common is none for the panels; a passage
that shares fewer than two other words is not proposed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..linking.crossrefs import COMMON_SHARE
from ..linking.sentences import sentence_at
from ..sources.model import Block, Corpus, Passage
from .themes import sklearn_parts, vectorizer

SHOWN_WORDS = 3  # shared words named in a reason
MIN_WORDS = 2  # one word in common ("month", "developed") is a coincidence, not a reason


@dataclass(frozen=True)
class Near:
    passage: Passage
    score: float  # cosine similarity, to four decimals
    words: tuple[str, ...]  # the shared words that weigh most, as the paragraphs write them
    here: str  # the paragraph's sentence holding the first of them
    there: str  # the other paragraph's


class Wording:
    """The words of the corpus's paragraphs worth naming in a reason, and the shared ones of a
    paragraph and a passage."""

    def __init__(self, known: Corpus) -> None:
        paragraphs = [b.text for e in known.essays for b in e.paragraphs]
        self.known = known
        self.model = vectorizer(sklearn_parts())
        counts = self.model.fit_transform(paragraphs)
        used_in = (counts > 0).sum(axis=0).A1
        # the words worth naming in a reason: single words, used in few paragraphs (crossrefs.py's rule)
        self.words = {
            i: str(w)
            for i, w in enumerate(self.model.get_feature_names_out())
            if " " not in w and used_in[i] <= max(2, COMMON_SHARE * len(paragraphs))
        }

    def near(self, block: Block, passage: Passage) -> Near | None:
        """`passage` with the words it shares with `block`, or None where they share fewer than
        MIN_WORDS worth naming (no reason to give)."""
        a, b = self.model.transform([block.text, _text(self.known, passage)])
        found = _near(self.known, block, passage, float((a @ b.T).toarray()[0][0]), a, b, self.words)
        return found if len(found.words) >= MIN_WORDS else None


def _text(known: Corpus, passage: Passage) -> str:
    return known.essay(passage.essay_id).paragraphs[passage.paragraph - 1].text


def _near(known: Corpus, block: Block, passage: Passage, score: float, a: Any, b: Any, words: dict[int, str]) -> Near:
    """`passage` near `block`, with the shared words worth naming (none: no reason to give)."""
    weights = a.multiply(b).tocoo()
    ranked = sorted(
        ((float(w), words[i]) for i, w in zip(weights.col, weights.data, strict=True) if i in words),
        key=lambda wv: (-round(wv[0], 6), wv[1]),
    )
    text_there = _text(known, passage)
    shown = tuple(_as_written(block.text, w) for _, w in ranked[:SHOWN_WORDS])
    first = ranked[0][1] if ranked else ""
    return Near(passage, round(score, 4), shown, _sentence_with(block.text, first), _sentence_with(text_there, first))


def _where(text: str, word: str) -> int:
    match = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE)
    return match.start() if match else -1


def _as_written(text: str, word: str) -> str:
    at = _where(text, word)
    return text[at : at + len(word)] if at >= 0 else word


def _sentence_with(text: str, word: str) -> str:
    at = _where(text, word) if word else -1
    return sentence_at(text, at) if at >= 0 else ""
