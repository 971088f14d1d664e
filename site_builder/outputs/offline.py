"""The offline copy (site-offline/, and the zip on the download page), read from disk over file://.

It is derived from the hosted site, not rendered a second time: the same pages with what a
browser reading from disk needs (what Material's and Zensical's offline plugins would do in a
second run of the engine), whichever engine built it:
- `.html` URLs: essays/pajon-2017/index.html becomes essays/pajon-2017.html (a browser shows a
  folder listing, not the page, for file:///.../essays/pajon-2017/), every relative link is
  written anew for the page's new place (in the pages and in the search index), and Material's
  scripts are told the new way back to the site's root (so the page's policy hashes them anew);
- the search index inlined into a script (search/search_index.js, Zensical's search.js: no
  fetch from file://);
- the `iframe-worker` shim, which replaces the Web Worker that runs the search (browsers refuse
  workers on file://): Material would load it from https://unpkg.com; a vendored copy of the
  npm package below is shipped with the site instead, and each page's Content-Security-Policy
  allows the one inline script the shim writes, by its hash;
- the download page says that this is the offline copy, instead of offering its own zip;
- the theme's source maps stay on the hosted site (a browser reads them only for its developer
  tools), and so do robots.txt and the sitemap (read by crawlers of the hosted site only);
- the error page (404.html), whose addresses MkDocs writes from the server's root ("/assets/...",
  which from disk is the root of the disk), addresses everything relatively, like every page.
The copy carries no absolute address: it is made from a site rendered without `site_url`
(build.py), so no canonical link, citation or annotation id names the host.
The copy is made as files in memory (`offline_files`): the zip on the download page is made
from them, and only `build --offline` writes them to a folder.
Afterwards no page, script or style sheet may name another host for something it loads.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import shutil
from pathlib import Path

from ..finishing import csp
from ..finishing.html_tree import parse
from ..finishing.remote import REFRESH, css_remote_loads, html_remote_loads
from ..problems import Problem
from ..urls import relative_path
from .output import write_json_if_changed
from .search import MATERIAL_INDEX, SearchIndex

SHIM_URL = "https://unpkg.com/iframe-worker/shim"
SHIM_PATH = "assets/javascripts/iframe-worker-shim.js"

# npm: iframe-worker 1.0.4, file shim/index.js, unchanged (MIT licence, Copyright (c) 2020-2022
# Martin Donath, https://github.com/squidfunk/iframe-worker; the same author as Material).
# https://registry.npmjs.org/iframe-worker/-/iframe-worker-1.0.4.tgz
SHIM_VERSION = "1.0.4"
SHIM_SHA256 = "e8e412dbcfea9b7e31b5ffa288d7b6035915e714c542f4176a0cdbe262fc9609"
SHIM_JS = r""""use strict";(()=>{function c(s,n){parent.postMessage(s,n||"*")}function d(...s){return s.reduce((n,e)=>n.then(()=>new Promise(r=>{let t=document.createElement("script");t.src=e,t.onload=r,document.body.appendChild(t)})),Promise.resolve())}var o=class extends EventTarget{constructor(e){super();this.url=e;this.m=e=>{e.source===this.w&&(this.dispatchEvent(new MessageEvent("message",{data:e.data})),this.onmessage&&this.onmessage(e))};this.e=(e,r,t,i,m)=>{if(r===`${this.url}`){let a=new ErrorEvent("error",{message:e,filename:r,lineno:t,colno:i,error:m});this.dispatchEvent(a),this.onerror&&this.onerror(a)}};let r=document.createElement("iframe");r.hidden=!0,document.body.appendChild(this.iframe=r),this.w.document.open(),this.w.document.write(`<html><body><script>postMessage=${c};importScripts=${d};addEventListener("error",({error})=>{parent.dispatchEvent(new ErrorEvent("error",{filename:"${e}",error}))})<\/script><script src=${e}?${+Date.now()}><\/script></body></html>`),this.w.document.close(),onmessage=this.m,onerror=this.e,this.r=new Promise((t,i)=>{this.w.onload=t,this.w.onerror=i})}terminate(){this.iframe.remove(),onmessage=onerror=null}postMessage(e){this.r.catch().then(()=>{this.w.dispatchEvent(new MessageEvent("message",structuredClone({data:e})))})}get w(){return this.iframe.contentWindow}};window.IFrameWorker=o;location.protocol==="file:"&&(window.Worker=o);})();
"""
SHIM_HEADER = (
    f"/*! iframe-worker {SHIM_VERSION} shim | MIT License | (c) 2020-2022 Martin Donath "
    f"| https://github.com/squidfunk/iframe-worker */\n"
)

# The shim runs the worker in a hidden iframe, whose document it writes with one inline script:
# `postMessage=${c};importScripts=${d};addEventListener(...)`, where c and d are two of its own
# functions (as their source text) and the worker's URL is inserted as a string. The page's
# Content-Security-Policy (csp.py) allows that script by its hash, computed from the same text.
_FRAME_POST = 'function c(s,n){parent.postMessage(s,n||"*")}'
_FRAME_IMPORT = (
    "function d(...s){return s.reduce((n,e)=>n.then(()=>new Promise(r=>{let t=document."
    'createElement("script");t.src=e,t.onload=r,document.body.appendChild(t)})),Promise.resolve())}'
)


def worker_frame_script(worker_url: str) -> str:
    """The text of the inline script the shim writes into its iframe for the worker at `worker_url`."""
    if _FRAME_POST not in SHIM_JS or _FRAME_IMPORT not in SHIM_JS:  # guards against a new shim
        raise ValueError("the iframe-worker shim's functions changed: read the new shim and update worker_frame_script")
    return (
        f"postMessage={_FRAME_POST};importScripts={_FRAME_IMPORT};"
        'addEventListener("error",({error})=>{parent.dispatchEvent(new ErrorEvent("error",'
        f'{{filename:"{worker_url}",error}}))}})'
    )


def shim_src(page: str) -> str:
    """The shim's address from the page at `page` ("essays/pajon-2017.html")."""
    return relative_path(SHIM_PATH, posixpath.dirname(page) or ".")


