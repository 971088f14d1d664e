"""Views: the plain data each page template receives, built from the corpus and its links.

A template gets its page's view and the site-wide `SiteView` (names and counts every page may
show), never the corpus, the links or the renderer. Every function here is pure. `PAGES` is
the one list of fixed pages: adding one is an entry there (its id in urls.FIXED, its template,
its navigation title, its view).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .. import urls
from ..citing import bibtex, csl, highwire, jsonld, plain
from ..citing.model import citation, edition_date
from ..linking.crossrefs import CrossRef
from ..linking.link import Links
from ..linking.on_theme import more_essays
from ..sources.model import Corpus, Debate, Entity, Essay, Event, PartialDate, Passage, Theme
from . import analysis, changes
from .paging import (
    MENTIONS_ON_INDEX,
    MENTIONS_PER_PAGE,
    THEME_PAGE_PASSAGES,
    essay_years,
    mention_parts,
    theme_part_of,
    theme_parts,
)
from .timeline import timeline_axis_svg, year_span
from .words import quoted, snippet


@dataclass(frozen=True)
class Options:
    """What differs between the builds of one corpus."""

    site_url: str = ""
    # how links in raw HTML (the figures' SVG) are written: "published" (MkDocs leaves raw HTML
    # as it is: relative to the published page) or "source" (Zensical rewrites them as it does
    # Markdown links: relative to the Markdown file); see urls.html_href
    raw_links: str = "published"
    # above this many passages a theme's list moves to numbered parts (paging.py)
    theme_page_passages: int = THEME_PAGE_PASSAGES
    # above this many paragraphs an entity's or a term's mentions move to a page of their own
    mentions_on_index: int = MENTIONS_ON_INDEX
    mentions_per_page: int = MENTIONS_PER_PAGE  # and on their own page, at most this many a part
    # above this many essays the home page, the analysis and the timeline count by year, and the
    # rights page moves its rows to a page per year (paging.essay_years)
    essay_columns: int = analysis.ESSAY_COLUMNS_MAX


@dataclass(frozen=True)
class SiteView:
    """What any page may name: the essays, themes, events and entities by id, and the
    corpus's counts and years as words."""

    essays: Mapping[str, Essay]
    themes: Mapping[str, Theme]
    events: Mapping[str, Event]
    entities: Mapping[str, Entity]
    essays_phrase: str  # "five essays (2012–2018)"
    essay_years: str  # "2012–2018"
    event_years: str


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def essays_phrase(corpus: Corpus) -> str:
    """ "five essays (2012–2018)": how many essays the corpus holds, and their years."""
    n = len(corpus.essays)
    count = NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else f"{n:,}"
    return f"{count} essay{'' if n == 1 else 's'} ({year_span(e.date for e in corpus.essays)})"


def site_view(corpus: Corpus) -> SiteView:
    def by_id(items):
        return MappingProxyType({item.id: item for item in items})

    return SiteView(
        by_id(corpus.essays),
        by_id(corpus.themes),
        by_id(corpus.events),
        by_id(corpus.entities),
        essays_phrase(corpus),
        year_span(e.date for e in corpus.essays),
        year_span(e.date for e in corpus.events),
    )


WORDS_PER_MINUTE = 230


def reading_minutes(essay: Essay) -> int:
    return max(1, math.ceil(essay.word_count / WORDS_PER_MINUTE))


@dataclass(frozen=True)
class CiteView:
    """What an essay page shows and carries of its citation, every part written from the one
    citing.model.Citation: the reference, the BibTeX and CSL-JSON of "Cite this essay", the
    reference without its address for "Cite this paragraph" (features/cross-references.js adds
    ¶N and the paragraph's address), and the head's Highwire tags and JSON-LD, which the page's
    front matter hands to templates/overrides/main.html under both engines."""

    url: str  # "" without a site_url
    reference: str
    bibtex: str
    csl_json: str
    cite: str
    head_meta: tuple[tuple[str, str], ...]
    head_jsonld: str


def cite_view(corpus: Corpus, essay: Essay, options: Options) -> CiteView:
    cite = citation(essay, options.site_url, edition_date(corpus))
    return CiteView(
        cite.url,
        plain.reference(cite),
        bibtex.entry(cite),
        csl.document([cite]),
        plain.essay_part(cite),
        highwire.tags(cite),
        jsonld.script_text(cite),
    )


