"""What the link stage reads of the corpus, in one place: so that the live preview can keep a
build's Links when an edit changes none of it (a passage's note or claim, an essay's title,
a theme's description), and link again when it does (live_update.update_preview).

LINK_FIELDS names, for each class of the model, the fields that link.py, crossrefs.py,
on_theme.py and sentences.py read (directly, or through a property or a lookup of the model:
Essay.paragraphs reads Essay.blocks and Block.kind). A change of the link stage that reads
another field adds it here; tests/test_preview.py records every field the stage reads on the
mini fixture and fails on one missing here.

Links holds the corpus' Passage objects themselves (passage_at, each CrossRef's passage): kept
Links are given the new corpus' passages (with_passages), so that a note read through them is
the edited one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from operator import attrgetter

from ..sources.model import (
    Anchor,
    Block,
    Corpus,
    Entity,
    Essay,
    Event,
    EventMention,
    NoClaim,
    PartialDate,
    Passage,
    Quote,
    Relation,
    Term,
    Theme,
)
from .crossrefs import CrossRef
from .link import Links, link

LINK_FIELDS: Mapping[type, tuple[str, ...]] = {
    Corpus: ("essays", "themes", "passages", "events", "entities", "terms", "relations", "no_claims"),
    Essay: ("id", "blocks"),  # in date order: an essay's rank is its place in Corpus.essays
    Block: ("kind", "number", "text"),
    Theme: ("id", "label", "aliases"),
    Passage: ("id", "anchor", "themes"),
    Anchor: ("essay_id", "paragraph", "quote", "start"),
    Quote: ("exact",),
    Event: ("id", "date", "title", "mentions"),
    EventMention: ("anchor",),
    PartialDate: ("year", "month", "day"),
    Entity: ("id", "kind", "name", "aliases", "not_when"),
    Term: ("id", "term", "aliases"),
    Relation: ("source", "target", "kind", "why", "source_quote", "target_quote"),
    NoClaim: ("anchor", "reason"),
}

# each class's fields as a tuple (attrgetter of one name gives the value alone)
_GETTERS: Mapping[type, attrgetter] = {kind: attrgetter(*names, "__class__") for kind, names in LINK_FIELDS.items()}


@dataclass(frozen=True)
class Linked:
    """A corpus' links and the basis they were made from (what the live preview keeps)."""

    links: Links
    basis: tuple
    reused: bool = False  # the last build's links, given the new passages (no link stage run)


def relink(corpus: Corpus, last: Linked | None) -> Linked:
    """The links of `corpus`: `last`'s when the link stage would read the same of it (an edit
    of a note, a claim, a title...), else the link stage's over the whole corpus."""
    basis = link_basis(corpus)
    if last is not None and basis == last.basis:
        return Linked(with_passages(last.links, corpus), basis, reused=True)
    return Linked(link(corpus), basis)


def link_basis(corpus: Corpus) -> tuple:
    """The corpus as the link stage reads it (LINK_FIELDS): two corpora with equal bases link alike."""
    return _fields(corpus)


def _fields(value: object) -> tuple:
    """The fields LINK_FIELDS names of `value`, each projected, and its class."""
    getter = _GETTERS.get(type(value))
    if getter is None:
        raise TypeError(f"{type(value).__name__} is not in linking/basis.py LINK_FIELDS")
    return tuple(_project(v) for v in getter(value))


def _project(value: object) -> object:
    if type(value) in _GETTERS:
        return _fields(value)
    if isinstance(value, tuple):
        return tuple(_project(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        raise TypeError(f"{type(value).__name__} is not in linking/basis.py LINK_FIELDS")
    return value  # a str, an int, None, and the class that ends each _fields


def with_passages(links: Links, corpus: Corpus) -> Links:
    """`links`, made for a corpus with the same link_basis as `corpus`, holding `corpus`' passages
    where they differ from those `links` holds (a note or a claim edited)."""
    edited = {p.id: p for p in corpus.passages if links.passage_at.get((p.essay_id, p.paragraph)) != p}
    if not edited:
        return links

    def again(refs: tuple[CrossRef, ...]) -> tuple[CrossRef, ...]:
        if not any(ref.passage.id in edited for ref in refs):
            return refs
        return tuple(dataclasses.replace(ref, passage=edited.get(ref.passage.id, ref.passage)) for ref in refs)

    return dataclasses.replace(
        links,
        passage_at={key: edited.get(p.id, p) for key, p in links.passage_at.items()},
        related={pid: again(refs) for pid, refs in links.related.items()},
        backlinks={pid: again(refs) for pid, refs in links.backlinks.items()},
    )
