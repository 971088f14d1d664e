"""The timeline overview: an inline SVG of the events and essays on one axis, whose range,
break and year labels come from the corpus's dates."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from markupsafe import escape

from .. import urls
from ..sources.model import Anchor, Corpus, Event, PartialDate
from .words import count_of


def year_span(dates) -> str:
    """ "2012–2018" from the years of some dates ("2014" when they share one; "" for none)."""
    years = sorted({d.year for d in dates})
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


@dataclass(frozen=True)
class Axis:
    """The timeline overview's scale, from the data: the years before the essays' period (if
    any events lie there) are compressed onto the first fifth, behind a break mark."""

    first: float  # the axis starts here (a year, as a number)
    start: float  # the essays' period starts here; equal to `first` when nothing lies before
    end: float
    width: float = 700.0  # about the essay column's width in pixels: labels keep their size

    @classmethod
    def of(cls, corpus: Corpus, width: float = 700.0) -> Axis:
        dates = [e.date for e in corpus.events] + [e.end for e in corpus.events if e.end]
        essays = [e.date.year for e in corpus.essays] or [d.year for d in dates] or [2000]
        first = min([d.year for d in dates] + essays)
        start = max(first, min(essays) - 3)  # a few years before the first essay at full scale
        return cls(first, start, max(essays + [d.year for d in dates]) + 1, width)

    @property
    def broken(self) -> bool:
        return self.first < self.start

    def x(self, date: PartialDate) -> float:
        year = date.year + ((date.month or 6) - 1) / 12 + ((date.day or 15) - 1) / 365
        left = 20.0
        if self.broken:
            if year < self.start:
                return left + (year - self.first) / (self.start - self.first) * (self.width * 0.18)
            left += self.width * 0.18 + 8  # the break mark sits in the gap
        return left + (year - self.start) / max(self.end - self.start, 1) * (self.width - left - 20)


def timeline_axis_svg(
    corpus: Corpus, essay_years: tuple[tuple[int, tuple[str, ...]], ...] = (), raw_links: str = "published"
) -> str:
    """An inline SVG overview of the timeline: events as dots, each a link to the paragraph that
    names it, essays as diamonds; or, given `essay_years` (a large corpus: paging.essay_years), a
    bar per year counting its essays. The range, the break and the year labels come from the
    dates of the corpus. The figure scrolls sideways on a phone (assets/layout.css), and the
    timeline's script opens it on the busiest years (features/timeline-filters.js)."""
    axis = Axis.of(corpus)
    span = year_span([e.date for e in corpus.events] + [e.date for e in corpus.essays])
    essays_drawn = "the essays published each year (bars)" if essay_years else "the essays (diamonds)"
    parts = [
        '<div class="tl-axis-wrap" data-search-exclude>'
        # the years beyond each edge of the figure where it scrolls (a phone), named by the script
        '<div class="tl-axis-nav"><button type="button" class="tl-more tl-more-left" hidden></button>'
        '<button type="button" class="tl-more tl-more-right" hidden></button></div>'
        '<figure class="tl-axis" aria-label="Timeline overview" tabindex="0">',
        f'<svg viewBox="0 0 {axis.width + 20:.0f} 150" role="group" aria-labelledby="tl-axis-title" '
        'preserveAspectRatio="xMidYMid meet">',
        f'<title id="tl-axis-title">Events {escape(span)} (dots, each a link to the paragraph that names it) '
        f"and {essays_drawn}; the list below gives the same information.</title>",
    ]
    parts += _axis_line(axis)
    parts += _year_labels(axis, corpus)
    here = urls.page_path(urls.page("timeline"))
    parts += _event_dots(axis, corpus, here, raw_links)
    parts += _year_bars(axis, essay_years) if essay_years else _essay_marks(axis, corpus)
    parts.append("</svg></figure></div>")
    return "".join(parts)


def _axis_line(axis: Axis) -> list[str]:
    """The axis: one line, or two segments and a break mark where the scale changes."""
    if not axis.broken:
        return [f'<line x1="20" y1="60" x2="{axis.width:.0f}" y2="60" class="tl-axis-line"/>']
    gap = 20 + axis.width * 0.18
    return [
        f'<line x1="20" y1="60" x2="{gap:.1f}" y2="60" class="tl-axis-line"/>'
        f'<line x1="{gap + 8:.1f}" y1="60" x2="{axis.width:.0f}" y2="60" class="tl-axis-line"/>'
        f'<path d="M{gap - 2:.1f},66 l4,-12 M{gap + 6:.1f},66 l4,-12" class="tl-axis-break">'
        f"<title>The scale changes here: the years before {int(axis.start)} are compressed"
        "</title></path>"
    ]


def _year_labels(axis: Axis, corpus: Corpus) -> list[str]:
    """A tick and a label for each year with an event or an essay, thinned so that none overlap."""
    marks, last = [], -1e9
    for year in sorted({d.year for d in [e.date for e in corpus.events] + [e.date for e in corpus.essays]}):
        x = axis.x(PartialDate(year, 1, 1))
        if x - last < 44:  # a label needs about 44 units at 14 px
            continue
        last = x
        marks.append(
            f'<line x1="{x:.1f}" y1="55" x2="{x:.1f}" y2="65" class="tl-tick"/>'
            f'<text x="{x:.1f}" y="82" class="tl-year-label" data-year="{year}">{year}</text>'
        )
    return marks


