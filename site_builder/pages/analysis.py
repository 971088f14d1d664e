"""Analysis views: numbers computed from the annotations at build time, and their figures.

Pure functions of the corpus (and its links). Every figure is drawn in Python as inline SVG
or HTML with all text escaped; the analysis page puts a table with the same numbers (and the
links) next to every figure. Colours come from the Okabe–Ito palette, which stays distinct
for the common forms of colour blindness, and are never the only cue: marks carry text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType

from markupsafe import Markup, escape

from .. import urls
from ..linking.link import Links
from ..sources.model import Corpus, Essay
from .paging import essay_years
from .words import count_of

# Okabe & Ito (2008), "Color Universal Design", in the order themes take them: the first five
# differ in hue and lightness for the common colour-vision deficiencies (blue and sky blue, hard to
# tell apart in pairs, come first and sixth); black is left for text and axes.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000")
# Text colour with enough contrast on each palette colour.
ON_COLOUR = {"#0072B2": "#fff", "#000000": "#fff", "#D55E00": "#000"}
TOP_ENTITIES = 5  # entities shown per essay


def theme_colours(corpus: Corpus) -> dict[str, str]:
    """One palette colour per theme, in the order the themes are declared."""
    return {t.id: OKABE_ITO[i % len(OKABE_ITO)] for i, t in enumerate(corpus.themes)}


def text_on(colour: str) -> str:
    return ON_COLOUR.get(colour, "#000")


def theme_stylesheet(corpus: Corpus) -> str:
    """assets/themes.css: the one place a theme's colour is set. Every page colours a theme through
    the class theme-<id> (which sets --theme and --theme-on, the text colour on it) or the variable
    --theme-<id>: chips, the essay's theme map, the timeline's dots and the analysis figures."""
    colours = theme_colours(corpus)
    lines = [
        "/* Generated from annotations/themes.yaml by site_builder/analysis.py: one colour per theme. */",
        ":root {" + "".join(f" --theme-{t}: {c};" for t, c in colours.items()) + " }",
    ]
    lines += [f".theme-{t} {{ --theme: var(--theme-{t}); --theme-on: {text_on(c)}; }}" for t, c in colours.items()]
    # a paragraph's second theme, on the lower edge of its mark in the essay's theme map
    lines += [f".md-typeset a.an-mark.second-{t} {{ border-bottom-color: var(--theme-{t}); }}" for t in colours]
    return "\n".join(lines) + "\n"


def percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


# --- numbers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    theme: str
    column: str  # the column's key (Column.key): an essay's id, or a year
    count: int  # annotated passages of the column carrying the theme
    total: int  # annotated passages of the column

    @property
    def percent(self) -> int:
        return percent(self.count, self.total)


# Above this many essays the analysis counts by year: one column per year instead of per essay
# (issue #14: the page stays the same size however many essays there are).
ESSAY_COLUMNS_MAX = 24
# ... and lists at most this many passages under a pair of themes (all are counted).
PAIR_LIST_MAX = 40
# A table of more columns than this is a list of cards at every width (a desk's text column
# holds about seven counts abreast, or five shares such as "45% (5 of 11)"); one of fewer is a
# table on a desk and cards on a phone (assets/layout.css: table.reflow-wide, table.reflow).
COUNT_COLUMNS_MAX = 7
SHARE_COLUMNS_MAX = 5


@dataclass(frozen=True)
class Column:
    """A column of the analysis' tables and figure: one essay, or (for a large corpus) a year."""

    key: str  # the essay's id, or the year
    label: str  # "Pajon 2017", or "2014"
    sub: str  # under the label: the essay's date, or the count of the year's essays
    short: str  # the figure's axis label: the author's surname, or the year
    essay_ids: tuple[str, ...]
    is_essay: bool


def columns(corpus: Corpus, limit: int = ESSAY_COLUMNS_MAX) -> list[Column]:
    """The essays in date order, or, above `limit` essays, their years."""
    years = essay_years(corpus, limit)
    if not years:
        return [Column(e.id, e.label, e.date.iso, e.short_author, (e.id,), True) for e in corpus.essays]
    return [Column(str(year), str(year), count_of(len(ids), "essay"), str(year), ids, False) for year, ids in years]


def column_of(cols: list[Column]) -> dict[str, str]:
    """essay id -> the key of its column."""
    return {essay_id: c.key for c in cols for essay_id in c.essay_ids}


