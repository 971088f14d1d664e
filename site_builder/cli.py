"""Command line: `site-builder check | generate | build | serve`."""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
from pathlib import Path

from .problems import SourceError

ENGINES = ("mkdocs", "zensical")  # MkDocs + Material (the default) or Zensical (zensical_engine.py)


def _report(error: SourceError) -> int:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    count = len(error.problems)
    print(f"\n{count} problem{'s' if count != 1 else ''} found; nothing was built.", file=sys.stderr)
    return 1


def _print_gold_recall(corpus, gold_file: Path) -> None:
    """How many of the gold pairs the panels show, with the asserted relations and without them
    (what the computed ranking finds by itself)."""
    import dataclasses

    from .linking.crossrefs import gold_recall
    from .linking.link import link
    from .problems import Collector
    from .sources.yamlio import load_yaml_file

    problems = Collector()
    pairs = (load_yaml_file(gold_file, str(gold_file), problems) or {}).get("pairs", [])
    problems.raise_if_any()
    for label, version in (
        ("with the asserted relations", corpus),
        ("computed alone", dataclasses.replace(corpus, relations=())),
    ):
        found, missed = gold_recall(version, link(version).related, pairs)
        print(
            f"gold pairs shown, {label}: {found}/{found + len(missed)}"
            + (f"; missing: {', '.join(missed)}" if missed else "")
        )


def _print_must_not_link(corpus, pairs_file: Path) -> None:
    """How many of the pairs a careful reader would delete the panels still show (goal: 0)."""
    from .linking.crossrefs import linked_pairs
    from .linking.link import link
    from .problems import Collector
    from .sources.yamlio import load_yaml_file

    problems = Collector()
    pairs = (load_yaml_file(pairs_file, str(pairs_file), problems) or {}).get("pairs", [])
    problems.raise_if_any()
    shown = linked_pairs(corpus, link(corpus).related, pairs)
    print(f"must-not-link pairs shown: {len(shown)}/{len(pairs)}" + (f": {', '.join(shown)}" if shown else ""))


def _print_paragraphs(corpus, essay_id: str) -> int:
    """For annotators: each body paragraph as ¶N, the passage annotated on it, and its text."""
    if essay_id not in {e.id for e in corpus.essays}:
        print(f"no essay {essay_id!r}; essays: {', '.join(e.id for e in corpus.essays)}", file=sys.stderr)
        return 2
    at = {p.paragraph: p for p in corpus.passages_by_essay[essay_id]}
    no_claim = {n.paragraph: n for n in corpus.no_claims if n.essay_id == essay_id}
    for block in corpus.essay(essay_id).paragraphs:
        passage, declared = at.get(block.number), no_claim.get(block.number)
        head = f"¶{block.number}" + (
            f" [{passage.id}; {', '.join(passage.themes)}]"
            if passage
            else f" [no claim: {declared.reason}]"
            if declared
            else " [not annotated]"
        )
        print(f"{head}\n{block.text}\n")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="site-builder", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate corpus and annotations")
    gen = sub.add_parser("generate", help="write the generated Markdown pages and data files")
    gen.add_argument("--out", type=Path, default=None, help="default: build/docs")
    build = sub.add_parser("build", help="check, generate and build the site atomically")
    build.add_argument("--offline", action="store_true", help="build site-offline/ for reading from disk")
    build.add_argument("--site-dir", type=Path, default=None)
    build.add_argument(
        "--engine",
        choices=ENGINES,
        default="mkdocs",
        help="the renderer: MkDocs + Material (default) or Zensical, its successor",
    )
    paras = sub.add_parser("paragraphs", help="list an essay's numbered paragraphs and the passages annotated on them")
    paras.add_argument("essay", help="essay id, e.g. pajon-2017")
    stats = sub.add_parser("stats", help="measures of the apparatus and the cross-references")
    stats.add_argument(
        "--gold",
        type=Path,
        default=None,
        help="pairs a careful reader makes (tests/gold_crossrefs.yaml): how many the panels show",
    )
    stats.add_argument(
        "--must-not-link",
        type=Path,
        default=None,
        help="pairs a careful reader would delete (tests/must_not_link.yaml): how many are shown",
    )
    suggest = sub.add_parser(
        "suggest",
        help="propose themes, names, events and relations for an essay's paragraphs without a passage",
    )
    suggest.add_argument("essay", nargs="?", help="essay id, e.g. pajon-2017")
    suggest.add_argument("--all", action="store_true", help="propose for every paragraph, annotated or not")
    suggest.add_argument(
        "--as-new", action="store_true", help="every paragraph, as for a new essay: without the names only it uses"
    )
    suggest.add_argument("--out", type=Path, default=None, help="default: annotations/proposals/<essay>.yaml")
    suggest.add_argument(
        "--evaluate", action="store_true", help="measure the proposals against the editors', one essay left out"
    )
    serve = sub.add_parser("serve", help="live preview on 127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--engine", choices=ENGINES, default="mkdocs")
    return parser


