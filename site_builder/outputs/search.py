"""Paragraph-level search: Material indexes a page by heading sections, readers want results that
land on a passage (`urls.public_url` of the passage).

Pure functions over a built site, whichever engine built it (pages/search_marks.py marks what
the engines' own search leaves out):

- `paragraphs(html)` collects an essay page's numbered paragraphs' text.
- `add_paragraph_records(site, corpus, index)` rewrites an engine's search index after the engine
  wrote it (the build's finishing pass; the offline copy inlines it, outputs/offline.py):
  one document per numbered paragraph, placed after its essay's documents so that Material groups
  it under the essay, in paragraph order. No timestamps, no set iteration: the same input gives
  the same bytes.

A paragraph's record is its sentences, one `<span>` each: Material shows in a result only the
blocks of a text that hold a match (two at most), so a result shows the sentence or two that
match rather than the whole paragraph. Each sentence carries, hidden, the words a reader may
search for that it does not use itself: the other forms of its words (`word_forms`) and the
other names of the entities and glossary terms it names (`Names`). The words are cut by the
engines' own tokenizer, the `separator` of mkdocs.yml (plugins: search), which Material and
Zensical both apply to the index and to the query; the index carries it in its configuration.

The paragraphs' text is read with lexbor's HTML5 parser, as a browser reads it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .. import urls
from ..finishing.html_tree import parse
from ..linking.link import alias_pattern, inside_excluded
from ..linking.sentences import sentence_spans
from ..pages.search_marks import ESSAY_PAGE_BOOST, PARAGRAPH_BOOST

LUNR_SEPARATOR = r"[\s\-]+"  # lunr's own, for an index whose configuration names none


@dataclass(frozen=True)
class EssayParagraphs:
    essay_id: str
    url: str  # the page's URL as MkDocs gives it: essays/<id>/
    label: str  # "Pajon 2017"
    title: str  # the essay's title
    paragraphs: tuple[tuple[int, str], ...]  # (N, plain text), in reading order


@dataclass(frozen=True)
class Names:
    """The names one entity or glossary term goes by (annotations/entities.yaml: name and
    aliases; glossary.yaml: term and aliases), and the phrases in which one of them means
    something else ("Koizumi 2016", a cited author)."""

    names: tuple[str, ...]
    not_when: tuple[str, ...] = ()


def corpus_names(corpus) -> tuple[Names, ...]:
    """Every entity's and glossary term's names, in the annotations' order."""
    return tuple(Names((e.name, *e.aliases), e.not_when) for e in corpus.entities) + tuple(
        Names((t.term, *t.aliases)) for t in corpus.terms
    )


@dataclass(frozen=True)
class Vocabulary:
    """What the hidden words of a sentence are drawn from: the engines' tokenizer, the other forms
    of the corpus's words, and the names of the entities and terms, found as the linker finds
    them (linking/link.py: whole words, case as written, the first owner of a name wins)."""

    separator: re.Pattern[str]
    forms: Mapping[str, frozenset[str]]
    owner: Mapping[str, Names]
    pattern: re.Pattern[str] | None


def vocabulary(separator: str, texts: Iterable[str], names: Iterable[Names] = ()) -> Vocabulary:
    """The vocabulary of a corpus whose paragraphs are `texts`."""
    tokenizer = re.compile(separator)
    owner: dict[str, Names] = {}
    for group in names:
        for name in group.names:
            owner.setdefault(name, group)
    return Vocabulary(tokenizer, word_forms(texts, tokenizer), owner, alias_pattern(list(owner)))


def words(text: str, separator: re.Pattern[str]) -> list[str]:
    """`text` cut into the engines' words, in lower case (Material and Zensical lower-case every
    word they index and every word of a query)."""
    return [word.lower() for word in separator.split(text) if word]


def separator_of(index: Mapping) -> str:
    """The tokenizer an engine's search index names in its configuration (mkdocs.yml, plugins:
    search: separator; Material and Zensical write it there)."""
    config = index.get("config")
    separator = config.get("separator") if isinstance(config, Mapping) else None
    return separator if isinstance(separator, str) and separator else LUNR_SEPARATOR


