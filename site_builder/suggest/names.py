"""The events, entities and glossary terms a paragraph names, found with the site's own alias
index (linking/link.py: the entities' and terms' names and aliases as whole words, the events'
mention quotes as the prose linker uses them), each with where it stands in the paragraph.

An event has no aliases of its own. It is proposed where the paragraph has the words of a
mention quote of another paragraph, or the event's title (but a quote that is an entity's or a
term's name, has fewer than MIN_STEMS words or belongs to two events names none); where one
sentence of the paragraph gives its date (the month and year of an event dated to the month,
the year of one dated to the year) and names one of its entities; where one sentence has all its
cue words, when it has MIN_STEMS of them at least (the words of its title that its mention
quotes use too, "joint economic activity", leaving out the words that more than COMMON_SHARE of
the paragraphs use, Russia and Japan, and cue words another event's title has too); or where a
sentence shares, within as many words as the editors' median mention quote, MIN_STEMS stems
with the event's title and mention quotes, one of them its title's ("Japan joined the
sanctions": join and sanction), the stems that name more than MAX_EVENTS events left out
("prime minister", "visit"), the best-sharing events only.

An essay names the events up to its date and those announced for the months ahead (the editors
anchored elections and a visit dated a month after the essays that name them); an event that
begins more than a year after the essay's date is none it can name, and is not proposed.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass

from ..linking.crossrefs import COMMON_SHARE
from ..linking.link import alias_pattern, find_entity_mentions, inside_excluded, term_spans
from ..linking.sentences import sentence_spans
from ..sources.model import MONTHS, Block, Corpus, Essay, Event, PartialDate
from .themes import sklearn_parts

Variants = dict[tuple[str, ...], tuple[str, str, tuple[str, ...]]]  # variant_forms


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
    index = event_index(known)
    forms = variant_forms(known)
    later = {e.id for e in known.events if after_a_year(e.date, essay.date)}
    found: dict[int, tuple[Named, ...]] = {}
    for block in blocks:
        named_terms = [
            Named("term", term, start, start + _form_length(known, term, block.text, start))
            for term, start in terms.get((essay.id, block.number), ())
        ]
        events = [e for e in _events(known, index, block.text, entities[block.number]) if e.id not in later]
        variants = _variants(forms, block.text)
        found[block.number] = _first_of_each([*events, *entities[block.number], *named_terms, *variants])
    return found


def after_a_year(event: PartialDate, essay: PartialDate) -> bool:
    """Whether the event begins more than a year after the essay's date: the event at its
    earliest ("2016": 1 January 2016), the essay at its latest ("2014-04": 30 April 2014)."""
    begins = (event.year, event.month or 1, event.day or 1)
    latest = (essay.year + 1, essay.month or 12, essay.day or 31)
    return begins > latest


def _token_key(word: str) -> str:
    """A word as a variant form is compared: lower case, its hyphens and dots out, stemmed
    ("G-7" and "G7", "seas" and "Sea")."""
    import snowballstemmer

    return str(snowballstemmer.stemmer("english").stemWord(re.sub(r"[-.]", "", word.lower())))


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(_token_key(m.group()), m.start(), m.end()) for m in re.finditer(r"\w+(?:[-.]\w+)*", text)]


def variant_forms(known: Corpus) -> Variants:
    """The entities' and terms' forms, as token keys -> (kind, id, the phrases in which it is
    not that name): the same name of two words or more in another case, number or spelling
    ("Northern territories", "South China seas") is the same name; a name of one word only
    without its hyphens or dots ("G-7" for "G7"), never in another case ("US" is not "us"). A
    key two names share is neither's."""
    owners: dict[tuple[str, ...], set[tuple[str, str, tuple[str, ...]]]] = {}
    named = [("entity", e.id, (e.name, *e.aliases), e.not_when) for e in known.entities]
    named += [("term", t.id, (t.term, *t.aliases), ()) for t in known.terms]
    for kind, id_, forms, not_when in named:
        for form in forms:
            key = tuple(k for k, _, _ in _tokens(form)) if " " in form.strip() else (form,)
            owners.setdefault(key, set()).add((kind, id_, tuple(not_when)))
    return {key: next(iter(ids)) for key, ids in owners.items() if len(ids) == 1}


def _variants(forms: Variants, text: str) -> list[Named]:
    """The names of `forms` in `text`, longest first at each word."""
    tokens = _tokens(text)
    longest = max((len(k) for k in forms), default=0)
    found = []
    for i, (_, start, end) in enumerate(tokens):
        keys = [tuple(k for k, _, _ in tokens[i : i + n]) for n in range(min(longest, len(tokens) - i), 1, -1)]
        keys.append((re.sub(r"[-.]", "", text[start:end]),))
        for key in keys:
            if key in forms:
                kind, id_, not_when = forms[key]
                stop = tokens[i + len(key) - 1][2]
                if not inside_excluded(text, start, stop, not_when):
                    found.append(Named(kind, id_, start, stop))
                break
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


