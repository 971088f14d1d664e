"""Render stage: turn the model and its links into Markdown pages, through Jinja templates.

Pure: `render_pages` returns {relative path: text}; writing is `output.write_tree`'s job.
All annotation text is escaped where it lands: `md` for Markdown, `e` (autoescape) for HTML.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from . import urls
from .link import Links
from .model import Corpus, Essay, PartialDate

WORDS_PER_MINUTE = 230
VERDICT_WORDS = {"agree": "The authors agree.", "disagree": "The authors disagree.",
                 "changed-over-time": "The view changed over time."}
_MD_SPECIALS = re.compile(r"([\\`*_\[\]{}|~^]|(?<!&)#)")


@lru_cache(maxsize=65536)  # notes and quotes recur on many pages: escape each once
def _md_escape_text(text: str) -> Markup:
    # & < > " as entities (" can close a link title); ' stays: it means nothing to Markdown
    # or HTML text, and the table of contents would show an entity in a heading literally
    text = str(escape(text)).replace("&#39;", "'")
    text = _MD_SPECIALS.sub(r"\\\1", text)
    return Markup(" ".join(text.split()))


def md_escape(value) -> Markup:
    """Text that shows literally in Markdown and in HTML (no markup, no attr lists)."""
    return _md_escape_text(str(value))


def md_heading(value) -> Markup:
    """md_escape for a heading: a double quote stays a character (no link title there), so
    the table of contents, which re-escapes heading text, shows it as written."""
    return Markup(str(md_escape(value)).replace("&#34;", '"'))


def front_matter_text(value) -> Markup:
    """A page title or description for the generated front matter: MkDocs and Material insert
    these into the HTML as they are (<title>, navigation, header, <meta content="...">), so they
    are written as HTML-escaped text, in a JSON string (valid YAML)."""
    return Markup(json.dumps(str(escape(str(value))), ensure_ascii=False))


def essay_label(essay: Essay) -> str:
    return essay.label


def reading_minutes(essay: Essay) -> int:
    return max(1, math.ceil(essay.word_count / WORDS_PER_MINUTE))


def bibtex(essay: Essay, url: str) -> str:
    authors = " and ".join(a.name for a in essay.authors) if essay.authors else "{Anonymous}"
    fields = [("author", authors), ("title", "{" + essay.title + "}"), ("year", str(essay.date.year))]
    if essay.date.month:
        fields.append(("month", ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                 "nov", "dec"][essay.date.month - 1]))
    if essay.venue != "unknown":
        fields.append(("journal", essay.venue))
    notes = []
    if essay.date_inferred:
        notes.append(f"date inferred: {essay.date.human}")
    if essay.venue == "unknown":
        notes.append("venue not stated in the source")
    if not essay.authors:
        notes.append("author not named in the source")
    if notes:
        fields.append(("note", "; ".join(notes)))
    fields.append(("url", url))
    # one line per field: the entry is shown in a code block, which a line break could close
    body = ",\n".join(f"  {k} = {{{' '.join(v.split())}}}" for k, v in fields)
    return f"@article{{{essay.id},\n{body}\n}}"


def plain_reference(essay: Essay, url: str) -> str:
    authors = essay.author_names if essay.authors else "[Author not named]"
    date = essay.date.human + (" (date inferred)" if essay.date_inferred else "")
    venue = essay.venue if essay.venue != "unknown" else "[venue not stated]"
    title = essay.title + (" [title supplied by the editors]" if essay.extra.get("title_is_editorial") else "")
    return f"{authors}. “{title}”. {venue}, {date}. {url}"


# Every fixed page: (its id in urls.FIXED, the template that writes it, its navigation title).
# Essays and themes have one page each, from essay.md.j2 and theme.md.j2. Adding a page is one
# entry here (and its view in Renderer.pages, if it needs more than the corpus).
PAGES = (("home", "index.md.j2", "Overview"), ("essays", "essays_index.md.j2", "All essays"),
         ("themes", "themes_index.md.j2", "All themes"), ("timeline", "timeline.md.j2", "Timeline"),
         ("analysis", "analysis.md.j2", "Analysis"), ("entities", "entities.md.j2", "Entities"),
         ("glossary", "glossary.md.j2", "Glossary"), ("data", "data.md.j2", "Data"))


def template_of(page: str) -> str:
    """The template that writes generated page `page` ("essays/pajon-2017.md" -> "essay.md.j2")."""
    ref = urls.page_of(page)
    if ref is None:
        return ""
    if ref.kind == "page":
        return next(template for page_id, template, _ in PAGES if page_id == ref.id)
    return {"essay": "essay.md.j2", "theme": "theme.md.j2"}[ref.kind]


@pass_context
def _href(context, ref: urls.Ref) -> str:
    """`href(ref)` in a template: the link to `ref` from the page being rendered (`here`)."""
    return urls.href(ref, context["here"])


class Renderer:
    def __init__(self, corpus: Corpus, links: Links, templates: Path, site_url: str = "",
                 offline: bool = False, cache: Path | None = None):
        self.corpus = corpus
        self.offline = offline  # the copy for reading from disk: no link to its own zip
        self._items: dict[tuple, Markup] = {}
        self.links = links
        self.site_url = site_url.rstrip("/")
        # compiled templates are kept between builds (`cache`, git-ignored): compiling them
        # costs more than rendering a small corpus
        bytecode = None
        if cache is not None:
            cache.mkdir(parents=True, exist_ok=True)
            bytecode = FileSystemBytecodeCache(str(cache))
        self.env = Environment(loader=FileSystemLoader(str(templates)), autoescape=True,
                               bytecode_cache=bytecode,
                               undefined=StrictUndefined, keep_trailing_newline=True,
                               trim_blocks=True, lstrip_blocks=True)
        self.env.filters["md"] = md_escape
        self.env.filters["md_heading"] = md_heading
        self.env.filters["json"] = lambda v: Markup(json.dumps(v, ensure_ascii=False, sort_keys=True))
        self.env.filters["meta"] = front_matter_text
        self.env.globals.update(corpus=corpus, links=links, label=essay_label, site=self,
                                verdict_words=VERDICT_WORDS, href=_href, fragment=urls.fragment,
                                essay_ref=urls.essay, passage_ref=urls.passage, theme_ref=urls.theme,
                                debate_ref=urls.debate, event_ref=urls.event, entity_ref=urls.entity,
                                term_ref=urls.term, page_ref=urls.page, theme_in_essay_ref=urls.theme_in_essay,
                                essay_on_timeline_ref=urls.essay_on_timeline,
                                essays_phrase=essays_phrase(corpus), file_ref=urls.file, offline_zip=urls.OFFLINE_ZIP,
                                event_years=year_span(e.date for e in corpus.events),
                                essay_years=year_span(e.date for e in corpus.essays))

    # helpers used by templates -------------------------------------------------
    def essay_url(self, essay_id: str) -> str:
        return urls.public_url(urls.essay(essay_id), self.site_url)

    def theme_label(self, theme_id: str) -> str:
        return self.corpus.theme(theme_id).label

    def passages_of(self, essay_id: str, theme_id: str | None = None):
        return [p for p in self.corpus.passages_by_essay.get(essay_id, ())
                if theme_id is None or theme_id in p.themes]

    def xref_item(self, ref) -> Markup:
        """One list item of a cross-reference panel or of "passages that point here": where,
        the quoted sentence, and the reason (memoized: a passage is shown at several others)."""
        key = (ref.passage.id, ref.reason, ref.basis)
        if key not in self._items:
            p = ref.passage
            mark = "**Editors’ relation**, " if ref.asserted else ""
            link = urls.href(urls.passage(p.essay_id, p.paragraph), urls.ESSAY_PAGES)  # panels are on essay pages
            self._items[key] = Markup(
                f"- [{md_escape(self.corpus.essay(p.essay_id).label)}, ¶{p.paragraph}]"
                f"({link}){{: .xref-link }} “{md_escape(p.anchor.quote.exact)}” "
                f"— {mark}*{md_escape(ref.reason)}*")
        return self._items[key]

    def quote_of(self, passage) -> str:
        return passage.anchor.quote.exact

    def positions_in_order(self, debate):
        order = {e.id: i for i, e in enumerate(self.corpus.essays)}
        return sorted(debate.positions, key=lambda pos: (order[self.corpus.passage(pos.passage_id).essay_id],
                                                         self.corpus.passage(pos.passage_id).paragraph))

    def event(self, event_id: str):
        return self.corpus.event(event_id)

    def entity(self, entity_id: str):
        return self.corpus.entity(entity_id)

    def entity_paragraphs(self, entity_id: str) -> list[tuple[str, list[int]]]:
        """(essay id, paragraph numbers) for each essay that mentions the entity, in date order."""
        found: dict[str, list[int]] = {}
        for mention in self.links.entity_mentions.get(entity_id, ()):
            numbers = found.setdefault(mention.essay_id, [])
            if mention.paragraph not in numbers:
                numbers.append(mention.paragraph)
        return [(e.id, found[e.id]) for e in self.corpus.essays if e.id in found]

    def timeline_axis(self) -> str:
        return timeline_axis_svg(self.corpus)

    def theme_strip(self, essay: Essay):
        """The essay's annotated paragraphs as a strip of marks coloured by theme (analysis.py)."""
        from .analysis import theme_strip
        return theme_strip(self.corpus, essay)

    def analysis_view(self) -> dict:
        from .analysis import view
        return view(self.corpus, self.links)

    def render(self, template: str, here: str, **context) -> str:
        """Render `template` as the generated page `here` (links in it are relative to it)."""
        text = self.env.get_template(template).render(here=here, **context)
        return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"

    # pages ------------------------------------------------------------------------
    def essay_page(self, essay: Essay) -> str:
        url = self.essay_url(essay.id)
        theme_counts = Counter(t for p in self.passages_of(essay.id) for t in p.themes)
        blocks = []
        for block in essay.blocks:
            passage = self.links.passage_at.get((essay.id, block.number)) if block.number else None
            blocks.append({
                "block": block,
                "passage": passage,
                "events": self.links.events_at.get((essay.id, block.number), ()),
                "related": self.links.related.get(passage.id, ()) if passage else (),
                "backlinks": self.links.backlinks.get(passage.id, ()) if passage else (),
            })
        return self.render("essay.md.j2", urls.page_path(urls.essay(essay.id)), essay=essay, blocks=blocks, url=url,
                           minutes=reading_minutes(essay), bibtex=bibtex(essay, url),
                           reference=plain_reference(essay, url),
                           themes=[t for t in self.corpus.themes if theme_counts[t.id]],
                           theme_counts=theme_counts)

    def theme_page(self, theme) -> str:
        passages = [p for p in self.corpus.passages if theme.id in p.themes]
        related = Counter(t for p in passages for t in p.themes if t != theme.id)
        entity_counts = Counter()
        for p in passages:
            for entity_id in self.links.mentions_by_paragraph.get((p.essay_id, p.paragraph), ()):
                entity_counts[entity_id] += 1
        events = [e for e in self.corpus.events if theme.id in e.themes]
        with_theme = {p.essay_id for p in passages}
        essays = [e for e in self.corpus.essays if e.id in with_theme]
        return self.render("theme.md.j2", urls.page_path(urls.theme(theme.id)), theme=theme, passages=passages, essays=essays,
                           related=sorted(related.items(), key=lambda kv: (-kv[1], kv[0])),
                           events=events,
                           entities=sorted(entity_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:12])

    def pages(self) -> dict[str, str]:
        """Every generated page; `template_of` says which template writes each."""
        views = {"home": lambda: {"matrix": self.matrix()}, "timeline": lambda: {"years": self.timeline_years()},
                 "glossary": lambda: {"usage": self.term_usage()}, "analysis": lambda: {"a": self.analysis_view()}}
        out = {}
        for page_id, template, _ in PAGES:
            here = urls.page_path(urls.page(page_id))
            out[here] = self.render(template, here, **views.get(page_id, dict)())
        for essay in self.corpus.essays:
            out[urls.page_path(urls.essay(essay.id))] = self.essay_page(essay)
        for theme in self.corpus.themes:
            out[urls.page_path(urls.theme(theme.id))] = self.theme_page(theme)
        return out

    # computed views ----------------------------------------------------------------
    def matrix(self) -> dict:
        counts = Counter((t, p.essay_id) for p in self.corpus.passages for t in p.themes)
        totals = Counter(p.essay_id for p in self.corpus.passages)
        top = max(counts.values(), default=1)
        return {"counts": counts, "totals": totals, "max": top}

    def timeline_years(self) -> list[tuple[int, list]]:
        items = [("event", e.date, e) for e in self.corpus.events]
        items += [("essay", e.date, e) for e in self.corpus.essays]
        items.sort(key=lambda i: (i[1].sort_key, 0 if i[0] == "event" else 1, i[2].id))
        years: dict[int, list] = {}
        for item in items:
            years.setdefault(item[1].year, []).append(item)
        return sorted(years.items())

    def term_usage(self) -> dict[str, list[tuple[str, int]]]:
        """Paragraphs that use each glossary term, in reading order."""
        usage: dict[str, list[tuple[str, int]]] = {t.id: [] for t in self.corpus.terms}
        for (essay_id, number), terms in self.links.terms_by_paragraph.items():
            for term_id in terms:
                usage[term_id].append((essay_id, number))
        order = {e.id: i for i, e in enumerate(self.corpus.essays)}
        return {k: sorted(v, key=lambda en: (order[en[0]], en[1])) for k, v in usage.items()}


