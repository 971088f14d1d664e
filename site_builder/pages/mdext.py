"""Python-Markdown extension: link names of themes, entities, glossary terms and events in essay prose.

Works on the element tree, like `markdown.extensions.abbr`: it walks `.text`/`.tail` of the
paragraphs that carry an `id="p-N"` (essay body paragraphs), skips code (AtomicString),
links, headings and lists, matches one compiled pattern (longest names first) and marks
what it inserts as AtomicString, so a second pass changes nothing. It also adds a visible
pilcrow permalink to each numbered paragraph. Registered at priority 7: after attr_list
(8) has set the paragraph ids, before MkDocs rewrites relative `.md` links (0), so MkDocs
resolves and checks every link we insert.

The link table is a JSON file written by the builder (`targets_file`):
{"phrases": [{"phrase", "href", "title", "key", "event"?}], ...}.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as etree
from functools import lru_cache
from pathlib import Path

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from ..finishing import sanitize
from ..linking.link import alias_pattern, inside_excluded
from .search_marks import mark_for_search

PARAGRAPH_ID = re.compile(r"^p-\d+$")
ONCE_PER_PAGE = ("entity:", "theme:", "term:")
MAX_LINKED_SHARE = 0.3  # at most this share of a paragraph's characters inside inserted links


class LinkTable:
    def __init__(self, data: dict):
        self.by_phrase: dict[str, list[dict]] = {}
        for entry in data.get("phrases", []):
            self.by_phrase.setdefault(entry["phrase"], []).append(entry)
        self.excluded: dict[str, list[str]] = data.get("not_when", {})
        self.pattern = alias_pattern(list(self.by_phrase))

    @classmethod
    def from_file(cls, path: str) -> LinkTable:
        file = Path(path)
        if not file.is_file():
            return cls({})
        stat = file.stat()
        return _cached_table(str(file.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _cached_table(path: str, mtime_ns: int, size: int) -> LinkTable:
    """MkDocs makes a Markdown instance per page: parse the table and compile its pattern once
    per version of the file (the key changes whenever the builder rewrites it)."""
    return LinkTable(json.loads(Path(path).read_text(encoding="utf-8")))


class MentionLinker(Treeprocessor):
    def __init__(self, md, table: LinkTable):
        super().__init__(md)
        self.table = table

    def run(self, root: etree.Element) -> None:
        # Entities, themes and glossary terms are linked at their first mention on the page (as
        # encyclopaedias do): linked in every paragraph they would crowd the author's text. Event
        # mentions are linked once per paragraph. No paragraph becomes mostly links: a link that
        # would take the linked share past MAX_LINKED_SHARE is left out (the apparatus after the
        # paragraph still names the event).
        on_page = {
            a.get("data-ref") or "" for a in root.iter("a") if (a.get("data-ref") or "").startswith(ONCE_PER_PAGE)
        }
        for paragraph in root.iter("p"):
            pid = paragraph.get("id", "")
            if not PARAGRAPH_ID.match(pid):
                continue
            if self.table.pattern is not None:
                events = set(paragraph.get("data-events", "").split())
                self._link_paragraph(paragraph, events, on_page)
            if not any(child.get("class") == "p-permalink" for child in paragraph):
                anchor = etree.SubElement(
                    paragraph, "a", {"class": "p-permalink", "href": f"#{pid}", "title": f"Permalink to ¶{pid[2:]}"}
                )
                anchor.text = AtomicString("¶")

    def _choose(self, phrase: str, used: set[str], events: set[str], text: str, start: int) -> dict | None:
        for entry in self.table.by_phrase.get(phrase, []):
            if entry["key"] in used:
                continue
            if "event" in entry and entry["event"] not in events:
                continue
            if inside_excluded(text, start, start + len(phrase), self.table.excluded.get(entry["key"], ())):
                continue
            return entry
        return None

    def _link_paragraph(self, paragraph: etree.Element, events: set[str], on_page: set[str]) -> None:
        # Targets linked by an earlier pass stay used: running twice inserts nothing more.
        used: set[str] = {a.get("data-ref") or "" for a in paragraph.iter("a") if a.get("data-ref")}
        used |= on_page
        # Collect (parent, is_tail, child) text slots in document order, skipping links and code.
        slots: list[tuple[etree.Element, etree.Element | None]] = []

        def walk(element: etree.Element) -> None:
            slots.append((element, None))
            for child in list(element):
                if child.tag not in ("a", "code", "pre", "script", "style", "abbr"):
                    walk(child)
                slots.append((element, child))

        walk(paragraph)
        budget = [int(MAX_LINKED_SHARE * len("".join(paragraph.itertext())))]
        budget[0] -= sum(len("".join(a.itertext())) for a in paragraph.iter("a") if a.get("data-ref"))
        for parent, child in slots:
            text = child.tail if child is not None else parent.text
            if not text or isinstance(text, AtomicString):
                continue
            pieces = self._split(text, used, events, on_page, budget)
            if len(pieces) == 1:
                continue
            leading, rest = pieces[0], pieces[1:]
            if child is None:
                parent.text = leading
                insert_at = 0
            else:
                child.tail = leading
                insert_at = list(parent).index(child) + 1
            for link, tail in rest:
                link.tail = tail
                parent.insert(insert_at, link)
                insert_at += 1

    def _split(self, text: str, used: set[str], events: set[str], on_page: set[str], budget: list[int]):
        pieces: list = []
        position = 0
        if self.table.pattern is None:
            return [text]
        for match in self.table.pattern.finditer(text):
            if len(match.group(1)) > budget[0]:
                continue
            entry = self._choose(match.group(1), used, events, text, match.start())
            if entry is None:
                continue
            budget[0] -= len(match.group(1))
            used.add(entry["key"])
            if entry["key"].startswith(ONCE_PER_PAGE):
                on_page.add(entry["key"])
            link = etree.Element(
                "a", {"href": entry["href"], "class": f"xref xref-{entry['kind']}", "data-ref": entry["key"]}
            )
            link.text = AtomicString(match.group(1))
            before = text[position : match.start()]
            if not pieces:
                pieces.append(before)
            else:
                pieces[-1] = (pieces[-1][0], before)
            pieces.append((link, ""))
            position = match.end()
        if not pieces:
            return [text]
        pieces[-1] = (pieces[-1][0], text[position:])
        return pieces


class SearchMarks(Postprocessor):
    """Marks an essay page's cross-reference panels and numbered paragraphs `data-search-exclude`
    before the renderer's search reads the page (Material's search plugin and Zensical's search
    extension both honour it): the paragraphs get documents of their own, the panels none."""

    def run(self, text: str) -> str:
        return mark_for_search(text) if 'id="p-' in text else text


# The first line of a page's Markdown that has form controls (the timeline's filters). Only a
# template writes a page's first line; an essay's body comes after its title and header.
FORM_CONTROLS_MARK = "<!-- site-builder: this page has form controls -->"


class PageKind(Preprocessor):
    """Reads (and removes) the mark of a page with form controls, for the sanitizer."""

    def __init__(self, md, page: PageOptions):
        super().__init__(md)
        self.page = page

    def run(self, lines: list[str]) -> list[str]:
        self.page.form_controls = bool(lines) and lines[0].strip() == FORM_CONTROLS_MARK
        return lines[1:] if self.page.form_controls else lines


class PageOptions:
    """What a page's first line declared; reset with its Markdown instance, for the next page."""

    def __init__(self) -> None:
        self.form_controls = False


