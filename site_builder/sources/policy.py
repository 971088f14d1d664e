"""The markup policy for sources, checked by the validator: nothing in a source may make a
reader's browser run code.

- An essay body is Markdown. It may use what scholarly text needs: emphasis, headings, lists,
  block quotes, tables, code, footnote marks, links to http(s) addresses and to the site's own
  pages (relative links such as `other-essay.md#p-3`), `<https://...>` autolinks, and
  attribute lists that set only what the builder itself writes (`#id`, `.class`, `data-*`).
  Raw HTML (every tag, comment or processing instruction), images, links with any other scheme
  (javascript:, data:, vbscript:, mailto:, file:, ...) and attribute lists that set anything
  else (event handlers such as `onclick`, `style`, `href`, ...) are refused.
- Front-matter and annotation fields are plain text, not Markdown: the builder escapes them
  wherever they land (Markdown, HTML, page titles, navigation), so markup in them is shown as
  typed and needs no rule here.

Pure functions over text; messages say what is not allowed and what to write instead. The
sanitizer (`sanitize.py`) is the second line, on the rendered HTML.
"""

from __future__ import annotations

import html
import re

from markdown.extensions.attr_list import get_attrs_and_remainder

ALLOWED_SCHEMES = ("http", "https")
CODE_SCHEMES = ("javascript", "vbscript", "data")
EMBED_TAGS = ("iframe", "object", "embed", "frame", "frameset", "applet")

_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# what a browser ignores in a URL: ASCII whitespace and control characters anywhere
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
# Python-Markdown's autolinks (markdown.inlinepatterns AUTOLINK_RE, AUTOMAIL_RE)
_AUTOLINK = re.compile(r"<((?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*)>")
_AUTOMAIL = re.compile(r"<([^<> !]+@[^@<> ]+)>")
# anything a Markdown or HTML parser may take for a tag, comment, declaration or instruction
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9:-]*)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\[\]\n]*\]:[ \t]*\n?[ \t]*(<[^>\n]*>|\S+)", re.M)
_DATA_ATTRIBUTE = re.compile(r"data-[a-z0-9_.:-]*")
LINK_EXAMPLE = "[text](https://…) or [text](other-essay.md#p-3)"


def _mask_code_and_escapes(line: str) -> str:
    """`line` with the insides of its code spans and its backslash escapes blanked out (same
    length), so that what shows as text is not read as markup. Code spans are taken within one
    line only: Python-Markdown reads a tag at the start of a line as raw HTML before it finds
    code spans, so a span across lines must not hide it."""
    out = list(line)
    i = 0
    while i < len(line):
        char = line[i]
        if char == "\\" and i + 1 < len(line) and line[i + 1] in _PUNCTUATION:
            out[i] = out[i + 1] = " "
            i += 2
            continue
        if char == "`":
            run = len(line[i:]) - len(line[i:].lstrip("`"))
            close = re.compile(r"(?<!`)" + "`" * run + r"(?!`)").search(line, i + run)
            if close:
                for j in range(i, close.end()):
                    out[j] = " "
                i = close.end()
                continue
            i += run
            continue
        i += 1
    return "".join(out)


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in `url` (lowercase), or None for a relative URL. Entities,
    backslash escapes and the whitespace and control characters browsers drop are removed first,
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


def _destination(text: str, start: int) -> str:
    """The link destination that begins at `start` (just after '('), as Python-Markdown reads it."""
    i = start
    while i < len(text) and text[i] in " \t\n":
        i += 1
    if i < len(text) and text[i] == "<":
        end = text.find(">", i)
        return text[i + 1 : end if end != -1 else len(text)]
    depth, j = 0, i
    while j < len(text):
        c = text[j]
        if c in " \t\n" and depth == 0:
            break
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                break
            depth -= 1
        j += 1
    return text[i:j]


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
    hint = r"attribute lists may set only #id, .class and data-* attributes (write \{ for a literal brace)"
    if re.sub(r"[^a-z]", "", name).startswith("on"):
        return (
            f"an attribute list sets '{key}', an event handler that would run code in the reader's "
            f"browser; remove it: {hint}"
        )
    if name == "style":
        return (
            "an attribute list sets 'style', which is not allowed (the site's stylesheet styles the "
            f"page); use a class instead: {hint}"
        )
    return f"an attribute list sets '{key}', which is not allowed; {hint}"


def _attribute_lists(line: str) -> list[tuple[int, str]]:
    """(column, message) for each refused attribute in `{...}` groups of a (masked) line. Every
    '{' is tried as the start of an attribute list, up to the last '}' on the line, as
    Python-Markdown's attr_list reads it; so is the shortest group, to be safe either way."""
    found = []
    last = line.rfind("}")
    for start in [m.start() for m in re.finditer(r"\{", line)]:
        if last <= start:
            break
        first = line.find("}", start)
        for end in dict.fromkeys((last, first)):
            content = line[start + 1 : end].lstrip(":").strip()
            if not content:
                continue
            attrs, _ = get_attrs_and_remainder(content)
            for key, value in attrs:
                message = _attribute_message(key, value)
                if message and (start, message) not in found:
                    found.append((start, message))
    return found


def markdown_problems(markdown: str) -> list[tuple[int, str]]:
    """(line offset within `markdown`, message) for every construct the policy refuses."""
    problems: list[tuple[int, str]] = []
    lines = markdown.split("\n")
    masked_lines = [_mask_code_and_escapes(line) for line in lines]
    masked = "\n".join(masked_lines)

    def line_of(offset: int) -> int:
        return masked.count("\n", 0, offset)

    for match in _TAG_START.finditer(masked):
        at = match.start()
        auto = _AUTOLINK.match(masked, at)
        if auto:
            scheme = url_scheme(auto.group(1))
            if scheme not in ALLOWED_SCHEMES:
                problems.append((line_of(at), _link_message(scheme or "unknown")))
            continue
        if _AUTOMAIL.match(masked, at):
            problems.append(
                (
                    line_of(at),
                    "an e-mail link <name@example.org> is not allowed in an essay; "
                    "write the address as text without the angle brackets",
                )
            )
            continue
        problems.append((line_of(at), tag_message(masked[at : at + 12])))

    for match in re.finditer(r"!\[[^\n]*?\][(\[]", masked):
        problems.append(
            (
                line_of(match.start()),
                "an image ![…](…) is not allowed in an essay: "
                "the site shows no picture from its sources and loads nothing from other "
                "hosts; describe the figure in words, or link to it: [Figure 1](https://…)",
            )
        )

    for match in re.finditer(r"\]\(", masked):
        scheme = url_scheme(_destination(masked, match.end()))
        if scheme is not None and scheme not in ALLOWED_SCHEMES:
            problems.append((line_of(match.start()), _link_message(scheme)))

    for match in _REFERENCE.finditer(masked):
        scheme = url_scheme(match.group(1))
        if scheme is not None and scheme not in ALLOWED_SCHEMES:
            problems.append((line_of(match.start()), _link_message(scheme)))

    with_html = {line for line, _message in problems}  # braces in raw HTML (CSS) are that problem
    for number, line in enumerate(masked_lines):
        if number not in with_html:
            problems.extend((number, message) for _column, message in _attribute_lists(line))
    return sorted(dict.fromkeys(problems), key=lambda p: p[0])