DOT_SLOT = 8  # dots closer than this (viewBox units) stack in one column, as features/timeline-filters.js restacks them


def dot_height(place: int) -> int:
    """The height of the `place`-th dot (1, 2, ...) of a column: 9 units above the one below it."""
    return max(60 - 9 * place, 8)


def first_mentions(corpus: Corpus, event: Event) -> list[Anchor]:
    """The first paragraph of each essay that names the event, essays in date order."""
    order = {e.id: i for i, e in enumerate(corpus.essays)}
    anchors = sorted((m.anchor for m in event.mentions), key=lambda a: (order.get(a.essay_id, len(order)), a.paragraph))
    firsts: dict[str, Anchor] = {}
    for anchor in anchors:
        firsts.setdefault(anchor.essay_id, anchor)
    return list(firsts.values())


def _event_dots(axis: Axis, corpus: Corpus, here: str, raw_links: str) -> list[str]:
    """A dot per event, stacked where dates are close; a dot is a link to the first paragraph
    that names the event. An event named in several essays has a dot for each essay's first
    paragraph, all but the first left out of the figure (tl-off): the essay filter shows the chosen
    essay's."""
    stack: Counter = Counter()
    dots = []
    for event in corpus.events:
        x = axis.x(event.date)
        slot = round(x / DOT_SLOT)
        stack[slot] += 1
        y = dot_height(stack[slot])
        label = f"{event.date.human}: {event.title}"
        anchors = first_mentions(corpus, event)
        theme = f" theme-{event.themes[0]}" if event.themes else ""
        common = (
            f'data-event="{escape(event.id)}" data-themes="{" ".join(event.themes)}" '
            f'data-essays="{" ".join(a.essay_id for a in anchors)}" data-slot="{slot}"'
        )
        for i, anchor in enumerate(anchors):
            where = f"{corpus.essay(anchor.essay_id).label} ¶{anchor.paragraph}"
            href = urls.html_href(urls.passage(anchor.essay_id, anchor.paragraph), here, raw_links)
            # tl-off, not HTML's hidden, which SVG's <a> does not take (the Nu HTML checker)
            dots.append(
                f'<a href="{href}" class="tl-dot{theme}{" tl-off" if i else ""}" {common} data-essay="{anchor.essay_id}" '
                f'aria-label="{escape(label)}; read it in {escape(where)}">'
                f'<circle cx="{x:.1f}" cy="{y}" r="4.5"/>'
                f'<text class="tl-dot-label" x="{x:.1f}" y="{max(y - 8, 10)}" '
                f'text-anchor="{"end" if x > axis.width * 0.7 else "start"}">{escape(_short(label))}</text></a>'
            )
    return dots


def _essay_marks(axis: Axis, corpus: Corpus) -> list[str]:
    """A diamond per essay under the axis, its author's name under it on up to three rows, so
    that close dates do not overlap; each a link to the essay's item in the list."""
    marks, row_end = [], [-1e9, -1e9, -1e9]
    for essay in corpus.essays:
        x = axis.x(essay.date)
        row = next((r for r, end in enumerate(row_end) if x - end >= 70), row_end.index(min(row_end)))
        row_end[row] = x
        marks.append(
            f'<g class="tl-essay-on-axis" data-essays="{essay.id}">'
            f'<a href="#{urls.fragment(urls.essay_on_timeline(essay.id))}" class="tl-essay-mark">'
            f'<path d="M{x:.1f},88 l6,8 l-6,8 l-6,-8 z">'
            f"<title>Essay: {escape(essay.label)}, {escape(essay.date.human)}</title></path></a>"
            f'<text x="{x:.1f}" y="{116 + 14 * row}" class="tl-essay-label">{escape(essay.short_author)}</text></g>'
        )
    return marks


def _year_bars(axis: Axis, essay_years: tuple[tuple[int, tuple[str, ...]], ...]) -> list[str]:
    """A bar per year under the axis, as high as the year's count of essays, linking to the year's
    item in the list, with the count under it (left out where it would touch the last one shown)."""
    most = max(len(ids) for _, ids in essay_years)
    marks, last = [], -1e9
    for year, ids in essay_years:
        left, right = axis.x(PartialDate(year, 1, 1)), axis.x(PartialDate(year, 12, 31))
        width = min((right - left) * 0.6, 30)
        height = max(30 * len(ids) / most, 2)  # a year of one essay stays visible
        middle = (left + right) / 2
        label = f"{year}: {count_of(len(ids), 'essay')} published"
        marks.append(
            f'<a href="#{urls.fragment(urls.year_on_timeline(year))}" class="tl-essay-mark" '
            f'aria-label="{escape(label)}"><rect x="{middle - width / 2:.1f}" y="{122 - height:.1f}" '
            f'width="{width:.1f}" height="{height:.1f}"><title>{escape(label)}</title></rect></a>'
        )
        if middle - last >= 44:  # as the year labels: about 44 units at 14 px
            last = middle
            marks.append(f'<text x="{middle:.1f}" y="140" class="tl-essay-label">{len(ids):,}</text>')
    return marks


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
