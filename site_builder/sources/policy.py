"""The markup policy for sources, checked by the validator: nothing in a source may make a
reader's browser run code or leave the site unasked.

- An essay body is Markdown. It may use what scholarly text needs: emphasis, headings, lists,
  block quotes, tables, code, footnote marks, links to http(s) addresses and to the site's own
  pages (relative links such as `other-essay.md#p-3`), `<https://...>` autolinks, and
  attribute lists that set only what the builder itself writes (`#id`, `.class`, `data-*`).
  Raw HTML (every tag, comment or processing instruction), images, links with any other scheme
  (javascript:, data:, vbscript:, mailto:, file:, ...), attribute lists that set anything
  else (event handlers such as `onclick`, `style`, `href`, ...) and headings whose text holds
  '<' or '>' (the theme copies a heading's text into tooltips as HTML) are refused.
- Front-matter and annotation fields are plain text, not Markdown: the builder escapes them
  wherever they land; labels are checked by the validator (no '<', '>' or bidi controls).

The body is read by Python-Markdown itself, with the extensions the site renders with
(markdown_reading.py): what it takes for raw HTML, which attributes its attr_list assigns, which
links and references it makes. No rule of Markdown's escaping is written again here. A
problem's line is the first line of its block from which a parse of the block's lines up to
there finds it. The sanitizer (finishing/sanitize.py) is the second line, on the rendered HTML.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections import Counter
from collections.abc import Callable, Sequence

import markdown
from markdown import util
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.inlinepatterns import HtmlInlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

ALLOWED_SCHEMES = ("http", "https")
CODE_SCHEMES = ("javascript", "vbscript", "data")
EMBED_TAGS = ("iframe", "object", "embed", "frame", "frameset", "applet")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# what a browser ignores in a URL: ASCII whitespace and control characters anywhere
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9:-]*)")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_DATA_ATTRIBUTE = re.compile(r"data-[a-z0-9_.:-]*")
# Without one of these characters Markdown makes no tag, link, image, attribute list,
# reference or character reference: such a block needs no parse.
_MARKUP_CHARACTERS = re.compile(r"[<>{\[&]")
# Past this many problems in one block, a problem's line is its block's first (each line is
# found by a few parses of the block, which a hostile block could make long).
LOCATED_PER_BLOCK = 40
LINK_EXAMPLE = "[text](https://…) or [text](other-essay.md#p-3)"
ATTRIBUTE_HINT = r"attribute lists may set only #id, .class and data-* attributes (write \{ for a literal brace)"
IMAGE_MESSAGE = (
    "an image ![…](…) is not allowed in an essay: the site shows no picture from its sources and "
    "loads nothing from other hosts; describe the figure in words, or link to it: [Figure 1](https://…)"
)
MAIL_MESSAGE = (
    "an e-mail link <name@example.org> is not allowed in an essay; write the address as text without the angle brackets"
)
HEADING_MESSAGE = (
    "a heading may not hold '<' or '>': its text goes into the navigation and the table of contents, where "
    "the theme would read it as markup; write it in words (e.g. 'less than'), or use other brackets"
)


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in `url` (lowercase), or None for a relative URL. Entities,
    backslashes and the whitespace and control characters browsers drop are removed first,
    so `java&#115;cript:` and `java\\tscript:` are read as `javascript:`."""
    text = html.unescape(url)
    text = re.sub(r"\\(.)", r"\1", text)
    text = _URL_IGNORED.sub("", text)
    text = text.strip("<>")
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else None


def _link_message(scheme: str) -> str:
    why = " (it could run code in the reader's browser)" if scheme in CODE_SCHEMES else ""
    return (
        f"a link to '{scheme}:' is not allowed in an essay{why}; link to an http(s) address or "
        f"to a page of this site: {LINK_EXAMPLE}"
    )


def tag_message(found: str, where: str = "an essay") -> str:
    """The message for raw HTML `found` (its start: '<script', '<!--', '</div', ...)."""
    name_match = _TAG_NAME.match(found)
    name = name_match.group(1).lower() if name_match else ""
    if found.startswith("<!--"):
        return f"an HTML comment (<!--) is not allowed in {where}; delete it (keep editorial notes in the annotations)"
    if name in EMBED_TAGS:
        return (
            f"<{name}> is not allowed in {where}: embedded pages, objects and plug-ins are refused; "
            f"link to the page instead: [its title](https://…)"
        )
    if name == "script":
        return (
            f"<script> is not allowed in {where}: no source may run code in the reader's browser; "
            "delete it (to show the word, write &lt;script&gt;)"
        )
    shown = f"<{name}>" if name else found
    return (
        f"raw HTML {shown} is not allowed in {where}; write Markdown instead (*italics*, **bold**, "
        f"{LINK_EXAMPLE}), or &lt; for a literal '<'"
    )


