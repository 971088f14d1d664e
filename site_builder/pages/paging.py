"""Listings that would grow with the corpus, split into pages of a bounded size.

An entity or a glossary term lists, on its index, the paragraphs that name it; above
MENTIONS_ON_INDEX paragraphs they move to a page of their own (entities/<id>/, glossary/<id>/)
and the index keeps the count and the link.

A theme page lists its passages essay by essay, in date order. Above THEME_PAGE_PASSAGES
passages the list moves to numbered parts (themes/<theme>/<k>/), each holding whole essays and
at most that many passages unless one essay alone has more; the theme page keeps the overview
and a table of the parts. Every link to "this theme in this essay" takes its part from here.

Above `essay_columns` essays (a site-builder option; analysis.ESSAY_COLUMNS_MAX by default) the
pages that would name every essay count them by year instead (essay_years).
"""

from __future__ import annotations

from collections import Counter

from ..sources.model import Corpus

# About 650 bytes of HTML a passage on a theme page: 300 passages stay under 200 KB (issue #14:
# no page over 500 KB at 2,000 essays)
THEME_PAGE_PASSAGES = 300
# About 40 bytes a paragraph link: 150 keep an entity's or a term's entry under 7 KB
MENTIONS_ON_INDEX = 150
# ... and on its own page at most this many (about 45 bytes each: under 200 KB), then part 2, 3, ...
MENTIONS_PER_PAGE = 4000


def mention_parts(
    places: list[tuple[str, list[int]]], limit: int = MENTIONS_PER_PAGE
) -> list[list[tuple[str, list[int]]]]:
    """(essay, paragraph numbers) in date order, cut into pages of at most `limit` paragraphs
    (an essay's paragraphs never split, so one essay alone may pass it)."""
    parts: list[list[tuple[str, list[int]]]] = [[]]
    size = 0
    for essay_id, numbers in places:
        if parts[-1] and size + len(numbers) > limit:
            parts.append([])
            size = 0
        parts[-1].append((essay_id, numbers))
        size += len(numbers)
    return parts


def essay_years(corpus: Corpus, limit: int) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """(year, the ids of its essays in date order) for each year with essays, in date order;
    () up to `limit` essays, where a page can name every essay."""
    if len(corpus.essays) <= limit:
        return ()
    years: dict[int, list[str]] = {}
    for essay in corpus.essays:  # in date order
        years.setdefault(essay.date.year, []).append(essay.id)
    return tuple((year, tuple(ids)) for year, ids in years.items())


def theme_parts(corpus: Corpus, theme_id: str, limit: int = THEME_PAGE_PASSAGES) -> tuple[tuple[str, ...], ...]:
    """The essays of each part of the theme's list, in date order; () when it fits one page."""
    counts = Counter(p.essay_id for p in corpus.passages if theme_id in p.themes)
    if sum(counts.values()) <= limit:
        return ()
    parts: list[tuple[str, ...]] = []
    current: list[str] = []
    size = 0
    for essay in corpus.essays:
        n = counts.get(essay.id, 0)
        if not n:
            continue
        if current and size + n > limit:
            parts.append(tuple(current))
            current, size = [], 0
        current.append(essay.id)
        size += n
    parts.append(tuple(current))
    return tuple(parts)


def theme_part_of(corpus: Corpus, limit: int = THEME_PAGE_PASSAGES) -> dict[tuple[str, str], int]:
    """(theme, essay) -> the part (1, 2, ...) that lists the essay's passages on the theme;
    absent where the theme's list fits its page."""
    return {
        (theme.id, essay_id): k
        for theme in corpus.themes
        for k, essays in enumerate(theme_parts(corpus, theme.id, limit), 1)
        for essay_id in essays
    }
