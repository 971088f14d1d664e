"""The events, entities and glossary terms a paragraph names, found with the site's own alias
index (linking/link.py: the entities' and terms' names and aliases as whole words, the events'
mention quotes as the prose linker uses them), each with where it stands in the paragraph.

An event has no aliases of its own. It is proposed where the paragraph has the words of a
mention quote of another paragraph, or the event's title; where one sentence of the paragraph
gives its date (the month and year of an event dated to the month, the year of one dated to
the year) and names one of its entities; or where one sentence has all its cue words: the
words of its title that its mention quotes use too ("sanctions" for "Western sanctions against
Russia; Japan joins them", "joint economic activity"), leaving out the words that more than
COMMON_SHARE of the paragraphs use (Russia, Japan), as the cross-references leave out names so
common. Cue words that another event's title has too ("visit", "summit") do not tell the two
apart, and are no cue.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass

from ..linking.crossrefs import COMMON_SHARE
from ..linking.link import alias_pattern, find_entity_mentions, term_spans
from ..linking.sentences import sentence_spans
from ..sources.model import MONTHS, Block, Corpus, Essay, Event, PartialDate
from .themes import sklearn_parts


@dataclass(frozen=True)
class Named:
    """An event, entity or term named in a paragraph, at text[start:end]."""

    kind: str  # "event" | "entity" | "term"
    id: str
    start: int
    end: int


def names_in(known: Corpus, essay: Essay, blocks: tuple[Block, ...]) -> dict[int, tuple[Named, ...]]:
    """Paragraph number -> what it names, in order of first appearance (one entry per id)."""
    alone = dataclasses.replace(known, essays=(essay,))
    entities: dict[int, list[Named]] = {b.number: [] for b in blocks}
    for m in find_entity_mentions(alone):
        if m.paragraph in entities:
            entities[m.paragraph].append(Named("entity", m.entity_id, m.start, m.start + len(m.alias)))
    terms = term_spans(alone)
    found: dict[int, tuple[Named, ...]] = {}
    for block in blocks:
        named_terms = [
            Named("term", term, start, start + _form_length(known, term, block.text, start))
            for term, start in terms.get((essay.id, block.number), ())
        ]
        events = _events(known, block.text, entities[block.number])
        found[block.number] = _first_of_each([*events, *entities[block.number], *named_terms])
    return found


def _form_length(known: Corpus, term_id: str, text: str, start: int) -> int:
    """The length of the form of glossary term `term_id` found at `start` (term_spans gives the
    offset): the longest of its forms that the text has there."""
    term = next(t for t in known.terms if t.id == term_id)
    return max((len(f) for f in (term.term, *term.aliases) if f and text.startswith(f, start)), default=1)


def _first_of_each(named: list[Named]) -> tuple[Named, ...]:
    seen: dict[tuple[str, str], Named] = {}
    for item in sorted(named, key=lambda n: (n.start, n.kind, n.id)):
        seen.setdefault((item.kind, item.id), item)
    return tuple(seen.values())


def _events(known: Corpus, text: str, entities: list[Named]) -> list[Named]:
    owner: dict[str, str] = {}
    for event in known.events:
        for phrase in (*(m.anchor.quote.exact for m in event.mentions), event.title):
            owner.setdefault(phrase, event.id)
    found = []
    pattern = alias_pattern(list(owner))
    if pattern is not None:
        found = [Named("event", owner[m.group(1)], m.start(), m.end()) for m in pattern.finditer(text)]
    return found + _dated(known.events, text, entities) + _cued(known, text)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:[+-][a-z0-9]+)*", text.lower())


def _cues(known: Corpus) -> dict[str, frozenset[str]]:
    """Event id -> its cue words (see the module's docstring); events without any are left out."""
    paragraphs = [set(_words(b.text)) for e in known.essays for b in e.paragraphs]
    used_in = Counter(w for p in paragraphs for w in p)
    common = {w for w, n in used_in.items() if n > max(2, COMMON_SHARE * len(paragraphs))}
    stop = sklearn_parts().ENGLISH_STOP_WORDS
    titles = {event.id: set(_words(event.title)) for event in known.events}
    cues = {}
    for event in known.events:
        quoted = set().union(*(_words(m.anchor.quote.exact) for m in event.mentions))
        words = frozenset(w for w in titles[event.id] if w in quoted and w not in common and w not in stop)
        if words and not any(words <= title for other, title in titles.items() if other != event.id):
            cues[event.id] = words
    return cues


def _cued(known: Corpus, text: str) -> list[Named]:
    """Events all of whose cue words one sentence of `text` uses, at the span they cover."""
    found = []
    cues = _cues(known)
    for start, end in sentence_spans(text):
        at = {
            m.group().lower(): m
            for m in reversed(list(re.finditer(r"[A-Za-z0-9]+(?:[+-][A-Za-z0-9]+)*", text[start:end])))
        }
        for event_id, words in cues.items():
            if words <= set(at):
                spans = [at[w].span() for w in words]
                found.append(
                    Named("event", event_id, start + min(a for a, _ in spans), start + max(b for _, b in spans))
                )
    return found


def _dated(events: tuple[Event, ...], text: str, entities: list[Named]) -> list[Named]:
    """Events whose date and one of whose entities one sentence of `text` names together."""
    found = []
    for start, end in sentence_spans(text):
        inside = [n for n in entities if start <= n.start < end]
        for event in events:
            date = _date_in(event.date, text, start, end)
            named = [n for n in inside if n.id in event.entities]
            if date is not None and named:
                found.append(Named("event", event.id, min(date[0], named[0].start), max(date[1], named[0].end)))
    return found


def _date_in(date: PartialDate, text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where text[start:end] gives `date` at its own precision: "May 2016" (or "8 November 2012"
    for a day), a year alone for an event dated to the year."""
    year = str(date.year)
    if date.month:
        month = MONTHS[date.month - 1]
        pattern = rf"(?:\b\d{{1,2}} )?{month},? {year}\b"
    else:
        pattern = rf"(?<![\d-]){year}(?![\d-])"
    match = re.compile(pattern).search(text, start, end)
    return match.span() if match else None
