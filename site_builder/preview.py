"""The live preview (`make serve`), the same for both engines: a build (sources checked, pages
rendered, the one finishing pass with the sanitizer and the Content-Security-Policy) into
site-preview/, served on 127.0.0.1 by a small server of our own, updated when a source changes.

- An edit renders again only what it changed (live_update.update_preview). Under MkDocs, the
  pages whose generated Markdown changed, the essay pages first: they are served (a build of
  their own, with `more` set in the state) while the theme pages and the analysis are rendered.
  Under Zensical, Zensical's differential build over its kept output, the changed files put in
  place. An edit that reaches every page (a template, mkdocs.yml, a title in the navigation, a
  phrase the prose linker links, the edition) builds the whole preview again.
- A bad edit leaves the last good site served; the problems, as `path:line: message`, are shown
  in every open page (a banner) and in the terminal, until a build succeeds again.
- The pages learn of a new build from /__preview__/state, a long poll: the server answers as soon
  as the state differs from the one the page has seen (or after LONG_POLL seconds). The reload
  script is a file of the server's (same origin, so the policy's `script-src 'self'` and
  `connect-src 'self'` allow it, with no inline script and no exception to the policy); the server
  adds its tag to the <head> of each page it serves, on the fly, with the build it serves (the
  built files are the build's own). A page reloads when a build changed it (a reload keeps the
  reader's place); the others stay as they are.
- A save is seen at once through the system's file notifications (watchdog, which MkDocs' own
  `serve` uses), else by looking at the files' dates every half second.
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
from urllib.parse import parse_qs, urlsplit

from . import urls
from .build import build_preview
from .live_update import Built, Superseded, update_preview
from .problems import Problem, SourceError

PREVIEW = Path("site-preview")  # a site of its own: `make site`'s site/ is never touched
WATCHED = ("corpus", "annotations", "templates", "mkdocs.yml")
STATE_PATH = "/__preview__/state"
SCRIPT_PATH = "/__preview__/reload.js"
SCRIPT_TAG = f'<script src="{SCRIPT_PATH}" data-build="BUILD" defer></script>'  # BUILD: the generation served
LONG_POLL = 25.0  # seconds a state request waits for a change before it answers anyway
POLL = 0.5  # seconds between looks at the files' dates, without file notifications
SETTLE = 0.03  # seconds to let an editor finish writing a save before it is read
RELOAD_JS = """\
/* The live preview: reload when a new build changed this page, keeping the reader's place; show
   the problems of a failed one. The state is a long poll: the server answers when it changes. */
