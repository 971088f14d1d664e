"""Paragraph-level search: Material indexes a page by heading sections, readers want results that
land on a passage (`urls.public_url` of the passage).

Pure functions, glued to the renderers by the Markdown extension (mdext.SearchMarks), the MkDocs
plugin (site_builder/mkdocs_plugin.py) and the Zensical build (site_builder/zensical_engine.py):

- `mark_for_search(html)` runs on an essay page's HTML before the search reads it (a Python-
  Markdown postprocessor, for Material's search plugin and Zensical's search extension alike).
  It adds the `data-search-exclude` attribute both honour to the
  cross-reference panels ("what the other authors say") and to the numbered paragraphs, so the
  essay's section documents keep the front matter, headings and the rest, without the panels
  flooding the results and without every paragraph indexed twice. Material removes
  `data-search-*` attributes from the page after indexing: the published HTML is unchanged.
  The same call collects the paragraphs' text (`paragraphs(html)`).
- `add_paragraph_docs(index, essays)` rewrites the search index (`on_post_build`, after Material
  wrote search/search_index.json; the offline copy inlines it into search_index.js, offline.py):
  one document per numbered paragraph, placed after its essay's documents so that Material groups
  it under the essay, in paragraph order. No timestamps, no set iteration: the same input gives
  the same bytes.

The marks are placed with `HTMLParser`, whose positions say where each start tag is written: the
only edits are attributes inserted there. The paragraphs' text is read with lexbor's HTML5
parser, as a browser reads it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from selectolax.lexbor import LexborHTMLParser

from . import urls

EXCLUDE = ' data-search-exclude="{}"'  # Material strips `\s?data-search-\w+="[^"]+"` after indexing


@dataclass(frozen=True)
class EssayParagraphs:
    essay_id: str
    url: str            # the page's URL as MkDocs gives it: essays/<id>/
    label: str          # "Pajon 2017"
    title: str          # the essay's title
    paragraphs: tuple[tuple[int, str], ...]  # (N, plain text), in reading order


def _classes(attrs: dict) -> list[str]:
    return (attrs.get("class") or "").split()


class _Marks(HTMLParser):
    """Finds the start tags to mark, with their positions in the source."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.marks: list[tuple[int, int, str, str]] = []  # (line, column, start tag text, reason)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        line, column = self.getpos()
        classes = _classes(attrs)
        if tag == "details" and "xref" in classes:
            self.marks.append((line, column, self.get_starttag_text(), "xref"))
        elif (  # the editors' blocks: a result shows the author's words
                (tag == "details" and ({"note", "info"} & set(classes)))  # about this edition, cite
                or (tag == "div" and {"admonition", "summary"} <= set(classes))  # editorial summary
                or (tag == "p" and "essay-themes" in classes)):  # the theme chips
            self.marks.append((line, column, self.get_starttag_text(), "editorial"))
        elif tag == "p" and urls.paragraph_number(attrs.get("id") or ""):
            self.marks.append((line, column, self.get_starttag_text(), "paragraph"))


def paragraphs(html: str) -> tuple[tuple[int, str], ...]:
    """The numbered paragraphs of an essay page: (N, text without the ¶ permalink), read as a
    browser reads the page (lexbor's HTML5 parser, through selectolax: no positions needed here)."""
    tree = LexborHTMLParser(html)
    for permalink in tree.css("p .p-permalink, p .headerlink"):
        permalink.decompose()
    found = []
    for paragraph in tree.css("p[id]"):
        number = urls.paragraph_number(paragraph.attributes.get("id") or "")
        text = " ".join(paragraph.text(deep=True).split()) if number else ""
        if text:
            found.append((number, text))
    return tuple(found)


def mark_for_search(html: str) -> str:
    """`html` with `data-search-exclude` on the cross-reference panels and numbered paragraphs."""
    scanner = _Marks()
    scanner.feed(html)
    scanner.close()
    if not scanner.marks:
        return html
    starts = [0]
    for line in html.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    pieces, done = [], 0
    for line, column, tag_text, reason in scanner.marks:  # in document order
        start = starts[line - 1] + column
        end = start + len(tag_text)
        assert html[start:end] == tag_text, "HTMLParser position does not match the source"
        close = end - (2 if tag_text.endswith("/>") else 1)
        pieces += [html[done:close], EXCLUDE.format(reason)]
        done = close
    pieces.append(html[done:])
    return "".join(pieces)