def shim_bytes() -> bytes:
    data = SHIM_JS.encode("utf-8")
    if hashlib.sha256(data).hexdigest() != SHIM_SHA256:  # guards against an accidental edit
        raise RuntimeError("the vendored iframe-worker shim does not match its recorded SHA-256")
    return SHIM_HEADER.encode("utf-8") + data


CSS_CHECK_VERSION = "remote-v2:"  # change it when remote.py changes what it finds


def remote_loads(
    folder: Path, css_checked: dict[str, list] | None = None, css_seen: dict[str, list] | None = None
) -> list[Problem]:
    """Every place in a built site that would load something from another host: pages and
    stylesheets read by their parsers (remote.py), and a script that still names the
    iframe-worker shim's address (the offline copy ships the shim instead). `css_checked`
    holds what earlier checks of a stylesheet found, by the SHA-256 of its text (CSS_CHECKED),
    so that the theme's large stylesheets are parsed once, not at every build; `css_seen`
    receives the findings of this folder's stylesheets."""
    css_checked = {} if css_checked is None else css_checked
    css_seen = {} if css_seen is None else css_seen
    problems = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".html", ".css", ".js") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            found = html_remote_loads(text)
        elif path.suffix == ".css":
            key = CSS_CHECK_VERSION + hashlib.sha256(text.encode("utf-8")).hexdigest()
            if key not in css_seen:
                css_seen[key] = (
                    css_checked[key] if key in css_checked else [list(item) for item in css_remote_loads(text)]
                )
            found = [tuple(item) for item in css_seen[key]]
        elif SHIM_URL in text:
            found = [(text.count("\n", 0, text.index(SHIM_URL)) + 1, SHIM_URL, "a script")]
        else:
            found = []
        problems += [
            Problem(path.relative_to(folder).as_posix(), line, _load_message(url, how)) for line, url, how in found
        ]
    return problems


def _load_message(url: str, how: str) -> str:
    if how == REFRESH:  # a navigation, not a load, wherever it goes
        return (
            f"{REFRESH} sends the reader to {url or 'the page again'} unasked; no page may move the reader: remove it"
        )
    return f"loads {url} from another host ({how}); serve it from the site itself"


CSS_CHECKED = Path("build") / "css-checked.json"  # remote_loads' findings by stylesheet, kept between builds