(function () {
  var seen = null;
  /* the build whose version of this page is shown: the server wrote it in the script's tag */
  var shown = Number(document.currentScript.getAttribute("data-build"));
  /* the reader's place before a reload, set again as the page grows back to its length (the
     browser's own restoring comes before the page's scripts have made it as long as it was),
     until it is reached or the reader scrolls */
  var PLACE = "preview-place:" + location.pathname;
  var place = sessionStorage.getItem(PLACE);
  if (place !== null) {
    sessionStorage.removeItem(PLACE);
    var y = Number(place);
    var growing = new ResizeObserver(function () {
      window.scrollTo(0, y);
      if (Math.abs(window.scrollY - y) < 1) growing.disconnect();
    });
    growing.observe(document.body);
    ["wheel", "touchstart", "keydown"].forEach(function (name) {
      window.addEventListener(name, function () { growing.disconnect(); }, {once: true, passive: true});
    });
  }
  function banner(problems) {
    var box = document.getElementById("preview-problems");
    if (!problems.length) {
      if (box) { box.remove(); document.body.style.paddingBottom = ""; }
      return;
    }
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
    document.body.style.paddingBottom = box.offsetHeight + "px";  /* the page's end can scroll above it */
  }
  function poll() {
    var after = "?since=" + shown + (seen === null ? "" : "&after=" + seen.version);
    fetch("STATE_PATH" + after, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (state) {
      if (state.generation !== shown) {
        if (state.changed === null || state.changed.indexOf(location.pathname) >= 0) {
          sessionStorage.setItem(PLACE, String(window.scrollY));
          location.reload();
          return;
        }
      }
      seen = state;
      shown = state.generation;
      document.documentElement.setAttribute("data-preview-build", String(shown));
      banner(state.problems);
      poll();
    }).catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
""".replace("STATE_PATH", STATE_PATH)


NOTHING_BUILT = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Preview</title>'
    f"{SCRIPT_TAG.replace('BUILD', '0')}</head><body><p>No site is built yet: the problems below stop the build.</p></body></html>"
)


@dataclass
class PreviewState:
    """What the server tells the pages: the build they show, and what stops the next one.
    `version` counts every change of either; a state request waits on `changed` for the next."""

    generation: int = 0
    version: int = 0
    problems: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)  # the generated pages the last good build rendered
    more: bool = False  # the build's first pages are served, the rest being rendered (update_preview)
    # each good build's changed pages, as served URLs (None: every page), by generation
    history: dict[int, list[str] | None] = field(default_factory=dict)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def succeeded(
        self, rendered: tuple[str, ...], whole: bool, fresh: tuple[str, ...] | None = None, more: bool = False
    ) -> None:
        """A build served: the pages it `rendered`, of which `fresh` (all of them if None) are new
        since the last generation; `more`: its first pages only, the rest still being rendered."""
        with self.changed:
            self.generation += 1
            self.version += 1
            self.problems = []
            self.rendered = list(rendered)
            self.more = more
            self.history[self.generation] = None if whole else served_urls(rendered if fresh is None else fresh)
            self.changed.notify_all()

    def changed_since(self, generation: int | None) -> list[str] | None:
        """The URLs of the pages changed by the builds after `generation`; None: any page may have."""
        if generation is None:
            return None
        found: set[str] = set()
        for number in range(generation + 1, self.generation + 1):
            pages = self.history.get(number)
            if pages is None:
                return None
            found.update(pages)
        return sorted(found)

    def failed(self, problems: list[Problem]) -> None:
        with self.changed:
            shown = [str(p) for p in problems]
            if shown != self.problems or self.more:
                self.version += 1
                self.problems = shown
                self.more = False
                self.changed.notify_all()

    def as_json(self, after: int | None = None, since: int | None = None, wait: float = LONG_POLL) -> bytes:
        """The state, once it differs from version `after` (or after `wait` seconds), with the
        pages changed since build `since` (`changed`)."""
        with self.changed:
            if after is not None:
                self.changed.wait_for(lambda: self.version != after, timeout=wait)
            state = {
                "generation": self.generation,
                "version": self.version,
                "problems": self.problems,
                "rendered": self.rendered,
                "more": self.more,
                "changed": self.changed_since(since),
            }
        return json.dumps(state).encode("utf-8")


class PreviewHandler(SimpleHTTPRequestHandler):
    """The built preview's files, the reload script and the state; pages get the script's tag."""

    state: PreviewState

    def __init__(self, *args, state: PreviewState, **kwargs) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        address = urlsplit(self.path)
        path = address.path
        if path == STATE_PATH:
            query = {key: values[0] for key, values in parse_qs(address.query).items()}
            after, since = query.get("after", ""), query.get("since", "")
            answer = self.state.as_json(
                int(after) if after.isdigit() else None, int(since) if since.isdigit() else None
            )
            return self._send(answer, "application/json")
        if path == SCRIPT_PATH:
            return self._send(RELOAD_JS.encode("utf-8"), "text/javascript")
        file = Path(self.translate_path(path))
        if not Path(self.directory, "index.html").is_file():  # no build has succeeded yet
            return self._send(NOTHING_BUILT.encode("utf-8"), "text/html; charset=utf-8")
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file() and not path.endswith(".html/"):
            tag = SCRIPT_TAG.replace("BUILD", str(self.state.generation)).encode("utf-8")
            page = file.read_bytes().replace(b"</head>", tag + b"</head>", 1)
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


def served_urls(pages: tuple[str, ...]) -> list[str] | None:
    """The addresses the preview serves the generated pages `pages` at; None if one has none."""
    refs = [urls.page_of(page) for page in pages]
    if any(ref is None for ref in refs):
        return None
    return sorted(urls.public_url(ref) for ref in refs if ref is not None)


def an_editors_file(name: str) -> bool:
    """An editor's own file beside a source (a swap file, a backup): no build reads it, and a
    save of the source is not to wait for it (vim writes its swap file every few seconds)."""
    return name.startswith(".") or name.endswith(("~", ".swp", ".swx")) or name == "4913"


def sources_state(root: Path) -> dict[str, tuple[int, int]]:
    """{path from the root: (modification time, size)} of every source file: what a change is seen by."""
    files = {}
    for name in WATCHED:
        path = root / name
        for f in [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []:
            if f.is_file() and not an_editors_file(f.name):
                info = f.stat()
                files[f.relative_to(root).as_posix()] = (info.st_mtime_ns, info.st_size)
    return files


def changed_files(before: dict[str, tuple[int, int]], now: dict[str, tuple[int, int]]) -> tuple[str, ...]:
    """The source files added, removed or changed between two looks."""
    return tuple(sorted(path for path in before.keys() | now.keys() if before.get(path) != now.get(path)))


@dataclass
class Session:
    """The preview's last good build, and how it is updated after an edit."""

    root: Path
    engine: str
    state: PreviewState
    last: Built | None = None
    superseded: Callable[[], bool] = lambda: False  # whether a newer edit came (serve: a save seen)
    pending: tuple[str, ...] = ()  # the files of an update that gave way to a newer edit

    def build(self, changed: tuple[str, ...] = ()) -> None:
        """Update the preview after `changed` (the files an edit changed; none: the whole site),
        with those of an update that gave way to this edit; on success the pages reload, on
        problems they show them and the last good site stays."""
        changed = tuple(dict.fromkeys((*self.pending, *changed)))
        started = time.monotonic()
        rendered: list[str] = []  # the pages an update has served so far (update_preview)

        def served(pages: tuple[str, ...], more: bool) -> None:
            rendered.extend(page for page in pages if page not in rendered)
            self.state.succeeded(tuple(rendered), False, pages, more)
            if more:
                shown = ", ".join(pages)
                print(f"preview: {shown} served in {time.monotonic() - started:.2f} s", file=sys.stderr, flush=True)

        try:
            built = self.update(changed, served)
            whole = built is None
            built = built or build_preview(self.root, self.root / PREVIEW, self.engine)
        except Superseded:
            self.pending = changed
            print("preview: a newer edit came; the rest of the site follows with it", file=sys.stderr, flush=True)
            return
        except SourceError as error:
            self.state.failed(error.problems)
            print("\n".join(str(p) for p in error.problems), file=sys.stderr, flush=True)
            print("the preview keeps the last good site", file=sys.stderr, flush=True)
            return
        self.last, self.pending = built, ()
        if whole:  # an update has told the pages already (served)
            self.state.succeeded(built.rendered_pages, True)
        what = "the whole preview" if whole else f"{len(built.rendered_pages)} pages"
        print(f"preview: {what} built in {time.monotonic() - started:.2f} s", file=sys.stderr, flush=True)

    def update(self, changed: tuple[str, ...], served: Callable[[tuple[str, ...], bool], None]) -> Built | None:
        """The last build updated page by page, or None when the whole preview is to be built
        (update_preview's cases, and an update that broke on something else than the sources:
        the whole build then says what is wrong)."""
        if self.last is None or not changed:
            return None
        try:
            return update_preview(self.root, self.last, changed, served, self.superseded)
        except (SourceError, Superseded):
            raise
        except Exception as error:  # the preview keeps serving; the whole build reports
            print(f"preview: the update broke ({error!r}); building the whole preview", file=sys.stderr, flush=True)
            return None


def watch(root: Path, wake: threading.Event) -> Callable[[], None] | None:
    """Set `wake` when the system reports a change under the watched sources (watchdog's
    observer); returns what stops it, or None when file notifications are not available."""
    try:
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer
    except ImportError:
        return None
    watched = tuple(str((root / name).resolve()) for name in WATCHED)
    # a file written in place is read once closed (a save seen at its first "modified" was read
    # empty, half-way); one written elsewhere and renamed into place, once moved
    writes = {"closed", "moved", "deleted"}

    class Wake(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            paths = (str(event.src_path), str(getattr(event, "dest_path", "") or ""))
            if event.event_type not in writes or all(an_editors_file(Path(p).name) for p in paths if p):
                return
            if any(p.startswith(watched) for p in paths):
                wake.set()

    observer = Observer()
    observer.schedule(Wake(), str(root.resolve()), recursive=False)  # mkdocs.yml, a folder made anew
    for name in WATCHED:
        if (root / name).is_dir():
            observer.schedule(Wake(), str((root / name).resolve()), recursive=True)
    try:
        observer.start()
    except OSError:  # no notifications left (inotify's limit): dates are looked at instead
        return None

    def stop() -> None:
        observer.stop()
        observer.join()

    return stop


def serve(root: Path, port: int, engine: str = "mkdocs") -> None:
    """Build, serve site-preview/ on 127.0.0.1:`port`, and update it whenever a source changes."""
    wake = threading.Event()
    stop = watch(root, wake)  # before the first build: an edit made while it runs is seen
    seen = sources_state(root)
    # a save seen while an update runs: the update gives way at its next step (update_preview)
    session = Session(root, engine, PreviewState(), superseded=lambda: wake.is_set() and sources_state(root) != seen)
    session.build()
    folder = (root / PREVIEW).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    handler = partial(PreviewHandler, directory=str(folder), state=session.state)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"preview on http://127.0.0.1:{port}/ (Ctrl-C stops it)", file=sys.stderr, flush=True)
    try:
        while True:
            wake.wait(POLL if stop is None else 5.0)  # with notifications, dates are still looked at now and then
            wake.clear()
            time.sleep(SETTLE)
            now = sources_state(root)
            if now != seen or session.pending:
                changed, seen = changed_files(seen, now), now
                session.build(changed)
    finally:
        if stop is not None:
            stop()
        server.shutdown()
        server.server_close()
