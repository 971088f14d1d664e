"""A chunked search index for a large hosted site: Pagefind, from the same documents as
Material's index.

Material's search loads its whole index (search/search_index.json) into every reader's browser
when the reader first reaches for the search box on a page
(templates/assets/search-on-demand.js). Past `chunked_search_above` bytes (mkdocs.yml, the
site-builder plugin; 1 MB by default) the hosted site gets a Pagefind index instead: a browser
fetches only the chunks a query needs. The documents are the ones Material's index holds (with
the paragraph documents of search.py), written as one small HTML record each into a temporary
folder that the Pagefind binary (from the `pagefind[bin]` wheel: nothing is downloaded) indexes.
Pagefind has a tokenizer of its own: it cuts words at spaces only, and indexes the parts of a
word joined by ASCII punctuation ("eight-point") besides the whole; a record adds, after its
text and title, the words that Material's tokenizer (mkdocs.yml, plugins: search: separator)
finds and Pagefind would not ("deal—Japanese": "deal", "Japanese"; "2+2" as "2plus2"), and the
hidden other names and word forms of search.py's paragraph records, sentence by sentence. Its
weight follows the document's boost in Material's index, so that an essay's own title and
abstract count less than its paragraphs. Each record carries the filters the search box offers
(kind, essay, author) and its target address; the search box stays Material's, answered by
templates/assets/features/search-ui.js (chunkedSearch) from the Pagefind bundle.

The offline copy is derived before this step and keeps Material's single inlined index: Pagefind
cannot load its chunks from file://.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from .. import urls
from ..finishing import csp
from ..finishing.html_tree import parse, text_of
from ..pages.search_marks import PARAGRAPH_BOOST
from ..problems import Problem, SourceError
from .search import LUNR_SEPARATOR, separator_of, words

CHUNKED_ABOVE = 1_000_000  # bytes of Material's index; mkdocs.yml may set another limit
ESSAYS, OTHER = "essays", "other"  # the kinds of page, as the search box's filter names them


@dataclass(frozen=True)
class SearchRecord:
    target: str  # the address from the site's root: essays/pajon-2017/#p-7
    title: str  # "Pajon 2017 ¶7", or a section's heading
    page: str  # the page's title when the record is one of its sections, else ""
    text: str  # plain text
    kind: str  # ESSAYS or OTHER
    essay: str  # the essay's id, "" on the other pages
    authors: tuple[str, ...]
    # the text in parts (a paragraph's sentences; another record's text whole), each with the words
    # searched but not shown that go with it (see the module's docstring)
    parts: tuple[tuple[str, str], ...] = ()
    weight: float = 1.0  # Pagefind's data-pagefind-weight of the text: the document's boost, a paragraph's as 1


def plain(html: str) -> str:
    """A record's text, without search.py's hidden words (they go with its parts)."""
    return text_of(html, without="span[hidden]")


def hidden(html: str) -> list[str]:
    """The hidden words of a document's text (search.py's other names and word forms)."""
    return [w for node in parse(html).css("span[hidden]") for w in node.text(deep=True).split()]


def unjoined(text: str, separator: re.Pattern[str]) -> list[str]:
    """The words of `text` that Material's tokenizer finds and Pagefind's would not: the parts of
    a run of characters without a space that a non-ASCII separator joins ("deal—Japanese",
    "2012–2018"; Pagefind splits at ASCII punctuation itself), and a word that keeps a "+"
    ("2+2"), which Pagefind would read as "22" (as in "¶22"): written "2plus2", as features/search-ui.js
    writes it in a query."""
    out = []
    for run in text.split():
        found = words(run, separator)
        if len(found) > 1 and any(ord(c) > 127 and separator.fullmatch(c) for c in run):
            out.extend(found)
        out.extend(plus_free(w) for w in found if plus_free(w) != w)
    return out


def plus_free(word: str) -> str:
    """A word as the chunked index holds it: a "+" inside it written "plus" ("2plus2")."""
    return word[:1] + word[1:-1].replace("+", "plus") + word[-1:] if len(word) > 2 else word


def parts(html: str, paragraph: bool, separator: re.Pattern[str]) -> tuple[tuple[str, str], ...]:
    """A document's text in parts, each with its words searched but not shown: a paragraph's
    sentences (search.py's spans), another document's text whole."""
    body = parse(html).body if paragraph else None
    spans = [node.html or "" for node in body.iter() if node.tag == "span"] if body is not None else []
    out = []
    for span in spans or [html]:
        text = plain(span)
        extra = [plus_free(w) for w in hidden(span)] + unjoined(text, separator)
        out.append((text, " ".join(dict.fromkeys(extra))))
    return tuple(out)


def records(
    docs: list[dict], authors_by_essay: dict[str, tuple[str, ...]], separator: str = LUNR_SEPARATOR
) -> tuple[SearchRecord, ...]:
    """One record per document of Material's index, in its order; `separator` is its tokenizer."""
    tokenizer = re.compile(separator)
    page_titles = {doc["location"]: plain(doc.get("title", "")) for doc in docs if "#" not in doc["location"]}
    out = []
    for doc in docs:
        target = doc["location"]
        page = target.split("#")[0]
        essay = urls.essay_of_url(page) or ""
        title = plain(doc.get("title", ""))
        section = target.partition("#")[2]
        paragraph = bool(section and urls.paragraph_number(section))
        # a section's record names its page too; a paragraph's title ("Pajon 2017 ¶7") says it all
        page_title = page_titles.get(page, "") if section and not paragraph else ""
        out.append(
            SearchRecord(
                target,
                title,
                page_title if page_title != title else "",
                plain(doc.get("text", "")),
                ESSAYS if essay else OTHER,
                essay,
                authors_by_essay.get(essay, ()),
                parts(doc.get("text", ""), paragraph, tokenizer),
                min(1.0, float(doc.get("boost", 1)) / PARAGRAPH_BOOST),
            )
        )
    return tuple(out)


def record_page(record: SearchRecord) -> str:
    """A record as the HTML page Pagefind indexes: the title and text are searched; the filters
    and the target address ride along as data, never as searched text.

    The text comes first (an excerpt starts with the author's words), each part in a span with an
    id (t1, t2…), then the title, searched too ("Pajon Kurils"), then the words searched but not
    shown, each part's in a span (x1, x2…) at half weight. Pagefind reports where each element
    with an id starts, in words: features/search-ui.js finds with them the sentence a match belongs to and
    shows only the text."""
    filters = (
        [("kind", record.kind)]
        + ([("essay", record.essay)] if record.essay else [])
        + [("author", name) for name in record.authors]
    )
    head = "".join(f'<meta data-pagefind-filter="{key}[content]" content="{escape(value)}">' for key, value in filters)
    head += "".join(
        f'<meta data-pagefind-meta="{key}[content]" content="{escape(value)}">'
        for key, value in (("title", record.title), ("target", record.target), ("page", record.page))
        if value
    )
    weight = f' data-pagefind-weight="{record.weight:g}"' if record.weight != 1 else ""
    shown = record.parts or ((record.text, ""),)
    text = " ".join(f'<span id="t{i}">{escape(part, quote=False)}</span>' for i, (part, _) in enumerate(shown, 1))
    extra = " ".join(
        f'<span id="x{i}">{escape(words, quote=False)}</span>' for i, (_, words) in enumerate(shown, 1) if words
    )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">{head}</head>'
        f'<body><p{weight}>{text}</p><p id="title"{weight}>{escape(record.title, quote=False)}</p>'
        + (f'<p data-pagefind-weight="0.5">{extra}</p>' if extra else "")
        + "</body></html>"
    )


