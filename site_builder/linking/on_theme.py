"""Which essays treat a theme, and how much: the index behind a panel's "More in …" lines.

Under its cross-references, a paragraph's panel names the other essays that treat its themes
but have no passage in the panel. It names at most MORE_ESSAYS of them: those with the most
passages on the paragraph's themes (a passage on two of them counts once), then the nearest to
the paragraph's essay in date order, the earlier first where two are as near. The rest are
counted in one link per theme to the theme page, which lists them all.

The essays are ranked once for each set of themes a passage carries (a handful: the sets do not
grow with the corpus), so a panel's choice costs a bounded walk from the paragraph's essay, not
a pass over every essay: the essay pages together grow linearly with the corpus.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..sources.model import Corpus

MORE_ESSAYS = 4  # other essays a panel names under "More in …"; the five essays' panels name at most four


@dataclass(frozen=True)
class ThemeIndex:
    """The essays on each theme, and for each set of themes the essays ranked by their passages on it."""

    essay_ids: tuple[str, ...] = ()  # in date order: an essay's rank is its place here
    rank: Mapping[str, int] = field(default_factory=dict)  # essay id -> its place in essay_ids
    counts: Mapping[tuple[str, str], int] = field(default_factory=dict)  # (theme, essay) -> passages
    essays_on: Mapping[str, int] = field(default_factory=dict)  # theme -> essays with a passage on it
    # set of themes -> ((passages on them, ranks of the essays with that many, ascending), ...),
    # the most passages first; essays with none are left out
    ranked: Mapping[frozenset[str], tuple[tuple[int, tuple[int, ...]], ...]] = field(default_factory=dict)


def theme_index(corpus: Corpus) -> ThemeIndex:
    rank = {e.id: i for i, e in enumerate(corpus.essays)}
    counts = Counter((t, p.essay_id) for p in corpus.passages for t in p.themes)
    sets_of: dict[int, Counter[frozenset[str]]] = defaultdict(Counter)  # essay rank -> its passages' theme sets
    for p in corpus.passages:
        sets_of[rank[p.essay_id]][frozenset(p.themes)] += 1
    wanted = {frozenset(p.themes) for p in corpus.passages}
    return ThemeIndex(
        tuple(e.id for e in corpus.essays),
        MappingProxyType(rank),
        MappingProxyType(dict(counts)),
        MappingProxyType(dict(Counter(t for t, _ in counts))),
        MappingProxyType({themes: _ranked(themes, sets_of) for themes in wanted}),
    )


def _ranked(themes: frozenset[str], sets_of: Mapping[int, Counter]) -> tuple[tuple[int, tuple[int, ...]], ...]:
    by_score: dict[int, list[int]] = defaultdict(list)
    for essay_rank in sorted(sets_of):
        score = sum(n for those, n in sets_of[essay_rank].items() if those & themes)
        if score:
            by_score[score].append(essay_rank)
    return tuple((score, tuple(ranks)) for score, ranks in sorted(by_score.items(), reverse=True))


@dataclass(frozen=True)
class MoreEssays:
    """What a panel says of the other essays on its paragraph's themes."""

    named: tuple[str, ...]  # the essays named under "More in …", in date order
    rest: tuple[tuple[str, int], ...]  # (theme, essays on it neither named nor in the panel), in the passage's order


def more_essays(index: ThemeIndex, essay_id: str, themes: tuple[str, ...], shown: frozenset[str]) -> MoreEssays:
    """For a passage of `essay_id` on `themes` whose panel shows passages of the essays `shown`:
    the essays to name (at most MORE_ESSAYS, ranked as the module says) and how many others
    treat each theme."""
    here = index.rank.get(essay_id, -1)
    left_out = shown | {essay_id}
    named: list[int] = []
    for _, ranks in index.ranked.get(frozenset(themes), ()):
        named += _nearest(ranks, here, left_out, index.essay_ids, MORE_ESSAYS - len(named))
        if len(named) >= MORE_ESSAYS:
            break
    ids = tuple(index.essay_ids[r] for r in sorted(named))
    gone = left_out | set(ids)
    rest = tuple((t, index.essays_on.get(t, 0) - sum(1 for e in gone if index.counts.get((t, e), 0))) for t in themes)
    return MoreEssays(ids, tuple((t, n) for t, n in rest if n > 0))


def _nearest(
    ranks: tuple[int, ...], here: int, left_out: frozenset[str], essay_ids: tuple[str, ...], wanted: int
) -> list[int]:
    """Up to `wanted` of `ranks` (ascending), the nearest to `here` first (the earlier of two as
    near), none of the essays `left_out`."""
    left = bisect.bisect_left(ranks, here) - 1
    right = left + 1
    chosen: list[int] = []
    while len(chosen) < wanted and (left >= 0 or right < len(ranks)):
        if right >= len(ranks) or (left >= 0 and here - ranks[left] <= ranks[right] - here):
            pick, left = ranks[left], left - 1
        else:
            pick, right = ranks[right], right + 1
        if essay_ids[pick] not in left_out:
            chosen.append(pick)
    return chosen