# --- fixed pages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class EssayLine:
    """An essay in a line, as the home page and the essays page give it: what the sources say of
    its argument, and whose words those are (`source`, shown after it)."""

    essay: Essay
    text: str
    source: str  # "editors’ summary", "author’s abstract", "author’s abstract, first paragraph"


def essay_line(essay: Essay) -> EssayLine:
    """The editors' summary (a sentence each, written to say what the essay argues), else the
    author's abstract, its first paragraph where it has several: no line is written for the site."""
    if essay.summary:
        return EssayLine(essay, " ".join(essay.summary.split()), "editors’ summary")
    paragraphs = [" ".join(p.split()) for p in essay.abstract.split("\n\n") if p.strip()]
    source = "author’s abstract" + (", first paragraph" if len(paragraphs) > 1 else "")
    return EssayLine(essay, paragraphs[0] if paragraphs else "", source)


@dataclass(frozen=True)
class WayIn:
    """Where the home page tells a reader to start: the newest essay, the debates that the most
    essays answer differently (their verdict is not "agree"), and the timeline."""

    newest: Essay
    debate_count: int
    main_debates: tuple[tuple[Debate, int], ...]  # (debate, how many essays take part), at most MAIN_DEBATES
    event_count: int


MAIN_DEBATES = 3


def way_in(corpus: Corpus) -> WayIn:
    """The newest essay (the last in date order), the MAIN_DEBATES debates where the essays
    differ that the most essays take part in (then the most positions, then the editors' order)."""

    def essays_in(debate: Debate) -> int:
        return len({corpus.passage(p.passage_id).essay_id for p in debate.positions})

    differing = [d for d in corpus.debates if d.verdict != "agree"]
    ranked = sorted(differing, key=lambda d: (-essays_in(d), -len(d.positions)))  # stable: the editors' order
    return WayIn(
        corpus.essays[-1],
        len(corpus.debates),
        tuple((d, essays_in(d)) for d in ranked[:MAIN_DEBATES]),
        len(corpus.events),
    )


def home(corpus: Corpus, links: Links, options: Options) -> dict:
    """Where to start and each essay in a line (for a large corpus, the essays page has the
    lines), then the essays and the theme-by-essay matrix; for a large corpus (analysis.columns)
    both count by year, and the essays' list is the essays page's."""
    cols = analysis.columns(corpus, options.essay_columns)
    by_column = analysis.column_of(cols)
    counts = Counter((t, by_column[p.essay_id]) for p in corpus.passages for t in p.themes)
    totals = Counter(p.essay_id for p in corpus.passages)
    by_year = not all(c.is_essay for c in cols)
    return {
        "way_in": way_in(corpus),
        "essay_lines": [] if by_year else [essay_line(e) for e in corpus.essays],
        "essays": corpus.essays,
        "themes": corpus.themes,
        "columns": cols,
        "by_year": by_year,
        "year_totals": {c.key: sum(totals[e] for e in c.essay_ids) for c in cols} if by_year else {},
        "matrix": {"counts": counts, "totals": totals, "max": max(counts.values(), default=1)},
        "wide": len(cols) > analysis.COUNT_COLUMNS_MAX,  # the matrix is cards at every width
    }


def essays_index(corpus: Corpus, links: Links, options: Options) -> dict:
    """Each essay by year, with its line (essay_line) and its count of annotated passages."""
    return {
        "essays": corpus.essays,
        "lines": {e.id: essay_line(e) for e in corpus.essays},
        "passage_counts": Counter(p.essay_id for p in corpus.passages),
    }


def themes_index(corpus: Corpus, links: Links, options: Options) -> dict:
    return {"themes": corpus.themes}


@dataclass(frozen=True)
class EssaysOfYear:
    """A year's essays, counted where a page would otherwise name each of too many (paging.essay_years)."""

    year: int
    count: int
    ref: (
        urls.Ref
    )  # where they are listed: on the timeline, the essays page's year; on the rights page, the year's rights


