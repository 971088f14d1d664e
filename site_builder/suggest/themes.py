"""The themes a paragraph would be tagged with, from a classifier trained on the editors' tags.

scikit-learn's logistic regression, one-vs-rest (one yes/no model per theme), over two blocks
of features: TF-IDF of the Snowball stems of the words and of pairs of them (English stop words
out, sublinear term frequency: a word said five times is not five times the evidence), and the
paragraph's cue words (cues.py: the themes the editors gave the names, terms and events it
names), each worth a set weight beside the words. The training texts are the annotated
paragraphs with their passages' notes and claims, the editors' own words for what a paragraph
is about, and each theme's description as an example of it; a paragraph proposed for has no
note yet, so its text alone is read. Classes are weighted by their size (`balanced`): North
Korea is tagged on 7 passages, the territorial issue on 44.

A paragraph is given every theme whose probability reaches the threshold, and at least its
likeliest one (every passage has a theme). The threshold, the regularisation and the cue
words' weight are chosen by leave-one-essay-out cross-validation on the training essays alone
(micro F1), so the evaluation, which holds an essay out, never tunes on the essay it measures.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from .cues import cue_word

INSTALL = "pip install -e '.[suggest]'"
C_VALUES = (1.0, 4.0, 16.0)  # inverse regularisation strengths tried
CUE_WEIGHTS = (0.5, 1.0, 2.0)  # a cue word's value beside the paragraph's words (a TF-IDF row has length 1)
Setting = tuple[float, float]  # (C, cue weight)
GRID: tuple[Setting, ...] = tuple((c, w) for c in C_VALUES for w in CUE_WEIGHTS)
THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(11))  # 0.2 to 0.7
DEFAULT = ((4.0, 1.0), 0.4)  # ((C, cue weight), threshold) where there are too few essays to cross-validate
SEED = 0
CUE_PATTERN = r"\bcue[a-z0-9]+\b"  # the cue words of cues.py


class MissingLearner(Exception):
    """scikit-learn is not installed: the message says how to install it."""


@dataclass(frozen=True)
class Example:
    """An annotated paragraph: what the classifier reads, the editors' themes, its essay."""

    text: str  # the paragraph, with its cue words (cues.py)
    notes: str  # its passage's note and claim
    themes: tuple[str, ...]
    essay: str  # "" for a theme's description, taught in every fold

    @property
    def taught(self) -> str:
        """What the model learns from: the paragraph and the editors' words on it."""
        return f"{self.text} {self.notes}" if self.notes else self.text


@dataclass(frozen=True)
class Guess:
    theme: str
    confidence: float  # the model's probability, to two decimals


def vectorizer(parts: Any) -> Any:
    """TF-IDF of words and pairs of words, English stop words out, sublinear term frequency."""
    return parts.TfidfVectorizer(ngram_range=(1, 2), stop_words="english", sublinear_tf=True)


def stemmed_vectorizer(parts: Any) -> Any:
    """As `vectorizer`, over the words' Snowball stems (sanctions and sanctioned read as one)."""
    return parts.TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, preprocessor=stems, token_pattern=r"\S+")


def stems(text: str) -> str:
    """`text` as the Snowball English stems of its words, lower case, English stop words out."""
    import snowballstemmer

    stop = sklearn_parts().ENGLISH_STOP_WORDS
    words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in stop and len(w) > 1]
    return " ".join(snowballstemmer.stemmer("english").stemWords(words))


def sklearn_parts() -> Any:
    """scikit-learn's pieces, or MissingLearner saying how to install them."""
    try:
        from sklearn.feature_extraction.text import (  # type: ignore[import-untyped]
            ENGLISH_STOP_WORDS,
            CountVectorizer,
            TfidfVectorizer,
        )
        from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
        from sklearn.multiclass import OneVsRestClassifier  # type: ignore[import-untyped]
    except ImportError:
        raise MissingLearner(
            f"site-builder suggest needs scikit-learn, the optional extra 'suggest': {INSTALL}"
        ) from None
    from scipy.sparse import hstack  # type: ignore[import-untyped]

    return SimpleNamespace(
        hstack=hstack,
        CountVectorizer=CountVectorizer,
        ENGLISH_STOP_WORDS=ENGLISH_STOP_WORDS,
        TfidfVectorizer=TfidfVectorizer,
        LogisticRegression=LogisticRegression,
        OneVsRestClassifier=OneVsRestClassifier,
    )


def require_learner() -> None:
    """Raise MissingLearner before any work if scikit-learn is missing."""
    sklearn_parts()