def checked_remote_loads(root: Path, site: Path) -> list[Problem]:
    """remote_loads over `site`, with what earlier builds found in the same stylesheets."""
    memo_path = root / CSS_CHECKED
    try:
        memo = json.loads(memo_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        memo = {}
    seen: dict[str, list] = {}
    problems = remote_loads(site, memo if isinstance(memo, dict) else {}, seen)
    if seen != memo:  # this build's stylesheets only: an edited site.css leaves no stale entry
        write_json_if_changed(memo_path, seen)
    return problems


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# what the hosted site has for crawlers only: the offline copy leaves them out
FOR_CRAWLERS = frozenset(("robots.txt", "sitemap.xml", "sitemap.xml.gz"))
OFFLINE_NOTE = (
    "<em>You are reading the offline copy of the site: every page, link and the search "
    "work from disk with no network.</em>"
)


def page_files(page: str) -> tuple[str, str]:
    """(hosted file, offline file) of the generated page `page`: "essays/pajon-2017.md" is
    essays/pajon-2017/index.html on the hosted site and essays/pajon-2017.html offline, the
    `.html` URLs a browser reading from disk needs; an index.md is index.html in both."""
    stem = page[: -len(".md")]
    if posixpath.basename(stem) == "index":
        return f"{stem}.html", f"{stem}.html"
    return f"{stem}/index.html", f"{stem}.html"


def offline_url(url: str, hosted_page: str, offline_page: str, moved: dict[str, str], folders: frozenset[str]) -> str:
    """A relative `url` written in `hosted_page`, as the page at `offline_page` must write it:
    the target's file (a folder's index.html, a moved page's .html), relative to the new place.
    A path from the server's root ("/assets/site.css", as MkDocs writes the error page's) is
    read from the site's root. URLs with a scheme, a host or only a fragment are unchanged."""
    if url.startswith("/") and not url.startswith(("//", "/\\")):
        return offline_url("./" + url.lstrip("/"), "index.html", offline_page, moved, folders)
    if not url or url.startswith(("#", "?", "/")) or _SCHEME.match(url):
        return url
    cut = min([i for i in (url.find("?"), url.find("#")) if i != -1], default=len(url))
    path, rest = url[:cut], url[cut:]
    target = posixpath.normpath(posixpath.join(posixpath.dirname(hosted_page), path))
    if path.endswith("/") or target == "." or target in folders:
        target = "index.html" if target == "." else f"{target}/index.html"
    target = moved.get(target, target)
    return relative_path(target, posixpath.dirname(offline_page) or ".") + rest


def _base(page: str) -> str:
    """The page's way back to the site root, as Material writes it ("../..", "..", ".")."""
    depth = page.count("/")
    return "/".join([".."] * depth) if depth else "."


def _rewritten_urls(tree, was: str, where: str, moved: dict[str, str], folders: frozenset[str]) -> None:
    """The page's href and src attributes, rewritten for its place in the offline copy; each
    address worked out once (a page names the same address many times: its navigation, its panels)."""
    written: dict[str, str] = {}
    for node in tree.css("[href], [src]"):
        for name in ("href", "src"):
            url = node.attributes.get(name)
            if url is None:
                continue
            if url not in written:
                written[url] = offline_url(url, was, where, moved, folders)
            if written[url] != url:
                node.attrs[name] = written[url]


def _written_base(tree) -> str | None:
    """The way back to the site's root that the theme wrote in the page's configuration (Material's
    and Zensical's `__config`): "../.." on a page, "/" on the error page; None without one."""
    node = tree.css_first("script#__config")
    if node is None:
        return None
    base = json.loads(node.text(deep=True)).get("base")
    return base if isinstance(base, str) else None


def _page_scripts(tree, was: str, where: str, moved: dict[str, str], folders: frozenset[str]) -> None:
    """Material's scripts find the site's root from the page: a page moved one level up (an
    essays/x/index.html that became essays/x.html) tells them one level less, and the error
    page, which names the server's root ("/"), the relative way to its own folder; in its scope
    script (`new URL("..",location)`) and its configuration (base, and the search worker's URL)."""
    old, new = _written_base(tree), _base(where)
    if old is None or (old == new and not old.startswith("/")):
        return
    for node in tree.css("script"):
        text = node.text(deep=True)
        if node.attributes.get("id") == "__config":
            config = json.loads(text)
            config["base"] = new
            if isinstance(config.get("search"), str):
                config["search"] = offline_url(config["search"], was, where, moved, folders)
            node.inner_html = json.dumps(config, ensure_ascii=False)
        elif f'new URL("{old}",location)' in text:
            node.inner_html = text.replace(f'new URL("{old}",location)', f'new URL("{new}",location)', 1)


def _offline_page(
    text: str, was: str, where: str, moved: dict[str, str], folders: frozenset[str], theme, inline_styles: bool
) -> bytes:
    """One page of the offline copy, from the hosted page `was`, parsed once: its addresses, its
    scripts, the shim, the note on the download block and its policy; no font preload."""
    tree = parse(text)
    # from disk a font preload fails (its CORS request has the opaque origin of file://) and
    # gains nothing; the @font-face rules load the text face all the same
    for preload in tree.css('link[rel="preload"][as="font"]'):
        preload.decompose()
    _rewritten_urls(tree, was, where, moved, folders)
    _page_scripts(tree, was, where, moved, folders)
    shim = parse(f'<script src="{shim_src(where)}"></script>').css_first("script")
    if tree.head is not None and shim is not None:  # it replaces window.Worker before Material's bundle starts
        tree.head.insert_child(shim)
    note = tree.css_first("p#offline-copy")
    if note is not None:
        note.inner_html = OFFLINE_NOTE
    csp.set_policy(tree, theme, inline_styles, frame_script=worker_frame_script)
    return (tree.html or text).encode("utf-8")


def offline_files(
    hosted: Path,
    pages: list[str],
    theme: tuple[re.Pattern, ...],
    index: SearchIndex = MATERIAL_INDEX,
    inline_styles: bool = False,
) -> dict[str, bytes | Path]:
    """The offline copy of the built hosted site `hosted` (see the module's docstring), file by
    file: the new bytes of each file it changes or adds, the hosted file's path for each it keeps
    as it is. The theme's source maps (*.map, 1.3 MB of the 5.4 MB) stay on the hosted site: a
    browser reads them only for its developer tools, and they were a fifth of the zip. `pages`
    are the generated pages ("essays/pajon-2017.md"), `theme` the theme's inline scripts
    (csp.theme_script_patterns), whose hashes the moved pages need anew; `index` and
    `inline_styles` the engine's search index and style policy (MkDocs + Material, or
    Zensical, whose pages are made the same way). Nothing is written:
    the download page's zip is made from these (creating 130 files and folders on disk cost as
    much as the rest of the copy).

    The hosted site was checked for loads from another host; this only rewrites relative URLs
    into relative URLs and adds the local shim, so the copy is not parsed a second time."""
    kept = {
        path.relative_to(hosted).as_posix(): path
        for path in hosted.rglob("*")
        if path.is_file() and path.suffix != ".map" and path.relative_to(hosted).as_posix() not in FOR_CRAWLERS
    }
    moved = {old: new for old, new in (page_files(page) for page in pages) if old != new and old in kept}
    folders = frozenset(
        posixpath.dirname(path) for path in kept if posixpath.basename(path) == "index.html" and "/" in path
    )
    files: dict[str, bytes | Path] = {moved.get(path, path): source for path, source in kept.items()}
    files[SHIM_PATH] = shim_bytes()
    back = {new: old for old, new in moved.items()}
    for where in sorted(path for path in files if path.endswith(".html")):
        was = back.get(where, where)
        page = kept[was].read_text(encoding="utf-8")
        files[where] = _offline_page(page, was, where, moved, folders, theme, inline_styles)
    if index.path in kept:
        files.update(_offline_index(kept[index.path], index, moved, folders))
    return files


def _offline_index(path: Path, index: SearchIndex, moved: dict[str, str], folders: frozenset[str]) -> dict[str, bytes]:
    """The search index with the offline copy's addresses, as JSON and as the script that a page
    read from disk loads instead of fetching it (search/search_index.js, or search.js)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for doc in data.get(index.records, ()):
        location = doc["location"]  # from the site's root; "" and "#..." are on the home page
        doc["location"] = offline_url(
            location if location[:1] not in ("", "#") else "./" + location,
            "index.html",
            "index.html",
            moved,
            folders,
        )
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return {index.path: text.encode("utf-8"), index.script: f"var __index = {text}".encode()}


def write_files(files: dict[str, bytes | Path], out: Path) -> None:
    """Write `files` (offline_files) into the folder `out`."""
    for path, content in sorted(files.items()):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copy2(content, target)
        else:
            target.write_bytes(content)