def timeline(corpus: Corpus, links: Links, options: Options) -> dict:
    """Every event in date order, and the essays on their publication dates; for a large corpus
    (paging.essay_years) the count of each year's essays instead of an item per essay, and no
    checkbox per essay in the filter (features/timeline-filters.js offers the authors instead)."""
    essays_by_year = essay_years(corpus, options.essay_columns)
    items: list[tuple[str, PartialDate, object]] = [("event", e.date, e) for e in corpus.events]
    if essays_by_year:
        items += [
            ("essays", PartialDate(year), EssaysOfYear(year, len(ids), urls.essays_of_year(year)))
            for year, ids in essays_by_year
        ]
    else:
        items += [("essay", e.date, e) for e in corpus.essays]
    items.sort(key=_in_timeline_order)
    years: dict[int, list] = {}
    for item in items:
        years.setdefault(item[1].year, []).append(item)
    return {
        "themes": corpus.themes,
        "essays": [] if essays_by_year else corpus.essays,
        "by_year": bool(essays_by_year),
        "years": sorted(years.items()),
        "axis_svg": timeline_axis_svg(corpus, essays_by_year, options.raw_links),
    }


def _in_timeline_order(item: tuple) -> tuple:
    """By date, an event before an essay of its date; a year's count of essays opens its year
    (by its date alone it would follow the events known only to the year: four in 2014)."""
    kind, date, thing = item
    return (date.year, kind != "essays", date.sort_key, kind != "event", "" if kind == "essays" else thing.id)


def _positions_in_order(corpus: Corpus, debate: Debate) -> list[tuple]:
    """(position, its passage) in the essays' date order, then paragraph order."""
    order = {e.id: i for i, e in enumerate(corpus.essays)}
    pairs = [(pos, corpus.passage(pos.passage_id)) for pos in debate.positions]
    return sorted(pairs, key=lambda pp: (order[pp[1].essay_id], pp[1].paragraph))


@dataclass(frozen=True)
class PositionView:
    """A position in a debate as a reader sees it: the passage, the sentence that states the
    stance (the position's quote, else the passage's), and how it relates to the same
    essay's other position, where it has one."""

    passage: Passage
    quote: str
    note: str


@dataclass(frozen=True)
class StanceView:
    """One stance of a debate and the positions that take it, in date order."""

    stance: str
    positions: tuple[PositionView, ...]


def _stances(corpus: Corpus, debate: Debate) -> tuple[StanceView, ...]:
    """The debate's stances in the date order of their first position; no stance twice."""
    grouped: dict[str, list[PositionView]] = {}
    for pos, passage in _positions_in_order(corpus, debate):
        quote = pos.quote.quote.exact if pos.quote else passage.anchor.quote.exact
        grouped.setdefault(pos.stance, []).append(PositionView(passage, quote, pos.note))
    return tuple(StanceView(stance, tuple(views)) for stance, views in grouped.items())


def _debates(corpus: Corpus, theme_id: str | None = None) -> list[dict]:
    return [
        {"debate": d, "positions": _positions_in_order(corpus, d), "stances": _stances(corpus, d)}
        for d in corpus.debates
        if theme_id is None or d.theme == theme_id
    ]


def debates_page(corpus: Corpus, links: Links, options: Options) -> dict:
    """Every debate, grouped by theme in the themes' order, positions side by side by stance."""
    by_theme = [(theme, _debates(corpus, theme.id)) for theme in corpus.themes]
    return {
        "by_theme": [(theme, items) for theme, items in by_theme if items],
        "count": len(corpus.debates),
        "verdicts": Counter(d.verdict for d in corpus.debates),
    }


def analysis_page(corpus: Corpus, links: Links, options: Options) -> dict:
    return {
        "essays": corpus.essays,
        "themes": corpus.themes,
        "passage_count": len(corpus.passages),
        "debates": _debates(corpus),
        "a": analysis.view(
            corpus, links, options.raw_links, theme_part_of(corpus, options.theme_page_passages), options.essay_columns
        ),
    }


