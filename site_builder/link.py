"""Link stage: cross-references between passages, event and entity mentions per paragraph.

Related passages are found through an index by theme and essay, never by comparing every
passage with every other, so the cost grows linearly with the corpus.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field

from .model import Corpus, Entity, Passage

RELATED_PER_ESSAY = 1  # the best passage of each other essay at one passage (the theme pages list all)
RELATED_MAX = 6  # passages shown at one passage, so an essay page stays light


@dataclass(frozen=True)
class Related:
    """A passage of another essay shown at a passage, with the themes the two share."""

    passage: Passage
    shared: tuple[str, ...]


@dataclass(frozen=True)
class EntityMention:
    entity_id: str
    essay_id: str
    paragraph: int
    alias: str


@dataclass
class Links:
    """Everything the render stage needs to know about connections."""

    related: dict[str, tuple[Related, ...]] = field(default_factory=dict)  # passage id -> ranked
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


def _nearest_essays(essays_with_theme: list[int], here: int, wanted: int) -> list[int]:
    """Indexes of the essays closest in time to `here`, walking outwards; at most `wanted`."""
    position = bisect.bisect_left(essays_with_theme, here)
    left, right = position - 1, position
    if right < len(essays_with_theme) and essays_with_theme[right] == here:
        right += 1
    chosen: list[int] = []
    while len(chosen) < wanted and (left >= 0 or right < len(essays_with_theme)):
        take_left = right >= len(essays_with_theme) or (
            left >= 0 and here - essays_with_theme[left] <= essays_with_theme[right] - here)
        if take_left:
            chosen.append(essays_with_theme[left])
            left -= 1
        else:
            chosen.append(essays_with_theme[right])
            right += 1
    return chosen


def _rank_related(passage: Passage, here: int, index: dict, essays_by_theme: dict,
                  rank: dict[str, int]) -> tuple[Related, ...]:
    """The passages of other essays that share the most themes, nearest essays first.

    Candidates come from the theme index, only from the RELATED_MAX essays nearest in time
    for each theme, so the work per passage is bounded whatever the size of the corpus.
    """
    own = set(passage.themes)
    candidates: dict[str, Passage] = {}
    for theme in passage.themes:
        for essay_index in _nearest_essays(essays_by_theme[theme], here, RELATED_MAX):
            for other in index[theme][essay_index][:RELATED_MAX]:
                candidates[other.id] = other
    ordered = sorted(candidates.values(), key=lambda p: (-len(own & set(p.themes)), abs(rank[p.essay_id] - here),
                                                         rank[p.essay_id], p.paragraph))
    per_essay: dict[str, int] = defaultdict(int)
    chosen: list[Related] = []
    for other in ordered:
        if per_essay[other.essay_id] >= RELATED_PER_ESSAY:
            continue
        per_essay[other.essay_id] += 1
        chosen.append(Related(other, tuple(t for t in passage.themes if t in other.themes)))
        if len(chosen) == RELATED_MAX:
            break
    return tuple(sorted(chosen, key=lambda r: (rank[r.passage.essay_id], r.passage.paragraph)))


def link(corpus: Corpus) -> Links:
    links = Links()
    rank = {e.id: i for i, e in enumerate(corpus.essays)}
    # theme -> essay index -> passages, best candidates (most themes) first
    index: dict[str, dict[int, list[Passage]]] = defaultdict(lambda: defaultdict(list))
    for passage in corpus.passages:
        links.passage_at[(passage.essay_id, passage.paragraph)] = passage
        for theme in passage.themes:
            index[theme][rank[passage.essay_id]].append(passage)
    for by_essay in index.values():
        for passages in by_essay.values():
            passages.sort(key=lambda p: (-len(p.themes), p.paragraph))
    essays_by_theme = {theme: sorted(by_essay) for theme, by_essay in index.items()}

    incoming: dict[str, list[Passage]] = defaultdict(list)
    for passage in corpus.passages:
        chosen = _rank_related(passage, rank[passage.essay_id], index, essays_by_theme, rank)
        links.related[passage.id] = chosen
        for item in chosen:
            incoming[item.passage.id].append(passage)

    for passage in corpus.passages:
        shown = {r.passage.id for r in links.related[passage.id]}
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