_LETTERS = re.compile(r"[^\W\d_]+")


def word_forms(texts: Iterable[str], separator: re.Pattern[str]) -> dict[str, frozenset[str]]:
    """Every word of `texts` (lower case) -> the other forms of it that the texts use, as the
    Snowball English stemmer groups them: kuril -> {kurils}, sanction -> {sanctions}."""
    import snowballstemmer

    stem = snowballstemmer.stemmer("english").stemWord
    by_stem: dict[str, set[str]] = {}
    for text in texts:
        for word in {w for w in words(text, separator) if _LETTERS.fullmatch(w)}:
            by_stem.setdefault(stem(word), set()).add(word)
    return {word: frozenset(forms - {word}) for forms in by_stem.values() if len(forms) > 1 for word in forms}


def names_in(text: str, vocab: Vocabulary) -> list[str]:
    """Every name of each entity and term that `text` names (by any of its names), in the
    annotations' order, without repeats."""
    found: dict[str, None] = {}
    for match in vocab.pattern.finditer(text) if vocab.pattern else ():
        group = vocab.owner[match.group(1)]
        if not inside_excluded(text, match.start(), match.end(), group.not_when):
            found.update(dict.fromkeys(group.names))
    return list(found)


def other_names(text: str, vocab: Vocabulary) -> list[str]:
    """The words of the other names of what `text` names that it does not use ("Shinzo" for a
    sentence that says "Abe", "2+2" for one that says "two+two")."""
    own = set(words(text, vocab.separator))
    return sorted({w for name in names_in(text, vocab) for w in words(name, vocab.separator)} - own)


def other_forms(text: str, vocab: Vocabulary) -> list[str]:
    """The other forms of `text`'s words that it does not use ("Kurils" for a sentence that says
    "Kuril Islands")."""
    own = set(words(text, vocab.separator))
    return sorted({form for word in own for form in vocab.forms.get(word, ())} - own)


def hidden_words(text: str, vocab: Vocabulary) -> list[str]:
    """The words a reader may search for that `text` does not use: its other names and forms. A
    single letter is left out ("U.S." is "u" and "s": every word of a query would find it)."""
    return sorted(w for w in set(other_names(text, vocab) + other_forms(text, vocab)) if len(w) > 1)


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph's text (linking/sentences.py), or the text as one."""
    return [text[start:end] for start, end in sentence_spans(text)] or [text]


def _hidden(found: list[str]) -> str:
    # hidden="hidden", not a bare `hidden`: Zensical's results set the element's property from
    # the value, and an empty string would show the words
    return f'<span hidden="hidden"> {escape(" ".join(found), quote=False)} </span>' if found else ""


def record_text(text: str, vocab: Vocabulary) -> str:
    """A paragraph's text as its record holds it: one `<span>` per sentence (a block of its own
    for the engine's highlighting), the next one starting with the space between them, and its
    hidden words in hidden `<span>`s inside (indexed, never shown), each in the first sentence
    that calls for it and none that the paragraph shows: a hidden word counts once in a paragraph.

    The other names come before the sentence, the other forms after it. Zensical's excerpt runs
    from a little before the first match: a match on another name shows the sentence that names
    it. Zensical also ranks, among equal matches, the earlier one first: the few names shift the
    sentence's own words little, the many forms not at all."""
    out, given = [], set(words(text, vocab.separator))
    for i, sentence in enumerate(sentences(text)):
        due = [w for w in hidden_words(sentence, vocab) if w not in given]
        given.update(due)
        names = set(other_names(sentence, vocab))
        before = _hidden([w for w in due if w in names])
        after = _hidden([w for w in due if w not in names])
        out.append(f"<span>{' ' if i else ''}{before}{escape(sentence, quote=False)}{after}</span>")
    return "".join(out)


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