def entity_paragraphs(corpus: Corpus, links: Links, entity_id: str) -> list[tuple[str, list[int]]]:
    """(essay id, paragraph numbers) for each essay that mentions the entity, in date order."""
    found: dict[str, list[int]] = {}
    for mention in links.entity_mentions.get(entity_id, ()):
        numbers = found.setdefault(mention.essay_id, [])
        if mention.paragraph not in numbers:
            numbers.append(mention.paragraph)
    return [(e.id, found[e.id]) for e in corpus.essays if e.id in found]


def _mentioned(places: list[tuple[str, list[int]]], page: urls.Ref, limit: int) -> dict:
    """An entry's paragraphs on its index, or (above `limit`) their count and their own page."""
    count = sum(len(numbers) for _, numbers in places)
    moved = count > limit
    return {"places": [] if moved else places, "count": count, "essays": len(places), "page": page if moved else None}


def entities(corpus: Corpus, links: Links, options: Options) -> dict:
    kinds = (("person", "People"), ("place", "Places"), ("organisation", "Organisations"))
    return {
        "groups": [
            (
                heading,
                [
                    (
                        ent,
                        _mentioned(
                            entity_paragraphs(corpus, links, ent.id),
                            urls.entity_mentions(ent.id),
                            options.mentions_on_index,
                        ),
                    )
                    for ent in corpus.entities
                    if ent.kind == kind
                ],
            )
            for kind, heading in kinds
        ]
    }


def term_paragraphs(corpus: Corpus, links: Links) -> dict[str, list[tuple[str, int]]]:
    """term -> (essay id, paragraph number) of every paragraph that uses it, in reading order."""
    usage: dict[str, list[tuple[str, int]]] = {t.id: [] for t in corpus.terms}
    for (essay_id, number), terms in links.terms_by_paragraph.items():
        for term_id in terms:
            usage[term_id].append((essay_id, number))
    order = {e.id: i for i, e in enumerate(corpus.essays)}
    return {k: sorted(v, key=lambda en: (order[en[0]], en[1])) for k, v in usage.items()}


def _by_essay(pairs: list[tuple[str, int]]) -> list[tuple[str, list[int]]]:
    grouped: dict[str, list[int]] = {}
    for essay_id, number in pairs:
        grouped.setdefault(essay_id, []).append(number)
    return list(grouped.items())


def glossary(corpus: Corpus, links: Links, options: Options) -> dict:
    """The terms in alphabetical order, each with the paragraphs that use it in reading order
    (or, for a term used too often, their count and the page that lists them)."""
    usage = term_paragraphs(corpus, links)
    return {
        "terms": sorted(corpus.terms, key=lambda t: t.term.lower()),  # as a reader looks a word up
        "usage": usage,
        "mentioned": {
            t.id: _mentioned(_by_essay(usage[t.id]), urls.term_mentions(t.id), options.mentions_on_index)
            for t in corpus.terms
        },
    }


def mentions_pages(corpus: Corpus, links: Links, options: Options) -> list[tuple[urls.Ref, dict]]:
    """The pages of the entities and terms whose mentions left their index (`_mentioned`), in
    parts where one page would be too long (paging.mention_parts)."""
    usage = term_paragraphs(corpus, links)
    entries: list[tuple] = [
        (
            urls.entity_mentions,
            ent.id,
            ent.name,
            "named",
            urls.entity(ent.id),
            "Entities",
            entity_paragraphs(corpus, links, ent.id),
        )
        for ent in corpus.entities
    ]
    entries += [
        (urls.term_mentions, term.id, term.term, "used", urls.term(term.id), "Glossary", _by_essay(usage[term.id]))
        for term in corpus.terms
    ]
    pages = []
    for ref_of, item_id, title, what, back, back_label, places in entries:
        mentioned = _mentioned(places, ref_of(item_id), options.mentions_on_index)
        if mentioned["page"] is None:
            continue
        parts = mention_parts(places, options.mentions_per_page)
        for number, shown in enumerate(parts, 1):
            pages.append(
                (
                    ref_of(item_id, number),
                    {
                        "title": title,
                        "what": what,
                        "back": back,
                        "back_label": back_label,
                        "count": mentioned["count"],
                        "essays": mentioned["essays"],
                        "places": shown,
                        "part": number,
                        "part_count": len(parts),
                        "previous": ref_of(item_id, number - 1) if number > 1 else None,
                        "next": ref_of(item_id, number + 1) if number < len(parts) else None,
                    },
                )
            )
    return pages


