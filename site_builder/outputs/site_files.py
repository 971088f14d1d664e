"""The whole site in memory, before any engine renders it: the generated pages, the data files,
the assets and the prose linker's link table (render_all); written into build/docs for a
renderer that runs no plugin (generate)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import urls
from ..finishing.remote import is_remote
from ..linking.link import Links, link
from ..pages.analysis import ESSAY_COLUMNS_MAX, theme_stylesheet
from ..pages.compare import compare_files
from ..pages.paging import MENTIONS_ON_INDEX, MENTIONS_PER_PAGE, THEME_PAGE_PASSAGES
from ..pages.render import link_table, page_stream, render_essay_pages
from ..pages.template_errors import template_problem
from ..pages.views import Options, essay_list_script, preview_script, tips_script
from ..problems import Collector, Problem, SourceError
from ..sources import limits
from ..sources.settings import LineDict, LineList, plain, read_settings, site_url
from ..sources.validate import load_corpus
from .chunked_search import engine_script
from .edition import edition_files
from .export import exports
from .output import write_json_if_changed, write_tree

GENERATED = Path("build") / "docs"
LINK_TABLE = Path("build") / "link-targets.json"


def static_assets(root: Path) -> dict[str, bytes]:
    assets = root / "templates" / "assets"
    return {
        f"assets/{p.relative_to(assets).as_posix()}": p.read_bytes() for p in sorted(assets.rglob("*")) if p.is_file()
    }


PAGE_LIMITS = {
    "theme_page_passages": THEME_PAGE_PASSAGES,
    "mentions_on_index": MENTIONS_ON_INDEX,
    "mentions_per_page": MENTIONS_PER_PAGE,
    "essay_columns": ESSAY_COLUMNS_MAX,
}


def mkdocs_settings(root: Path) -> dict:
    """mkdocs.yml as plain data (sources/settings.py), for what runs without MkDocs' own reading
    of it (the page limits of `generate`, Zensical's generated configuration)."""
    return plain(read_settings(root).data)


def settings_loads(root: Path) -> list[Problem]:
    """Entries of extra_javascript and extra_css in mkdocs.yml that name another host: every page
    would load them, so each is refused at its line, like a load written in a page."""
    settings = read_settings(root)
    text = settings.text
    problems = []
    for key in ("extra_javascript", "extra_css"):
        entries = settings.data.get(key)
        if not isinstance(entries, LineList):
            continue
        for entry in entries:
            path = entry.get("path") if isinstance(entry, dict) else entry
            line = entry.line if isinstance(entry, LineDict) else _entry_line(text, entries, entry)
            if isinstance(path, str) and is_remote(path):
                problems.append(
                    Problem(
                        "mkdocs.yml",
                        line,
                        f"{key} names {path}, on another host: every page would load it; copy the file into "
                        "templates/assets/ and list it as assets/<its name>",
                    )
                )
    return problems


def _entry_line(text: str, entries: LineList, entry: object) -> int:
    """The line of a plain-text list entry (the YAML reader keeps lines of lists and mappings)."""
    lines = text.split("\n")
    for number in range(entries.line - 1, len(lines)):
        if isinstance(entry, str) and entry in lines[number]:
            return number + 1
    return entries.line


def configured_page_limits(root: Path) -> dict[str, int]:
    """The site-builder plugin's page limits in mkdocs.yml (paging.py), for the renderers that
    run no plugin (`generate`, Zensical); MkDocs validates them through the plugin."""
    limits_found = dict(PAGE_LIMITS)
    for plugin in mkdocs_settings(root).get("plugins") or ():
        if isinstance(plugin, dict) and isinstance(plugin.get("site-builder"), dict):
            for key in PAGE_LIMITS:
                value = plugin["site-builder"].get(key)
                if isinstance(value, int) and value > 0:
                    limits_found[key] = value
    return limits_found


ROBOTS = "robots.txt"


def robots_txt(address: str) -> str:
    """robots.txt (RFC 9309): every crawler may read every page; with the site's address
    (site_url), where the sitemap is (a Sitemap line must be absolute: without one, none)."""
    rules = "User-agent: *\nDisallow:\n"
    return rules + (f"\nSitemap: {address.rstrip('/')}/sitemap.xml\n" if address else "")


@contextmanager
def _template_errors(templates: Path, root: Path) -> Iterator[None]:
    """A template's syntax or runtime error raised as a SourceError at its file and line."""
    try:
        yield
    except SourceError:
        raise
    except Exception as error:
        problem = template_problem(error, templates, root)
        if problem is None:
            raise
        raise SourceError([problem]) from None


def render_essays(
    root: Path, site_url: str, corpus, links: Links, essay_ids: tuple[str, ...], page_limits: dict[str, int]
) -> dict[str, str]:
    """The generated pages of the essays `essay_ids` alone, exactly as render_all makes them
    (the live preview serves an edited essay's page before the rest of the site is generated)."""
    templates = root / "templates"
    options = Options(site_url.rstrip("/"), "published", **page_limits)
    with _template_errors(templates, root):
        return render_essay_pages(corpus, links, templates, essay_ids, options, cache=root / "build" / "jinja-cache")


def go_on() -> None:
    """The generation's default `between`: nothing stops it."""


def render_all(
    root: Path,
    site_url: str = "",
    corpus=None,
    raw_links: str = "published",
    page_limits: dict[str, int] | None = None,
    links: Links | None = None,
    between: Callable[[], None] = go_on,
):
    """Everything the site is made of, in memory: (corpus, pages and data files, link table).
    `corpus`: the sources already loaded and validated in this build (else they are loaded);
    `page_limits`: PAGE_LIMITS as the plugin read them (else from mkdocs.yml); `links`: the
    corpus' links where the caller has them (the live preview, linking/basis.py); `between`:
    called after each page and each data file (the live preview's, which may raise to stop
    when a newer edit came)."""
    if page_limits is None:
        page_limits = configured_page_limits(root)
    site_url = site_url.rstrip("/")
    corpus = corpus or load_corpus(root)
    templates = root / "templates"
    problems = Collector()
    limits.check_tree(templates, root, problems)  # inside the project, regular files, not too large
    for load in settings_loads(root):
        problems.add(load.path, load.line, load.message)
    problems.raise_if_any()
    links = link(corpus) if links is None else links
    files: dict[str, str | bytes] = {}
    options = Options(site_url, raw_links, **page_limits)
    with _template_errors(templates, root):
        for path, text in page_stream(corpus, links, templates, options, cache=root / "build" / "jinja-cache"):
            files[path] = text
            between()
    files.update(exports(corpus, links, site_url))
    between()
    files.update(edition_files(corpus, files, str(mkdocs_settings(root).get("site_name", "")), site_url))
    files.update(static_assets(root))
    files[urls.THEMES_CSS] = theme_stylesheet(corpus)
    files[urls.ESSAY_LIST_JS] = essay_list_script(corpus)
    files[urls.TIPS_JS] = tips_script(corpus)
    files[urls.SEARCH_ENGINE_JS] = engine_script(chunked=False)  # the hosted build may chunk its index
    for essay in corpus.essays:
        files[f"{urls.PREVIEWS}/{essay.id}.js"] = preview_script(corpus, links, essay)
    between()
    files.update(compare_files(corpus, links))  # the compare view's data (pages/compare.py)
    files[ROBOTS] = robots_txt(site_url)
    return corpus, files, link_table(corpus)


def generate(root: Path, out: Path | None = None, address: str | None = None, corpus=None, links: Links | None = None):
    """Write the generated pages into `out` (default build/docs) and the prose linker's table
    (for a renderer that runs no site-builder plugin); return (corpus, {path: content} of the
    files, link table). `address`: the site's address for its absolute URLs (None: site_url of
    mkdocs.yml; "": none); `links`: the corpus' links where the caller has them."""
    out = (out or root / GENERATED).resolve()
    address = site_url(read_settings(root)) if address is None else address
    # raw links: for renderers without the plugin
    corpus, files, table = render_all(root, address, corpus, raw_links="source", links=links)
    write_tree(out, files)
    write_json_if_changed(root / LINK_TABLE, table)
    return corpus, files, table
