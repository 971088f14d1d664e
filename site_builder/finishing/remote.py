"""What in a built page or stylesheet would make the browser load something from another host.

HTML is read as a browser reads it, with an HTML5 parser (lexbor, through selectolax), and CSS
with tinycss2 (no regular expressions on markup): every attribute that loads (src, srcset,
<link href>, <base href>, poster, <object data>, SVG's href, a refresh's url, and what an
<iframe srcdoc> or a <template> holds), every CSS url(), @import and image-set() in
stylesheets, <style> elements and style attributes.
A link the reader follows is not a load: <a href>, <area href> (but their `ping`, a request sent
on each click, is), and a <link> whose every rel
token is a link type that makes a hyperlink and fetches nothing (LINK_ONLY_RELS: canonical,
alternate, author, license, ...). A <link> fetches if any of its tokens fetches (stylesheet, icon,
preload, prefetch, modulepreload, manifest, preconnect, dns-prefetch, pingback, ...), and a token
this check does not know is read as one that fetches. Pure functions over text.
"""

from __future__ import annotations

import re
from html import escape

import tinycss2

from .html_tree import parse

REMOTE_SCHEME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789+.-"
# schemes whose URLs always name a host, with or without slashes: a browser reads
# "https:evil.example/x" as https://evil.example/x (from a page on disk, or another scheme)
SPECIAL_SCHEMES = ("http", "https", "ftp", "ws", "wss")
LOADING_ATTRIBUTES = ("src", "poster", "background")  # on any element
IMAGE_SET = ("image-set", "-webkit-image-set")
REFRESH = "a refresh <meta>"
# <link rel> tokens that make a hyperlink, nothing the browser fetches: the link types whose
# "effect on link" is "Hyperlink" in the HTML Standard's table (WHATWG, 4.6.7 Link types), but
# `search`, whose OpenSearch description browsers fetch to offer the search engine; and two
# registered extensions of the microformats wiki (existing rel values) that browsers only name:
# `sitemap` and `me`.
HYPERLINK_RELS = ("alternate", "author", "canonical", "help", "license", "next", "prev", "privacy-policy")
LINK_ONLY_RELS = frozenset((*HYPERLINK_RELS, "terms-of-service", "sitemap", "me"))
_URL_DROPPED = re.compile(r"[\t\n\r]")  # what a browser removes anywhere in a URL
_C0_AND_SPACE = "".join(map(chr, range(0x21)))  # and what it strips from both ends


def is_remote(url: str) -> bool:
    """A URL that names a host: protocol-relative (// or, as browsers read it, \\\\), with a
    scheme and a host (http://, ftp://, ...), or with a scheme that always has a host, even
    written without slashes (https:evil.example)."""
    text = _URL_DROPPED.sub("", url).strip(_C0_AND_SPACE).replace("\\", "/")
    if text.startswith("//"):
        return True
    scheme, sep, rest = text.partition(":")
    if not (sep and scheme[:1].isalpha() and all(c in REMOTE_SCHEME_CHARS for c in scheme.lower())):
        return False
    return rest.startswith("//") or (scheme.lower() in SPECIAL_SCHEMES and bool(rest))


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
                found += [
                    (line, a.value, "@import in CSS")
                    for t in token.prelude
                    if t.type == "function" and t.lower_name == "url"
                    for a in t.arguments
                    if a.type == "string"
                ]
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
    nodes = tinycss2.parse_blocks_contents(css) if declarations else tinycss2.parse_stylesheet(css)
    found: list[tuple[int, str, str]] = []
    _css_urls(nodes, first_line, found)
    return [(line, url, how) for line, url, how in found if is_remote(url)]


_ASCII_WHITESPACE = re.compile("[\t\n\f\r ]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def link_fetches(rel: str) -> bool:
    """Whether a <link> with this `rel` makes the browser fetch its href: unless every token
    (ASCII case-insensitive, split at ASCII whitespace) is a link type that only links
    (LINK_ONLY_RELS); a <link> with no rel at all is counted as a load too."""
    tokens = [token.translate(_ASCII_LOWER) for token in _ASCII_WHITESPACE.split(rel) if token]
    return not tokens or any(token not in LINK_ONLY_RELS for token in tokens)


def _srcset_urls(value: str) -> list[str]:
    return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]


# a refresh's content as browsers read it: a delay, then ";" or ",", then "url=" or not, then the URL
_REFRESH = re.compile(r"\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(.*)", re.I | re.S)


def refresh_url(content: str) -> str:
    """Where a refresh's `content` sends the reader ("0;url=x", "0, x", "3;URL='x'"); "" for a
    reload of the page itself."""
    match = _REFRESH.fullmatch(content)
    url = match.group(1).strip() if match else ""
    if len(url) > 1 and url[0] in "'\"" and url[-1] == url[0]:
        url = url[1:-1]
    return url


# SVG elements that load what their href (or the older xlink:href) names
SVG_HREF_LOADS = {"image", "use", "feimage", "script"}