def index_size(site: Path) -> int:
    path = site / urls.SEARCH_INDEX
    return path.stat().st_size if path.is_file() else 0


def pagefind_executable() -> Path:
    from pagefind_bin import get_executable  # the binary inside the wheel

    return Path(get_executable())


# Pagefind's own search interfaces, which it writes into every bundle; the site does not use them
PAGEFIND_INTERFACES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def write_bundle(found: tuple[SearchRecord, ...], out: Path) -> None:
    """The Pagefind bundle of the records, in `out` (replaced), the same bytes for the same records.
    The binary indexes a folder of HTML records; Pagefind's Python API would too, through the same
    binary run as a service, but slower and into other files (docs/search.md says by how much)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="records-", dir=out.parent) as folder:
        work = Path(folder)
        width = len(str(len(found)))
        for number, record in enumerate(found):  # numbered in index order: the same input, the same bundle
            (work / f"{number:0{width}d}.html").write_text(record_page(record), encoding="utf-8")
        shutil.rmtree(out, ignore_errors=True)
        try:
            done = subprocess.run(
                [
                    str(pagefind_executable()),
                    "--site",
                    str(work),
                    "--output-path",
                    str(out),
                    "--force-language",
                    "en",
                    "--silent",
                ],
                capture_output=True,
                text=True,
            )
        except (ImportError, OSError) as error:
            raise SourceError(
                [
                    Problem(
                        "mkdocs.yml",
                        1,
                        f"the chunked search index could not be made: {error}; "
                        "install the project again (pip install -e .) to get the pagefind binary, "
                        "or raise the site-builder plugin's chunked_search_above",
                    )
                ]
            ) from None
        if done.returncode:
            raise SourceError(
                [
                    Problem(
                        "mkdocs.yml",
                        1,
                        "Pagefind could not index the search records: " + (done.stderr or done.stdout).strip()[:500],
                    )
                ]
            )
    canonical_filters(out)
    for name in PAGEFIND_INTERFACES:
        (out / name).unlink(missing_ok=True)  # the search box is Material's


def make_chunked(site: Path, authors_by_essay: dict[str, tuple[str, ...]]) -> None:
    """Give the built hosted `site` a Pagefind bundle (site/pagefind/) made from its Material
    index, then leave Material an empty index, tell features/search-ui.js to answer from the bundle and let
    the pages run its WebAssembly. (Pagefind runs it in its web worker, which the pages' <meta>
    policy does not reach; when the worker fails it falls back to the page itself, and only
    then does the page's policy need 'wasm-unsafe-eval'.)"""
    index_path = site / urls.SEARCH_INDEX
    index = json.loads(index_path.read_text(encoding="utf-8"))
    found = records(index.get("docs", []), authors_by_essay, separator_of(index))
    write_bundle(found, site / urls.CHUNKED_SEARCH_FOLDER)
    index_path.write_text(json.dumps({**index, "docs": []}, separators=(",", ":")), encoding="utf-8")
    (site / urls.SEARCH_ENGINE_JS).write_text(engine_script(True), encoding="utf-8")
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        allowed = csp.allowing_wasm(text)
        if allowed != text:
            page.write_text(allowed, encoding="utf-8")


_SIGNATURE = b"pagefind_dcd"  # what every compressed Pagefind data file starts with, once inflated
# Where Pagefind 1.5's metadata file lists the filter files, as [filter name, file name] pairs:
# [version, pages, index chunks, filters, sorts, meta fields]
_FILTERS = 3


def _layout_changed(bundle: Path, what: str) -> SourceError:
    """The error for a bundle laid out otherwise than canonical_filters expects (a Pagefind
    outside the pin in pyproject.toml): said, rather than a wrong field rewritten."""
    try:
        version = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError, TypeError):
        version = "?"
    return SourceError(
        [
            Problem(
                "mkdocs.yml",
                1,
                f"Pagefind {version} laid out its bundle otherwise than chunked_search.canonical_filters "
                f"expects (Pagefind 1.5's): {what}; install the pinned Pagefind again (pip install -e .), "
                "or raise the site-builder plugin's chunked_search_above",
            )
        ]
    )


