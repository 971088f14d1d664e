"""Benchmark: the live preview's loop, from an editor's save to the new text in the served page.

    python benchmarks/preview_bench.py                      # N = 5 and 500, MkDocs
    python benchmarks/preview_bench.py --sizes 5 --engine zensical
    python benchmarks/preview_bench.py --sizes 5 --profile  # where the time to the served page goes (cProfile)
    python benchmarks/preview_bench.py --sizes 5 --profile --whole-update  # ... to the whole update's end

For each N, `site-builder serve` runs on a synthetic project (benchmarks/synthetic.py) on
127.0.0.1; each round adds one word to a note of the first essay's passages file (the file
saved in one write), then asks the server over HTTP until the essay's page holds the word: the
time from the save to that answer is the figure. The page is asked for as soon as the preview's
state says a new build is served (its long poll, /__preview__/state), so the asking takes no
time from the build; an update serves the essay page before it renders the theme pages and the
analysis (live_update.update_preview), so the figure is the essay page's. Prints each size's median and
slowest round, how many pages each update rendered in all, the server's CPU time per update
(from /proc, until the whole update is done) and the load average; then, for saves made in a
row, the time from a save made as soon as the last one's essay page is served (its update still
rendering the rest) to the new text on the page. Asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (5, 500)
ESSAY = "pajon-2017"  # a real essay: the synthetic copies keep the real essays as they are
NOTE = "    note: >-\n      Pajon argues"  # the first note of its passages file


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 60) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


def _state(address: str, after: int | None = None) -> dict:
    query = "" if after is None else f"?after={after}"
    return json.loads(_get(f"{address}/__preview__/state{query}"))


def _started(root: Path, engine: str, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "site_builder", "--root", str(root), "serve", "--engine", engine, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1531094400"},
    )


def _first_build(address: str, limit: float) -> dict:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        try:
            state = _state(address)
            if state["generation"] > 0:
                return state
            time.sleep(0.5)
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the preview at {address} built nothing in {limit:.0f} s")


def _cpu_seconds(pid: int) -> float:
    """The CPU time a process has used so far (user and system, from /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_round(root: Path, address: str, seen: dict, word: str, pid: int) -> tuple[float, float, dict, float]:
    """Save the note with `word` added; seconds until the served essay page holds it, seconds
    until the whole update is served, the state then, and the server's CPU seconds for it."""
    passages = root / "annotations" / "passages" / f"{ESSAY}.yaml"
    text = passages.read_text(encoding="utf-8")
    cpu = _cpu_seconds(pid)
    saved = time.perf_counter()
    passages.write_text(text.replace(NOTE, f"{NOTE} {word}", 1), encoding="utf-8")
    page = f"{address}/essays/{ESSAY}/"
    state = seen
    while True:
        state = _state(address, state["version"])
        if state["problems"]:
            raise RuntimeError("the edit was refused: " + "; ".join(state["problems"]))
        if word.encode("utf-8") in _get(page):
            seconds = time.perf_counter() - saved
            break
    while state.get("more"):  # the theme pages and the analysis, rendered after the essay page
        state = _state(address, state["version"])
    return seconds, time.perf_counter() - saved, state, _cpu_seconds(pid) - cpu


def save_in_a_row(root: Path, address: str, seen: dict, words: tuple[str, str]) -> tuple[float, dict]:
    """Save the note with words[0], and with words[1] as soon as the essay page holds the first:
    seconds from the second save until the page holds it, and the state once all is served."""
    passages = root / "annotations" / "passages" / f"{ESSAY}.yaml"
    page = f"{address}/essays/{ESSAY}/"
    state, saved = seen, 0.0
    for word in words:
        text = passages.read_text(encoding="utf-8")
        saved = time.perf_counter()
        passages.write_text(text.replace(NOTE, f"{NOTE} {word}", 1), encoding="utf-8")
        while word.encode("utf-8") not in _get(page):
            state = _state(address, state["version"])
            if state["problems"]:
                raise RuntimeError("the edit was refused: " + "; ".join(state["problems"]))
    seconds = time.perf_counter() - saved
    while state.get("more"):  # the rest of the site, with both saves
        state = _state(address, state["version"])
    return seconds, state


def measure(n: int, engine: str = "mkdocs", rounds: int = 5) -> dict:
    """The preview's save-to-screen time on a synthetic project of `n` essays."""
    from synthetic import make_project

    with tempfile.TemporaryDirectory(prefix=f"preview-bench-{n}-") as tmp:
        root = make_project(n, Path(tmp) / "project")
        port = _free_port()
        address = f"http://127.0.0.1:{port}"
        process = _started(root, engine, port)
        try:
            started = time.perf_counter()
            seen = _first_build(address, limit=3600)
            whole = time.perf_counter() - started
            times, wholes, rendered, cpus = [], [], [], []
            for number in range(rounds):
                seconds, all_pages, seen, cpu = one_round(root, address, seen, f"benchword{number}", process.pid)
                times.append(seconds)
                wholes.append(all_pages)
                rendered.append(len(seen["rendered"]))
                cpus.append(cpu)
            in_a_row = []
            for number in range(3):
                seconds, seen = save_in_a_row(root, address, seen, (f"rowfirst{number}", f"rowsecond{number}"))
                in_a_row.append(seconds)
            load = os.getloadavg()[0]
        finally:
            process.terminate()
            process.wait(timeout=30)
    return {
        "n": n,
        "engine": engine,
        "first_build_s": whole,
        "save_to_page_s": times,
        "median_s": statistics.median(times),
        "max_s": max(times),
        "pages_rendered": rendered,
        "whole_update_s": statistics.median(wholes),
        "cpu_s": statistics.median(cpus),
        "in_a_row_s": in_a_row,
        "load": load,
    }


def profile(n: int, whole_update: bool = False) -> None:
    """One update of the preview of `n` essays in this process, under cProfile: where the time goes,
    until the essay page is served (or, `whole_update`, until every page is)."""
    import cProfile
    import pstats

    from synthetic import make_project

    from site_builder.build import build_preview
    from site_builder.live_update import update_preview

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1531094400")
    with tempfile.TemporaryDirectory(prefix=f"preview-profile-{n}-") as tmp:
        root = make_project(n, Path(tmp) / "project")
        last = build_preview(root, root / "site-preview")
        passages = root / "annotations" / "passages" / f"{ESSAY}.yaml"
        changed = (passages.relative_to(root).as_posix(),)
        walls, cpus, first_walls, first_cpus = [], [], [], []
        for number in range(5):  # without the profiler first: the work an update is, in CPU seconds
            text = passages.read_text(encoding="utf-8")
            passages.write_text(text.replace(NOTE, f"{NOTE} cpu{number}", 1), encoding="utf-8")
            wall, cpu = time.perf_counter(), time.process_time()

            def served(pages: tuple[str, ...], more: bool, wall: float = wall, cpu: float = cpu) -> None:
                if more:  # the essay page, served before the rest
                    first_walls.append(time.perf_counter() - wall)
                    first_cpus.append(time.process_time() - cpu)

            last = update_preview(root, last, changed, served) or last
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        print(
            f"N = {n}: the essay page served (no profiler) median {statistics.median(first_walls):.2f} s, of which "
            f"CPU {statistics.median(first_cpus):.2f} s; the whole update {statistics.median(walls):.2f} s, CPU "
            f"{statistics.median(cpus):.2f} s (the rest of the wall clock is waiting: for the disk, or for a core "
            f"another process holds); load average {os.getloadavg()[0]:.1f}"
        )
        text = passages.read_text(encoding="utf-8")
        passages.write_text(text.replace(NOTE, f"{NOTE} profiled", 1), encoding="utf-8")
        profiler = cProfile.Profile()

        def until_served(pages: tuple[str, ...], more: bool) -> None:
            if more and not whole_update:  # the profile stops where the essay page is served
                profiler.disable()

        started = time.perf_counter()
        profiler.enable()
        update_preview(root, last, changed, until_served)
        profiler.disable()
        until = "every page" if whole_update else "its essay page"
        print(f"N = {n}: one update in {time.perf_counter() - started:.2f} s; profiled until {until} is served:")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/preview_bench.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="profile one update in process instead")
    parser.add_argument(
        "--whole-update", action="store_true", help="with --profile: the whole update, not its first page"
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    for n in args.sizes:
        if args.profile:
            profile(n, args.whole_update)
            continue
        print(f"preview, N = {n} ({args.engine}) ...", file=sys.stderr, flush=True)
        print(line(measure(n, args.engine, args.rounds)), flush=True)
    return 0


def line(r: dict) -> str:
    """One size's figures, as make bench prints them."""
    return (
        f"preview N = {r['n']} ({r['engine']}): save to served page median {r['median_s']:.2f} s, slowest "
        f"{r['max_s']:.2f} s over {len(r['save_to_page_s'])} edits of a note; pages rendered per edit "
        f"{sorted(set(r['pages_rendered']))}, the essay page first, all of them served after a median "
        f"{r['whole_update_s']:.2f} s; server CPU per edit median {r['cpu_s']:.2f} s; "
        f"load average {r['load']:.1f}; first build {r['first_build_s']:.1f} s; a save made as the last one's "
        f"page is served, to its own page: median {statistics.median(r['in_a_row_s']):.2f} s, slowest "
        f"{max(r['in_a_row_s']):.2f} s over {len(r['in_a_row_s'])}"
    )


if __name__ == "__main__":
    sys.exit(main())