def paragraph_doc(essay: EssayParagraphs, number: int, text: str, vocab: Vocabulary) -> dict:
    anchor = urls.fragment(urls.passage(essay.essay_id, number))
    return {
        "location": f"{essay.url}#{anchor}",
        "title": escape(f"{essay.label} ¶{number}", quote=False),  # shown as HTML: "Pajon 2017 ¶7"
        "text": record_text(text, vocab),
        # the author's own words rank above the pages that quote them (theme pages, glossary)
        "boost": PARAGRAPH_BOOST,
    }


def add_paragraph_docs(index: dict, essays: list[EssayParagraphs], names: Iterable[Names] = ()) -> dict:
    """A new search index: `index` with one document per numbered paragraph after each essay's
    documents (replacing any paragraph documents already there, so running it twice is harmless)."""
    vocab = vocabulary(separator_of(index), (text for e in essays for _, text in e.paragraphs), names)
    return {**index, "docs": with_paragraph_docs(index.get("docs", []), essays, vocab)}


def with_paragraph_docs(
    docs: list[dict], essays: list[EssayParagraphs], vocab: Vocabulary, shape: Callable[[dict], dict] | None = None
) -> list[dict]:
    """`docs` (the renderer's search documents, each with a "location") with one document per
    numbered paragraph right after its essay's last document; `shape` gives a paragraph document
    the renderer's own form (Zensical's, zensical_item). Without `shape` (Material's form), an
    essay's own documents (its title, byline, abstract and headings) count ESSAY_PAGE_BOOST, so
    that its paragraphs come before them."""
    extra = {
        e.url: [(shape or _same)(paragraph_doc(e, n, text, vocab)) for n, text in sorted(e.paragraphs)]
        for e in sorted(essays, key=lambda e: e.url)
    }
    ours = {doc["location"] for docs_of in extra.values() for doc in docs_of}
    kept = [doc for doc in docs if doc.get("location") not in ours]
    out: list[dict] = []
    for i, doc in enumerate(kept):
        page = doc.get("location", "").split("#")[0]
        out.append({**doc, "boost": ESSAY_PAGE_BOOST} if page in extra and shape is None else doc)
        following = kept[i + 1]["location"].split("#")[0] if i + 1 < len(kept) else None
        if page in extra and following != page:  # the essay's last document: its paragraphs follow
            out.extend(extra.pop(page))
    for url in sorted(extra):  # an essay page that had no document at all (excluded from search)
        out.extend(extra[url])
    return out


def _same(doc: dict) -> dict:
    return doc


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
    shape: Callable[[dict], dict] | None  # None: Material's own form
    ascii_only: bool  # escape non-ASCII characters, as the engine itself writes the file

    @property
    def script(self) -> str:
        """The index as a script, for the offline copy (a page read from disk cannot fetch it)."""
        return self.path.removesuffix(".json") + ".js"


MATERIAL_INDEX = SearchIndex("search/search_index.json", "docs", None, True)
ZENSICAL_INDEX = SearchIndex("search.json", "items", zensical_item, False)


def add_paragraph_records(site: Path, corpus, index: SearchIndex) -> None:
    """One search record per numbered paragraph of every essay page of a built hosted site, added
    to the engine's index (read from the essay pages as built: whichever engine built them; the
    offline copy takes them with the rest of the index)."""
    path = site / index.path
    if not path.is_file():
        return
    found = []
    for essay in corpus.essays:
        url = urls.public_url(urls.essay(essay.id), "").lstrip("/")
        page = site / (url + "index.html")
        if page.is_file():
            found.append(
                EssayParagraphs(essay.id, url, essay.label, essay.title, paragraphs(page.read_text(encoding="utf-8")))
            )
    data = json.loads(path.read_text(encoding="utf-8"))
    texts = (text for e in found for _, text in e.paragraphs)
    vocab = vocabulary(separator_of(data), texts, corpus_names(corpus))
    data[index.records] = with_paragraph_docs(data.get(index.records, []), found, vocab, index.shape)
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=index.ascii_only)
    path.write_text(text, encoding="utf-8")