def _check(root: Path, args: argparse.Namespace) -> int:
    from .sources.validate import load_corpus

    corpus = load_corpus(root)
    print(
        f"ok: {len(corpus.essays)} essays, {len(corpus.passages)} passages, {len(corpus.themes)} themes, "
        f"{len(corpus.events)} events, {len(corpus.entities)} entities, {len(corpus.terms)} glossary terms"
    )
    return 0


def _paragraphs(root: Path, args: argparse.Namespace) -> int:
    from .sources.validate import load_corpus

    return _print_paragraphs(load_corpus(root), args.essay)


def _stats(root: Path, args: argparse.Namespace) -> int:
    from .linking.crossrefs import crossref_stats
    from .linking.link import link
    from .sources.validate import load_corpus

    corpus = load_corpus(root)
    links = link(corpus)
    print("\n".join(crossref_stats(corpus, links.related, links.backlinks).lines()))
    if args.gold:
        _print_gold_recall(corpus, args.gold)
    if args.must_not_link:
        _print_must_not_link(corpus, args.must_not_link)
    return 0


def _suggest(root: Path, args: argparse.Namespace) -> int:
    from .suggest.command import suggest

    return suggest(root, args.essay, args.all, args.as_new, args.out, args.evaluate)


def _generate(root: Path, args: argparse.Namespace) -> int:
    from .buildlock import project_lock
    from .outputs.site_files import generate
    from .workspace import BUILD_PLACES, FOLDER, LOCK_PLACE, Place, check, pages_folder

    out = pages_folder(root, args.out)  # new, or pages generated before: never a source folder
    # build/, the lock file and the pages' folder: no link, nothing but what they should be
    check(root, None, (*BUILD_PLACES, LOCK_PLACE, Place(out, FOLDER, "the generated pages")))
    with project_lock(root):
        corpus, _, _ = generate(root, out)
    print(f"generated {len(corpus.essays)} essays' pages in {args.out or 'build/docs'}")
    return 0


def _build(root: Path, args: argparse.Namespace) -> int:
    from .build import build_site

    target = build_site(root, offline=args.offline, site_dir=args.site_dir, engine=args.engine)
    print(f"built the site in {target}; open {target / 'index.html'}")
    return 0


def _serve(root: Path, args: argparse.Namespace) -> int:
    from .preview import serve

    serve(root, args.port, args.engine)
    return 0


COMMANDS = {
    "check": _check,
    "paragraphs": _paragraphs,
    "stats": _stats,
    "suggest": _suggest,
    "generate": _generate,
    "build": _build,
    "serve": _serve,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # A build stopped with SIGTERM (kill, a CI timeout) unwinds like Ctrl-C: its temporary folder
    # is removed and the previous site stays as it was.
    signal.signal(signal.SIGTERM, _stop)
    root = args.root.resolve()
    try:
        return COMMANDS[args.command](root, args)
    except SourceError as error:
        return _report(error)
    except OSError as error:  # a file the command could not read or write: its path, no traceback
        if error.filename is None and not isinstance(error, shutil.Error):
            raise
        from .workspace import filesystem_problem

        return _report(SourceError([filesystem_problem(root, error)]))
    except KeyboardInterrupt:
        print("\nstopped; the previous site was left as it was.", file=sys.stderr)
        return 130


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
