"""Render stage: turn the model and its links into Markdown pages, through Jinja templates.

Pure: `render_pages` returns {relative path: text}; writing is `output.write_tree`'s job.
All annotation text is escaped where it lands: `md` for Markdown, `e` (autoescape) for HTML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from hashlib import sha1
from pathlib import Path
from types import CodeType

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from .. import urls
from ..linking.link import Links
from ..sources.model import Corpus, Essay
from . import views
from .paging import theme_part_of, theme_parts
from .search_marks import QUOTING_PAGE_BOOST
from .views import (
    ESSAY_TEMPLATE,
    MENTIONS_TEMPLATE,
    PAGES,
    RIGHTS_YEAR_TEMPLATE,
    THEME_PART_TEMPLATE,
    THEME_TEMPLATE,
    Options,
    PanelItem,
    site_view,
)
from .words import count_of, quoted, snippet

VERDICT_WORDS = {
    "agree": "The authors agree.",
    "disagree": "The authors disagree.",
    "changed-over-time": "The view changed over time.",
}
VERDICT_LABELS = {
    "agree": "where they agree",
    "disagree": "where they disagree",
    "changed-over-time": "where a view changed over time",
}
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


def template_of(page: str) -> str:
    """The template that writes generated page `page` ("essays/pajon-2017.md" -> "essay.md.j2")."""
    ref = urls.page_of(page)
    if ref is None:
        return ""
    if ref.kind == "page":
        return next(p.template for p in PAGES if p.id == ref.id)
    return {
        "essay": ESSAY_TEMPLATE,
        "theme": THEME_TEMPLATE,
        "theme-part": THEME_PART_TEMPLATE,
        "entity-mentions": MENTIONS_TEMPLATE,
        "term-mentions": MENTIONS_TEMPLATE,
        "rights-year": RIGHTS_YEAR_TEMPLATE,
    }[ref.kind]


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's folder of compiled templates, keyed by a template's name instead of its absolute
    path, so that a project copied or moved elsewhere keeps them. A stale entry is never used:
    Jinja compares it with the template's source (a checksum) and compiles the template again."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return sha1(name.encode("utf-8")).hexdigest()

    def get_bucket(self, environment, name, filename, source):
        bucket = super().get_bucket(environment, name, filename, source)
        if bucket.code is not None and filename and bucket.code.co_filename != filename:
            # compiled at another path: a template error must name this project's file
            bucket.code = _compiled_at(bucket.code, filename)
        return bucket


def _compiled_at(code: CodeType, filename: str) -> CodeType:
    """`code` and the functions in it (blocks, macros) as if compiled from `filename`."""
    consts = tuple(_compiled_at(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


@pass_context
def _href(context, ref: urls.Ref) -> str:
    """`href(ref)` in a template: the link to `ref` from the page being rendered (`here`)."""
    return urls.href(ref, context["here"])


@pass_context
def _compare_debate_href(context, debate_id: str) -> str:
    """`compare_debate_href(id)` in a template: the link that opens a debate's positions side by side."""
    return urls.compare_debate_href(urls.debate(debate_id), context["here"])


