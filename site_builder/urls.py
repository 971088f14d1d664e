"""Every address on the site, in one place.

A page links to things by a typed reference (`Ref`): an essay, a passage (a numbered
paragraph of an essay), a theme, a debate, an event, an entity, a glossary term, or one of
the fixed pages. This module alone knows where each lives: the generated Markdown page
(`page_path`), the id of its element on that page (`fragment`), the link to it from the page
being rendered (`href`, relative, a `.md` link that MkDocs turns into a URL and checks), and
its published URL (`public_url`, for exports and citations). Nothing else formats `essays/`,
`#p-N` or `#event-...`; the contract these follow is ../shared/GUIDE.md, "URLs".
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

ESSAYS, THEMES = "essays", "themes"  # the folders of the essay and theme pages
OFFLINE_ZIP = "data/russia-japan-corpus-offline.zip"  # the offline copy, on the download page
THEMES_CSS = "assets/themes.css"  # the theme colours, generated (analysis.theme_stylesheet)
RIGHTS_TEXT = "data/RIGHTS.txt"  # the rights page as plain text, in the downloads
ESSAY_LIST_JS = "assets/essays.js"  # the essays' ids, labels and authors, for the search filters (assets/features/search-ui.js, timeline-filters.js)
PREVIEWS = "assets/previews"  # <essay id>.js: the paragraphs' previews (templates/assets/site.js, essayData, loads them from here)
COMPARE_DATA = "assets/compare"  # <essay id>.js: the paragraphs' texts, notes and joins, for compare.js
COMPARE_DEBATES_JS = "assets/compare-debates.js"  # each debate's positions, for the compare view (compare.js)
TIPS_JS = (
    "assets/tips.js"  # what a prose link's preview says of its event, term, name or theme (assets/features/previews.js)
)
SEARCH_INDEX = "search/search_index.json"  # Material's search index, as its search plugin writes it
SEARCH_ENGINE_JS = "assets/search-engine.js"  # which index answers the search box (chunked_search.py, assets/site.js and features/search-ui.js)
CHUNKED_SEARCH_FOLDER = "pagefind"  # the chunked index of a large hosted site (chunked_search.py)
CHANGES_FEED = "changes/feed.xml"  # the Atom feed of the corrections and changes (outputs/edition.py)
# The fixed pages: reference id -> generated Markdown page.
FIXED = (
    ("home", "index.md"),
    ("essays", "essays/index.md"),
    ("themes", "themes/index.md"),
    ("debates", "debates.md"),
    ("timeline", "timeline.md"),
    ("entities", "entities.md"),
    ("glossary", "glossary.md"),
    ("analysis", "analysis.md"),
    ("data", "data/index.md"),
    ("rights", "rights.md"),
    ("changes", "changes/index.md"),
)


@dataclass(frozen=True)
class Ref:
    """What a link points at: a passage's id is its essay's (it lives on its essay's page)."""

    kind: str  # essay | passage | annotation | relation | theme | theme-essay | theme-part | debate | event | timeline-essay | timeline-year | essays-year | rights-year | theme-pair | entity | entity-mentions | term | term-mentions | page
    id: str
    number: int = 0  # a passage's paragraph number; the part of a theme's list (0: the theme page)


def essay(essay_id: str) -> Ref:
    return Ref("essay", essay_id)


def passage(essay_id: str, number: int) -> Ref:
    return Ref("passage", essay_id, number)


def annotation(essay_id: str, passage_id: str) -> Ref:
    """The element of an essay page that shows a passage's annotation (its note and claim, in the
    paragraph's panel): what the annotation's id in data/annotations.jsonld names."""
    return Ref("annotation", f"{essay_id}/{passage_id}")


def relation(essay_id: str, source_id: str, target_id: str) -> Ref:
    """The line of the source passage's panel (on essay `essay_id`) that shows an editors' relation
    to the target passage: what the relation's id in data/annotations.jsonld names."""
    return Ref("relation", f"{essay_id}/{source_id}--{target_id}")


def theme(theme_id: str) -> Ref:
    return Ref("theme", theme_id)


def debate(debate_id: str) -> Ref:
    return Ref("debate", debate_id)


def theme_in_essay(theme_id: str, essay_id: str, part: int = 0) -> Ref:
    """The section of a theme page on one essay's passages; on part `part` of the theme's list
    where that list is split (paging.theme_part_of), on the theme page itself otherwise."""
    return Ref("theme-essay", f"{theme_id}/{essay_id}", part)


def theme_part(theme_id: str, part: int) -> Ref:
    """Part `part` (1, 2, ...) of a theme's list of passages, where it is split (paging.py)."""
    return Ref("theme-part", theme_id, part)


def entity_mentions(entity_id: str, part: int = 1) -> Ref:
    """The page of every paragraph that names an entity, where the index has too many (paging.py);
    part 2, 3, ... where even that page would be too long."""
    return Ref("entity-mentions", entity_id, part)


def term_mentions(term_id: str, part: int = 1) -> Ref:
    """The page of every paragraph that uses a glossary term, where the glossary has too many."""
    return Ref("term-mentions", term_id, part)


def theme_pair(first: str, second: str) -> Ref:
    """The list, on the analysis page, of the passages that carry both themes."""
    return Ref("theme-pair", f"{first}/{second}")


def essay_on_timeline(essay_id: str) -> Ref:
    """The mark of an essay's publication on the timeline."""
    return Ref("timeline-essay", essay_id)


def year_on_timeline(year: int) -> Ref:
    """The timeline's item counting a year's essays, where it counts them instead of listing each
    (a large corpus: paging.essay_years)."""
    return Ref("timeline-year", str(year))


def essays_of_year(year: int) -> Ref:
    """A year's heading on the essays page, which lists every essay by year."""
    return Ref("essays-year", str(year))


def rights_of_year(year: int) -> Ref:
    """The rights in the essays of one year, on a page of their own where the rights page would
    hold a row for each of too many essays (paging.essay_years)."""
    return Ref("rights-year", str(year))


def event(event_id: str) -> Ref:
    return Ref("event", event_id)


def entity(entity_id: str) -> Ref:
    return Ref("entity", entity_id)


def term(term_id: str) -> Ref:
    return Ref("term", term_id)


def file(path: str) -> Ref:
    """A file the site serves as it is (a download), by its path from the site root."""
    return Ref("file", path)


def data_release(version: str) -> str:
    """The release zip of the data files of edition `version`, on the download page."""
    return f"data/russia-japan-data-{version}.zip"


def page(page_id: str) -> Ref:
    """One of the fixed pages: home, essays, themes, timeline, entities, glossary, analysis, data."""
    if page_id not in dict(FIXED):
        raise ValueError(f"no fixed page '{page_id}'; one of {', '.join(dict(FIXED))}")
    return Ref("page", page_id)


def page_path(ref: Ref) -> str:
    """The generated Markdown page the reference lives on, from the docs root."""
    if ref.kind in ("essay", "passage"):
        return f"{ESSAYS}/{ref.id}.md"
    if ref.kind in ("annotation", "relation"):
        return f"{ESSAYS}/{ref.id.split('/', 1)[0]}.md"
    if ref.kind == "theme":
        return f"{THEMES}/{ref.id}.md"
    if ref.kind in ("theme-part", "theme-essay") and ref.number:
        return f"{THEMES}/{ref.id.split('/', 1)[0]}/{ref.number}.md"
    if ref.kind == "theme-essay":
        return f"{THEMES}/{ref.id.split('/', 1)[0]}.md"
    if ref.kind == "debate":
        return dict(FIXED)["debates"]
    if ref.kind in ("event", "timeline-essay", "timeline-year"):
        return "timeline.md"
    if ref.kind == "essays-year":
        return dict(FIXED)["essays"]
    if ref.kind == "rights-year":
        return f"rights/{ref.id}.md"
    if ref.kind == "theme-pair":
        return dict(FIXED)["analysis"]
    if ref.kind == "entity":
        return "entities.md"
    if ref.kind in ("entity-mentions", "term-mentions"):
        folder = "entities" if ref.kind == "entity-mentions" else "glossary"
        return f"{folder}/{ref.id}.md" if ref.number <= 1 else f"{folder}/{ref.id}/{ref.number}.md"
    if ref.kind == "term":
        return "glossary.md"
    if ref.kind == "file":
        return ref.id
    return dict(FIXED)[ref.id]


def page_of(path: str) -> Ref | None:
    """The reference of a generated page from its path (the inverse of `page_path` for pages)."""
    for page_id, fixed in FIXED:
        if fixed == path:
            return Ref("page", page_id)
    folder, _, name = path.partition("/")
    if name.endswith(".md") and "/" not in name and folder in (ESSAYS, THEMES):
        return Ref("essay" if folder == ESSAYS else "theme", name[: -len(".md")])
    if folder == "rights" and name.endswith(".md") and name[: -len(".md")].isdigit():
        return Ref("rights-year", name[: -len(".md")])
    kind = {"entities": "entity-mentions", "glossary": "term-mentions"}.get(folder)
    if kind and name.endswith(".md") and "/" not in name:
        return Ref(kind, name[: -len(".md")], 1)
    theme_id, _, part = name.partition("/")
    if kind and part.endswith(".md") and part[: -len(".md")].isdigit():
        return Ref(kind, theme_id, int(part[: -len(".md")]))
    if folder == THEMES and part.endswith(".md") and part[: -len(".md")].isdigit():
        return Ref("theme-part", theme_id, int(part[: -len(".md")]))
    return None


def essay_of_url(url: str) -> str | None:
    """The essay whose page a published URL (from the site's root: essays/<id>/, with or without
    a fragment) is on; None for any other page, the essays' index included."""
    folder, _, rest = url.split("#")[0].partition("/")
    name = rest.rstrip("/")
    return name if folder == ESSAYS and name and "/" not in name else None


ESSAY_PAGES = f"{ESSAYS}/"  # `href(ref, ESSAY_PAGES)`: the link from any essay page


def fragment(ref: Ref) -> str:
    """The id of the reference's element on its page ("" for a whole page)."""
    if ref.kind == "passage":
        return f"p-{ref.number}"
    if ref.kind == "event":
        return f"event-{ref.id}"
    if ref.kind in ("annotation", "relation"):
        return f"{ref.kind}-{ref.id.split('/', 1)[1]}"
    if ref.kind == "debate":
        return f"debate-{ref.id}"
    if ref.kind == "theme-essay":
        return ref.id.split("/", 1)[1]
    if ref.kind == "timeline-essay":
        return f"essay-{ref.id}"
    if ref.kind == "timeline-year":
        return f"essays-{ref.id}"
    if ref.kind == "essays-year":
        return ref.id  # the id the table of contents gives the heading "## 2014" (essays_index.md.j2)
    if ref.kind == "theme-pair":
        return "pair-" + ref.id.replace("/", "--")
    if ref.kind in ("entity", "term"):
        return ref.id
    return ""


def relative_path(target: str, start: str) -> str:
    """posixpath.relpath(target, start) for two paths of the site, both from its root
    ("essays/pajon-2017", ".") or both absolute ("/essays/pajon-2017/"), without relpath's look
    at the working directory (thousands of links a build). A target above the root ("../x")
    keeps its way up; a start above the root, or one path absolute and not the other, has no
    answer within the site."""
    target, start = posixpath.normpath(target), posixpath.normpath(start)
    if target.startswith("/") != start.startswith("/") or start.split("/")[0] == "..":
        raise ValueError(f"no relative path from {start!r} to {target!r} within the site")
    to = [part for part in target.split("/") if part not in ("", ".")]
    at = [part for part in start.split("/") if part not in ("", ".")]
    common = 0
    while common < min(len(to), len(at)) and to[common] == at[common]:
        common += 1
    return "/".join([".."] * (len(at) - common) + to[common:]) or "."


def href(ref: Ref, from_page: str) -> str:
    """The relative Markdown link to `ref` from the generated page `from_page` (a page path
    such as "themes/china.md", or a folder ending in "/" for every page in it)."""
    target, anchor = page_path(ref), fragment(ref)
    if target == from_page and anchor:
        return f"#{anchor}"
    folder = from_page if from_page.endswith("/") else posixpath.dirname(from_page)
    link = relative_path(target, folder or ".")
    return f"{link}#{anchor}" if anchor else link


def public_url(ref: Ref, site_url: str = "") -> str:
    """The published URL (MkDocs' directory URLs): `{site_url}/essays/<id>/#p-N`."""
    if ref.kind == "file":
        return f"{site_url.rstrip('/')}/{ref.id}"
    path = page_path(ref)[: -len(".md")]
    path = path[: -len("index")] if path.endswith("index") else path + "/"
    anchor = fragment(ref)
    return f"{site_url.rstrip('/')}/{path}" + (f"#{anchor}" if anchor else "")


def relative_url(ref: Ref, from_url: str) -> str:
    """The published URL of `ref` relative to the published folder `from_url` ("/changes/"): the
    links of a file read at its own address, such as the feed ("../essays/pajon-2017/#p-1")."""
    path, _, anchor = public_url(ref).partition("#")
    link = relative_path(path, from_url)
    link = link + "/" if path.endswith("/") and link != "." else "./" if link == "." else link
    return link + (f"#{anchor}" if anchor else "")


def html_href(ref: Ref, from_page: str, style: str = "published") -> str:
    """The link to `ref` as it must be written in raw HTML (an SVG figure) of the generated page
    `from_page`: relative to the published page for MkDocs, which leaves raw HTML as it is
    ("published"); as a Markdown link for Zensical, which rewrites raw HTML links too ("source")."""
    if style == "source":
        return href(ref, from_page)
    target = public_url(ref)
    here = public_url(page_of(from_page) or Ref("page", "home")).split("#")[0]
    path, _, anchor = target.partition("#")
    link = relative_path(path, here) + "/" if path != here else ""
    link = "" if link == "./" else link
    return link + (f"#{anchor}" if anchor else "")


def paragraph_number(element_id: str) -> int | None:
    """The N of a paragraph element id "p-N" (None for any other id): the inverse of `fragment`."""
    head, _, number = element_id.partition("-")
    return int(number) if head == "p" and number.isdigit() and not number.startswith("0") else None


def locator(ref: Ref) -> str:
    """A passage's short form in data files and messages: "pajon-2017#p-4"."""
    return f"{ref.id}#{fragment(ref)}"


# The compare view (templates/assets/compare.js): the address of a passage or a debate, with what
# goes beside it in its query, "?compare=pajon-2017/p-9" or "?compare=<debate id>". Without
# JavaScript the link is a plain link to the passage (the debate); with it, the page opens the
# two passages side by side (the debate's positions), and the address reopens them.
COMPARE_PARAMETER = "compare"


def compare_value(ref: Ref) -> str:
    """How the compare address names a passage ("pajon-2017/p-9") or a debate (its id)."""
    if ref.kind == "passage":
        return f"{ref.id}/{fragment(ref)}"
    if ref.kind == "debate":
        return ref.id
    raise ValueError(f"the compare view shows passages and debates, not a {ref.kind}")


def _with_query(link: str, query: str) -> str:
    path, _, anchor = link.partition("#")
    return f"{path}?{query}" + (f"#{anchor}" if anchor else "")


def compare_href(here: Ref, other: Ref, from_page: str) -> str:
    """The link, at passage `here`, that shows it beside passage `other`: `other`'s paragraph, in an
    address that names `here` ("pajon-2017.md?compare=streltsov-2018/p-21#p-4" at Streltsov 2018
    ¶21). Without JavaScript it goes to `other`; compare.js opens the two where the reader is,
    `here` first. A page opened at such an address shows its own paragraph first."""
    return _with_query(href(other, from_page), f"{COMPARE_PARAMETER}={compare_value(here)}")


def compare_debate_href(debate_ref: Ref, from_page: str) -> str:
    """The link that opens a debate's positions side by side: the debate, its address naming it."""
    return _with_query(href(debate_ref, from_page), f"{COMPARE_PARAMETER}={compare_value(debate_ref)}")
