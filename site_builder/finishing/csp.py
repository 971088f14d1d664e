"""Defence in depth in the page: a Content-Security-Policy, as a <meta> tag in every page's head.

Scripts run only from the site itself ('self') and, inline, only the theme's own scripts, each
allowed by the SHA-256 of its text. An inline script of the final page is hashed only when
both hold: it lies outside the page content (the part made from the sources: every <article>
of the page as the browser parses it, never a span cut by searching the text), and its text is one of the inline scripts of
the theme's templates (partials/javascripts/*.html), where only the values Jinja fills in
(the page's base URL) may differ, and those cannot leave their JavaScript string. An inline
script that reached the page from a source, however it got past the validator and the
sanitizer, is not hashed, so the browser refuses to run it. No 'unsafe-inline' and no
'unsafe-eval' for scripts. Inline style attributes stay allowed (the
builder colours figures and aligns table cells with them; the sanitizer keeps only those
properties).

For the offline copy (file://), the iframe-worker shim runs Material's search in an iframe that
it writes with an inline script of its own; that script's text is known (offline.py) and
depends only on the page's worker URL, so its hash is added too.

Pages are parsed and serialized anew by lexbor (`parse`); the build's finishing pass calls
`add_policies` on every built page.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .html_tree import LexborHTMLParser, LexborNode, parse

JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}


@dataclass(frozen=True)
class InlineScript:
    text: str  # the script's text, exactly as the browser hashes it


def _in_content(node: LexborNode) -> bool:
    """Whether `node` lies in the page content, made from the sources: inside an <article>."""
    parent = node.parent
    while parent is not None:
        if parent.tag == "article":
            return True
        parent = parent.parent
    return False


def inline_scripts(
    page: str | LexborHTMLParser, outside_content: bool = False
) -> tuple[list[InlineScript], str | None]:
    """The executable inline scripts of `page` (with `outside_content`, those outside every
    <article>), and the text of Material's configuration script. A script's text is the one the
    browser hashes (its line breaks normalized, nothing decoded)."""
    tree = parse(page) if isinstance(page, str) else page
    inline, config = [], None
    for node in tree.css("script"):
        attrs = node.attributes
        text = node.text(deep=True)
        if attrs.get("id") == "__config":
            config = text
        executable = "src" not in attrs and (attrs.get("type") or "").strip().lower() in JS_TYPES
        if executable and not (outside_content and _in_content(node)):
            inline.append(InlineScript(text))
    return inline, config


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(script_hashes: list[str], inline_styles: bool = False) -> str:
    """The policy text. ('self' covers the offline copy too: Chromium counts the copy's own files
    as 'self' when the page is read from file://.)"""
    hashes = "".join(f" {h}" for h in dict.fromkeys(script_hashes))
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self'{hashes}",
            # Zensical's search dialog writes a <style> element: under Zensical styles may be inline
            "style-src 'self' 'unsafe-inline'" if inline_styles else "style-src 'self'",
            "style-src-attr 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self'",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'none'",
        ]
    )


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
# what Jinja may fill in inside a theme script (a base URL in a JavaScript string): no quote,
# backslash, angle bracket or line break, so it cannot end the string
_FILLED = r"[^\"'`<>\\\n]*"


def script_pattern(template_script: str) -> re.Pattern:
    """A pattern for the texts a theme template's inline script can render to."""
    parts = _JINJA.split(template_script)
    return re.compile(_FILLED.join(re.escape(part) for part in parts))


@lru_cache(maxsize=8)
def theme_script_patterns(theme_dirs: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    """The inline scripts of the theme's partials/javascripts/*.html (the first folder that has a
    file wins, as in the theme's template loader), as patterns."""
    chosen: dict[str, Path] = {}
    for folder in theme_dirs:
        for path in sorted(Path(folder).glob("partials/javascripts/*.html")):
            chosen.setdefault(path.name, path)
    patterns = []
    for name in sorted(chosen):
        for node in parse(chosen[name].read_text(encoding="utf-8")).css("script"):
            if not node.attributes:  # an inline script, as the template writes it
                patterns.append(script_pattern(node.text(deep=True)))
    return tuple(patterns)


def theme_script_hashes(scripts: list[InlineScript], theme: tuple[re.Pattern, ...]) -> list[str]:
    """Hashes of the inline scripts (outside the page content) that the theme's templates emit."""
    return [sha256_source(s.text) for s in scripts if any(p.fullmatch(s.text) for p in theme)]


def worker_url(config: str | None) -> str | None:
    """The search worker's URL as Material passes it to `new Worker` (its configuration's `search`)."""
    try:
        return json.loads(config).get("search") if config else None
    except ValueError:
        return None


def meta_tag(text: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{text}">'


def set_policy(
    tree: LexborHTMLParser, theme: tuple[re.Pattern, ...], inline_styles: bool = False, frame_script=None
) -> None:
    """Give the parsed page `tree` its policy: any earlier policy <meta> removed, the new one
    placed first in <head> (after its charset). `theme` are the theme's inline scripts
    (`theme_script_patterns`); with `frame_script`, the offline copy's policy, which also allows
    the script the iframe-worker shim writes into its frame for this page's search worker:
    `frame_script(worker URL)` gives its text (outputs/offline.py, which ships the shim)."""
    for meta in tree.css("meta[http-equiv]"):
        if (meta.attributes.get("http-equiv") or "").strip().lower() == "content-security-policy":
            meta.decompose()
    scripts, config = inline_scripts(tree, outside_content=True)  # nothing in the content is hashed
    hashes = theme_script_hashes(scripts, theme)
    url = worker_url(config) if frame_script is not None else None
    if url:
        hashes.append(sha256_source(frame_script(url)))
    head = tree.head
    if head is None:
        return
    tag = parse(meta_tag(policy(hashes, inline_styles))).css_first("meta")
    if tag is None:
        return
    charset = head.css_first("meta[charset]")
    if charset is not None and charset.parent is not None and charset.parent.tag == "head":
        charset.insert_after(tag)
    elif head.child is not None:
        head.child.insert_before(tag)
    else:
        head.insert_child(tag)


def with_policy(page: str, theme: tuple[re.Pattern, ...], inline_styles: bool = False, frame_script=None) -> str:
    """`page` with its policy (set_policy), as the browser would read it, serialized anew."""
    tree = parse(page)
    set_policy(tree, theme, inline_styles, frame_script)
    return tree.html or page


def add_policies(
    site: Path,
    theme: tuple[re.Pattern, ...],
    inline_styles: bool = False,
    frame_script: Callable[[str], str] | None = None,
) -> None:
    """Every page of a built site (whichever engine built it) with its policy; with
    `frame_script`, the policy of the offline copy."""
    for path in sorted(site.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        path.write_text(with_policy(page, theme, inline_styles, frame_script), encoding="utf-8")


WASM = "'wasm-unsafe-eval'"  # lets a page compile WebAssembly: the chunked search's engine (Pagefind)


def allowing_wasm(page: str) -> str:
    """`page` with its policy letting the page's own scripts compile WebAssembly (the chunked
    search of a large hosted site, chunked_search.py); nothing else in the policy changes."""
    tree = parse(page)
    for meta in tree.css("meta[http-equiv]"):
        content = meta.attributes.get("content") or ""
        if (meta.attributes.get("http-equiv") or "").lower() == "content-security-policy" and WASM not in content:
            meta.attrs["content"] = content.replace("script-src 'self'", f"script-src 'self' {WASM}", 1)
            return tree.html or page
    return page