def data(corpus: Corpus, links: Links, options: Options) -> dict:
    return {
        "offline_zip": urls.OFFLINE_ZIP,
        "rights_text": urls.RIGHTS_TEXT,
        "data_release": urls.data_release(corpus.edition.version) if corpus.edition else "",  # the release zip
    }


ANNOTATIONS_LICENCE = (
    "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "https://creativecommons.org/licenses/by/4.0/",
)


@dataclass(frozen=True)
class EssayRights:
    essay: Essay
    authors: str  # as the source names them, or that it does not
    first_published: str  # as far as the source says
    notice: str  # what the source says about rights


def first_published(essay: Essay) -> str:
    parts = []
    if essay.venue != "unknown":
        parts.append(essay.venue + (f", {essay.extra['series']}" if essay.extra.get("series") else ""))
    elif essay.extra.get("series"):
        parts.append(f"the series {essay.extra['series']} (the publication that carries it is not named)")
    if essay.extra.get("original_edition"):
        # as the source prints it, less its closing full stop: the sentence around it has its own
        parts.append(f"original edition: {str(essay.extra['original_edition']).rstrip('.')}")
    return "; ".join(parts) if parts else "not stated in the source"


def essay_rights(essay: Essay) -> EssayRights:
    authors = essay.author_names if essay.authors else "not named in the source"
    return EssayRights(
        essay,
        authors,
        first_published(essay),
        "the source carries no copyright notice and no licence; the rights stay with the author or the first publisher",
    )


def _rights_years(corpus: Corpus, options: Options) -> list[tuple[tuple[str, ...], EssaysOfYear]]:
    """(the year's essays, their count and rights page) for each year, where the rights page
    counts by year (paging.essay_years); [] where it names every essay."""
    return [
        (ids, EssaysOfYear(year, len(ids), urls.rights_of_year(year)))
        for year, ids in essay_years(corpus, options.essay_columns)
    ]


def rights(corpus: Corpus, links: Links, options: Options) -> dict:
    """The rights in every essay, a row each; for a large corpus (paging.essay_years) the count of
    each year's essays and the link to the page of their rows (rights_year_pages)."""
    years = _rights_years(corpus, options)
    return {
        "essays": [] if years else [essay_rights(e) for e in corpus.essays],
        "years": [counted for _, counted in years],
        "essay_count": len(corpus.essays),
        "licence": ANNOTATIONS_LICENCE,
        "rights_text": urls.RIGHTS_TEXT,
        "rights_essays": RIGHTS_ESSAYS,
        "annotations_own": ANNOTATIONS_OWN,
        "rights_contact": RIGHTS_CONTACT,
    }


def rights_year_pages(corpus: Corpus, options: Options) -> list[tuple[urls.Ref, dict]]:
    """The pages of the rights in each year's essays, where the rights page counts them by year."""
    counted = _rights_years(corpus, options)
    return [
        (
            this.ref,
            {
                "year": this.year,
                "essays": [essay_rights(corpus.essay(e)) for e in ids],
                "essay_count": len(corpus.essays),
                "back": urls.page("rights"),
                "rights_essays": RIGHTS_ESSAYS,
                "previous": counted[k - 1][1] if k else None,  # the years next to it, with their counts
                "next": counted[k + 1][1] if k + 1 < len(counted) else None,
            },
        )
        for k, (ids, this) in enumerate(counted)
    ]


def rights_text(corpus: Corpus) -> str:
    """The rights page as plain text, for the downloads (data/RIGHTS.txt)."""
    name, address = ANNOTATIONS_LICENCE
    lines = ["Rights and licences", "", "The essays", ""]
    for r in (essay_rights(e) for e in corpus.essays):
        lines += [
            f'- {r.essay.label}: "{r.essay.title}". Author: {r.authors}. First published: '
            f"{r.first_published}. Rights: {r.notice}."
        ]
    lines += [
        "",
        RIGHTS_ESSAYS,
        "",
        f"The annotations and data: {ANNOTATIONS_OWN} Licence: {name}, {address}.",
        "",
        f"Corrections and removal: {RIGHTS_CONTACT}",
        "",
    ]
    return "\n".join(lines)


