"""Defence in depth in the page: a Content-Security-Policy, as a <meta> tag in every page's head.

Scripts run only from the site itself ('self') and, inline, only the theme's own scripts, each
allowed by the SHA-256 of its text. An inline script of the final page is hashed only when
both hold: it lies outside the page content (the part made from the sources, which MkDocs
inserts into the theme's template as one piece), and its text is one of the inline scripts of
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

Pure functions over HTML text; the build's finishing pass calls `add_policies` on every built page.
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

from selectolax.lexbor import LexborHTMLParser

JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}


@dataclass(frozen=True)
class InlineScript:
    text: str  # the script's text, exactly as the browser hashes it


def inline_scripts(page: str) -> tuple[list[InlineScript], str | None]:
    """The executable inline scripts of `page`, and the text of Material's configuration script.
    The page is parsed as a browser parses it (lexbor's HTML5 parser, through selectolax), so a
    script's text is the one the browser hashes (its line breaks normalized, nothing decoded)."""
    inline, config = [], None
    for node in LexborHTMLParser(page).css("script"):
        attrs = node.attributes
        text = node.text(deep=True)
        if attrs.get("id") == "__config":
            config = text
        if "src" not in attrs and (attrs.get("type") or "").strip().lower() in JS_TYPES:
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


def _content_span(page: str, content: str | None) -> tuple[int, int]:
    """Where the page content (made from the sources) lies in the page; (0, 0) when it has none."""
    if content:
        start = page.find(content)
        if start != -1:
            return start, start + len(content)
    # not found as one piece: everything inside <article> counts as content (nothing there is hashed)
    start, end = page.find("<article"), page.rfind("</article>")
    return (start, end) if 0 <= start < end else (0, 0)


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_TEMPLATE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
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
        for match in _TEMPLATE_SCRIPT.finditer(chosen[name].read_text(encoding="utf-8")):
            patterns.append(script_pattern(match.group(1)))
    return tuple(patterns)


def scripts_around_content(page: str, content: str | None) -> tuple[list[InlineScript], str | None]:
    """The inline scripts outside the page content, and Material's configuration script. Only the
    page around the content is read: nothing inside the content is ever hashed, and the content
    (most of an essay page) is not parsed again."""
    start, end = _content_span(page, content)
    if not end:
        return inline_scripts(page)
    before, after = inline_scripts(page[:start]), inline_scripts(page[end:])
    return before[0] + after[0], before[1] or after[1]


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


def with_policy(page: str, content: str | None, theme: tuple[re.Pattern, ...], inline_styles: bool = False) -> str:
    """`page` with its Content-Security-Policy <meta> placed before anything else in <head>;
    `theme` are the theme's inline scripts (`theme_script_patterns`)."""
    scripts, _ = scripts_around_content(page, content)
    return _insert_meta(page, meta_tag(policy(theme_script_hashes(scripts, theme), inline_styles)))


def add_policies(
    site: Path,
    theme: tuple[re.Pattern, ...],
    inline_styles: bool = False,
    frame_script: Callable[[str], str] | None = None,
) -> None:
    """Every page of a built site (whichever engine built it) with its policy; with
    `frame_script`, the policy of the offline copy (`offline_policy`)."""
    for path in sorted(site.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        if frame_script is None:
            page = with_policy(_POLICY_META.sub("", page, count=1), None, theme, inline_styles)
        else:
            page = offline_policy(page, theme, frame_script, inline_styles)
        path.write_text(page, encoding="utf-8")


def _insert_meta(page: str, tag: str) -> str:
    match = re.search(r"<head[^>]*>", page)
    if match is None:
        return page
    charset = re.compile(r"\s*<meta charset=[^>]*>").match(page, match.end())
    at = charset.end() if charset else match.end()
    return page[:at] + "\n    " + tag + page[at:]


_POLICY_META = re.compile(r'\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">')
WASM = "'wasm-unsafe-eval'"  # lets a page compile WebAssembly: the chunked search's engine (Pagefind)


def allowing_wasm(page: str) -> str:
    """`page` with its policy letting the page's own scripts compile WebAssembly (the chunked
    search of a large hosted site, chunked_search.py); nothing else in the policy changes."""
    match = _POLICY_META.search(page)
    if match is None or WASM in match.group(0):
        return page
    tag = match.group(0).replace("script-src 'self'", f"script-src 'self' {WASM}", 1)
    return page[: match.start()] + tag + page[match.end() :]


def offline_policy(
    page: str, theme: tuple[re.Pattern, ...], frame_script: Callable[[str], str], inline_styles: bool = False
) -> str:
    """The policy of a page of the offline copy, computed anew for the page as it is now (its
    theme scripts may have changed), allowing also the inline script that the iframe-worker shim
    writes into its frame for this page's search worker: `frame_script(worker URL)` gives its
    text (outputs/offline.py, which ships the shim)."""
    page = _POLICY_META.sub("", page, count=1)
    scripts, config = scripts_around_content(page, None)  # None: everything inside <article> is content
    hashes = theme_script_hashes(scripts, theme)
    url = worker_url(config)
    if url:
        hashes.append(sha256_source(frame_script(url)))
    return _insert_meta(page, meta_tag(policy(hashes, inline_styles)))
