"""The typed data model: what the validator produces and every later stage reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day ("2016", "2016-05", "2016-05-07")."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def human(self) -> str:
        if self.day and self.month:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Anchor:
    """A quote resolved to one paragraph of one essay."""

    essay_id: str
    paragraph: int  # N of #p-N
    quote: Quote
    start: int  # offset of `exact` in the paragraph's plain text


@dataclass(frozen=True)
class Author:
    name: str
    affiliation: str = "unknown"
    name_as_printed: str = ""
    note: str = ""


@dataclass(frozen=True)
class Block:
    """One block of an essay body: a heading, a paragraph (numbered) or a list."""

    kind: str  # "heading" | "paragraph" | "list" | "definition" (a link reference: no text, not numbered)
    markdown: str
    text: str  # plain text (what quotes are matched against)
    number: int = 0  # paragraph number, 0 for other blocks
    line: int = 0  # line in the source file


@dataclass(frozen=True)
class Essay:
    id: str
    title: str
    authors: tuple[Author, ...]
    authors_note: str
    date: PartialDate
    date_inferred: bool
    date_note: str
    venue: str
    venue_note: str
    language: str
    abstract: str
    abstract_label: str
    summary: str
    summary_is_editorial: bool
    keywords: tuple[str, ...]
    source_file: str
    path: str
    blocks: tuple[Block, ...]
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @cached_property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind == "paragraph")

    @property
    def author_names(self) -> str:
        if not self.authors:
            return "Unknown author"
        return " and ".join(a.name for a in self.authors)

    @cached_property
    def short_author(self) -> str:
        """The author's surname; for an unsigned essay, the first word of its title that is not
        an article ("Update" for "Update on Japan-Russia Relations", "Second" for "A second ...")."""
        if not self.authors:
            words = self.title.split()
            return next((w.capitalize() for w in words if w.lower() not in ("a", "an", "the")), words[0])
        return self.authors[0].name.split()[-1]

    @cached_property
    def label(self) -> str:
        return f"{self.short_author} {self.date.year}"

    @property
    def word_count(self) -> int:
        return sum(len(b.text.split()) for b in self.blocks)


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str
    aliases: tuple[str, ...]
    not_when: tuple[str, ...] = ()


class _AtParagraph:
    """Where an annotation anchored by its `anchor` stands: its essay and paragraph."""

    anchor: Anchor

    @property
    def essay_id(self) -> str:
        return self.anchor.essay_id

    @property
    def paragraph(self) -> int:
        return self.anchor.paragraph


@dataclass(frozen=True)
class Passage(_AtParagraph):
    id: str
    anchor: Anchor
    themes: tuple[str, ...]
    note: str
    claim: str
    source: str  # path:line, for messages


@dataclass(frozen=True)
class NoClaim(_AtParagraph):
    """A paragraph the editors read and found to make no claim to compare, with the reason."""

    anchor: Anchor
    reason: str
    source: str  # path:line, for messages


@dataclass(frozen=True)
class EventMention:
    anchor: Anchor
    date: PartialDate | None
    date_note: str


@dataclass(frozen=True)
class Event:
    id: str
    date: PartialDate
    end: PartialDate | None
    date_note: str
    title: str
    description: str
    themes: tuple[str, ...]
    entities: tuple[str, ...]
    mentions: tuple[EventMention, ...]

    @property
    def dated_differently(self) -> tuple[EventMention, ...]:
        return tuple(m for m in self.mentions if m.date is not None and m.date != self.date)


@dataclass(frozen=True)
class Entity:
    id: str
    kind: str
    name: str
    aliases: tuple[str, ...]
    description: str
    not_when: tuple[str, ...]


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    aliases: tuple[str, ...]
    definition: str
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Position:
    passage_id: str
    stance: str
    quote: Anchor | None = None  # the sentence that states the stance, where it is not the passage's quote
    note: str = ""  # how this position relates to the same essay's other position in the debate


# What a debate's positions amount to: one stance shared by all, stances that conflict, or a
# view that later texts revise, confirm or refute.
VERDICTS = ("agree", "disagree", "changed-over-time")


@dataclass(frozen=True)
class Debate:
    """A question on which the essays' claims agree or conflict, with each author's position."""

    id: str
    theme: str
    question: str
    summary: str
    positions: tuple[Position, ...]
    verdict: str = "agree"


# Kinds of relation an analyst asserts between two passages of different essays, with the
# words shown at the passage that states it (`from`) and at the other end (`to`).
RELATION_KINDS = {
    "same-event": ("same event", "same event"),
    "agrees": ("agrees", "agrees"),
    "disagrees": ("disagrees", "disagrees"),
    "updates": ("revisits this earlier claim", "revisited later"),
    "elaborates": ("elaborates", "elaborated"),
}


@dataclass(frozen=True)
class Relation:
    """An analyst's assertion that passage `source` relates to passage `target` of another essay."""

    source: str  # passage id
    target: str  # passage id
    kind: str  # a key of RELATION_KINDS
    why: str
    # the sentences that carry the shared point, where they are not the passages' own quotes
    source_quote: Anchor | None = None
    target_quote: Anchor | None = None


