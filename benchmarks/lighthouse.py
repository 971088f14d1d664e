"""Lighthouse on the built site, beside the same essay text built by bare MkDocs + Material.

    python benchmarks/lighthouse.py                 # site/, 3 runs a page, the median printed
    python benchmarks/lighthouse.py --runs 1        # one run a page (about 2 minutes)
    python benchmarks/lighthouse.py --site site-z   # another build (Zensical's, for one)
    python benchmarks/lighthouse.py --details       # also what costs each page (see below)

`make bench-lighthouse` builds the site and runs this. Lighthouse (npm `lighthouse`, in the
git-ignored .test-tools/, installed by the Makefile) drives Debian's Chromium
(CHROME_PATH=/usr/bin/chromium, --headless --no-sandbox) with its default, mobile settings: a
phone's screen and a slow 4G network and CPU, simulated. Pages: the home page, an essay
(Streltsov 2018), a theme page (sanctions), the timeline, and "bare Material": the Streltsov 2018
text, front matter left out, built by MkDocs with a tiny mkdocs.yml that sets only the Material
theme, without a web font as the site (`font: false`: Material's default asks Google Fonts,
another host), and no plugin, in a temporary folder. Both sites are served on 127.0.0.1 by a
small server that sends text files gzip-compressed, as static hosts do. Printed: the performance
score, CLS, total blocking time (TBT), largest and first contentful paint (LCP, FCP), the median
of the runs for each, and how many runs headless Chromium held the first paint back ("held":
the page had loaded and painted, its frame was shown 1 or 2 whole seconds later; Lighthouse issue
#17148) with the median score of the other runs ("not held"). The reports are kept in .bench/lighthouse/ (git-ignored) to be read. It
asserts nothing.

--details prints, from the last run of each page: the main thread's work by kind, the scripts
by CPU time and the long tasks. (Lighthouse 12.2.3 cannot name the elements that moved with
this Chromium: its layout-shift audit fails on the trace.)
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / ".test-tools" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
REPORTS = ROOT / ".bench" / "lighthouse"
ESSAY = "streltsov-2018"
PAGES = (  # (label, site, path)
    ("home", "site", ""),
    ("Streltsov 2018", "site", f"essays/{ESSAY}/"),
    ("sanctions theme", "site", "themes/sanctions/"),
    ("timeline", "site", "timeline/"),
    ("bare Material", "bare", ""),
)
METRICS = (  # (column, Lighthouse audit, unit)
    ("CLS", "cumulative-layout-shift", ""),
    ("TBT", "total-blocking-time", "ms"),
    ("LCP", "largest-contentful-paint", "ms"),
    ("FCP", "first-contentful-paint", "ms"),
)


COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class HostHandler(SimpleHTTPRequestHandler):
    """A static host as readers meet one: text files sent gzip-compressed (as GitHub Pages, Netlify
    or nginx's gzip_static do), everything else as it is; no log."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"  # (a folder's address without its slash: the base class redirects)
        if path.suffix not in COMPRESSED or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    """`folder` served on 127.0.0.1, on a free port, in a thread; the server and its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(HostHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def essay_body(path: Path) -> tuple[str, str]:
    """(title, Markdown text) of a corpus essay: the text after its front matter."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    title = re.search(r'^title: "?(.*?)"?$', front, re.MULTILINE)
    return (title.group(1) if title else path.stem), body


def build_bare(folder: Path) -> Path:
    """The essay's text built by MkDocs with the Material theme only, no plugin; the built site."""
    title, body = essay_body(ROOT / "corpus" / f"{ESSAY}.md")
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text(f"# {title}\n{body}", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: Bare Material\ntheme:\n  name: material\n  font: false\nplugins: []\n", encoding="utf-8"
    )
    mkdocs = Path(sys.executable).with_name("mkdocs")
    quiet = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # no banner about Material's end of life
    subprocess.run([str(mkdocs), "build", "--quiet"], cwd=folder, check=True, env=quiet)
    return folder / "site"


def lighthouse(url: str, report: Path) -> dict:
    """One Lighthouse run (mobile, performance only); its JSON report."""
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--only-categories=performance",
            "--output=json",
            f"--output-path={report}",
            "--chrome-flags=--headless --no-sandbox",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
    )
    return json.loads(report.read_text(encoding="utf-8"))


def figures(result: dict) -> dict[str, float]:
    out = {"performance": round(result["categories"]["performance"]["score"] * 100)}
    for column, audit, _ in METRICS:
        out[column] = result["audits"][audit]["numericValue"]
    return out


def median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


HELD = 500.0  # ms the main thread sat idle before the first paint was shown: the browser held it back


