"""The corrections and changes page's view, and what the feed and the footer say of the edition:
each release with its changes, newest first, each change with the place it applies to (its
label and its reference)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .. import urls
from ..sources.model import Change, Corpus, Edition, PartialDate, Place

KIND_LABELS = {"correction": "Correction", "addition": "Addition", "change": "Change"}


@dataclass(frozen=True)
class ChangeView:
    date: PartialDate
    kind: str  # "correction"
    kind_label: str  # "Correction"
    what: str
    where: str  # "Shvydko 2017 ¶4 and Streltsov 2012 ¶11"
    ref: urls.Ref
    number: int  # its place in its release counted from the oldest (1): stays as newer ones are added


@dataclass(frozen=True)
class ReleaseView:
    version: str
    date: PartialDate
    note: str
    changes: tuple[ChangeView, ...]  # newest first


def _at_paragraph(corpus: Corpus, essay_id: str, number: int) -> tuple[str, urls.Ref]:
    return f"{corpus.essay(essay_id).label} ¶{number}", urls.passage(essay_id, number)


def _passage(corpus: Corpus, passage_id: str) -> tuple[str, urls.Ref]:
    passage = corpus.passage(passage_id)
    return _at_paragraph(corpus, passage.essay_id, passage.paragraph)


def place_of(corpus: Corpus, place: Place, page_titles: Mapping[str, str]) -> tuple[str, urls.Ref]:
    """(what a reader reads of the place, the reference a link goes to)."""
    if place.kind == "essay" and place.paragraph:
        return _at_paragraph(corpus, place.id, place.paragraph)
    if place.kind == "essay":
        return corpus.essay(place.id).label, urls.essay(place.id)
    if place.kind == "passage":
        return _passage(corpus, place.id)
    if place.kind == "relation":
        (first, ref), (second, _) = _passage(corpus, place.id), _passage(corpus, place.to)
        return f"{first} and {second}", ref
    if place.kind == "theme":
        return f"Theme: {corpus.theme(place.id).label}", urls.theme(place.id)
    if place.kind == "event":
        return f"Timeline: {corpus.event(place.id).title}", urls.event(place.id)
    if place.kind == "debate":
        question = next(d.question for d in corpus.debates if d.id == place.id)
        return f"Debate: {question}", urls.debate(place.id)
    return page_titles[place.id], urls.page(place.id)


def _change(corpus: Corpus, change: Change, number: int, page_titles: Mapping[str, str]) -> ChangeView:
    where, ref = place_of(corpus, change.place, page_titles)
    return ChangeView(change.date, change.kind, KIND_LABELS[change.kind], change.what, where, ref, number)


def releases(corpus: Corpus, page_titles: Mapping[str, str]) -> tuple[ReleaseView, ...]:
    """Every release, newest first, with its changes newest first (the editors' order kept
    within a day)."""
    edition: Edition | None = corpus.edition
    if edition is None:
        return ()
    views = []
    for release in edition.releases:
        count = len(release.changes)
        changes = [_change(corpus, c, count - k, page_titles) for k, c in enumerate(release.changes)]
        changes.sort(key=lambda c: c.date.sort_key, reverse=True)  # stable: a day keeps its order
        views.append(ReleaseView(release.version, release.date, release.note, tuple(changes)))
    return tuple(views)