class Renderer:
    """The Jinja environment of the page templates. A template receives its page's view
    (views.py), the site-wide view `site`, the address helpers and the filters; nothing else."""

    def __init__(self, corpus: Corpus, templates: Path, cache: Path | None = None, options: Options = Options()):
        # compiled templates are kept between builds (`cache`, git-ignored): compiling them
        # costs more than rendering a small corpus
        bytecode = None
        if cache is not None:
            cache.mkdir(parents=True, exist_ok=True)
            bytecode = CompiledTemplates(str(cache))
        self.env = Environment(
            loader=FileSystemLoader(str(templates)),
            autoescape=True,
            bytecode_cache=bytecode,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        part_of = theme_part_of(corpus, options.theme_page_passages)  # where a theme's list is split
        relations = relation_lines(corpus)
        self.env.filters.update(
            count=count_of,
            md=md_escape,
            md_heading=md_heading,
            meta=front_matter_text,
            snippet=snippet,
            quoted=quoted,  # “…”, with the text's own double quotes made single
            # {{ item | panel_line(the passage whose panel it is in) }}
            panel_line=lambda item, here: panel_item_markdown(item, here, relations.get((here, item.ref))),
            json=lambda v: Markup(json.dumps(v, ensure_ascii=False, sort_keys=True)),
        )
        self.env.globals.update(
            site=site_view(corpus),
            quoting_page_boost=QUOTING_PAGE_BOOST,
            verdict_words=VERDICT_WORDS,
            verdict_labels=VERDICT_LABELS,
            href=_href,
            compare_debate_href=_compare_debate_href,
            fragment=urls.fragment,
            essay_ref=urls.essay,
            passage_ref=urls.passage,
            annotation_ref=urls.annotation,
            theme_ref=urls.theme,
            debate_ref=urls.debate,
            event_ref=urls.event,
            entity_ref=urls.entity,
            term_ref=urls.term,
            page_ref=urls.page,
            theme_part_ref=urls.theme_part,
            entity_mentions_ref=urls.entity_mentions,
            term_mentions_ref=urls.term_mentions,
            theme_in_essay_ref=lambda theme_id, essay_id: urls.theme_in_essay(
                theme_id, essay_id, part_of.get((theme_id, essay_id), 0)
            ),
            essay_on_timeline_ref=urls.essay_on_timeline,
            year_on_timeline_ref=urls.year_on_timeline,
            essays_of_year_ref=urls.essays_of_year,
            file_ref=urls.file,
            pair_ref=urls.theme_pair,
        )

    def render(self, template: str, here: str, view: dict) -> str:
        """Render `template` as the generated page `here` (links in it are relative to it)."""
        text = self.env.get_template(template).render(here=here, **view)
        return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def relation_lines(corpus: Corpus) -> dict[tuple[urls.Ref, urls.Ref], urls.Ref]:
    """(source passage, target passage) -> the editors' relation between them, whose line in the
    source's panel carries the relation's id (the id of its Web Annotation, outputs/export.py)."""
    lines = {}
    for relation in corpus.relations:
        source, target = corpus.passage(relation.source), corpus.passage(relation.target)
        at = (urls.passage(source.essay_id, source.paragraph), urls.passage(target.essay_id, target.paragraph))
        lines[at] = urls.relation(source.essay_id, source.id, target.id)
    return lines


def panel_item_markdown(item: PanelItem, here: urls.Ref, relation: urls.Ref | None = None) -> Markup:
    """ "- [Pajon 2017, ¶4](...) — *reason* [Compare](...)": one line of the panel of passage `here`
    (panels are on essay pages); the passage's quote joins it in the reader's browser
    (templates/assets/features/cross-references.js, quotes). "Compare" opens the two side by side (compare.js); without
    JavaScript it goes to the passage, as the first link does. The line of an editors' relation
    stated at `here` carries the relation's id (`relation`), on a line of its own (attr_list)."""
    mark = "**Editors’ relation**, " if item.asserted else ""
    line_id = f"\n    {{: #{urls.fragment(relation)} }}" if relation is not None and item.asserted else ""
    # the sentence that carries the point, where it is not the passage's key sentence (which
    # cross-references.js adds from the previews): written here, so it leaves this link alone
    quote = f' <span class="xref-quote">{md_escape(quoted(item.quote))}</span>' if item.quote else ""
    return Markup(
        f"- [{md_escape(item.essay_label)}, ¶{item.paragraph}]"
        f"({urls.href(item.ref, urls.ESSAY_PAGES)}){{: .xref-link }}{quote} "
        f"— {mark}*{md_escape(item.reason)}* {compare_link(item, here)}{line_id}"
    )


_PLAIN_LABEL = re.compile(r"[^\W_]+(?:[ .,'’–-][^\W_]+)*")


def compare_link(item: PanelItem, here: urls.Ref) -> str:
    """ "[Compare](...)", named for a screen reader by both passages ("Compare Pajon 2017 ¶4 with
    ¶9 side by side"). The essay's label goes into an attribute list, where Markdown's escapes do
    not apply: a label of other characters than letters, digits, spaces and . , ' ’ – - is left out."""
    label = f"{item.essay_label} " if _PLAIN_LABEL.fullmatch(item.essay_label) else ""
    name = f"Compare {label}¶{item.paragraph} with ¶{here.number} side by side"
    href = urls.compare_href(here, item.ref, urls.ESSAY_PAGES)
    return f'[Compare]({href}){{: .xref-compare aria-label="{name}" data-compare="{urls.compare_value(here)} {urls.compare_value(item.ref)}" }}'


def render_essay_pages(
    corpus: Corpus,
    links: Links,
    templates: Path,
    essay_ids: tuple[str, ...],
    options: Options = Options(),
    cache: Path | None = None,
) -> dict[str, str]:
    """The generated pages of the essays `essay_ids` alone, as render_pages makes them (the live
    preview serves an edited essay's page before the rest of the site is generated)."""
    renderer = Renderer(corpus, templates, cache, options)
    return _essay_pages(renderer, corpus, links, options, tuple(e for e in corpus.essays if e.id in essay_ids))


def _essay_pages(
    renderer: Renderer, corpus: Corpus, links: Links, options: Options, essays: tuple[Essay, ...]
) -> dict[str, str]:
    out = {}
    for essay in essays:
        here = urls.page_path(urls.essay(essay.id))
        out[here] = renderer.render(ESSAY_TEMPLATE, here, views.essay_page(corpus, links, options, essay))
    return out


def render_pages(
    corpus: Corpus, links: Links, templates: Path, options: Options = Options(), cache: Path | None = None
) -> dict[str, str]:
    """Every generated page: {path in the docs folder: Markdown}."""
    return dict(page_stream(corpus, links, templates, options, cache))


def page_stream(
    corpus: Corpus, links: Links, templates: Path, options: Options = Options(), cache: Path | None = None
) -> Iterator[tuple[str, str]]:
    """Every generated page, one at a time as it is rendered: (path in the docs folder,
    Markdown). The live preview looks between two pages for a newer edit (render_all)."""
    renderer = Renderer(corpus, templates, cache, options)
    for page in PAGES:
        here = urls.page_path(urls.page(page.id))
        yield here, renderer.render(page.template, here, page.view(corpus, links, options))
    for essay in corpus.essays:
        yield from _essay_pages(renderer, corpus, links, options, (essay,)).items()
    for theme in corpus.themes:
        here = urls.page_path(urls.theme(theme.id))
        yield here, renderer.render(THEME_TEMPLATE, here, views.theme_page(corpus, links, options, theme))
        parts = theme_parts(corpus, theme.id, options.theme_page_passages)
        for number in range(1, len(parts) + 1):
            here = urls.page_path(urls.theme_part(theme.id, number))
            yield here, renderer.render(THEME_PART_TEMPLATE, here, views.theme_part_page(corpus, theme, parts, number))
    for ref, view in views.mentions_pages(corpus, links, options):
        here = urls.page_path(ref)
        yield here, renderer.render(MENTIONS_TEMPLATE, here, view)
    for ref, view in views.rights_year_pages(corpus, options):
        here = urls.page_path(ref)
        yield here, renderer.render(RIGHTS_YEAR_TEMPLATE, here, view)


NAV_ESSAYS_MAX = 30  # above this, the navigation links the essay list, not every essay


def navigation(corpus: Corpus) -> list:
    """The site navigation, derived from the corpus (essays in date order, then the themes).

    MkDocs renders the whole navigation into every page, so a large corpus gets the list
    page only: the cost per page then stays the same however many essays there are.
    """
    # Material inserts navigation titles into the HTML as they are: they are given escaped
    fixed = {p.id: {p.title: urls.page_path(urls.page(p.id))} for p in PAGES}
    essays = [fixed["essays"]]
    if len(corpus.essays) <= NAV_ESSAYS_MAX:
        essays += [{str(escape(e.label)): urls.page_path(urls.essay(e.id))} for e in corpus.essays]
    themes = [fixed["themes"]] + [{str(escape(t.label)): urls.page_path(urls.theme(t.id))} for t in corpus.themes]
    rest = [fixed[p.id] for p in PAGES if p.in_navigation and p.id not in ("home", "essays", "themes")]
    return [fixed["home"], {"Essays": essays}, {"Themes": themes}, *rest]


def link_table(corpus: Corpus) -> dict:
    """Phrases the Markdown extension links in essay paragraphs (hrefs relative to the essay pages);
    what a link's preview says comes from views.tips_script, keyed by the same "key"."""
    here = urls.ESSAY_PAGES  # the linker runs on essay pages only
    phrases = []
    for event in corpus.events:
        for mention in event.mentions:
            phrases.append(
                {
                    "phrase": mention.anchor.quote.exact,
                    "href": urls.href(urls.event(event.id), here),
                    "key": f"event:{event.id}",
                    "kind": "event",
                    "event": event.id,
                }
            )
    for term in corpus.terms:
        for name in (term.term, *term.aliases):
            phrases.append(
                {"phrase": name, "href": urls.href(urls.term(term.id), here), "key": f"term:{term.id}", "kind": "term"}
            )
    not_when = {}
    for entity in corpus.entities:
        for name in (entity.name, *entity.aliases):
            phrases.append(
                {
                    "phrase": name,
                    "href": urls.href(urls.entity(entity.id), here),
                    "key": f"entity:{entity.id}",
                    "kind": "entity",
                }
            )
        if entity.not_when:
            not_when[f"entity:{entity.id}"] = list(entity.not_when)
    for theme in corpus.themes:
        for name in (theme.label, *theme.aliases):
            phrases.append(
                {
                    "phrase": name,
                    "href": urls.href(urls.theme(theme.id), here),
                    "key": f"theme:{theme.id}",
                    "kind": "theme",
                }
            )
        if theme.not_when:
            not_when[f"theme:{theme.id}"] = list(theme.not_when)
    return {"phrases": phrases, "not_when": not_when}
