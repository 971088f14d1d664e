"""Link stage: event, entity and term mentions per paragraph, and the cross-references
between passages built from them (crossrefs.py)."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from .crossrefs import CrossRef, cross_references
from .model import Corpus, Entity, Passage


@dataclass(frozen=True)
class EntityMention:
    entity_id: str
    essay_id: str
    paragraph: int
    alias: str


@dataclass
class Links:
    """Everything the render stage needs to know about connections."""

    related: dict[str, tuple[CrossRef, ...]] = field(default_factory=dict)  # passage id -> its panel
    backlinks: dict[str, tuple[CrossRef, ...]] = field(default_factory=dict)  # passage id -> pointing here
    passage_at: dict[tuple[str, int], Passage] = field(default_factory=dict)
    events_at: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    entity_mentions: dict[str, tuple[EntityMention, ...]] = field(default_factory=dict)
    mentions_by_paragraph: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    terms_by_paragraph: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)


def alias_pattern(aliases: list[str]) -> re.Pattern | None:
    """One pattern for many names, longest first, matching whole words only."""
    names = sorted({a for a in aliases if a}, key=lambda a: (-len(a), a))
    if not names:
        return None
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def inside_excluded(text: str, start: int, end: int, phrases) -> bool:
    """Whether text[start:end] lies inside one of `phrases` (an alias that means something
    else there, e.g. "Koizumi" in the citation "Koizumi 2016"). Shared by the entity index
    and the prose linker, so the entities page and the links agree."""
    for phrase in phrases:
        at = text.find(phrase)
        while at != -1:
            if at <= start and end <= at + len(phrase):
                return True
            at = text.find(phrase, at + 1)
    return False


def find_entity_mentions(corpus: Corpus) -> list[EntityMention]:
    owner: dict[str, Entity] = {}
    for entity in corpus.entities:
        for alias in (entity.name, *entity.aliases):
            owner.setdefault(alias, entity)
    pattern = alias_pattern(list(owner))
    found: list[EntityMention] = []
    if pattern is None:
        return found
    for essay in corpus.essays:
        for block in essay.paragraphs:
            for match in pattern.finditer(block.text):
                entity = owner[match.group(1)]
                if inside_excluded(block.text, match.start(), match.end(), entity.not_when):
                    continue
                found.append(EntityMention(entity.id, essay.id, block.number, match.group(1)))
    return found


def find_term_uses(corpus: Corpus) -> dict[tuple[str, int], tuple[str, ...]]:
    """(essay, paragraph) -> glossary terms the paragraph uses: one scan with one pattern."""
    owner: dict[str, str] = {}
    for term in corpus.terms:
        for name in (term.term, *term.aliases):
            owner.setdefault(name, term.id)
    pattern = alias_pattern(list(owner))
    found: dict[tuple[str, int], tuple[str, ...]] = {}
    if pattern is None:
        return found
    for essay in corpus.essays:
        for block in essay.paragraphs:
            used = tuple(dict.fromkeys(owner[m.group(1)] for m in pattern.finditer(block.text)))
            if used:
                found[(essay.id, block.number)] = used
    return found


def link(corpus: Corpus) -> Links:
    links = Links()
    for passage in corpus.passages:
        links.passage_at[(passage.essay_id, passage.paragraph)] = passage

    events_at: dict[tuple[str, int], list[str]] = defaultdict(list)
    for event in corpus.events:
        for mention in event.mentions:
            key = (mention.anchor.essay_id, mention.anchor.paragraph)
            if event.id not in events_at[key]:
                events_at[key].append(event.id)
    links.events_at = {k: tuple(v) for k, v in events_at.items()}

    by_entity: dict[str, list[EntityMention]] = defaultdict(list)
    by_paragraph: dict[tuple[str, int], list[str]] = defaultdict(list)
    for mention in find_entity_mentions(corpus):
        by_entity[mention.entity_id].append(mention)
        key = (mention.essay_id, mention.paragraph)
        if mention.entity_id not in by_paragraph[key]:
            by_paragraph[key].append(mention.entity_id)
    links.entity_mentions = {k: tuple(v) for k, v in by_entity.items()}
    links.mentions_by_paragraph = {k: tuple(v) for k, v in by_paragraph.items()}
    links.terms_by_paragraph = find_term_uses(corpus)

    names_at = {key: tuple(f"entity:{e}" for e in links.mentions_by_paragraph.get(key, ()))
                + tuple(f"term:{t}" for t in links.terms_by_paragraph.get(key, ()))
                for key in links.passage_at}
    links.related, links.backlinks = cross_references(corpus, links.events_at, names_at)
    return links