def theme_shares(corpus: Corpus, cols: list[Column] | None = None) -> dict[tuple[str, str], Share]:
    """(theme, column) -> the theme's share of the column's annotated passages."""
    cols = columns(corpus) if cols is None else cols
    by_column = column_of(cols)
    totals = Counter(by_column[p.essay_id] for p in corpus.passages)
    counts = Counter((t, by_column[p.essay_id]) for p in corpus.passages for t in set(p.themes))
    return {
        (t.id, c.key): Share(t.id, c.key, counts[(t.id, c.key)], totals[c.key]) for t in corpus.themes for c in cols
    }


def cooccurrence(corpus: Corpus) -> dict[tuple[str, str], int]:
    """(theme a, theme b) -> passages carrying both; the diagonal counts passages carrying a."""
    counts: Counter = Counter()
    for p in corpus.passages:
        themes = set(p.themes)
        for a in themes:
            for b in themes:
                counts[(a, b)] += 1
    return {(a.id, b.id): counts[(a.id, b.id)] for a in corpus.themes for b in corpus.themes}


def pair_passages(corpus: Corpus, limit: int | None = None) -> list[tuple[str, str, list, int]]:
    """(theme a, theme b, the passages carrying both in reading order, their count) for each
    pair that has some, a before b in the themes' order: what a cell of "themes that go
    together" counts. With `limit`, the list holds the first `limit` passages only."""
    order = {t.id: i for i, t in enumerate(corpus.themes)}
    pairs: dict[tuple[str, str], list] = {}
    for p in corpus.passages:  # essays in date order, passages in paragraph order
        themes = sorted(set(p.themes), key=lambda t: order[t])
        for i, a in enumerate(themes):
            for b in themes[i + 1 :]:
                pairs.setdefault((a, b), []).append(p)
    return [(a, b, pairs[(a, b)][:limit], len(pairs[(a, b)])) for a in order for b in order if (a, b) in pairs]


def compare(corpus: Corpus) -> dict[str, dict[str, list]]:
    """theme -> essay (date order) -> the essay's passages on the theme, in paragraph order."""
    out: dict[str, dict[str, list]] = {t.id: {e.id: [] for e in corpus.essays} for t in corpus.themes}
    for p in sorted(corpus.passages, key=lambda p: p.paragraph):
        for t in dict.fromkeys(p.themes):
            if t in out and p.essay_id in out[t]:
                out[t][p.essay_id].append(p)
    return out


def entity_counts(corpus: Corpus, links: Links, cols: list[Column] | None = None) -> dict[str, Counter]:
    """column (an essay, or a year) -> Counter(entity id -> mentions in its body paragraphs)."""
    cols = columns(corpus) if cols is None else cols
    by_column = column_of(cols)
    out: dict[str, Counter] = {c.key: Counter() for c in cols}
    for entity_id, mentions in links.entity_mentions.items():
        for m in mentions:
            out[by_column[m.essay_id]][entity_id] += 1
    return out


def top_entities(counts: dict[str, Counter], n: int = TOP_ENTITIES) -> dict[str, list[tuple[str, int]]]:
    """column -> its n most mentioned entities (ties by id), most mentioned first."""
    return {essay: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:n] for essay, c in counts.items()}


def entity_rows(corpus: Corpus, counts: dict[str, Counter], n: int = TOP_ENTITIES) -> list[str]:
    """Entities in the top n of at least one column, most mentioned overall first."""
    chosen = {entity for top in top_entities(counts, n).values() for entity, _ in top}
    total: Counter = Counter()
    for c in counts.values():
        total.update(c)
    return sorted(chosen, key=lambda e: (-total[e], e))


def paragraph_themes(corpus: Corpus, essay_id: str) -> list[tuple[int, tuple[str, ...]]]:
    """The essay's annotated paragraphs, in order, with their themes (first theme first)."""
    by_paragraph: dict[int, list[str]] = defaultdict(list)
    for p in corpus.passages_by_essay.get(essay_id, ()):  # not every passage: linear in the corpus
        if p.essay_id == essay_id:
            for t in p.themes:
                if t not in by_paragraph[p.paragraph]:
                    by_paragraph[p.paragraph].append(t)
    return [(n, tuple(by_paragraph[n])) for n in sorted(by_paragraph)]


# --- figures ------------------------------------------------------------------------------


def _label(corpus: Corpus, theme_id: str) -> str:
    return corpus.theme(theme_id).label


# The evolution figure's panels: one per theme, a row per column (an essay, or a year). Their
# width in viewBox units is about the narrowest column a panel gets (a 360 px screen's text
# column), so that their text is never drawn below its size (14 px, values 13 px); the page lays
# them out in a grid (assets/layout.css), two abreast on a desk, one under the other on a phone.
PANEL_WIDTH = 320
PANEL_LABEL = 118  # the column labels' room, left of the bars ("Streltsov 2012" at 14 px)
PANEL_BAR = 150  # the length of a bar at 100 %
PANEL_ROW = 22
PANEL_TOP = 30  # the theme's name above the rows


