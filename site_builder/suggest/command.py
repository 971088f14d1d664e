"""`site-builder suggest`: the command's reading, writing and printing; the rest is pure."""

from __future__ import annotations

import sys
from pathlib import Path

from ..sources.model import Corpus
from .draft import draft, draft_path
from .evaluate import evaluate
from .propose import propose, unannotated
from .themes import MissingLearner, require_learner


def suggest(root: Path, essay_id: str | None, every: bool, as_new: bool, out: Path | None, measure: bool) -> int:
    """Write the draft of proposals for `essay_id` (or print the evaluation); the exit status."""
    from ..sources.validate import load_corpus

    try:
        require_learner()
    except MissingLearner as missing:
        print(missing, file=sys.stderr)
        return 1
    corpus = load_corpus(root, proposals_allowed=True)
    if measure:
        print("\n".join(evaluate(corpus).lines()))
        return 0
    if essay_id not in {e.id for e in corpus.essays}:
        known = ", ".join(e.id for e in corpus.essays)
        print(f"give an essay id, or --evaluate; essays: {known}", file=sys.stderr)
        return 2
    return _write(root, corpus, essay_id, every or as_new, as_new, out)


def _write(root: Path, corpus: Corpus, essay_id: str, every: bool, as_new: bool, out: Path | None) -> int:
    essay = corpus.essay(essay_id)
    numbers = tuple(b.number for b in essay.paragraphs) if every else unannotated(corpus, essay_id)
    if not numbers:
        print(
            f"every paragraph of {essay_id} has a passage or a no_claim entry: nothing to propose "
            "(--all proposes for every paragraph anyway)"
        )
        return 0
    command = "site-builder suggest " + essay_id + (" --as-new" if as_new else " --all" if every else "")
    text = draft(essay, propose(corpus, essay_id, numbers, unseen_names=as_new), command)
    target = out if out is not None else root / draft_path(essay_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    shown = target.relative_to(root) if target.is_relative_to(root) else target
    print(
        f"wrote {shown}: proposals for {len(numbers)} paragraph{'s' if len(numbers) != 1 else ''} of "
        f"{essay_id} ({', '.join(f'¶{n}' for n in numbers)})"
        + ("; make check refuses to build until you move what you accept and delete it" if out is None else "")
    )
    return 0
