"""The live preview (`make serve`), the same for both engines: the whole build (sources checked,
pages rendered, the one finishing pass with the sanitizer and the Content-Security-Policy) into
site-preview/, served on 127.0.0.1 by a small server of our own, built again when a source
changes.

- A bad edit leaves the last good site served; the problems, as `path:line: message`, are shown
  in every open page (a banner) and in the terminal, until a build succeeds again.
- The pages learn of a new build from /__preview__/state, which the reload script reads once a
  second. The script is a file of the server's (same origin, so the policy's `script-src 'self'`
  allows it, with no inline script and no exception to the policy); the server adds its tag to
  the <head> of each page it serves, on the fly: the built files are the build's own.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .problems import Problem, SourceError

PREVIEW = Path("site-preview")  # a site of its own: `make site`'s site/ is never touched
WATCHED = ("corpus", "annotations", "templates", "mkdocs.yml")
STATE_PATH = "/__preview__/state"
SCRIPT_PATH = "/__preview__/reload.js"
SCRIPT_TAG = f'<script src="{SCRIPT_PATH}" defer></script>'
RELOAD_JS = """\
/* The live preview: reload when a new build is served; show the problems of a failed one. */
(function () {
  var seen = null;
  function banner(problems) {
    var box = document.getElementById("preview-problems");
    if (!problems.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "preview-problems";
      box.setAttribute("role", "alert");
      /* fixed at the bottom of the window, above the theme: seen wherever the reader is */
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:1000;max-height:40vh;" +
        "overflow:auto;padding:.6em 1em;background:#fdecea;color:#5f1610;border-top:3px solid #b3261e;" +
        "font:15px/1.45 system-ui,sans-serif";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "The last edit was not built; this is the last good site. Fix:";
    var list = document.createElement("ul");
    problems.forEach(function (p) {
      var item = document.createElement("li");
      item.textContent = p;
      list.appendChild(item);
    });
    box.appendChild(title);
    box.appendChild(list);
  }
  function poll() {
    fetch("STATE_PATH", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (state) {
      if (seen !== null && state.generation !== seen) { location.reload(); return; }
      seen = state.generation;
      banner(state.problems);
    }).catch(function () {}).then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
""".replace("STATE_PATH", STATE_PATH)


NOTHING_BUILT = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Preview</title>'
    f"{SCRIPT_TAG}</head><body><p>No site is built yet: the problems below stop the build.</p></body></html>"
)


@dataclass
class PreviewState:
    """What the server tells the pages: the build they show, and what stops the next one."""

    generation: int = 0
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def succeeded(self) -> None:
        with self.lock:
            self.generation += 1
            self.problems = []

    def failed(self, problems: list[Problem]) -> None:
        with self.lock:
            self.problems = [str(p) for p in problems]

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"generation": self.generation, "problems": self.problems}).encode("utf-8")


class PreviewHandler(SimpleHTTPRequestHandler):
    """The built preview's files, the reload script and the state; pages get the script's tag."""

    state: PreviewState

    def __init__(self, *args, state: PreviewState, **kwargs) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == STATE_PATH:
            return self._send(self.state.as_json(), "application/json")
        if path == SCRIPT_PATH:
            return self._send(RELOAD_JS.encode("utf-8"), "text/javascript")
        file = Path(self.translate_path(path))
        if not Path(self.directory, "index.html").is_file():  # no build has succeeded yet
            return self._send(NOTHING_BUILT.encode("utf-8"), "text/html; charset=utf-8")
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file() and not path.endswith(".html/"):
            page = file.read_bytes().replace(b"</head>", SCRIPT_TAG.encode("utf-8") + b"</head>", 1)
            return self._send(page, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass  # the terminal shows builds and problems, not every request


def sources_state(root: Path) -> tuple:
    """(path, modification time, size) of every source file: what a change is seen by."""
    files = []
    for name in WATCHED:
        path = root / name
        for f in [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []:
            if f.is_file():
                info = f.stat()
                files.append((str(f), info.st_mtime_ns, info.st_size))
    return tuple(files)


def rebuild(build: Callable[[], object], state: PreviewState) -> None:
    """One build of the preview: on success the pages reload, on problems they show them."""
    started = time.monotonic()
    try:
        build()
    except SourceError as error:
        state.failed(error.problems)
        print("\n".join(str(p) for p in error.problems), file=sys.stderr, flush=True)
        print("the preview keeps the last good site", file=sys.stderr, flush=True)
        return
    state.succeeded()
    print(f"preview built in {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)


def serve(root: Path, port: int, build: Callable[[], object], poll: float = 0.5) -> None:
    """Build, serve site-preview/ on 127.0.0.1:`port`, and build again whenever a source changes."""
    state = PreviewState()
    rebuild(build, state)
    folder = (root / PREVIEW).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    handler = partial(PreviewHandler, directory=str(folder), state=state)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"preview on http://127.0.0.1:{port}/ (Ctrl-C stops it)", file=sys.stderr, flush=True)
    seen = sources_state(root)
    try:
        while True:
            time.sleep(poll)
            now = sources_state(root)
            if now != seen:
                seen = now
                rebuild(build, state)
    finally:
        server.shutdown()
        server.server_close()
