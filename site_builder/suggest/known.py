"""What the proposals may know: the annotations outside the paragraphs proposed for.

A proposal for a paragraph is made from what the editors wrote elsewhere, never from what
they wrote on that paragraph: with `--all` (every paragraph of an annotated essay) and in the
evaluation, the paragraph's own passage, event mentions and relations are left out. The
evaluation also leaves out the names only the held-out essay uses (an editor adds those to
entities.yaml and glossary.yaml when the essay comes), so that it measures what a new essay
would get.
"""

from __future__ import annotations

import dataclasses
import re

from ..sources.model import Corpus, Entity, Event, Term

Spot = tuple[str, int]  # (essay id, paragraph number)


def known_corpus(corpus: Corpus, targets: frozenset[Spot], unseen_names: bool = False) -> Corpus:
    """`corpus` without the annotations of `targets`: their passages, declarations, relations and
    event mentions (an event no other paragraph mentions is dropped). With `unseen_names`, each
    entity and term keeps only the forms the other essays use (none: it is dropped)."""
    passages = tuple(p for p in corpus.passages if (p.essay_id, p.paragraph) not in targets)
    kept = {p.id for p in passages}
    events = tuple(e for e in (_event_outside(e, targets) for e in corpus.events) if e is not None)
    known = dataclasses.replace(
        corpus,
        passages=passages,
        events=events,
        relations=tuple(r for r in corpus.relations if r.source in kept and r.target in kept),
        no_claims=tuple(n for n in corpus.no_claims if (n.essay_id, n.paragraph) not in targets),
        debates=(),
    )
    if not unseen_names:
        return known
    held = {essay for essay, _ in targets}
    text = "\n".join(b.text for e in corpus.essays if e.id not in held for b in e.paragraphs)
    return dataclasses.replace(
        known,
        entities=tuple(e for e in (_entity_seen(e, text) for e in corpus.entities) if e is not None),
        terms=tuple(t for t in (_term_seen(t, text) for t in corpus.terms) if t is not None),
    )


def _event_outside(event: Event, targets: frozenset[Spot]) -> Event | None:
    mentions = tuple(m for m in event.mentions if (m.anchor.essay_id, m.anchor.paragraph) not in targets)
    return dataclasses.replace(event, mentions=mentions) if mentions else None


def _used(form: str, text: str) -> bool:
    """Whether `text` has `form` as whole words (as the alias index matches it)."""
    return re.search(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", text) is not None


def _seen_forms(forms: tuple[str, ...], text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f for f in forms if f and _used(f, text)))


def _entity_seen(entity: Entity, text: str) -> Entity | None:
    forms = _seen_forms((entity.name, *entity.aliases), text)
    return dataclasses.replace(entity, name=forms[0], aliases=forms[1:]) if forms else None


def _term_seen(term: Term, text: str) -> Term | None:
    forms = _seen_forms((term.term, *term.aliases), text)
    return dataclasses.replace(term, term=forms[0], aliases=forms[1:]) if forms else None
