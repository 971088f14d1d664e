"""`make bench`'s section on `site-builder suggest`: the proposals measured against the editors'
annotations of the project's own essays, one essay left out at a time (the figures that
`site-builder suggest --evaluate` prints), and the time the whole evaluation takes. Prints;
asserts nothing."""

from __future__ import annotations

import time
from pathlib import Path


def print_suggest_evaluation(root: Path) -> None:
    """The evaluation of the proposals on the corpus at `root`, or why it cannot run."""
    from site_builder.sources.validate import load_corpus
    from site_builder.suggest.evaluate import evaluate
    from site_builder.suggest.themes import MissingLearner, require_learner

    print("\nsite-builder suggest, measured on the editors' annotations (site-builder suggest --evaluate):")
    try:
        require_learner()
    except MissingLearner as missing:
        print(f"  not measured: {missing}")
        return
    corpus = load_corpus(root, proposals_allowed=True)
    wall, cpu = time.perf_counter(), time.process_time()
    lines = evaluate(corpus).lines()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print("\n".join(f"  {line}" for line in lines))
    paragraphs = sum(len(e.paragraphs) for e in corpus.essays)
    print(
        f"  {len(corpus.essays)} trainings and {paragraphs} paragraphs proposed for in {wall:.1f} s ({cpu:.1f} s of CPU)"
    )