def _element_loads(tag: str, values: dict[str, str]) -> list[tuple[str, str]]:
    """(url, how) of what one element loads, remote or not; `tag` in lower case."""
    urls = [(values[name], f"{name} of <{tag}>") for name in LOADING_ATTRIBUTES if name in values]
    urls += [
        (url, f"{name} of <{tag}>")
        for name in ("srcset", "imagesrcset")
        if name in values
        for url in _srcset_urls(values[name])
    ]
    if tag in ("a", "area") and "ping" in values:  # a request on each click, beside the one followed
        urls += [(url, f"ping of <{tag}>") for url in _ASCII_WHITESPACE.split(values["ping"]) if url]
    if tag == "base" and "href" in values:  # a remote <base> sends every relative load away
        urls.append((values["href"], "href of <base>"))
    if tag == "link" and "href" in values and link_fetches(values.get("rel", "")):
        urls.append((values["href"], "href of <link>"))
    if tag in SVG_HREF_LOADS:
        urls += [(values[name], f"{name} of <{tag}>") for name in ("href", "xlink:href") if name in values]
    if tag == "object" and "data" in values:
        urls.append((values["data"], "data of <object>"))
    return urls


# what a remote URL in CSS has: "//", a special scheme's "name:", or a CSS escape (a backslash)
_REMOTE_HINT = re.compile("//|\\\\|(?:" + "|".join(SPECIAL_SCHEMES) + "):", re.I)


def _may_load_remotely(css: str) -> bool:
    """False only where CSS cannot name a remote URL (_REMOTE_HINT). Spares the CSS parser most
    style attributes."""
    return bool(_REMOTE_HINT.search(css))


def _tree_loads(html: str) -> list[tuple[str, str]]:
    """(url, how) of every remote load in an HTML document, as a browser parses it."""
    found: list[tuple[str, str]] = []
    root = parse(html).root
    for node in root.traverse(include_text=False) if root is not None else ():
        tag = (node.tag or "").lower()
        values = {name.lower(): value or "" for name, value in node.attributes.items()}
        found += [(url, how) for url, how in _element_loads(tag, values) if is_remote(url)]
        if tag == "meta" and values.get("http-equiv", "").strip().lower() == "refresh":  # wherever it goes
            found.append((refresh_url(values.get("content", "")), REFRESH))
        if "style" in values and _may_load_remotely(values["style"]):
            found += [
                (url, f"{how}, style attribute of <{tag}>")
                for _, url, how in css_remote_loads(values["style"], declarations=True)
            ]
        if tag == "style":
            css = node.text(deep=True)
            if _may_load_remotely(css):
                found += [(url, f"{how}, <style>") for _, url, how in css_remote_loads(css)]
        if tag == "iframe" and "srcdoc" in values:  # a document of its own
            found += [(url, f"{how}, in the srcdoc of <iframe>") for url, how in _tree_loads(values["srcdoc"])]
        if tag == "template":  # its content is a fragment apart; a script may put it in the page
            inner = node.html or ""
            inner = inner[inner.find(">") + 1 : inner.rfind("</")] if inner.endswith("</template>") else ""
            found += _tree_loads(inner)
    return found


_LINK_TAG = re.compile(r"<(a|area|link)[\s/>]", re.I)


def _in_link_tag(html: str, at: int) -> bool:
    """Whether offset `at` lies in the tag of a link the reader follows (<a>, <area>, a <link>
    that fetches nothing), which names an address without loading it."""
    start = max(html.rfind("<", 0, at), 0)
    match = _LINK_TAG.match(html, start)
    if match is None:
        return False
    if match.group(1).lower() != "link":
        return True
    end = html.find(">", at)
    node = parse(html[start : end + 1 if end != -1 else len(html)]).css_first("link")
    return node is not None and not link_fetches(node.attributes.get("rel") or "")


def _line_of(html: str, url: str, after: int) -> tuple[int, int]:
    """(line, offset) where `url` is next written in `html` from offset `after` on, as it is or
    HTML-escaped, outside the tag of a link (an <a href> or a <link rel=canonical> names the same
    address without loading it); (1, after) if it is written some other way (character references)."""
    for written in dict.fromkeys((url, escape(url))):
        at = html.find(written, after)
        while at != -1 and _in_link_tag(html, at):
            at = html.find(written, at + 1)
        if at != -1:
            return html.count("\n", 0, at) + 1, at + 1
    return 1, after


def html_remote_loads(html: str) -> list[tuple[int, str, str]]:
    """(line, url, how) of every remote load in an HTML page. The page is parsed as a browser
    parses it (lexbor's HTML5 parser): what sits in a <textarea>, a comment or a script's text
    is not a load. The parser keeps no positions: a load's line is where its URL is next
    written, as it is or HTML-escaped."""
    found: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}
    for url, how in _tree_loads(html):
        line, seen[url] = _line_of(html, url, seen.get(url, 0))
        found.append((line, url, how))
    return sorted(found)