NAV_ESSAYS_MAX = 30  # above this, the navigation links the essay list, not every essay


def navigation(corpus: Corpus) -> list:
    """The site navigation, derived from the corpus (essays in date order, then the themes).

    MkDocs renders the whole navigation into every page, so a large corpus gets the list
    page only: the cost per page then stays the same however many essays there are.
    """
    # Material inserts navigation titles into the HTML as they are: they are given escaped
    fixed = {page_id: {title: urls.page_path(urls.page(page_id))} for page_id, _, title in PAGES}
    essays = [fixed["essays"]]
    if len(corpus.essays) <= NAV_ESSAYS_MAX:
        essays += [{str(escape(e.label)): urls.page_path(urls.essay(e.id))} for e in corpus.essays]
    themes = [fixed["themes"]] + [{str(escape(t.label)): urls.page_path(urls.theme(t.id))} for t in corpus.themes]
    rest = [fixed[page_id] for page_id, _, _ in PAGES if page_id not in ("home", "essays", "themes")]
    return [fixed["home"], {"Essays": essays}, {"Themes": themes}, *rest]


def link_table(corpus: Corpus) -> dict:
    """Phrases the Markdown extension links in essay paragraphs (hrefs relative to the essay pages)."""
    here = urls.ESSAY_PAGES  # the linker runs on essay pages only
    phrases = []
    for event in corpus.events:
        for mention in event.mentions:
            phrases.append({"phrase": mention.anchor.quote.exact, "href": urls.href(urls.event(event.id), here),
                            "title": f"{event.date.human}: {event.title}", "key": f"event:{event.id}",
                            "kind": "event", "event": event.id})
    for term in corpus.terms:
        for name in (term.term, *term.aliases):
            phrases.append({"phrase": name, "href": urls.href(urls.term(term.id), here), "title": term.definition,
                            "key": f"term:{term.id}", "kind": "term"})
    not_when = {}
    for entity in corpus.entities:
        for name in (entity.name, *entity.aliases):
            phrases.append({"phrase": name, "href": urls.href(urls.entity(entity.id), here),
                            "title": f"{entity.name}: {entity.description}", "key": f"entity:{entity.id}",
                            "kind": "entity"})
        if entity.not_when:
            not_when[f"entity:{entity.id}"] = list(entity.not_when)
    for theme in corpus.themes:
        for name in (theme.label, *theme.aliases):
            phrases.append({"phrase": name, "href": urls.href(urls.theme(theme.id), here),
                            "title": f"Theme: {theme.label}", "key": f"theme:{theme.id}", "kind": "theme"})
        if theme.not_when:
            not_when[f"theme:{theme.id}"] = list(theme.not_when)
    return {"phrases": phrases, "not_when": not_when}


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve")