# What a change to the edition is (annotations/changes.yaml): a correction of an error, an
# addition, or a change of reading or presentation that corrects nothing.
CHANGE_KINDS = ("correction", "addition", "change")
# Where a change may apply: the keys of a change in changes.yaml that name it.
PLACE_KINDS = ("essay", "passage", "relation", "theme", "event", "debate", "page")


@dataclass(frozen=True)
class Place:
    """Where a change applies: an essay (a paragraph of it where `paragraph` is set), a passage,
    a relation (from `id` to `to`), a theme, an event, a debate or a fixed page of the site."""

    kind: str  # one of PLACE_KINDS
    id: str  # the essay, passage, theme, event, debate or page id; a relation's `from` passage
    paragraph: int = 0  # an essay's paragraph (N of #p-N); 0: the whole essay
    to: str = ""  # a relation's `to` passage


@dataclass(frozen=True)
class Change:
    date: PartialDate  # to the day
    kind: str  # one of CHANGE_KINDS
    what: str  # one line
    place: Place
    source: str  # path:line, for messages


@dataclass(frozen=True)
class Release:
    version: str  # "1.0"
    date: PartialDate  # to the day
    note: str
    changes: tuple[Change, ...]  # newest first, as the editors list them
    source: str = ""  # path:line, for messages


@dataclass(frozen=True)
class Edition:
    """The edition's releases, newest first: the first is the current version."""

    releases: tuple[Release, ...]

    @property
    def current(self) -> Release:
        return self.releases[0]

    @property
    def version(self) -> str:
        return self.current.version

    @property
    def date(self) -> PartialDate:
        return self.current.date


@dataclass(frozen=True)
class Corpus:
    essays: tuple[Essay, ...]  # in date order
    themes: tuple[Theme, ...]
    passages: tuple[Passage, ...]
    events: tuple[Event, ...]  # in date order
    entities: tuple[Entity, ...]
    terms: tuple[Term, ...]
    debates: tuple[Debate, ...] = ()
    relations: tuple[Relation, ...] = ()
    no_claims: tuple[NoClaim, ...] = ()  # paragraphs that make no claim, in essay order
    edition: Edition | None = None  # annotations/changes.yaml; None where the editors keep none

    # Lookups by id, built once: templates call these for every link they write.
    @cached_property
    def _by_id(self) -> dict[str, dict]:
        return {
            "essay": {e.id: e for e in self.essays},
            "theme": {t.id: t for t in self.themes},
            "passage": {p.id: p for p in self.passages},
            "event": {e.id: e for e in self.events},
            "entity": {e.id: e for e in self.entities},
        }

    @cached_property
    def passages_by_essay(self) -> dict[str, tuple[Passage, ...]]:
        grouped: dict[str, list[Passage]] = {e.id: [] for e in self.essays}
        for passage in self.passages:
            grouped[passage.essay_id].append(passage)
        return {k: tuple(v) for k, v in grouped.items()}

    def essay(self, essay_id: str) -> Essay:
        return self._by_id["essay"][essay_id]

    def theme(self, theme_id: str) -> Theme:
        return self._by_id["theme"][theme_id]

    def passage(self, passage_id: str) -> Passage:
        return self._by_id["passage"][passage_id]

    def event(self, event_id: str) -> Event:
        return self._by_id["event"][event_id]

    def entity(self, entity_id: str) -> Entity:
        return self._by_id["entity"][entity_id]