class Sanitize(Postprocessor):
    """The HTML sanitizer (finishing/sanitize.py) on a page's whole rendered Markdown: the last
    step of Python-Markdown, which both engines run, in a build and in a live preview alike, so
    that no theme ever wraps content that did not go through it."""

    def __init__(self, md, page: PageOptions):
        super().__init__(md)
        self.page = page

    def run(self, text: str) -> str:
        return sanitize.clean_html(text, form_controls=self.page.form_controls)


class MentionLinkExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "targets_file": ["build/link-targets.json", "JSON link table written by site_builder"],
            # a dict default: Python-Markdown would read a None default as a boolean option
            "targets": [{}, "the link table itself (the site-builder plugin passes it; no file)"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        given = self.getConfig("targets")
        table = LinkTable(given) if given else LinkTable.from_file(self.getConfig("targets_file"))
        md.treeprocessors.register(MentionLinker(md, table), "site_builder_mentions", 7)
        # before Zensical's search postprocessor (priority 0), after raw HTML is put back (30)
        md.postprocessors.register(SearchMarks(md), "site_builder_search_marks", 5)
        page = PageOptions()
        md.preprocessors.register(PageKind(md, page), "site_builder_page_kind", 40)  # before anything reads it
        md.postprocessors.register(Sanitize(md, page), "site_builder_sanitize", 4)


def makeExtension(**kwargs) -> MentionLinkExtension:
    return MentionLinkExtension(**kwargs)
