"""Link stage: cross-references between passages, event and entity mentions per paragraph.

Related passages are found through an index by theme and essay, never by comparing every
passage with every other, so the cost grows linearly with the corpus.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from .model import Corpus, Entity, Passage

RELATED_PER_ESSAY = 3  # passages shown per other essay and theme
RELATED_PER_THEME = 12  # passages shown per theme at one passage


@dataclass(frozen=True)
class Related:
    theme: str
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class EntityMention:
    entity_id: str
    essay_id: str
    paragraph: int
    alias: str


@dataclass
class Links:
    """Everything the render stage needs to know about connections."""

    related: dict[str, tuple[Related, ...]] = field(default_factory=dict)  # passage id -> per theme
    backlinks: dict[str, tuple[Passage, ...]] = field(default_factory=dict)  # passage id -> passages
    passage_at: dict[tuple[str, int], Passage] = field(default_factory=dict)
    events_at: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    entity_mentions: dict[str, tuple[EntityMention, ...]] = field(default_factory=dict)
    mentions_by_paragraph: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)


def alias_pattern(aliases: list[str]) -> re.Pattern | None:
    """One pattern for many names, longest first, matching whole words only."""
    names = sorted({a for a in aliases if a}, key=lambda a: (-len(a), a))
    if not names:
        return None
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def excluded_spans(text: str, phrases: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = []
    for phrase in phrases:
        start = text.find(phrase)
        while start != -1:
            spans.append((start, start + len(phrase)))
            start = text.find(phrase, start + 1)
    return spans


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
                spans = excluded_spans(block.text, entity.not_when)
                if any(a <= match.start() < b for a, b in spans):
                    continue
                found.append(EntityMention(entity.id, essay.id, block.number, match.group(1)))
    return found


def _rank_related(passage: Passage, theme: str, by_essay: dict[str, list[Passage]],
                  essay_order: list[str]) -> tuple[Passage, ...]:
    """Up to RELATED_PER_ESSAY passages of each other essay, nearest essays in time first."""
    own = set(passage.themes)
    here = essay_order.index(passage.essay_id)
    # walk outwards from the passage's own essay: the closest debates first
    order = sorted((i for i in range(len(essay_order)) if i != here), key=lambda i: (abs(i - here), i))
    chosen: list[Passage] = []
    for index in order:
        candidates = by_essay.get(essay_order[index], [])
        best = sorted(candidates, key=lambda p: (-len(own & set(p.themes)), p.paragraph))
        chosen.extend(best[:RELATED_PER_ESSAY])
        if len(chosen) >= RELATED_PER_THEME:
            break
    chosen = chosen[:RELATED_PER_THEME]
    rank = {e: i for i, e in enumerate(essay_order)}
    return tuple(sorted(chosen, key=lambda p: (rank[p.essay_id], p.paragraph)))


def link(corpus: Corpus) -> Links:
    links = Links()
    essay_order = [e.id for e in corpus.essays]
    index: dict[str, dict[str, list[Passage]]] = defaultdict(lambda: defaultdict(list))
    for passage in corpus.passages:
        links.passage_at[(passage.essay_id, passage.paragraph)] = passage
        for theme in passage.themes:
            index[theme][passage.essay_id].append(passage)

    incoming: dict[str, list[Passage]] = defaultdict(list)
    for passage in corpus.passages:
        groups = []
        for theme in passage.themes:
            chosen = _rank_related(passage, theme, index[theme], essay_order)
            if chosen:
                groups.append(Related(theme, chosen))
            for target in chosen:
                incoming[target.id].append(passage)
        links.related[passage.id] = tuple(groups)

    rank = {e: i for i, e in enumerate(essay_order)}
    for passage in corpus.passages:
        shown = {p.id for group in links.related[passage.id] for p in group.passages}
        extra = {p.id: p for p in incoming.get(passage.id, []) if p.id not in shown}
        links.backlinks[passage.id] = tuple(sorted(extra.values(), key=lambda p: (rank[p.essay_id], p.paragraph)))

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
    return links