RIGHTS_ESSAYS = (
    "The essays are reproduced in full, for research and teaching, so that readers can compare "
    "what each author says, with the source named at each essay. The editors claim no rights in them."
)
ANNOTATIONS_OWN = (
    "The themes, passage notes, relations, debates, events, entities, glossary and the data "
    "files made from them are the editors' work."
)
RIGHTS_CONTACT = (
    "A rights holder who wants an essay removed or its presentation changed, or a reader who finds "
    "an error, can ask the editors through the issue tracker of the project's source repository, "
    "naming the essay and the paragraph (its ¶ permalink); the essay is taken down while a "
    "request about rights is settled."
)


def changes_page(corpus: Corpus, links: Links, options: Options) -> dict:
    """The corrections and changes (pages/changes.py), with the feed and the data's release zip."""
    edition = corpus.edition
    return {
        "releases": changes.releases(corpus, {p.id: p.title for p in PAGES}),
        "feed": urls.CHANGES_FEED,
        "data_zip": urls.data_release(edition.version) if edition else "",
    }


@dataclass(frozen=True)
class Page:
    id: str  # in urls.FIXED
    template: str
    title: str  # in the navigation
    view: Callable[[Corpus, Links, Options], dict]
    in_navigation: bool = True  # else linked from elsewhere (the rights page: from every page's footer)


PAGES = (
    Page("home", "index.md.j2", "Overview", home),
    Page("essays", "essays_index.md.j2", "All essays", essays_index),
    Page("themes", "themes_index.md.j2", "All themes", themes_index),
    Page("debates", "debates.md.j2", "Where the authors disagree", debates_page),
    Page("timeline", "timeline.md.j2", "Timeline", timeline),
    Page("analysis", "analysis.md.j2", "Analysis", analysis_page),
    Page("entities", "entities.md.j2", "Entities", entities),
    Page("glossary", "glossary.md.j2", "Glossary", glossary),
    Page("data", "data.md.j2", "Data", data),
    Page("rights", "rights.md.j2", "Rights", rights, in_navigation=False),
    Page("changes", "changes.md.j2", "Corrections and changes", changes_page, in_navigation=False),
)
ESSAY_TEMPLATE, THEME_TEMPLATE = "essay.md.j2", "theme.md.j2"  # one page per essay, per theme
THEME_PART_TEMPLATE = "theme_part.md.j2"  # a part of a theme's list of passages, where it is split
MENTIONS_TEMPLATE = "mentions.md.j2"  # every paragraph naming an entity or using a term, where its index has too many
RIGHTS_YEAR_TEMPLATE = "rights_year.md.j2"  # the rights in one year's essays, where the rights page counts them by year
# a fixed page's address is urls.FIXED's (the owner of addresses): both name the same pages
# (tests/test_urls.py checks that they do)


# --- essays and themes ----------------------------------------------------------------------


@dataclass(frozen=True)
class PanelItem:
    """One line of a cross-reference panel or of "passages that point here". The passage's quote
    is not in it: features/cross-references.js shows it from the essay's previews when the panel opens (see
    preview_script), which keeps an essay page's HTML small."""

    essay_label: str
    paragraph: int
    ref: urls.Ref
    reason: str
    asserted: bool
    quote: str = ""  # the sentence that carries the shared point, where it is not the passage's key sentence


def panel_item(corpus: Corpus, related: CrossRef) -> PanelItem:
    p = related.passage
    return PanelItem(
        corpus.essay(p.essay_id).label,
        p.paragraph,
        urls.passage(p.essay_id, p.paragraph),
        related.reason,
        related.basis == "asserted",
        related.quote,
    )


@dataclass(frozen=True)
class MoreOn:
    """ "More in Pajon 2017 on Sanctions (4 passages)": an essay that shares themes with a passage
    but has no passage in its panel, and for each shared theme the count of its passages there
    (each a link to that essay's part of the theme page)."""

    essay: Essay
    themes: tuple[tuple[Theme, int], ...]