@dataclass(frozen=True)
class EventIndex:
    """What finds the events of a paragraph, built once from the known annotations."""

    phrases: dict[str, str]  # an editors' mention quote or an event's title -> the event's id
    pattern: re.Pattern | None  # the phrases, as whole words
    cues: dict[str, frozenset[str]]  # event id -> its cue words (_cues)
    profiles: dict[str, frozenset[str]]  # event id -> the stems that name it (_profiles)
    titles: dict[str, frozenset[str]]  # event id -> those of its profile its title has
    window: int  # the most words the editors' mention quotes take


def event_index(known: Corpus) -> EventIndex:
    names = {f for e in known.entities for f in (e.name, *e.aliases)} | {
        f for t in known.terms for f in (t.term, *t.aliases)
    }
    owners: dict[str, set[str]] = {}
    for event in known.events:
        for phrase in (*(m.anchor.quote.exact for m in event.mentions), event.title):
            owners.setdefault(phrase, set()).add(event.id)
    # a quote that is a name ("South Korea"), one word ("diplomacy") or two events' is no event's
    phrases = {
        phrase: next(iter(ids))
        for phrase, ids in owners.items()
        if len(ids) == 1 and phrase not in names and len(_stem_words(phrase)) >= MIN_STEMS
    }
    profiles = _profiles(known)
    lengths = [len(m.anchor.quote.exact.split()) for e in known.events for m in e.mentions]
    return EventIndex(
        phrases,
        alias_pattern(list(phrases)),
        _cues(known),
        profiles,
        {e.id: frozenset(s for s, _, _ in _stem_words(e.title)) & profiles[e.id] for e in known.events},
        sorted(lengths)[len(lengths) // 2] if lengths else 0,
    )


def _events(known: Corpus, index: EventIndex, text: str, entities: list[Named]) -> list[Named]:
    found = []
    if index.pattern is not None:
        found = [Named("event", index.phrases[m.group(1)], m.start(), m.end()) for m in index.pattern.finditer(text)]
    return found + _dated(known.events, text, entities) + _cued(index.cues, text) + _worded(index, text)


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
        if len(words) >= MIN_STEMS and not any(words <= title for other, title in titles.items() if other != event.id):
            cues[event.id] = words
    return cues


def _cued(cues: dict[str, frozenset[str]], text: str) -> list[Named]:
    """Events all of whose cue words one sentence of `text` uses, at the span they cover."""
    found = []
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


MIN_STEMS = 2  # one shared word ("sanctions", "approach") is a topic; two name an event
MAX_EVENTS = 2  # a word in the titles and quotes of more events ("prime minister", "visit") names none


def _stem_words(text: str) -> list[tuple[str, int, int]]:
    """(stem, start, end) of each word of `text` that is no English stop word."""
    import snowballstemmer

    stop = sklearn_parts().ENGLISH_STOP_WORDS
    stem = snowballstemmer.stemmer("english").stemWord
    return [
        (stem(m.group().lower()), m.start(), m.end())
        for m in re.finditer(r"[A-Za-z0-9]+(?:[+-][A-Za-z0-9]+)*", text)
        if m.group().lower() not in stop and len(m.group()) > 1
    ]


def _profiles(known: Corpus) -> dict[str, frozenset[str]]:
    """Event id -> the stems of its title and of its mention quotes, but the stems more than
    COMMON_SHARE of the paragraphs use (Russia, Japan, relations)."""
    paragraphs = [{s for s, _, _ in _stem_words(b.text)} for e in known.essays for b in e.paragraphs]
    used_in = Counter(s for p in paragraphs for s in p)
    common = {s for s, n in used_in.items() if n > max(2, COMMON_SHARE * len(paragraphs))}
    profiles = {
        event.id: frozenset(
            s
            for text in (event.title, *(m.anchor.quote.exact for m in event.mentions))
            for s, _, _ in _stem_words(text)
            if s not in common
        )
        for event in known.events
    }
    shared = Counter(s for stems in profiles.values() for s in stems)
    return {e: frozenset(s for s in stems if shared[s] <= MAX_EVENTS) for e, stems in profiles.items()}


def _worded(index: EventIndex, text: str) -> list[Named]:
    """The events whose words one sentence of `text` uses most: MIN_STEMS stems at least of the
    event's title and its mentions' quotes, one of them its title's, all within as many words as
    the editors' longest mention quote."""
    found = []
    for start, end in sentence_spans(text):
        words = _stem_words(text[start:end])
        best: dict[str, tuple[int, int, int]] = {}  # event id -> (stems, first word, last word)
        for event_id, stems in index.profiles.items():
            hits = [i for i, (s, _, _) in enumerate(words) if s in stems]
            for i in hits:
                inside = [j for j in hits if i <= j < i + index.window]
                named = {words[j][0] for j in inside}
                if len(named) >= MIN_STEMS and named & index.titles[event_id]:
                    best[event_id] = max(best.get(event_id, (0, 0, 0)), (len(named), i, inside[-1]), key=lambda t: t[0])
        top = max((n for n, _, _ in best.values()), default=0)
        found += [
            Named("event", e, start + words[i][1], start + words[j][2]) for e, (n, i, j) in best.items() if n == top
        ]
    return found
