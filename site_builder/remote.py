"""What in a built page or stylesheet would make the browser load something from another host.

HTML is read with `HTMLParser` and CSS with tinycss2 (no regular expressions on markup): every
attribute that loads (src, srcset, <link href>, poster, <object data>, a refresh's url), every
CSS url(), @import and image-set() in stylesheets, <style> elements and style attributes.
A link the reader follows (<a href>) is not a load. Pure functions over text.
"""
from __future__ import annotations

from html.parser import HTMLParser

import tinycss2

REMOTE_SCHEME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789+.-"
LOADING_ATTRIBUTES = ("src", "poster", "background")  # on any element
IMAGE_SET = ("image-set", "-webkit-image-set")


def is_remote(url: str) -> bool:
    """A protocol-relative URL or one with a scheme and a host (http://, https://, ftp://, ...)."""
    url = url.strip()
    if url.startswith("//"):
        return True
    scheme, sep, rest = url.partition(":")
    return (bool(sep) and scheme[:1].isalpha() and all(c in REMOTE_SCHEME_CHARS for c in scheme.lower())
            and rest.startswith("//"))


def _css_urls(tokens, line_offset: int, found: list[tuple[int, str, str]], inside: str = "") -> None:
    """Collect (line, url, how) of every URL in a list of tinycss2 nodes, walking into blocks."""
    for token in tokens:
        kind = token.type
        line = line_offset + getattr(token, "source_line", 1) - 1
        if kind == "url":
            found.append((line, token.value, "url() in CSS"))
        elif kind == "function":
            name = token.lower_name
            if name == "url":
                found += [(line, t.value, "url() in CSS") for t in token.arguments if t.type == "string"]
            _css_urls(token.arguments, line_offset, found, name)
        elif kind == "string" and inside in IMAGE_SET:
            found.append((line, token.value, "image-set() in CSS"))
        elif kind == "at-rule":
            if token.lower_at_keyword == "import":  # @import "x.css" or @import url(x.css)
                found += [(line, t.value, "@import in CSS") for t in token.prelude if t.type in ("string", "url")]
                found += [(line, a.value, "@import in CSS") for t in token.prelude
                          if t.type == "function" and t.lower_name == "url" for a in t.arguments if a.type == "string"]
            else:
                _css_urls(token.prelude, line_offset, found)
            if token.content:
                _css_urls(tinycss2.parse_blocks_contents(token.content), line_offset, found)
        elif kind in ("qualified-rule",):
            _css_urls(token.prelude, line_offset, found)
            _css_urls(tinycss2.parse_blocks_contents(token.content), line_offset, found)
        elif kind == "declaration":
            _css_urls(token.value, line_offset, found)
        elif kind in ("() block", "[] block", "{} block"):
            _css_urls(token.content, line_offset, found, inside)


def css_remote_loads(css: str, first_line: int = 1, declarations: bool = False) -> list[tuple[int, str, str]]:
    """(line, url, how) of every remote load in a stylesheet (or, with `declarations`, in the
    contents of a style attribute)."""
    nodes = (tinycss2.parse_blocks_contents(css) if declarations
             else tinycss2.parse_stylesheet(css))
    found: list[tuple[int, str, str]] = []
    _css_urls(nodes, first_line, found)
    return [(line, url, how) for line, url, how in found if is_remote(url)]


def _srcset_urls(value: str) -> list[str]:
    return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]


def _refresh_url(content: str) -> str:
    _, _, after = content.partition(";")
    key, _, url = after.strip().partition("=")
    return url.strip().strip("'\"") if key.strip().lower() == "url" else ""


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._style: tuple[int, list[str]] | None = None  # (line, text) of an open <style>

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        values = {name: value or "" for name, value in attrs}
        urls = [(values[name], f"{name} of <{tag}>") for name in LOADING_ATTRIBUTES if name in values]
        urls += [(url, f"{name} of <{tag}>") for name in ("srcset", "imagesrcset") if name in values
                 for url in _srcset_urls(values[name])]
        if tag == "link" and "href" in values:
            urls.append((values["href"], "href of <link>"))
        if tag == "object" and "data" in values:
            urls.append((values["data"], "data of <object>"))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            urls.append((_refresh_url(values.get("content", "")), "a refresh <meta>"))
        self.found += [(line, url, how) for url, how in urls if is_remote(url)]
        if "style" in values:
            self.found += [(line, url, f"{how}, style attribute of <{tag}>")
                           for _, url, how in css_remote_loads(values["style"], line, declarations=True)]
        if tag == "style":
            self._style = (line, [])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "style":
            self._style = None

    def handle_data(self, data):
        if self._style is not None:
            self._style[1].append(data)

    def handle_endtag(self, tag):
        if tag == "style" and self._style is not None:
            line, parts = self._style
            self.found += [(at, url, f"{how}, <style>") for at, url, how in css_remote_loads("".join(parts), line)]
            self._style = None


def html_remote_loads(html: str) -> list[tuple[int, str, str]]:
    """(line, url, how) of every remote load in an HTML page."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return sorted(scanner.found)