def _read(bundle: Path, path: Path) -> object:
    import cbor2

    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_SIGNATURE):
        raise _layout_changed(bundle, f"{path.name} does not start with {_SIGNATURE.decode()}")
    return cbor2.loads(raw[len(_SIGNATURE) :])


def _encode(value: object) -> tuple[bytes, str]:
    """`value` as a Pagefind data file, and the hash that names it."""
    import cbor2

    data = gzip.compress(_SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)
    return data, hashlib.sha256(data).hexdigest()


def _pairs(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair) for pair in value
    )


def metadata(bundle: Path, path: Path, version: str) -> list[Any]:
    """A language's metadata file, checked to be laid out as Pagefind 1.5 writes it: field 0 is
    the version, field _FILTERS a list of [filter name, file name] pairs naming files of filter/."""
    meta = _read(bundle, path)
    if not (isinstance(meta, list) and len(meta) > _FILTERS and meta[0] == version and _pairs(meta[_FILTERS])):
        raise _layout_changed(bundle, f"the metadata's field {_FILTERS} is not a list of [filter, file] pairs")
    missing = sorted(file for _, file in meta[_FILTERS] if not (bundle / "filter" / f"{file}.pf_filter").is_file())
    if missing:
        raise _layout_changed(
            bundle, f"the metadata's field {_FILTERS} names filter files that are not in filter/: {missing}"
        )
    return meta


