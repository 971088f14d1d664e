"""Link stage: event, entity and term mentions per paragraph, and the cross-references
between passages built from them (crossrefs.py)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..sources.model import Corpus, Entity, Passage
from .crossrefs import Candidate, CrossRef, NameSpan, cross_references, ranked_candidates
from .on_theme import ThemeIndex, theme_index


@dataclass(frozen=True)
class EntityMention:
    entity_id: str
    essay_id: str
    paragraph: int
    alias: str
    start: int = 0  # offset in the paragraph's text


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
    on_theme: ThemeIndex = field(default_factory=ThemeIndex)  # the essays on each theme (a panel's "More in …")
    no_claim_at: dict[tuple[str, int], str] = field(default_factory=dict)  # (essay, ¶) -> why it makes no claim


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
                found.append(EntityMention(entity.id, essay.id, block.number, match.group(1), match.start()))
    return found


def find_term_uses(corpus: Corpus, spans: dict | None = None) -> dict[tuple[str, int], tuple[str, ...]]:
    """(essay, paragraph) -> glossary terms the paragraph uses: one scan with one pattern
    (`spans`: term_spans(corpus), where the caller has it already)."""
    found = term_spans(corpus) if spans is None else spans
    return {key: tuple(dict.fromkeys(term for term, _ in uses)) for key, uses in found.items()}


def term_spans(corpus: Corpus) -> dict[tuple[str, int], tuple[tuple[str, int], ...]]:
    """(essay, paragraph) -> (term id, offset) of every use of a glossary term."""
    owner: dict[str, str] = {}
    for term in corpus.terms:
        for name in (term.term, *term.aliases):
            owner.setdefault(name, term.id)
    pattern = alias_pattern(list(owner))
    found: dict[tuple[str, int], tuple[tuple[str, int], ...]] = {}
    if pattern is None:
        return found
    for essay in corpus.essays:
        for block in essay.paragraphs:
            used = tuple((owner[m.group(1)], m.start()) for m in pattern.finditer(block.text))
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
    for named in find_entity_mentions(corpus):
        by_entity[named.entity_id].append(named)
        key = (named.essay_id, named.paragraph)
        if named.entity_id not in by_paragraph[key]:
            by_paragraph[key].append(named.entity_id)
    links.entity_mentions = {k: tuple(v) for k, v in by_entity.items()}
    links.mentions_by_paragraph = {k: tuple(v) for k, v in by_paragraph.items()}
    terms = term_spans(corpus)  # one scan for the glossary's index and the cross-references
    links.terms_by_paragraph = find_term_uses(corpus, terms)

    links.on_theme = theme_index(corpus)
    links.no_claim_at = {(n.essay_id, n.paragraph): n.reason for n in corpus.no_claims}
    links.related, links.backlinks = cross_references(
        corpus, _event_offsets(corpus), _name_spans(corpus, by_entity, terms)
    )
    return links


def candidates(corpus: Corpus, passage_ids: set[str]) -> dict[str, tuple[Candidate, ...]]:
    """The computed cross-reference candidates of `passage_ids`, ranked, without the panels'
    caps: the same events, names and reasons as `link` (for `site-builder suggest`)."""
    by_entity: dict[str, list[EntityMention]] = defaultdict(list)
    for named in find_entity_mentions(corpus):
        by_entity[named.entity_id].append(named)
    return ranked_candidates(
        corpus, _event_offsets(corpus), _name_spans(corpus, by_entity, term_spans(corpus)), passage_ids
    )


def _event_offsets(corpus: Corpus) -> dict[tuple[str, int], tuple[tuple[str, int], ...]]:
    """(essay, paragraph) -> (event id, offset of its mention's quote), first mention first."""
    found: dict[tuple[str, int], dict[str, int]] = defaultdict(dict)
    for event in corpus.events:
        for mention in event.mentions:
            found[(mention.anchor.essay_id, mention.anchor.paragraph)].setdefault(event.id, mention.anchor.start)
    return {key: tuple(sorted(events.items(), key=lambda kv: (kv[1], kv[0]))) for key, events in found.items()}


def _name_spans(
    corpus: Corpus, by_entity: dict[str, list[EntityMention]], terms: dict[tuple[str, int], tuple[tuple[str, int], ...]]
) -> dict[tuple[str, int], tuple[NameSpan, ...]]:
    """(essay, paragraph) -> where it names a person, an organisation or a glossary term. Places
    are left out: the same place name often stands for different events (Sochi: the 2014
    Olympics, the May 2016 summit), so it is no reason to compare two paragraphs."""
    found: dict[tuple[str, int], list[NameSpan]] = defaultdict(list)
    kinds = {e.id: e.kind for e in corpus.entities}
    for entity_id, mentions in by_entity.items():
        if kinds[entity_id] != "place":
            for m in mentions:
                found[(m.essay_id, m.paragraph)].append(
                    NameSpan(f"entity:{entity_id}", m.start, m.start + len(m.alias))
                )
    for key, uses in terms.items():
        found[key].extend(NameSpan(f"term:{term}", start, start) for term, start in uses)
    return {key: tuple(sorted(spans, key=lambda s: (s.start, s.key))) for key, spans in found.items()}
