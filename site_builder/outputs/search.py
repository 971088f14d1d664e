"""Paragraph-level search: Material indexes a page by heading sections, readers want results that
land on a passage (`urls.public_url` of the passage).

Pure functions over a built site, whichever engine built it (pages/search_marks.py marks what
the engines' own search leaves out):

- `paragraphs(html)` collects an essay page's numbered paragraphs' text.
- `add_paragraph_records(site, essays, index)` rewrites an engine's search index after the engine
  wrote it (the build's finishing pass; the offline copy inlines it, outputs/offline.py):
  one document per numbered paragraph, placed after its essay's documents so that Material groups
  it under the essay, in paragraph order. No timestamps, no set iteration: the same input gives
  the same bytes.

The paragraphs' text is read with lexbor's HTML5 parser, as a browser reads it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .. import urls
from ..finishing.html_tree import parse
from ..pages.search_marks import PARAGRAPH_BOOST


@dataclass(frozen=True)
class EssayParagraphs:
    essay_id: str
    url: str  # the page's URL as MkDocs gives it: essays/<id>/
    label: str  # "Pajon 2017"
    title: str  # the essay's title
    paragraphs: tuple[tuple[int, str], ...]  # (N, plain text), in reading order


def paragraphs(html: str) -> tuple[tuple[int, str], ...]:
    """The numbered paragraphs of an essay page: (N, text without the ¶ permalink), read as a
    browser reads the page (finishing/html_tree.py)."""
    tree = parse(html)
    for permalink in tree.css("p .p-permalink, p .headerlink"):
        permalink.decompose()
    found: list[tuple[int, str]] = []
    for paragraph in tree.css("p[id]"):
        number = urls.paragraph_number(paragraph.attributes.get("id") or "")
        text = " ".join(paragraph.text(deep=True).split()) if number else ""
        if number and text:
            found.append((number, text))
    return tuple(found)


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
    hidden = f" <span hidden>{escape(' '.join(extra), quote=False)}</span>" if extra else ""
    return {
        "location": f"{essay.url}#{anchor}",
        "title": escape(f"{essay.label} ¶{number}", quote=False),  # shown as HTML: "Pajon 2017 ¶7"
        "text": f"<p>{escape(text, quote=False)}{hidden}</p>",
        # the author's own words rank above the pages that quote them (theme pages, glossary)
        "boost": PARAGRAPH_BOOST,
    }


def add_paragraph_docs(index: dict, essays: list[EssayParagraphs]) -> dict:
    """A new search index: `index` with one document per numbered paragraph after each essay's
    documents (replacing any paragraph documents already there, so running it twice is harmless)."""
    return {**index, "docs": with_paragraph_docs(index.get("docs", []), essays)}


def with_paragraph_docs(docs: list[dict], essays: list[EssayParagraphs], shape=lambda doc: doc) -> list[dict]:
    """`docs` (the renderer's search documents, each with a "location") with one document per
    numbered paragraph right after its essay's last document; `shape` gives a paragraph document
    the renderer's own form (Material's, by default; Zensical's, zensical_engine.py)."""
    forms = word_forms(text for e in essays for _, text in e.paragraphs)
    extra = {
        e.url: [shape(paragraph_doc(e, n, text, forms)) for n, text in sorted(e.paragraphs)]
        for e in sorted(essays, key=lambda e: e.url)
    }
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


def zensical_item(doc: dict) -> dict:
    """A paragraph document in Zensical's item form (location, level, title, text, path, tags;
    no boost: Zensical's items have none)."""
    return {"location": doc["location"], "level": 2, "title": doc["title"], "text": doc["text"], "path": [], "tags": []}


@dataclass(frozen=True)
class SearchIndex:
    """Where an engine writes its search index, and the form of its records."""

    path: str  # in the built site
    records: str  # the key of the list of records
    shape: Callable[[dict], dict]
    ascii_only: bool  # escape non-ASCII characters, as the engine itself writes the file

    @property
    def script(self) -> str:
        """The index as a script, for the offline copy (a page read from disk cannot fetch it)."""
        return self.path.removesuffix(".json") + ".js"


MATERIAL_INDEX = SearchIndex("search/search_index.json", "docs", lambda doc: doc, True)
ZENSICAL_INDEX = SearchIndex("search.json", "items", zensical_item, False)


def add_paragraph_records(site: Path, essays, index: SearchIndex) -> None:
    """One search record per numbered paragraph of every essay page of a built hosted site, added
    to the engine's index (read from the essay pages as built: whichever engine built them; the
    offline copy takes them with the rest of the index)."""
    path = site / index.path
    if not path.is_file():
        return
    found = []
    for essay in essays:
        url = urls.public_url(urls.essay(essay.id), "").lstrip("/")
        page = site / (url + "index.html")
        if page.is_file():
            found.append(
                EssayParagraphs(essay.id, url, essay.label, essay.title, paragraphs(page.read_text(encoding="utf-8")))
            )
    data = json.loads(path.read_text(encoding="utf-8"))
    data[index.records] = with_paragraph_docs(data.get(index.records, []), found, index.shape)
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=index.ascii_only)
    path.write_text(text, encoding="utf-8")
