"""Benchmark: the builder's stages and the whole MkDocs build on synthetic corpora of N essays.

    python benchmarks/bench.py            # N = 5, 50, 500, 2000
    python benchmarks/bench.py --quick    # N = 5, 50
    python benchmarks/bench.py --sizes 5 200
    python benchmarks/bench.py --commands --sizes 5 50 500   # only `check`, `generate`, `build`

Each N runs in its own process (so peak memory, ru_maxrss, is that N's alone) on a project
written by `benchmarks/synthetic.py` into a temporary folder. Stages: load+validate
(`load_corpus`), link, render (`render_pages` + `exports`), then `mkdocs build` (which runs
the builder again through the plugin; that share is timed separately). Prints a table and one
JSON line. `--commands` times the three commands an editor runs, `site-builder check`, `generate`
and `build`, each in a fresh process (wall clock and CPU seconds), and nothing else. Then, up to 500 essays, the live preview's loop: the time from a note's save to the
new text in the served page (benchmarks/preview_bench.py). It asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (5, 50, 500, 2000)
RATIO_MAX = 500  # above this, the side-by-side builds would take most of an hour
QUICK = (5, 50)


def _html_size(site: Path, page: str) -> int:
    path = site / page / "index.html"
    return path.stat().st_size if path.is_file() else 0


PAGE_MAX = 500 * 1024  # issue #14: no page over 500 KB of HTML


def _file_size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else 0


def _largest_page(site: Path) -> dict:
    """The largest HTML page of the site, and how many pass PAGE_MAX."""
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    largest = max(sizes, key=sizes.get)
    over = sorted((k for k, v in sizes.items() if v > PAGE_MAX), key=lambda k: -sizes[k])
    return {
        "largest_page": largest,
        "largest_html_bytes": sizes[largest],
        "pages_over_500kb": len(over),
        "pages": len(sizes),
        "over_500kb": {k: sizes[k] for k in over[:10]},
    }


def run_one(n: int) -> dict:
    """Measure one corpus size in this process."""
    from synthetic import make_project

    from site_builder.linking.link import link
    from site_builder.outputs.export import exports
    from site_builder.pages.render import render_pages
    from site_builder.sources.validate import load_corpus

    with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp:
        root = make_project(n, Path(tmp) / "project")
        os.chdir(root)  # mkdocs.yml's markdown extension reads build/link-targets.json relative to here
        os.environ.setdefault("SOURCE_DATE_EPOCH", "1531094400")
        result: dict = {"n": n}

        t0 = time.perf_counter()
        corpus = load_corpus(root)
        t1 = time.perf_counter()
        links = link(corpus)
        t2 = time.perf_counter()
        from site_builder.linking.crossrefs import crossref_stats

        stats = crossref_stats(corpus, links.related, links.backlinks)
        result.update(
            xref_max_in=stats.max_in_degree, xref_targeted=stats.targeted / stats.passages if stats.passages else 0.0
        )
        # the render stage is timed cold (templates compiled); it leaves the compiled templates in
        # build/jinja-cache, as any first build does, so the build below is a typical rebuild
        files = dict(render_pages(corpus, links, root / "templates", cache=root / "build" / "jinja-cache"))
        files.update(exports(corpus, links, ""))
        t3 = time.perf_counter()
        result.update(
            essays=len(corpus.essays),
            passages=len(corpus.passages),
            events=len(corpus.events),
            load_s=t1 - t0,
            link_s=t2 - t1,
            render_s=t3 - t2,
            markdown_bytes=sum(len(v.encode("utf-8") if isinstance(v, str) else v) for v in files.values()),
        )

        import logging

        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        from site_builder.engines import mkdocs_engine as mkdocs_plugin

        logging.getLogger("mkdocs").setLevel(logging.ERROR)
        inner = {"s": 0.0}
        render_all = mkdocs_plugin.render_all

        def timed_render_all(*args, **kwargs):
            start = time.perf_counter()
            try:
                return render_all(*args, **kwargs)
            finally:
                inner["s"] += time.perf_counter() - start

        mkdocs_plugin.render_all = timed_render_all
        site = root / "site"
        (root / "build" / "docs").mkdir(parents=True, exist_ok=True)
        t4 = time.perf_counter()
        build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)))
        t5 = time.perf_counter()
        mkdocs_plugin.render_all = render_all
        result.update(
            mkdocs_build_s=t5 - t4,
            builder_in_build_s=inner["s"],
            builder_share=inner["s"] / (t5 - t4) if t5 > t4 else 0.0,
        )

        first = next((e.id for e in corpus.essays if not e.id.startswith("syn-")), corpus.essays[0].id)
        theme_sizes = {t.id: _html_size(site, f"themes/{t.id}") for t in corpus.themes}
        biggest_theme = max(theme_sizes, key=theme_sizes.get)
        result.update(
            essay_page=first,
            essay_html_bytes=_html_size(site, f"essays/{first}"),
            theme_page=biggest_theme,
            theme_html_bytes=theme_sizes[biggest_theme],
            timeline_html_bytes=_html_size(site, "timeline"),
            **_largest_page(site),
            site_bytes=sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
            search_index_bytes=_file_size(site / "search" / "search_index.json"),
        )
        # the whole build against bare MkDocs + Material on the same pages: 7 rounds at 5 essays
        # (a build takes about a second there, where another process's moment of work shows),
        # 3 up to 50 essays, 1 above
        rounds = 7 if n <= 5 else 3 if n <= 50 else 1
        result.update(side_by_side(root, rounds=rounds) if n <= RATIO_MAX else {})
        if n <= RATIO_MAX:  # search latency in Chromium, on the site `make site` made (its index chunked when large)
            made = root / "site"
            bundle = made / "pagefind"
            result.update(
                search_engine="pagefind" if bundle.is_dir() else "material",
                pagefind_bytes=sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file()),
                hosted_index_bytes=_file_size(made / "search" / "search_index.json"),
            )
            try:
                from search_latency import measure

                result.update({k: v for k, v in measure(made).items() if k != "search_ms"})
            except Exception as error:  # no Playwright or Chromium: reported, not fatal
                print(f"search latency not measured: {error}", file=sys.stderr)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


COMMANDS = (("check", ("check",)), ("generate", ("generate",)), ("build", ("build", "--site-dir", "{root}/site-bench")))


def run_commands(n: int) -> dict:
    """`site-builder check`, `generate` and `build` on a synthetic project of `n` essays, each in a
    fresh process: {"<command>_s": wall seconds, "<command>_cpu_s": its CPU seconds}."""
    from synthetic import make_project

    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1531094400"}
    result: dict = {"n": n}
    with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp:
        root = make_project(n, Path(tmp) / "project")
        for name, args in COMMANDS:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run(
                [str(bin_dir / "site-builder"), "--root", str(root), *(a.format(root=root) for a in args)],
                capture_output=True,
                text=True,
                env=env,
            )
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if done.returncode != 0:
                raise RuntimeError(f"site-builder {name} failed at N = {n}: {done.stderr.strip()[-400:]}")
            result[f"{name}_s"] = wall
            result[f"{name}_cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            result[f"{name}_peak_mb"] = after.ru_maxrss / 1024  # the largest child so far
    return result


def _commands_table(rows: list[dict]) -> str:
    head = f"{'N':>5} " + " ".join(f"{name + ' wall/CPU':>20}" for name, _ in COMMANDS) + f" {'peak MB':>8}"
    lines = [head, "-" * len(head)]
    for r in rows:
        cells = " ".join(f"{r[f'{name}_s']:>9.1f}s /{r[f'{name}_cpu_s']:>7.1f}s" for name, _ in COMMANDS)
        lines.append(f"{r['n']:>5} {cells} {r['build_peak_mb']:>8.0f}")
    return "\n".join(lines)


BARE_CONFIG = """INHERIT: mkdocs.yml
docs_dir: {docs}
nav: {nav}
"""


def side_by_side(root: Path, rounds: int = 3) -> dict:
    """`site-builder build` (what `make site` runs: validation, the pages, the exports, MkDocs, the
    offline copy and its zip) against bare MkDocs + Material rendering the same generated pages
    (`mkdocs build` on the output of `site-builder generate`, without the site-builder plugin),
    alternating, `rounds` times each, each in a fresh process; medians in seconds and their ratio."""
    import statistics

    import yaml

    from site_builder.pages.render import navigation
    from site_builder.sources.validate import load_corpus

    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1531094400"}
    subprocess.run(
        [str(bin_dir / "site-builder"), "--root", str(root), "generate"],
        check=True,
        capture_output=True,
        env=env,
        cwd=root,
    )
    bare_docs = root / "build" / "bare-docs"
    shutil.rmtree(bare_docs, ignore_errors=True)
    shutil.copytree(root / "build" / "docs", bare_docs)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = [p for p in config.get("plugins", []) if p != "site-builder"]
    nav = json.dumps(navigation(load_corpus(root)), ensure_ascii=False)
    (root / "bare.yml").write_text(
        BARE_CONFIG.format(docs="build/bare-docs", nav=nav) + "plugins: " + json.dumps(plugins) + "\n", encoding="utf-8"
    )
    times: dict[str, list[float]] = {"site": [], "bare": [], "zensical": []}
    refused: dict[str, str] = {}
    for _ in range(rounds):
        for name, command in (
            ("site", [str(bin_dir / "site-builder"), "--root", str(root), "build"]),
            (
                "zensical",
                [
                    str(bin_dir / "site-builder"),
                    "--root",
                    str(root),
                    "build",
                    "--engine",
                    "zensical",
                    "--site-dir",
                    str(root / "zensical-site"),
                ],
            ),
            ("bare", [str(bin_dir / "mkdocs"), "build", "-q", "-f", "bare.yml", "-d", str(root / "bare-site")]),
        ):
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=root)
            if done.returncode != 0:  # reported with the figures, not fatal to the benchmark
                refused[name] = " / ".join(done.stderr.strip().splitlines()[:3] or ["no message"])[:400]
                continue
            times[name].append(time.perf_counter() - start)
    site, bare = statistics.median(times["site"]), statistics.median(times["bare"])
    return {
        "make_site_s": site,
        "bare_mkdocs_s": bare,
        "ratio": site / bare,
        "zensical_site_s": statistics.median(times["zensical"]) if times["zensical"] else float("nan"),
        **({"refused": refused} if refused else {}),
    }


def _table(rows: list[dict]) -> str:
    head = (
        f"{'N':>5} {'passages':>8} {'load':>7} {'link':>7} {'render':>7} {'mkdocs':>8} {'builder%':>8} "
        f"{'peakMB':>7} {'essay KB':>8} {'theme KB':>8} {'timeline KB':>11} {'link ms/essay':>13} "
        f"{'xref max in':>11} {'targeted':>8}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r['n']:>5} {r['passages']:>8} {r['load_s']:>6.2f}s {r['link_s']:>6.2f}s "
            f"{r['render_s']:>6.2f}s {r['mkdocs_build_s']:>7.2f}s {100 * r['builder_share']:>7.1f}% "
            f"{r['peak_rss_mb']:>7.0f} {r['essay_html_bytes'] / 1024:>8.0f} "
            f"{r['theme_html_bytes'] / 1024:>8.0f} {r['timeline_html_bytes'] / 1024:>11.0f} "
            f"{1000 * r['link_s'] / r['n']:>13.1f} {r['xref_max_in']:>11} {100 * r['xref_targeted']:>7.0f}%"
            + (
                f"  make site {r['make_site_s']:.2f}s / bare MkDocs {r['bare_mkdocs_s']:.2f}s = {r['ratio']:.2f}x;"
                f" ENGINE=zensical {r['zensical_site_s']:.2f}s"
                if "ratio" in r
                else ""
            )
            + (
                f"; search ({r['search_engine']}) {r['search_ms_median']:.0f} ms (max {r['search_ms_max']:.0f})"
                if "search_ms_median" in r
                else ""
            )
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/bench.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help=f"only N = {', '.join(map(str, QUICK))}")
    parser.add_argument("--sizes", type=int, nargs="+", help="corpus sizes to run")
    parser.add_argument("--commands", action="store_true", help="only time site-builder check, generate and build")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process: one size, JSON out
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(run_commands(args.one) if args.commands else run_one(args.one)))
        return 0
    sizes = args.sizes or (QUICK if args.quick else SIZES)
    if args.commands:
        return _main_commands(sizes)
    env = _child_env()
    rows = _rows_from_children(sizes, [], env)
    if isinstance(rows, int):
        return rows
    print(_table(rows))
    for r in rows:
        for engine, message in r.get("refused", {}).items():
            print(f"N = {r['n']}: the {engine} build failed: {message}")
        if r.get("search_engine") == "pagefind":
            print(
                f"N = {r['n']}: the hosted search is chunked (Pagefind, {r['pagefind_bytes'] / 2**20:.1f} MB in all,"
                f" loaded by the chunk); Material's index left to it: {r['hosted_index_bytes']} bytes"
            )
        print(
            f"N = {r['n']}: search index {r['search_index_bytes'] / 2**20:.2f} MB; "
            f"largest page {r['largest_page']} {r['largest_html_bytes'] / 1024:.0f} KB; "
            f"{r['pages_over_500kb']} of {r['pages']} pages over 500 KB"
            + "".join(f" ({page} {size / 1024:.0f} KB)" for page, size in r.get("over_500kb", {}).items())
            + "; per essay: load "
            f"{1000 * r['load_s'] / r['n']:.1f} ms, link {1000 * r['link_s'] / r['n']:.1f} ms, render "
            f"{1000 * r['render_s'] / r['n']:.1f} ms, mkdocs {1000 * r['mkdocs_build_s'] / r['n']:.1f} ms"
        )
    print(
        "builder% = share of the mkdocs build spent in the builder (load, link, render, write);"
        " essay = first essay's page, theme = largest theme page; link ms/essay = the link stage's cost per"
        " essay (flat = linear); xref max in = the most panels pointing at one passage; targeted = share of"
        " passages shown in some other passage's panel"
    )
    from suggest import print_suggest_evaluation  # benchmarks/suggest.py: the proposals, one essay left out

    print_suggest_evaluation(Path(__file__).resolve().parent.parent)
    print(json.dumps({"bench": rows}, sort_keys=True))
    for n in [n for n in sizes if n <= RATIO_MAX]:  # the preview's save-to-screen time, a process per size
        print(f"preview, N = {n} ...", file=sys.stderr, flush=True)
        preview = Path(__file__).resolve().parent / "preview_bench.py"
        child = subprocess.run(
            [sys.executable, str(preview), "--sizes", str(n)], capture_output=True, text=True, env=env
        )
        print(child.stdout.strip() or f"preview N = {n}: not measured: {child.stderr.strip()[-400:]}")
    return 0


def _main_commands(sizes) -> int:
    rows = _rows_from_children(sizes, ["--commands"], _child_env())
    if isinstance(rows, int):
        return rows
    print(_commands_table(rows))
    print(json.dumps({"commands": rows}, sort_keys=True))
    return 0


def _child_env() -> dict[str, str]:
    """The environment of a measuring child: this checkout's package first on the path."""
    package_root = str(Path(__file__).resolve().parent.parent)
    return {**os.environ, "PYTHONPATH": package_root + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _rows_from_children(sizes, options: list[str], env: dict[str, str]) -> list[dict] | int:
    """One fresh process per corpus size (each measures from a cold start), its JSON row each;
    the exit status of the first that fails."""
    rows = []
    for n in sizes:
        print(f"N = {n} ...", file=sys.stderr, flush=True)
        child = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), *options, "--one", str(n)],
            capture_output=True,
            text=True,
            env=env,
        )
        if child.returncode != 0:
            print(child.stderr, file=sys.stderr)
            return child.returncode
        rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
    return rows


if __name__ == "__main__":
    sys.exit(main())
