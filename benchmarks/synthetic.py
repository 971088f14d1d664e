"""A synthetic corpus of N essays made from the real paragraphs, for the benchmark.

The first essays are the real ones, unchanged (so events.yaml, whose mentions quote them, stays
valid); every further essay copies the paragraphs of one real essay in a shuffled order, under a
new id and a new date, with that essay's passages re-anchored by the same quotes (a quote that
matched once among a set of paragraphs matches once in any order of them). Headings and lists
are left out of the copies. Themes, entities, glossary and events are copied as they are.

    python benchmarks/synthetic.py 500 /tmp/corpus-500
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import yaml

from site_builder.sources.validate import load_corpus

ROOT = Path(__file__).resolve().parent.parent


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _front(essay, essay_id: str, date: str, copy: int) -> dict:
    front = {"id": essay_id, "title": f"{essay.title} (synthetic copy {copy})"}
    if essay.authors:
        front["authors"] = [{"name": a.name, "affiliation": a.affiliation} for a in essay.authors]
    else:
        front["authors"] = "unknown"
        front["authors_note"] = essay.authors_note or "No author is named."
    front.update({"date": date, "venue": essay.venue})
    if essay.venue == "unknown":
        front["venue_note"] = essay.venue_note or "No venue is named."
    front["language"] = essay.language
    if essay.abstract:
        front["abstract"] = essay.abstract
    else:
        front.update({"summary": essay.summary, "summary_is_editorial": True})
    front.update({"keywords": list(essay.keywords), "source_file": essay.source_file})
    return front


def make_project(n: int, target: Path, source: Path = ROOT, seed: int = 1) -> Path:
    """Write a complete project folder with `n` essays into `target` (which must not exist)."""
    corpus = load_corpus(source)
    originals = list(corpus.essays)
    if n < len(originals):
        raise ValueError(f"n must be at least {len(originals)} (the real essays, which the events quote)")
    target.mkdir(parents=True)
    shutil.copytree(source / "templates", target / "templates")
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    (target / "corpus").mkdir()
    (target / "annotations" / "passages").mkdir(parents=True)
    for name in ("themes", "entities", "glossary", "events", "debates", "relations"):
        if (source / "annotations" / f"{name}.yaml").exists():  # debates and relations are optional
            shutil.copy(source / "annotations" / f"{name}.yaml", target / "annotations" / f"{name}.yaml")
    for essay in originals:
        shutil.copy(source / essay.path, target / "corpus" / f"{essay.id}.md")
        passages = source / "annotations" / "passages" / f"{essay.id}.yaml"
        if passages.exists():
            shutil.copy(passages, target / "annotations" / "passages" / passages.name)

    by_essay: dict[str, list] = {}
    for passage in corpus.passages:
        by_essay.setdefault(passage.essay_id, []).append(passage)
    rng = random.Random(seed)
    for copy in range(1, n - len(originals) + 1):
        essay = originals[(copy - 1) % len(originals)]
        essay_id = f"syn-{copy:05d}"
        date = f"{rng.randint(2012, 2018)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        paragraphs = [b.markdown for b in essay.paragraphs]
        rng.shuffle(paragraphs)
        body = "\n\n".join(paragraphs)
        text = f"---\n{_dump(_front(essay, essay_id, date, copy))}---\n\n{body}\n"
        (target / "corpus" / f"{essay_id}.md").write_text(text, encoding="utf-8")
        items = []
        for passage in by_essay.get(essay.id, []):
            item = {
                "id": essay_id + passage.id[len(essay.id) :],
                "quote": _quote(passage.anchor.quote),
                "themes": list(passage.themes),
                "note": passage.note,
            }
            if passage.claim:
                item["claim"] = passage.claim
            items.append(item)
        declared = [
            {"quote": _quote(n.anchor.quote), "reason": n.reason} for n in corpus.no_claims if n.essay_id == essay.id
        ]
        if items:
            data = {"essay": essay_id, "passages": items} | ({"no_claim": declared} if declared else {})
            (target / "annotations" / "passages" / f"{essay_id}.yaml").write_text(_dump(data), encoding="utf-8")
    return target


def _quote(quote) -> dict:
    found = {"exact": quote.exact}
    if quote.prefix:
        found["prefix"] = quote.prefix
    if quote.suffix:
        found["suffix"] = quote.suffix
    return found


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python benchmarks/synthetic.py N TARGET_FOLDER", file=sys.stderr)
        return 2
    target = make_project(int(args[0]), Path(args[1]))
    print(f"wrote {args[0]} essays into {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