def evolution_caption(cols: list[Column]) -> str:
    """What the evolution figure shows, in words (its caption, which names it)."""
    unit = "essay" if all(c.is_essay for c in cols) else "year"
    return (
        f"Share of each {unit}’s annotated passages that carry each theme, {unit}s in date order; "
        "the table below gives the same numbers with links."
    )


def evolution_svg(
    corpus: Corpus,
    shares: dict[tuple[str, str], Share],
    raw_links: str = "published",
    part_of: Mapping[tuple[str, str], int] = MappingProxyType({}),
    cols: list[Column] | None = None,
) -> Markup:
    """Small multiples: a panel per theme, a bar per column (an essay, or a year) in date order,
    the share beside each bar. The panels reflow (a grid in CSS), so the figure fits any width
    and grows downwards with the corpus, never sideways."""
    cols = columns(corpus) if cols is None else cols
    here = urls.page_path(urls.page("analysis"))
    panels = [_evolution_panel(corpus, theme.id, shares, cols, here, raw_links, part_of) for theme in corpus.themes]
    return Markup(f'<div class="an-evolution-panels" data-search-exclude>{"".join(panels)}</div>')


def _evolution_panel(
    corpus: Corpus,
    theme_id: str,
    shares: dict[tuple[str, str], Share],
    cols: list[Column],
    here: str,
    raw_links: str,
    part_of: Mapping[tuple[str, str], int],
) -> str:
    """One theme's panel: its name, then a row per column with its label, its bar and its share
    (the bar and the share a link, whose name begins with the share it shows)."""
    theme = corpus.theme(theme_id)
    height = PANEL_TOP + PANEL_ROW * len(cols) + 6
    parts = [
        f'<svg class="an-evolution theme-{theme.id}" viewBox="0 0 {PANEL_WIDTH} {height}" role="group" '
        f'aria-labelledby="an-evolution-{theme.id}" preserveAspectRatio="xMinYMin meet">'
        f'<title id="an-evolution-{theme.id}">{escape(theme.label)}</title>'
        f'<rect class="an-swatch-mark" x="0" y="6" width="12" height="12"/>'
        f'<text class="an-panel-title" x="18" y="17">{escape(theme.label)}</text>'
        f'<line class="an-baseline" x1="{PANEL_LABEL}" y1="{PANEL_TOP - 4}" x2="{PANEL_LABEL}" '
        f'y2="{height - 4}"/>'
    ]
    for j, column in enumerate(cols):
        share = shares[(theme.id, column.key)]
        y = PANEL_TOP + PANEL_ROW * j
        length = PANEL_BAR * share.percent / 100
        parts.append(
            f'<text class="an-axis-label" x="{PANEL_LABEL - 6}" y="{y + 14}">{escape(_fit(column.label, 15))}</text>'
        )
        bar = (
            f'<g class="an-bar"><title>{escape(theme.label)} in {escape(column.label)} ({escape(column.sub)}): '
            f"{share.count} of {share.total} passages ({share.percent}%)</title>"
            f'<rect class="theme-{theme.id}" x="{PANEL_LABEL}" y="{y + 3}" width="{length:.1f}" height="14"/>'
            f'<text class="an-value" x="{PANEL_LABEL + length + 4:.1f}" y="{y + 14}">{share.percent}%</text></g>'
        )
        if share.count:  # a bar leads to the passages it counts, on the theme page
            ref = (
                urls.theme_in_essay(theme.id, column.key, part_of.get((theme.id, column.key), 0))
                if column.is_essay
                else urls.theme(theme.id)
            )
            bar = (
                f'<a href="{urls.html_href(ref, here, raw_links)}" aria-label="{share.percent}%: '
                f'{escape(theme.label)} in {escape(column.label)}, {count_of(share.count, "passage")}">{bar}</a>'
            )
        parts.append(bar)
    parts.append("</svg>")
    return "".join(parts)