def canonical_filters(bundle: Path) -> None:
    """Make the bundle's filter files the same at every build. Pagefind writes each filter's
    values, and the list of filters in its metadata file, in hash-map order, which changes from
    run to run (Pagefind issue 638: the fragments became stable in 1.3, the filters did not);
    the values are sorted here, the files renamed by their content and the references to them
    rewritten. The search reads them by name from the metadata, so nothing else changes. The
    layout read is Pagefind 1.5's; another one stops the build with a SourceError that says so."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    if not (isinstance(entry.get("languages"), dict) and all("hash" in info for info in entry["languages"].values())):
        raise _layout_changed(bundle, "pagefind-entry.json has no languages with the hash of their metadata")
    written: set[str] = set()
    for language in sorted(entry["languages"]):
        info = entry["languages"][language]
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = metadata(bundle, meta_path, entry["version"])
        filters = []
        for key, old in meta[_FILTERS]:
            old_path = bundle / "filter" / f"{old}.pf_filter"
            found = _read(bundle, old_path)
            if not (isinstance(found, list) and len(found) == 2 and found[0] == key and isinstance(found[1], list)):
                raise _layout_changed(bundle, f"{old_path.name} is not [{key!r}, [[value, pages], …]]")
            old_path.unlink()
            data, digest = _encode([key, sorted(found[1], key=lambda v: v[0])])
            name = f"{language}_{digest[:7]}"
            (bundle / "filter" / f"{name}.pf_filter").write_bytes(data)
            filters.append([key, name])
            written.add(name)
        meta[_FILTERS] = sorted(filters)
        meta_path.unlink()
        data, digest = _encode(meta)
        info["hash"] = f"{language}_{digest[:10]}"
        (bundle / f"pagefind.{info['hash']}.pf_meta").write_bytes(data)
    unnamed = sorted({path.stem for path in (bundle / "filter").glob("*.pf_filter")} - written)
    if unnamed:
        raise _layout_changed(bundle, f"no metadata's field {_FILTERS} names the filter files {unnamed}")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def engine_script(chunked: bool) -> str:
    """assets/search-engine.js: which index answers the search box (read by assets/site.js and features/search-ui.js)."""
    folder = json.dumps(urls.CHUNKED_SEARCH_FOLDER + "/" if chunked else None)
    return f"window.__chunkedSearch = {folder};\n"