PARAGRAPH_BOOST = 2
# Pages that quote or list the authors' paragraphs (themes, timeline, glossary, entities,
# analysis, the indexes) count less than the paragraphs themselves: a reader's words should land
# on what the author wrote first (their front matter's `search: boost`, read by Material).
QUOTING_PAGE_BOOST = 0.2


_WORD = re.compile(r"[A-Za-z][A-Za-z']*[A-Za-z]|[A-Za-z]")


def word_forms(texts) -> dict[str, frozenset[str]]:
    """Every word of `texts` (lower case) -> the other forms of it that the texts use, as the
    Snowball English stemmer groups them: kuril -> {kurils}, sanction -> {sanctions}."""
    import snowballstemmer
    stem = snowballstemmer.stemmer("english").stemWord
    by_stem: dict[str, set[str]] = {}
    for text in texts:
        for word in {w.lower() for w in _WORD.findall(text)}:
            by_stem.setdefault(stem(word), set()).add(word)
    return {word: frozenset(forms - {word}) for forms in by_stem.values() if len(forms) > 1 for word in forms}


def other_forms(text: str, forms: dict[str, frozenset[str]]) -> list[str]:
    """The forms of the paragraph's words it does not itself use: what lets "Kurils" find a
    paragraph that says "Kuril Islands" (the search engine, lunr under Material, cannot stem a
    query whose last word it completes)."""
    own = {w.lower() for w in _WORD.findall(text)}
    return sorted({f for word in own for f in forms.get(word, ())} - own)


def paragraph_doc(essay: EssayParagraphs, number: int, text: str, forms: dict | None = None) -> dict:
    anchor = urls.fragment(urls.passage(essay.essay_id, number))
    extra = other_forms(text, forms or {})
    # the other forms are indexed but never shown: a hidden span after the paragraph's text
    hidden = f' <span hidden>{escape(" ".join(extra), quote=False)}</span>' if extra else ""
    return {"location": f"{essay.url}#{anchor}",
            "title": escape(f"{essay.label} ¶{number}", quote=False),  # shown as HTML: "Pajon 2017 ¶7"
            "text": f"<p>{escape(text, quote=False)}{hidden}</p>",
            # the author's own words rank above the pages that quote them (theme pages, glossary)
            "boost": PARAGRAPH_BOOST}


def add_paragraph_docs(index: dict, essays: list[EssayParagraphs]) -> dict:
    """A new search index: `index` with one document per numbered paragraph after each essay's
    documents (replacing any paragraph documents already there, so running it twice is harmless)."""
    return {**index, "docs": with_paragraph_docs(index.get("docs", []), essays)}


def with_paragraph_docs(docs: list[dict], essays: list[EssayParagraphs], shape=lambda doc: doc) -> list[dict]:
    """`docs` (the renderer's search documents, each with a "location") with one document per
    numbered paragraph right after its essay's last document; `shape` gives a paragraph document
    the renderer's own form (Material's, by default; Zensical's, zensical_engine.py)."""
    forms = word_forms(text for e in essays for _, text in e.paragraphs)
    extra = {e.url: [shape(paragraph_doc(e, n, text, forms)) for n, text in sorted(e.paragraphs)]
             for e in sorted(essays, key=lambda e: e.url)}
    ours = {doc["location"] for docs_of in extra.values() for doc in docs_of}
    kept = [doc for doc in docs if doc.get("location") not in ours]
    out: list[dict] = []
    for i, doc in enumerate(kept):
        out.append(doc)
        page = doc.get("location", "").split("#")[0]
        following = kept[i + 1]["location"].split("#")[0] if i + 1 < len(kept) else None
        if page in extra and following != page:  # the essay's last document: its paragraphs follow
            out.extend(extra.pop(page))
    for url in sorted(extra):  # an essay page that had no document at all (excluded from search)
        out.extend(extra[url])
    return out


def dumps(index: dict) -> str:
    """The index in Material's own format (compact JSON)."""
    return json.dumps(index, separators=(",", ":"))