def paint_held(result: dict) -> bool:
    """Whether headless Chromium held the first frame back: the page had loaded and its main thread
    had done its last work before the first paint at least HELD ms before that paint was shown.
    Such runs come 1 or 2 whole seconds late (viz stops sending the page's compositor BeginFrames
    for a while: Lighthouse issue #17148), and Lantern then counts every request done by then."""
    observed = result["audits"]["metrics"]["details"]["items"][0]
    paint = observed["observedFirstContentfulPaint"]
    tasks = (result["audits"].get("main-thread-tasks", {}).get("details") or {}).get("items") or []
    ends = [t["startTime"] + t["duration"] for t in tasks if t["startTime"] + t["duration"] <= paint]
    return bool(ends) and observed["observedLoad"] < paint and paint - max(ends) >= HELD


def shown(column: str, value: float) -> str:
    if column in ("performance", "held", "not held"):
        return f"{value:.0f}"
    if column == "CLS":
        return f"{value:.3f}"
    return f"{value:,.0f} ms"


def table(results: dict[str, dict[str, float]]) -> str:
    columns = ["performance"] + [m[0] for m in METRICS] + ["held", "not held"]
    rows = [["page", *columns]] + [[label] + [shown(c, r[c]) for c in columns] for label, r in results.items()]
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns) + 1)]
    lines = [
        "  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
        for row in rows
    ]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


def details(label: str, result: dict) -> str:
    """What costs the page: main-thread work, scripts, render-blocking requests, layout shifts."""
    audits = result["audits"]
    out = [f"\n## {label}"]

    def items(audit: str) -> list[dict]:
        return (audits.get(audit, {}).get("details") or {}).get("items") or []

    work = items("mainthread-work-breakdown")
    out.append("main thread: " + ", ".join(f"{w['groupLabel']} {w['duration']:.0f} ms" for w in work[:6]))
    for script in items("bootup-time")[:6]:
        out.append(f"  script {script['url']}: {script['total']:.0f} ms ({script['scripting']:.0f} ms scripting)")
    for blocking in items("render-blocking-resources"):
        out.append(f"  render-blocking {blocking['url']}: {blocking.get('wastedMs', 0):.0f} ms")
    for shift in items("layout-shifts")[:6]:
        node = shift.get("node") or {}
        out.append(f"  shift {shift.get('score', 0):.3f}: {node.get('snippet', '')[:100]} ({node.get('selector', '')})")
    for task in items("long-tasks")[:6]:
        out.append(f"  long task {task['duration']:.0f} ms at {task['startTime']:.0f} ms: {task['url']}")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", default="site", help="the built site to measure (default: site)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs a page; the median is printed")
    parser.add_argument("--details", action="store_true", help="what costs each page, from its last run")
    parser.add_argument(
        "--page", action="append", choices=[label for label, _, _ in PAGES], help="only this page (repeatable)"
    )
    args = parser.parse_args()
    site = (ROOT / args.site).resolve()
    if not (site / "index.html").is_file():
        print(f"{args.site}/index.html not found: build the site first (make site)", file=sys.stderr)
        return 2
    if not LIGHTHOUSE.is_file():
        print("Lighthouse is not installed: make bench-lighthouse installs it into .test-tools/", file=sys.stderr)
        return 2
    if REPORTS.exists():
        shutil.rmtree(REPORTS)
    REPORTS.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="bench-bare-") as tmp:
        servers = {"site": serve(site), "bare": serve(build_bare(Path(tmp)))}
        try:
            results, last = {}, {}
            for label, which, path in PAGES:
                if args.page and label not in args.page:
                    continue
                runs, held = [], []
                for run in range(args.runs):
                    name = re.sub(r"\W+", "-", label.lower())
                    last[label] = lighthouse(servers[which][1] + path, REPORTS / f"{name}-{run + 1}.json")
                    runs.append(figures(last[label]))
                    held.append(paint_held(last[label]))
                results[label] = median(runs)
                shown_runs = [r for r, h in zip(runs, held, strict=True) if not h]
                results[label]["held"] = sum(held)
                results[label]["not held"] = median(shown_runs)["performance"] if shown_runs else float("nan")
                print(f"{label}: {', '.join(shown(k, v) for k, v in results[label].items())}", file=sys.stderr)
        finally:
            for server, _ in servers.values():
                server.shutdown()
    print(
        f"\nLighthouse {next(iter(last.values()))['lighthouseVersion']}, mobile, median of {args.runs} run(s) a page, {args.site}/"
    )
    print(table(results))
    print(
        f"held: runs (of {args.runs}) whose first paint headless Chromium showed {HELD:.0f} ms or more after the"
        " page's main thread was done with it (Lighthouse issue #17148); not held: the median score of the others"
    )
    if args.details:
        for label, result in last.items():
            print(details(label, result))
    print(json.dumps({"lighthouse": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