@dataclass(frozen=True)
class MoreView:
    """The end of a panel: the other essays it names on the passage's themes (at most
    linking.on_theme.MORE_ESSAYS, in date order), then, for each theme, how many more essays
    treat it ("212 more essays on Sanctions", a link to the theme page, which lists them)."""

    essays: tuple[MoreOn, ...]
    elsewhere: tuple[tuple[Theme, int], ...]


def more_on(corpus: Corpus, links: Links, passage: Passage, panel: tuple[CrossRef, ...]) -> MoreView:
    """The other essays on the passage's themes that have no passage in its panel: those the
    panel names (linking/on_theme.py says which) and the count of the rest, theme by theme."""
    index = links.on_theme
    shown = frozenset(ref.passage.essay_id for ref in panel)
    more = more_essays(index, passage.essay_id, passage.themes, shown)
    essays = tuple(
        MoreOn(
            corpus.essay(e),
            tuple((corpus.theme(t), index.counts[(t, e)]) for t in passage.themes if index.counts.get((t, e), 0)),
        )
        for e in more.named
    )
    return MoreView(essays, tuple((corpus.theme(t), n) for t, n in more.rest))


def essay_page(corpus: Corpus, links: Links, options: Options, essay: Essay) -> dict:
    cite = cite_view(corpus, essay, options)
    passages = corpus.passages_by_essay.get(essay.id, ())
    theme_counts = Counter(t for p in passages for t in p.themes)
    blocks = []
    for block in essay.blocks:
        passage = links.passage_at.get((essay.id, block.number)) if block.number else None
        panel = links.related.get(passage.id, ()) if passage else ()
        blocks.append(
            {
                "block": block,
                "passage": passage,
                "no_claim": links.no_claim_at.get((essay.id, block.number), "") if block.number else "",
                "events": links.events_at.get((essay.id, block.number), ()),
                "related": [panel_item(corpus, r) for r in panel],
                "more": more_on(corpus, links, passage, panel) if passage else MoreView((), ()),
                "backlinks": [panel_item(corpus, r) for r in links.backlinks.get(passage.id, ())] if passage else (),
            }
        )
    return {
        "essay": essay,
        "blocks": blocks,
        "url": cite.url,
        "minutes": reading_minutes(essay),
        "bibtex": cite.bibtex,
        "reference": cite.reference,
        "csl_json": cite.csl_json,
        "cite": cite.cite,
        "head": cite,
        "essay_path": urls.public_url(urls.essay(essay.id), ""),
        "themes": [t for t in corpus.themes if theme_counts[t.id]],
        "theme_counts": theme_counts,
        "strip": analysis.theme_strip(corpus, essay),
        "strip_count": len(analysis.paragraph_themes(corpus, essay.id)),  # the theme map's paragraphs
        "has_headings": any(b.kind == "heading" for b in essay.blocks),
    }  # else no empty contents column


def search_authors(essay) -> tuple[str, ...]:
    """The essay's authors as the search box's author filter names them: by the surname the
    labels use ("Streltsov 2012", "Streltsov 2018": one author, whose name the two sources print
    differently); an unsigned essay is "author not named"."""
    return (essay.short_author,) if essay.authors else ("author not named",)


def essay_list_script(corpus: Corpus) -> str:
    """assets/essays.js: each essay's id, label and authors, in date order (the search filters)."""
    data = [{"id": e.id, "label": e.label, "authors": list(search_authors(e))} for e in corpus.essays]
    return f"window.__essays = {json.dumps(data, ensure_ascii=True, separators=(',', ':'))};\n"


def tips_script(corpus: Corpus) -> str:
    """assets/tips.js: what the preview of a prose link says, by the link's data-ref ("term:<id>"):
    an event's date and title, a term's definition, a name's description, a theme's label. Kept
    out of the pages (as title attributes they weighed 12 KB on the 2018 essay alone); loaded
    on the first preview, as a script so that it loads from file:// too."""
    tips = {f"event:{e.id}": f"{e.date.human}: {e.title}" for e in corpus.events}
    tips.update({f"term:{t.id}": t.definition for t in corpus.terms})
    tips.update({f"entity:{e.id}": f"{e.name}: {e.description}" for e in corpus.entities})
    tips.update({f"theme:{t.id}": f"Theme: {t.label}" for t in corpus.themes})
    return f"window.__tips = {json.dumps(tips, ensure_ascii=True, sort_keys=True, separators=(',', ':'))};\n"