def _attribute_message(key: str, value: str | None) -> str | None:
    """Why attribute-list key `key` (with `value`) is refused, or None when it is allowed."""
    name = key.lower()
    if name == "id" and (value or "").startswith("__"):
        return (
            f"an attribute list sets the id '{value}': ids that start with '__' belong to the theme "
            "(its scripts read them); choose another id"
        )
    if name in (".", "id", "lang") or _DATA_ATTRIBUTE.fullmatch(name):
        return None
    if re.sub(r"[^a-z]", "", name).startswith("on"):
        return (
            f"an attribute list sets '{key}', an event handler that would run code in the reader's "
            f"browser; remove it: {ATTRIBUTE_HINT}"
        )
    if name == "style":
        return (
            "an attribute list sets 'style', which is not allowed (the site's stylesheet styles the "
            f"page); use a class instead: {ATTRIBUTE_HINT}"
        )
    return f"an attribute list sets '{key}', which is not allowed; {ATTRIBUTE_HINT}"


def _raw_html_message(entry: str | etree.Element) -> str | None:
    """The message for what Python-Markdown kept as raw HTML, or None for a character reference."""
    if isinstance(entry, str):
        text = entry.strip()
        return None if _ENTITY.fullmatch(text) else tag_message(text[:12])
    return tag_message(f"<{entry.tag}")


class MarkupReader:
    """One Python-Markdown instance, set up as the site's, that records what the policy refuses
    as it reads: raw HTML as its HTML processors stash it, attributes as its attr_list assigns
    them, and, in the finished tree, links, images and headings."""

    def __init__(self, extensions: Sequence[str], configs: dict[str, dict]) -> None:
        self.md = markdown.Markdown(extensions=list(extensions), extension_configs=configs)
        self.found: list[str] = []
        self._record_raw_html()
        self._record_attribute_lists()
        # links after the inline patterns made them (20), before attr_list (8); headings last
        self.md.treeprocessors.register(_LinkReader(self.md, self.found), "policy_links", 9)
        self.md.treeprocessors.register(_HeadingReader(self.md, self.found), "policy_headings", -100)

    def _record_raw_html(self) -> None:
        inline = self.md.inlinePatterns["html"]
        self.md.inlinePatterns.register(_RawInline(inline.pattern, self.md, self.found), "html", 90)
        if "html_block" in self.md.preprocessors:
            block = self.md.preprocessors["html_block"]
            self.md.preprocessors.register(_RawBlocks(block, self.found), "html_block", 20)  # its own priority

    def _record_attribute_lists(self) -> None:
        if "attr_list" not in self.md.treeprocessors:
            return
        processor = self.md.treeprocessors["attr_list"]
        assign: Callable[..., str] = processor.assign_attrs  # type: ignore[attr-defined]
        found = self.found

        def assign_recorded(elem: etree.Element, attrs_string: str, *, strict: bool = False) -> str:
            attrs, remainder = get_attrs_and_remainder(attrs_string)
            if not (strict and remainder):
                found.extend(m for m in (_attribute_message(k, v) for k, v in attrs) if m)
            return assign(elem, attrs_string, strict=strict)

        processor.assign_attrs = assign_recorded  # type: ignore[attr-defined]

    def problems(self, text: str) -> list[str]:
        """The policy's messages for a block of Markdown, in no particular order."""
        self.found.clear()
        self.md.reset()
        self.md.convert(text)
        for url, _title in self.md.references.values():  # a definition's URL, used or not (once)
            scheme = url_scheme(url)
            if scheme is not None and scheme not in ALLOWED_SCHEMES:
                self.found.append(_link_message(scheme))
        return list(self.found)


class _RawInline(HtmlInlineProcessor):
    """Python-Markdown's inline raw HTML, recorded."""

    def __init__(self, pattern: str, md: markdown.Markdown, found: list[str]) -> None:
        super().__init__(pattern, md)
        self.found = found

    def handleMatch(  # type: ignore[override]  # the stubs widen the parent's return type
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | str | None, int | None, int | None]:
        message = _raw_html_message(m.group(1))
        if message:
            self.found.append(message)
        return super().handleMatch(m, data)