def year_span(dates) -> str:
    """"2012–2018" from the years of some dates ("2014" when they share one; "" for none)."""
    years = sorted({d.year for d in dates})
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def essays_phrase(corpus: Corpus) -> str:
    """"five essays (2012–2018)": how many essays the corpus holds, and their years."""
    n = len(corpus.essays)
    count = NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else f"{n:,}"
    return f"{count} essay{'' if n == 1 else 's'} ({year_span(e.date for e in corpus.essays)})"


@dataclass(frozen=True)
class Axis:
    """The timeline overview's scale, from the data: the years before the essays' period (if
    any events lie there) are compressed onto the first fifth, behind a break mark."""

    first: float  # the axis starts here (a year, as a number)
    start: float  # the essays' period starts here; equal to `first` when nothing lies before
    end: float
    width: float = 1000.0

    @classmethod
    def of(cls, corpus: Corpus, width: float = 1000.0) -> "Axis":
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


def timeline_axis_svg(corpus: Corpus) -> str:
    """An inline SVG overview of the timeline: events as dots, essays as diamonds, all links.
    The range, the break and the year labels come from the dates of the corpus."""
    axis = Axis.of(corpus)
    span = year_span([e.date for e in corpus.events] + [e.date for e in corpus.essays])
    parts = ['<figure class="tl-axis" aria-label="Timeline overview" data-search-exclude>',
             '<svg viewBox="0 0 1020 120" role="group" aria-labelledby="tl-axis-title" '
             'preserveAspectRatio="xMidYMid meet">',
             f'<title id="tl-axis-title">Events {escape(span)} (dots) and the essays (diamonds); '
             'the list below gives the same information.</title>']
    if axis.broken:  # two segments and a break mark between them: the scale changes there
        gap = 20 + axis.width * 0.18
        parts.append(f'<line x1="20" y1="60" x2="{gap:.1f}" y2="60" class="tl-axis-line"/>'
                     f'<line x1="{gap + 8:.1f}" y1="60" x2="1000" y2="60" class="tl-axis-line"/>'
                     f'<path d="M{gap - 2:.1f},66 l4,-12 M{gap + 6:.1f},66 l4,-12" class="tl-axis-break">'
                     f'<title>The scale changes here: the years before {int(axis.start)} are compressed'
                     '</title></path>')
    else:
        parts.append('<line x1="20" y1="60" x2="1000" y2="60" class="tl-axis-line"/>')
    last = -1e9
    for year in sorted({d.year for d in [e.date for e in corpus.events] + [e.date for e in corpus.essays]}):
        x = axis.x(PartialDate(year, 1, 1))
        if x - last < 34:  # a label needs about 34 units: thin the ticks so none overlap
            continue
        last = x
        parts.append(f'<line x1="{x:.1f}" y1="55" x2="{x:.1f}" y2="65" class="tl-tick"/>'
                     f'<text x="{x:.1f}" y="82" class="tl-year-label">{year}</text>')
    stack: Counter = Counter()
    for event in corpus.events:
        x = axis.x(event.date)
        slot = round(x / 8)
        stack[slot] += 1
        y = 60 - 9 * stack[slot]
        themes = " ".join(event.themes)
        parts.append(f'<a href="#{urls.fragment(urls.event(event.id))}" class="tl-dot" data-themes="{themes}">'
                     f'<circle cx="{x:.1f}" cy="{max(y, 8)}" r="4"><title>{escape(event.date.human)}: '
                     f'{escape(event.title)}</title></circle></a>')
    for essay in corpus.essays:
        x = axis.x(essay.date)
        parts.append(f'<a href="#{urls.fragment(urls.essay_on_timeline(essay.id))}" class="tl-essay-mark"><path d="M{x:.1f},88 l6,8 l-6,8 l-6,-8 z">'
                     f'<title>Essay: {escape(essay_label(essay))}, {escape(essay.date.human)}</title></path></a>'
                     f'<text x="{x:.1f}" y="116" class="tl-essay-label">{escape(essay.short_author)}</text>')
    parts.append("</svg></figure>")
    return "".join(parts)