def guess_themes_held_out(
    train: tuple[Example, ...], texts: tuple[str, ...], themes: tuple[str, ...]
) -> tuple[list[list[Guess]], dict[int, list[Guess]]]:
    """For each of `texts`, the themes proposed (likeliest first), from a model trained on `train`
    (only themes the training paragraphs carry can be proposed); and for each training paragraph
    (its index in `train`), the themes proposed for it by the chosen setting's model trained
    without its essay (the cross-validation that chose the setting): what the classifier says of
    a paragraph it has not read, as it says it of a new one. Empty where there are too few essays
    to cross-validate."""
    parts = sklearn_parts()
    taught = tuple(t for t in themes if any(t in e.themes for e in train))
    if not taught or not texts:
        return [[] for _ in texts], {}
    (setting, threshold), held = _settings(parts, train, taught)
    probabilities = _fit_predict(parts, (setting,), train, taught, texts)[setting]
    found = {i: _pick(row, taught, threshold) for i, row in held.get(setting, {}).items()}
    return [_pick(row, taught, threshold) for row in probabilities], found


def _fit_predict(
    parts: Any, grid: tuple[Setting, ...], train: tuple[Example, ...], themes: tuple[str, ...], texts: tuple[str, ...]
) -> dict[Setting, list[list[float]]]:
    """(C, cue weight) -> the probabilities of each theme for each text, the texts read once for
    every setting. A theme every training paragraph carries (or none) is a constant: the
    one-vs-rest wrapper predicts it without a model, and warns so."""
    words = stemmed_vectorizer(parts)
    cued = parts.CountVectorizer(
        binary=True, token_pattern=CUE_PATTERN, lowercase=False, vocabulary=sorted({cue_word(t) for t in themes})
    )
    taught = [e.taught for e in train]
    x_words, x_cues = words.fit_transform(taught), cued.fit_transform(taught)
    y = [[1 if t in e.themes else 0 for t in themes] for e in train]
    read_words, read_cues = words.transform(list(texts)), cued.transform(list(texts))
    found = {}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Label .* present in all training examples")
        for c, weight in grid:
            model = parts.OneVsRestClassifier(
                parts.LogisticRegression(C=c, class_weight="balanced", solver="liblinear", random_state=SEED)
            )
            model.fit(parts.hstack([x_words, weight * x_cues]).tocsr(), y)
            read = parts.hstack([read_words, weight * read_cues]).tocsr()
            found[(c, weight)] = [list(map(float, row)) for row in model.predict_proba(read)]
    return found


def _pick(row: list[float], themes: tuple[str, ...], threshold: float) -> list[Guess]:
    ranked = sorted(zip(themes, row, strict=True), key=lambda tp: (-tp[1], tp[0]))
    chosen = [(t, p) for t, p in ranked if p >= threshold] or ranked[:1]
    return [Guess(t, round(p, 2)) for t, p in chosen]


def _settings(
    parts: Any, train: tuple[Example, ...], themes: tuple[str, ...]
) -> tuple[tuple[Setting, float], dict[Setting, dict[int, list[float]]]]:
    """((C, cue weight), threshold) with the best micro F1 over the training essays, each held
    out in turn; and for each setting, each training paragraph's probabilities when its essay
    was held out (index in `train` -> a probability per theme)."""
    essays = sorted({e.essay for e in train} - {""})
    if len(essays) < 3:
        return DEFAULT, {}
    rows: dict[Setting, list[tuple[list[float], tuple[str, ...]]]] = {s: [] for s in GRID}
    held: dict[Setting, dict[int, list[float]]] = {s: {} for s in GRID}
    for essay in essays:
        inner = tuple(e for e in train if e.essay != essay)
        out = [i for i, e in enumerate(train) if e.essay == essay]
        taught = tuple(t for t in themes if any(t in e.themes for e in inner))
        texts = tuple(train[i].text for i in out)
        for setting, predicted in _fit_predict(parts, GRID, inner, taught, texts).items():
            for i, row in zip(out, predicted, strict=True):
                full = [row[taught.index(t)] if t in taught else 0.0 for t in themes]
                rows[setting].append((full, train[i].themes))
                held[setting][i] = full
    scores = {(s, th): _counts(rows[s], themes, th) for s in GRID for th in THRESHOLDS}
    return max(sorted(scores), key=lambda key: _f1(*scores[key])), held


def _counts(rows: list[tuple[list[float], tuple[str, ...]]], themes: tuple[str, ...], threshold: float) -> list[int]:
    """[true positives, proposed, tagged by the editors] over `rows`."""
    hit = proposed = tagged = 0
    for row, truth in rows:
        picked = {g.theme for g in _pick(row, themes, threshold)}
        hit += len(picked & set(truth))
        proposed += len(picked)
        tagged += len(truth)
    return [hit, proposed, tagged]


def _f1(hit: int, proposed: int, tagged: int) -> float:
    return 2 * hit / (proposed + tagged) if proposed + tagged else 0.0