class _RawBlocks(Preprocessor):
    """Python-Markdown's block raw HTML preprocessor, with what it stashed recorded."""

    def __init__(self, original: Preprocessor, found: list[str]) -> None:
        super().__init__(original.md)
        self.original = original
        self.found = found

    def run(self, lines: list[str]) -> list[str]:
        stash = self.md.htmlStash.rawHtmlBlocks
        before = len(stash)
        lines = self.original.run(lines)
        self.found.extend(m for m in map(_raw_html_message, stash[before:]) if m)
        return lines


class _LinkReader(Treeprocessor):
    """Links and images as Python-Markdown made them, before attribute lists change them (an
    attribute list that sets href is refused as such)."""

    def __init__(self, md: markdown.Markdown, found: list[str]) -> None:
        super().__init__(md)
        self.found = found

    def run(self, root: etree.Element) -> None:
        references = {url for url, _title in self.md.references.values()}  # refused at their definitions
        for element in root.iter():
            if element.tag not in ("img", "a"):
                continue
            if element.tag == "img":
                self.found.append(IMAGE_MESSAGE)
                continue
            href = element.get("href") or ""
            if href.startswith(util.AMP_SUBSTITUTE):  # Python-Markdown's obfuscated e-mail autolink
                self.found.append(MAIL_MESSAGE)
                continue
            scheme = url_scheme(_unescaped(self.md, href))
            if href not in references and scheme is not None and scheme not in ALLOWED_SCHEMES:
                self.found.append(_link_message(scheme))


class _HeadingReader(Treeprocessor):
    """Heading text as the finished tree holds it (attribute lists taken off)."""

    def __init__(self, md: markdown.Markdown, found: list[str]) -> None:
        super().__init__(md)
        self.found = found

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in HEADINGS and re.search("[<>]", self._text(element)):
                self.found.append(HEADING_MESSAGE)

    def _text(self, element: etree.Element) -> str:
        """An element's text as the reader gets it: stashed character references decoded."""
        stash = self.md.htmlStash

        def stashed(match: re.Match[str]) -> str:
            entry = stash.rawHtmlBlocks[int(match.group(1))]
            return html.unescape(entry) if isinstance(entry, str) else ""

        return html.unescape(util.HTML_PLACEHOLDER_RE.sub(stashed, "".join(element.itertext())))


def _unescaped(md: markdown.Markdown, text: str) -> str:
    """`text` with Python-Markdown's placeholders for backslash escapes put back as characters."""
    if "unescape" not in md.treeprocessors:
        return text
    return md.treeprocessors["unescape"].unescape(text)  # type: ignore[attr-defined]


def markdown_problems(text: str, reader: MarkupReader) -> list[tuple[int, str]]:
    """(line offset within the block `text`, message) for every construct the policy refuses."""
    if not _MARKUP_CHARACTERS.search(text):
        return []
    found = Counter(reader.problems(text))
    if not found:
        return []
    lines = text.split("\n")
    if sum(found.values()) > LOCATED_PER_BLOCK or len(lines) == 1:
        return sorted((0, message) for message in found)
    counts_upto: dict[int, Counter[str]] = {len(lines): found}

    def counts(end: int) -> Counter[str]:  # problems of the block's first `end` lines
        if end not in counts_upto:
            counts_upto[end] = Counter(reader.problems("\n".join(lines[:end])))
        return counts_upto[end]

    located = []
    for message, total in sorted(found.items()):
        start = 1
        for nth in range(1, total + 1):
            start = _first_end(start, len(lines), _reaches(counts, message, nth))
            located.append((start - 1, message))
    return sorted(dict.fromkeys(located))  # an element's opening and closing tags: one problem


def _reaches(counts: Callable[[int], Counter[str]], message: str, nth: int) -> Callable[[int], bool]:
    """Whether the block's first `end` lines hold the `nth` problem with `message`."""
    return lambda end: counts(end)[message] >= nth


def _first_end(low: int, high: int, reached: Callable[[int], bool]) -> int:
    """The smallest `end` in [low, high] for which `reached(end)` holds (it holds at `high`)."""
    while low < high:
        middle = (low + high) // 2
        if reached(middle):
            high = middle
        else:
            low = middle + 1
    return high