def _fit(text: str, limit: int) -> str:
    """The text, cut with an ellipsis past `limit` characters (the full text is in the title)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def theme_strip(corpus: Corpus, essay: Essay) -> Markup:
    """One mark per annotated paragraph of the essay, in order, coloured by its first theme."""
    rows = paragraph_themes(corpus, essay.id)
    if not rows:
        return Markup("")
    marks = []
    for number, themes in rows:
        names = ", ".join(_label(corpus, t) for t in themes)
        text = f"¶{number}: {names}"
        second = themes[1] if len(themes) > 1 else themes[0]
        marks.append(
            f'<a class="an-mark theme-{themes[0]} second-{second}" href="#{urls.fragment(urls.passage(essay.id, number))}" '
            f'aria-label="{escape(text)}">{number}</a>'
        )  # features/previews.js previews the paragraph
    shown = {t for _, themes in rows for t in themes[:2]}  # every colour the strip shows is in the legend
    legend = "".join(
        f'<span class="an-key"><span class="an-swatch theme-{t.id}"></span>{escape(t.label)}</span>'
        for t in corpus.themes
        if t.id in shown
    )
    return Markup(
        f'<nav class="an-strip" aria-label="Theme map: the annotated paragraphs in order" data-search-exclude>'
        f'<span class="an-strip-title">Theme map</span>'
        f'<span class="an-marks">{"".join(marks)}</span>'
        f'<span class="an-legend">Colour: first theme of the paragraph (lower edge: second). '
        f"{legend}</span></nav>"
    )


# Written as character references in a link given as HTML: HTML's own characters, and those
# Python-Markdown's inline patterns act on before it sets raw HTML aside (code spans, escapes,
# links) or in the text between the tags (emphasis, attribute lists)
_AS_REFERENCES = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'`\\[]*_{}|~^#"})


def html_text(text: str) -> str:
    """`text` as it shows in an HTML attribute or element of the generated Markdown: whitespace
    runs made one space (as Markdown does in a link's title), the characters above as references."""
    return " ".join(text.split()).translate(_AS_REFERENCES)


def passage_link(
    corpus: Corpus, here: str, raw_links: str, essay_id: str, number: int, title: str = "", with_essay: bool = True
) -> Markup:
    """ "Pajon 2017, ¶4" (or "¶4" where the essay is named), a link to the paragraph, with the
    quote as its `title` if given, written as HTML: the element Markdown's [text](link "title")
    gives once sanitized, without Markdown's scan of the page's long paragraphs and list items,
    bracket by bracket and again after each of its steps (most of the analysis page's render)."""
    href = urls.html_href(urls.passage(essay_id, number), here, raw_links)
    text = html_text(f"{corpus.essay(essay_id).label}, ¶{number}" if with_essay else f"¶{number}")
    titled = f' title="{html_text(title)}"' if title else ""
    return Markup(f'<a href="{escape(href)}"{titled}>{text}</a>')


def shade(count: int, top: int) -> int:
    """0-4, for a cell's background (the number is always shown too)."""
    if not count or not top:
        return 0
    return max(1, min(4, -(-count * 4 // top)))


def view(
    corpus: Corpus,
    links: Links,
    raw_links: str = "published",
    part_of: Mapping[tuple[str, str], int] = MappingProxyType({}),
    essay_columns: int = ESSAY_COLUMNS_MAX,
) -> dict:
    """Everything the analysis page shows; `part_of` places a theme's passages of an essay
    where the theme's list is split (paging.theme_part_of)."""
    cols = columns(corpus, essay_columns)
    by_year = not all(c.is_essay for c in cols)
    shares = theme_shares(corpus, cols)
    pairs = cooccurrence(corpus)
    counts = entity_counts(corpus, links, cols)
    rows = entity_rows(corpus, counts)
    entity_top = max((counts[c.key][r] for c in cols for r in rows), default=0)
    off_diagonal = max((n for (a, b), n in pairs.items() if a != b), default=0)
    here = urls.page_path(urls.page("analysis"))
    link: Callable[..., Markup] = partial(passage_link, corpus, here, raw_links)
    return {
        "columns": cols,
        "by_year": by_year,
        "unit": "year" if by_year else "essay",
        "shares": shares,
        "evolution_svg": evolution_svg(corpus, shares, raw_links, part_of, cols),
        "evolution_caption": evolution_caption(cols),
        "pairs": pairs,
        "pairs_max": off_diagonal,
        # the authors compared passage by passage: on the theme pages only, for a large corpus
        "compare": {} if by_year else compare(corpus),
        "pair_passages": pair_passages(corpus, PAIR_LIST_MAX if by_year else None),
        "entity_counts": counts,
        "entity_rows": rows,
        "entity_max": entity_top,
        "top_entities": top_entities(counts),
        "top_n": TOP_ENTITIES,
        "shade": shade,
        "passage_link": link,  # a.passage_link(essay id, paragraph, title=quote, with_essay=True)
        # which tables are cards at every width (COUNT_COLUMNS_MAX)
        "wide": {
            "shares": len(cols) > SHARE_COLUMNS_MAX,
            "counts": len(cols) > COUNT_COLUMNS_MAX,
            "themes": len(corpus.themes) > COUNT_COLUMNS_MAX,
        },
    }
