"""Resolve TextQuoteSelector-style quotes to exactly one paragraph of an essay."""

from __future__ import annotations

from .. import urls
from .model import Anchor, Essay, Quote


def find_quote(essay: Essay, quote: Quote) -> tuple[list[Anchor], int]:
    """Return (matches inside single paragraphs, matches in the whole text).

    A quote must match exactly once; it may not span two paragraphs. No fuzzy matching:
    a silent wrong anchor is worse than a failed build.
    """
    return in_paragraphs(essay, quote), in_whole_text(essay, quote)


def in_paragraphs(essay: Essay, quote: Quote) -> list[Anchor]:
    """The quote's matches inside single paragraphs."""
    needle = quote.prefix + quote.exact + quote.suffix
    anchors: list[Anchor] = []
    for block in essay.paragraphs:
        start = block.text.find(needle)
        while start != -1:
            anchors.append(Anchor(essay.id, block.number, quote, start + len(quote.prefix)))
            start = block.text.find(needle, start + 1)
    return anchors


def in_whole_text(essay: Essay, quote: Quote) -> int:
    """The quote's matches in the essay's whole text (headings and lists too, across blocks)."""
    return "\n".join(b.text for b in essay.blocks).count(quote.prefix + quote.exact + quote.suffix)


def resolve(essay: Essay, quote: Quote) -> tuple[Anchor | None, str]:
    """Resolve a quote, or explain what is wrong and how to fix it."""
    if not quote.exact.strip():
        return None, "the quote's 'exact' text is empty; copy a phrase of the paragraph"
    anchors = in_paragraphs(essay, quote)
    if len(anchors) == 1:
        return anchors[0], ""  # the whole text is read only to explain a quote that does not resolve
    whole = in_whole_text(essay, quote)
    shown = quote.exact if len(quote.exact) <= 80 else quote.exact[:77] + "..."
    if not anchors:
        where = "in a heading or the reference list" if whole else "anywhere"
        fix = (
            "anchor to a body paragraph"
            if whole
            else "copy the words exactly as the essay has them (quotes ’ “ ” included, no line breaks)"
        )
        if any(quote.exact in b.text for b in essay.paragraphs) and (quote.prefix or quote.suffix):
            fix = "the exact text occurs, but not with this prefix/suffix: correct them"
        return None, f"quote {shown!r} matches nowhere in essay '{essay.id}' ({where}); {fix}"
    paragraphs = sorted({a.paragraph for a in anchors})
    places = ", ".join("#" + urls.fragment(urls.passage(essay.id, n)) for n in paragraphs)
    return None, (
        f"quote {shown!r} matches {len(anchors)} times in essay '{essay.id}' ({places}); "
        "add a 'prefix' or 'suffix' with the words around the one you mean"
    )
