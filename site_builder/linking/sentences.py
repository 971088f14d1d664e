"""Sentences of a paragraph's text, for the sentence that carries a shared point.

A rule-based splitter in the manner of pysbd (Golden Rules for English): a sentence ends at
".", "!" or "?" (with any closing quotes or brackets) before a space and a capital letter or
an opening quote, except after an abbreviation or an initial. pysbd itself took 4 ms a
paragraph here (0.4 s for the five essays' 100 paragraphs, 35 s at 500 essays); this takes
microseconds, and tests/test_sentences.py checks it against pysbd on every paragraph.
"""

from __future__ import annotations

import re

# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "gov",
        "sen",
        "rep",
        "adm",
        "no",
        "nos",
        "vol",
        "vols",
        "pp",
        "p",
        "ed",
        "eds",
        "fig",
        "figs",
        "art",
        "ch",
        "sec",
        "approx",
        "e.g",
        "i.e",
        "cf",
        "vs",
        "al",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "u.s.s.r",
    ]
)

_END = re.compile(r"[.!?]+[”’\"')\]]*(?=\s+[“‘\"'(\[]?[A-Z0-9])|[:;]\s+(?:and(?=\s))?(?=\s*\d\)\s)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, in order; the spaces between belong to none."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        before = text[start : match.start()].split()
        word = before[-1].lower().rstrip(".") if before else ""
        if match.group().startswith(".") and (word in ABBREVIATIONS or re.fullmatch(r"[a-z]", word)):
            continue
        if _inside_brackets_or_quotes(text[start : match.end()]):
            continue
        spans.append((start, len(text[: match.end()].rstrip())))
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text.rstrip())))
    return spans


def _inside_brackets_or_quotes(text: str) -> bool:
    """Whether a sentence so far leaves a bracket or a quotation open: a reference such as
    "[Abe 2016]" or a quoted sentence "…together. Let us…" does not end it."""
    return (
        text.count("[") > text.count("]")
        or text.count("(") > text.count(")")
        or text.count("“") > text.count("”")
        or text.count('"') % 2 == 1
    )


def sentence_at(text: str, at: int) -> str:
    """The sentence of `text` that holds offset `at`."""
    for start, end in sentence_spans(text):
        if start <= at < end:
            return text[start:end]
    return text
