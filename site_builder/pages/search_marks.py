"""What the engines' own search leaves out of an essay page, marked while the page is rendered.

`mark_for_search(html)` runs on an essay page's HTML before the search reads it (a Python-
Markdown postprocessor, for Material's search plugin and Zensical's search extension alike).
It adds the `data-search-exclude` attribute both honour to the cross-reference panels ("what
the other authors say"), the editors' blocks and the numbered paragraphs, so the essay's section
documents keep the front matter, headings and the rest, without the panels flooding the results
and without every paragraph indexed twice (outputs/search.py adds one record per paragraph).
Material removes `data-search-*` attributes from the page after indexing: the published HTML is
unchanged.

The marks are placed with `HTMLParser`, whose positions say where each start tag is written: the
only edits are attributes inserted there.
"""

from __future__ import annotations

from html.parser import HTMLParser

from .. import urls

EXCLUDE = ' data-search-exclude="{}"'  # Material strips `\s?data-search-\w+="[^"]+"` after indexing


def _classes(attrs: dict) -> list[str]:
    return (attrs.get("class") or "").split()


class _Marks(HTMLParser):
    """Finds the start tags to mark, with their positions in the source."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[tuple[int, int, str, str]] = []  # (line, column, start tag text, reason)

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attr_list)
        line, column = self.getpos()
        classes = _classes(attrs)
        text = self.get_starttag_text() or ""
        if tag == "details" and "xref" in classes:
            self.marks.append((line, column, text, "xref"))
        elif (  # the editors' blocks: a result shows the author's words
            # about this edition, cite; the editors' summary and the theme map, as folded blocks
            (tag == "details" and ({"note", "info", "summary", "essay-map"} & set(classes)))
            or (tag == "div" and {"admonition", "summary"} <= set(classes))  # editorial summary
            or (tag == "p" and {"essay-themes", "events-here", "no-claim"} & set(classes))
        ):  # the theme chips, the events a paragraph names, the note of a paragraph with no claim
            self.marks.append((line, column, text, "editorial"))
        elif tag == "p" and urls.paragraph_number(attrs.get("id") or ""):
            self.marks.append((line, column, text, "paragraph"))


def mark_for_search(html: str) -> str:
    """`html` with `data-search-exclude` on the cross-reference panels and numbered paragraphs."""
    scanner = _Marks()
    scanner.feed(html)
    scanner.close()
    if not scanner.marks:
        return html
    starts = [0]
    for text_line in html.splitlines(keepends=True):
        starts.append(starts[-1] + len(text_line))
    pieces, done = [], 0
    for line, column, tag_text, reason in scanner.marks:  # in document order
        start = starts[line - 1] + column
        end = start + len(tag_text)
        if html[start:end] != tag_text:  # HTMLParser's positions are in the source: never seen to differ
            raise ValueError(f"the search mark at line {line}, column {column} does not fall on its tag")
        close = end - (2 if tag_text.endswith("/>") else 1)
        pieces += [html[done:close], EXCLUDE.format(reason)]
        done = close
    pieces.append(html[done:])
    return "".join(pieces)


PARAGRAPH_BOOST = 2
# An essay's own documents (its title, byline and abstract, its headings) count as little as the
# pages that quote it: a query that matches words of the essay's title lands on the paragraphs
# that use them, shown under the essay's heading, rather than on the title (outputs/search.py
# sets it; Material also counts a heading 5 times its text, and a page once more than a section).
ESSAY_PAGE_BOOST = 0.2
# Pages that quote or list the authors' paragraphs (themes, timeline, glossary, entities,
# analysis, the indexes) count less than the paragraphs themselves: a reader's words should land
# on what the author wrote first (their front matter's `search: boost`, read by Material).
QUOTING_PAGE_BOOST = 0.2
