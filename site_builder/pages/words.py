"""Small pieces of reader text shared by the views, the figures and the templates."""

from __future__ import annotations

import re


def count_of(n: int, noun: str) -> str:
    """ "1 passage", "3 passages", "12,000 paragraphs": a number and its noun, singular or plural."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def snippet(text: str, limit: int = 200) -> str:
    """The first paragraph of `text`, cut at a word to `limit` characters ("…" marks the cut):
    a page's <meta name="description"> (search engines show about that much; the whole abstract
    weighed 2 KB in the head of the 2018 essay) and a preview's text (views.preview_script)."""
    first = " ".join(text.strip().split("\n\n")[0].split())
    if len(first) <= limit:
        return first
    return first[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–—- “‘(") + "…"


# a straight double quote that opens: at the start, or after a space or an opening bracket or dash
_OPENING_STRAIGHT = re.compile(r'(?:^|(?<=[\s(\[{—–-]))"')


def quoted(text: str) -> str:
    """`text` in double quotes, its own double quotes made single as a quotation within a
    quotation is printed: a new “economic miracle.” becomes “… a new ‘economic miracle.’”, never
    “… a new “economic miracle.””. A straight " becomes ‘ where it opens a word, ’ elsewhere.
    Apostrophes (’) are left alone: a single quote inside could not be told from them."""
    inner = _OPENING_STRAIGHT.sub("‘", text).replace('"', "’").replace("“", "‘").replace("”", "’")
    return f"“{inner}”"
