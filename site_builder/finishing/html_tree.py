"""The one reading of built HTML: lexbor's HTML5 parser (through selectolax), which parses a page
as a browser does. The policy, the offline copy, the remote-load check and the search records read
(and change) pages through it; regular expressions are kept for text."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["LexborHTMLParser", "LexborNode", "parse", "text_of"]


def parse(page: str) -> LexborHTMLParser:
    """A page (or a fragment, placed in a <body>) as a browser parses it."""
    return LexborHTMLParser(page)


def text_of(fragment: str, without: str = "") -> str:
    """The text a reader sees in an HTML fragment, whitespace collapsed; the elements matching the
    CSS selector `without` left out."""
    tree = parse(fragment)
    if without:
        for node in tree.css(without):
            node.decompose()
    root = tree.body or tree.root
    return " ".join((root.text(deep=True, separator=" ") if root is not None else "").split())