# A preview's text ends at a word before this many characters, with "…": about 5 lines of the
# preview on a desk and 8 on a phone, where its box holds 8 lines (.preview-text in site.css)
PREVIEW_CHARACTERS = 300


def preview_script(corpus: Corpus, links: Links, essay: Essay) -> str:
    """assets/previews/<essay>.js: what a preview shows of each numbered paragraph (the essay's
    label and date, the paragraph's text to PREVIEW_CHARACTERS, and its themes) and, for an
    annotated one, the passage's quote that the cross-reference panels show, in its quotation
    marks; a script, so that it loads from file:// too."""
    paragraphs: dict[str, dict] = {}
    for block in essay.blocks:
        if block.number:
            passage = links.passage_at.get((essay.id, block.number))
            text = snippet(block.text, PREVIEW_CHARACTERS)
            paragraphs[str(block.number)] = {"text": text, "themes": list(passage.themes) if passage else []}
            if passage:
                paragraphs[str(block.number)]["quote"] = quoted(passage.anchor.quote.exact)
    data = {
        "label": essay.label,
        "date": essay.date.human,
        "title": essay.title,
        "themes": {t.id: t.label for t in corpus.themes},
        "paragraphs": paragraphs,
    }
    payload = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return f"window.__previews = window.__previews || {{}};\nwindow.__previews[{json.dumps(essay.id)}] = {payload};\n"


def _part_row(
    corpus: Corpus, theme: Theme, number: int, essay_ids: tuple[str, ...], by_essay: Mapping[str, list[Passage]]
) -> dict:
    first, last = corpus.essay(essay_ids[0]), corpus.essay(essay_ids[-1])
    return {
        "ref": urls.theme_part(theme.id, number),
        "number": number,
        "first": first,
        "last": last,
        "essays": len(essay_ids),
        "passages": sum(len(by_essay[e]) for e in essay_ids),
    }


def theme_part_page(corpus: Corpus, theme: Theme, parts: tuple[tuple[str, ...], ...], number: int) -> dict:
    """Part `number` of a theme's list of passages (`parts`: paging.theme_parts), with the way
    to the others."""
    essay_ids = parts[number - 1]
    by_essay = {e: [p for p in corpus.passages_by_essay[e] if theme.id in p.themes] for e in essay_ids}
    return {
        "theme": theme,
        "part": _part_row(corpus, theme, number, essay_ids, by_essay),
        "part_count": len(parts),
        "previous": urls.theme_part(theme.id, number - 1) if number > 1 else None,
        "next": urls.theme_part(theme.id, number + 1) if number < len(parts) else None,
        "by_essay": [(corpus.essay(e), by_essay[e]) for e in essay_ids],
    }


def theme_page(corpus: Corpus, links: Links, options: Options, theme: Theme) -> dict:
    passages = [p for p in corpus.passages if theme.id in p.themes]
    related = Counter(t for p in passages for t in p.themes if t != theme.id)
    entity_counts: Counter = Counter()
    for p in passages:
        for entity_id in links.mentions_by_paragraph.get((p.essay_id, p.paragraph), ()):
            entity_counts[entity_id] += 1
    by_essay: dict[str, list[Passage]] = {}
    for p in passages:
        by_essay.setdefault(p.essay_id, []).append(p)
    parts = theme_parts(corpus, theme.id, options.theme_page_passages)
    return {
        "theme": theme,
        "passage_count": len(passages),
        "essay_count": len(corpus.essays),
        "essays_on_theme": len(by_essay),
        # the list itself, or (where it is split) a table of its parts
        "by_essay": [] if parts else [(e, by_essay[e.id]) for e in corpus.essays if e.id in by_essay],
        "parts": [_part_row(corpus, theme, k, essays, by_essay) for k, essays in enumerate(parts, 1)],
        "debates": _debates(corpus, theme.id),
        "related": sorted(related.items(), key=lambda kv: (-kv[1], kv[0])),
        "events": [e for e in corpus.events if theme.id in e.themes],
        "entities": sorted(entity_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:12],
    }
