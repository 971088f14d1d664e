"""Finishing touches on the offline copy (site-offline/), read from disk over file://.

Material's offline plugin (enabled by `site-builder build --offline` for that build) turns off
directory URLs and inlines the search index into search/search_index.js, but it loads the `iframe-worker` shim (which
replaces the Web Worker that runs the search, since browsers refuse workers on file://) from
https://unpkg.com. Material does not ship that file, so we ship it with the site: a vendored copy
of the npm package below, written next to Material's scripts, and every page's <script src> pointed
at it. Afterwards no page, script or style sheet may name another host for something it loads.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .problems import Problem, SourceError
from .remote import css_remote_loads, html_remote_loads

SHIM_URL = "https://unpkg.com/iframe-worker/shim"
SHIM_PATH = "assets/javascripts/iframe-worker-shim.js"

# npm: iframe-worker 1.0.4, file shim/index.js, unchanged (MIT licence, Copyright (c) 2020-2022
# Martin Donath, https://github.com/squidfunk/iframe-worker; the same author as Material).
# https://registry.npmjs.org/iframe-worker/-/iframe-worker-1.0.4.tgz
SHIM_VERSION = "1.0.4"
SHIM_SHA256 = "e8e412dbcfea9b7e31b5ffa288d7b6035915e714c542f4176a0cdbe262fc9609"
SHIM_JS = r'''"use strict";(()=>{function c(s,n){parent.postMessage(s,n||"*")}function d(...s){return s.reduce((n,e)=>n.then(()=>new Promise(r=>{let t=document.createElement("script");t.src=e,t.onload=r,document.body.appendChild(t)})),Promise.resolve())}var o=class extends EventTarget{constructor(e){super();this.url=e;this.m=e=>{e.source===this.w&&(this.dispatchEvent(new MessageEvent("message",{data:e.data})),this.onmessage&&this.onmessage(e))};this.e=(e,r,t,i,m)=>{if(r===`${this.url}`){let a=new ErrorEvent("error",{message:e,filename:r,lineno:t,colno:i,error:m});this.dispatchEvent(a),this.onerror&&this.onerror(a)}};let r=document.createElement("iframe");r.hidden=!0,document.body.appendChild(this.iframe=r),this.w.document.open(),this.w.document.write(`<html><body><script>postMessage=${c};importScripts=${d};addEventListener("error",({error})=>{parent.dispatchEvent(new ErrorEvent("error",{filename:"${e}",error}))})<\/script><script src=${e}?${+Date.now()}><\/script></body></html>`),this.w.document.close(),onmessage=this.m,onerror=this.e,this.r=new Promise((t,i)=>{this.w.onload=t,this.w.onerror=i})}terminate(){this.iframe.remove(),onmessage=onerror=null}postMessage(e){this.r.catch().then(()=>{this.w.dispatchEvent(new MessageEvent("message",structuredClone({data:e})))})}get w(){return this.iframe.contentWindow}};window.IFrameWorker=o;location.protocol==="file:"&&(window.Worker=o);})();
'''
SHIM_HEADER = (f"/*! iframe-worker {SHIM_VERSION} shim | MIT License | (c) 2020-2022 Martin Donath "
               f"| https://github.com/squidfunk/iframe-worker */\n")

# The shim runs the worker in a hidden iframe, whose document it writes with one inline script:
# `postMessage=${c};importScripts=${d};addEventListener(...)`, where c and d are two of its own
# functions (as their source text) and the worker's URL is inserted as a string. The page's
# Content-Security-Policy (csp.py) allows that script by its hash, computed from the same text.
_FRAME_POST = 'function c(s,n){parent.postMessage(s,n||"*")}'
_FRAME_IMPORT = ('function d(...s){return s.reduce((n,e)=>n.then(()=>new Promise(r=>{let t=document.'
                 'createElement("script");t.src=e,t.onload=r,document.body.appendChild(t)})),Promise.resolve())}')


def worker_frame_script(worker_url: str) -> str:
    """The text of the inline script the shim writes into its iframe for the worker at `worker_url`."""
    assert _FRAME_POST in SHIM_JS and _FRAME_IMPORT in SHIM_JS, "the shim's functions changed"
    return (f"postMessage={_FRAME_POST};importScripts={_FRAME_IMPORT};"
            'addEventListener("error",({error})=>{parent.dispatchEvent(new ErrorEvent("error",'
            f'{{filename:"{worker_url}",error}}))}})')


def shim_bytes() -> bytes:
    data = SHIM_JS.encode("utf-8")
    if hashlib.sha256(data).hexdigest() != SHIM_SHA256:  # guards against an accidental edit
        raise RuntimeError("the vendored iframe-worker shim does not match its recorded SHA-256")
    return SHIM_HEADER.encode("utf-8") + data


def _relative(target: str, page: str) -> str:
    return Path(os.path.relpath(target, os.path.dirname(page) or ".")).as_posix()


def remote_loads(folder: Path) -> list[Problem]:
    """Every place in a built site that would load something from another host: pages and
    stylesheets read by their parsers (remote.py), and a script that still names the
    iframe-worker shim's address (the offline copy ships the shim instead)."""
    problems = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".html", ".css", ".js") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            found = html_remote_loads(text)
        elif path.suffix == ".css":
            found = css_remote_loads(text)
        elif SHIM_URL in text:
            found = [(text.count("\n", 0, text.index(SHIM_URL)) + 1, SHIM_URL, "a script")]
        else:
            found = []
        problems += [Problem(path.relative_to(folder).as_posix(), line,
                             f"loads {url} from another host ({how}); serve it from the site itself")
                     for line, url, how in found]
    return problems


def finish_offline(folder: Path | str) -> None:
    """Ship the iframe-worker shim with the site and point every page at it; then check that
    nothing is loaded from another host (raises SourceError listing every place)."""
    folder = Path(folder)
    target = folder / SHIM_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(shim_bytes())
    needle = f'src="{SHIM_URL}"'
    for page in sorted(folder.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if needle in text:
            local = _relative(SHIM_PATH, page.relative_to(folder).as_posix())
            page.write_text(text.replace(needle, f'src="{local}"'), encoding="utf-8")
    problems = remote_loads(folder)
    if problems:
        raise SourceError(problems)
