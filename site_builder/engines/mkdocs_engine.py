"""MkDocs + Material: a thin plugin that renders the pages in memory on every (re)build and gives
them to MkDocs as generated files (`File.generated`) and derives the navigation from the
corpus; and the MkDocs build (`build`). The live preview is the build's own (preview.py).

The engine renders and hands the folder over: the finishing pass (build.finish_site) is the
same for both engines. The sanitizer is the last step of the Markdown (pages/mdext.py).
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType

from jinja2 import Environment
from mkdocs.config import config_options
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, file_sort_key
from mkdocs.structure.nav import Navigation

from ..finishing import csp
from ..linking.link import Links
from ..outputs import edition, search
from ..outputs.chunked_search import CHUNKED_ABOVE
from ..outputs.output import write_tree
from ..outputs.site_files import GENERATED, PAGE_LIMITS, go_on, render_all, render_essays
from ..pages.render import CompiledTemplates, navigation, template_of
from ..problems import Problem, SourceError
from ..sources.model import Corpus
from .rendered import Rendered


class SourceAbort(Abort):
    """Stops MkDocs on problems in the sources; `site-builder build` reports them as path:line."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("the sources have problems:\n" + "\n".join(str(p) for p in problems))


class SiteBuilderPlugin(BasePlugin):
    # mkdocs.yml: `- site-builder: {theme_page_passages: 300, mentions_on_index: 150,
    # mentions_per_page: 4000, essay_columns: 24}`: where a theme's list moves to parts, an
    # entity's or a term's mentions to pages of their own, and the home page, the analysis and
    # the timeline count by year instead of by essay and the rights move to a page per year
    # (site_files.PAGE_LIMITS, paging.py)
    # `chunked_search_above`: past this many bytes of Material's search index the hosted site
    # answers its search box from a chunked index (chunked_search.py)
    config_scheme = (
        *tuple((key, config_options.Type(int, default=default)) for key, default in PAGE_LIMITS.items()),
        ("chunked_search_above", config_options.Type(int, default=CHUNKED_ABOVE)),
    )
    essays: tuple = ()  # the corpus's essays, set by each (re)build
    corpus = None  # set by `site-builder build`: the corpus it validated; otherwise loaded here
    links: Links | None = None  # set by `site-builder build`: the links of its one link stage; otherwise linked here
    pages: Mapping[str, str | bytes] = MappingProxyType({})  # generated path -> content, set by each (re)build
    # what the last build gave MkDocs, kept for the live preview's single-page renders (LiveSite)
    files: Files | None = None
    nav: Navigation | None = None
    env: Environment | None = None

    def on_config(self, config):
        # Runs on every build, and on every rebuild of `mkdocs serve`: no state is kept between them.
        root = Path(config["config_file_path"]).resolve().parent
        try:
            corpus, self.pages, table = self.render(root, config, self.corpus, self.links)
        except SourceError as error:
            raise SourceAbort(error.problems) from None
        # the prose linker gets its table in memory (the file is for renderers without this plugin)
        config["mdx_configs"].setdefault("site_builder.pages.mdext", {})["targets"] = table
        self.essays = corpus.essays
        if not config.get("nav"):
            config["nav"] = navigation(corpus)
        # the footer's link to the rights page (templates/overrides/partials/copyright.html)
        config["extra"].update(edition.footer(corpus))  # and to the changes, under the edition's version
        return config

    def render(
        self, root: Path, config, corpus, links: Links | None = None, between: Callable[[], None] = go_on
    ) -> tuple[Corpus, dict[str, str | bytes], dict]:
        """Every generated file in memory, as this build's configuration asks (render_all;
        `links`: the corpus' links where the caller has them; `between`: called after each file)."""
        limits = {key: self.config[key] for key in PAGE_LIMITS}
        address = config.get("site_url") or ""
        return render_all(root, address, corpus=corpus, page_limits=limits, links=links, between=between)

    def on_env(self, env, config, files):
        # The theme's templates, compiled once and kept between builds like the page templates
        # (compiling Material's templates costs about 0.3 s of every build)
        cache = Path(config["config_file_path"]).resolve().parent / "build" / "jinja-cache" / "theme"
        cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = CompiledTemplates(str(cache))
        self.env = env
        return env

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def on_files(self, files, config):
        # The pages exist in memory only; whatever `site-builder generate` left in the docs
        # folder (for a renderer without this plugin) is not read, so a stale page cannot leak in.
        docs = Path(config["docs_dir"]).resolve()
        for file in [f for f in files if f.src_dir and Path(f.src_dir).resolve() == docs]:
            files.remove(file)
        generated = [File.generated(config, path, content=content) for path, content in self.pages.items()]
        for file in sorted(generated, key=file_sort_key):  # the order MkDocs reads a docs folder in
            files.append(file)
        self.files = files
        return files


# --- the MkDocs build ---------------------------------------------------------------------


class _WarningsShown(logging.StreamHandler):
    """MkDocs' warnings on the terminal: ours, added once however many builds run."""


def _show_mkdocs_warnings() -> None:
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _WarningsShown) for h in logger.handlers):
        handler = _WarningsShown(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)


class _WarningLog(logging.Handler):
    """The warnings MkDocs logs during one build: in strict mode they are why it aborts."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_DOC_FILE = re.compile(r"Doc file '([^']+)' contains (?:a link|an absolute link|a link to) '([^']*)'")


def page_problem(root: Path, message: str, pages: dict) -> Problem | None:
    """A warning of MkDocs about a generated page, as `build/docs/<page>:<line>` with the
    template that wrote it (the pages are written there for the reader to look at); None when
    the warning names no page."""
    match = _DOC_FILE.search(message)
    if not match:
        return None
    page, target = match.groups()
    line = 1
    text = pages.get(page)
    if isinstance(text, str):
        for number, line_text in enumerate(text.splitlines(), 1):
            if f"]({target}" in line_text or f'="{target}' in line_text:
                line = number
                break
    template = template_of(page)
    where = f"templates/{template}" if template else "the page's template"
    return Problem(
        (GENERATED / page).as_posix(),
        line,
        f"{message.rstrip('.')}; this page is generated by {where}: correct the link there",
    )


def load_configuration(root: Path):
    """mkdocs.yml, read once and checked before anything is touched."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _show_mkdocs_warnings()
    try:
        config = load_config(str(root / "mkdocs.yml"))
    except MkDocsException as error:
        raise SourceError([Problem("mkdocs.yml", 1, f"invalid configuration: {error}")]) from None
    if "site-builder" not in config.plugins:
        raise SourceError([_no_plugin_problem(root)])
    return config


def _no_plugin_problem(root: Path) -> Problem:
    """The site-builder plugin is what gives MkDocs the pages: without it there is no site."""
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8", errors="replace").splitlines()
    line = next((n for n, text in enumerate(lines, 1) if re.match(r"plugins\s*:", text)), 1)
    return Problem(
        "mkdocs.yml",
        line,
        "the site-builder plugin is not listed under plugins:, and without it MkDocs has no page to "
        "build: add `- site-builder` as the first entry of plugins: and build again",
    )


def build(root: Path, out: Path, corpus, config, with_address: bool = True, links: Links | None = None) -> Rendered:
    """The one MkDocs build, into `out`, from the corpus validated once for the whole build and
    mkdocs.yml as load_configuration read it (`config`); without its site_url unless
    `with_address` (the offline copy's pages); `links`: the corpus' links where the caller has
    them (the live preview keeps them for its updates). A filesystem error (a full disk) is
    raised as it is: build.build_site names the path it would have had in the site folder."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    warnings = _WarningLog()
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        config["site_dir"] = str(out)
        if not with_address:  # no canonical link, absolute sitemap or citation URL
            config["site_url"] = None
        if "site-builder" in config.plugins:
            config.plugins["site-builder"].corpus = corpus  # no second loading and validation
            config.plugins["site-builder"].links = links  # nor a second link stage
        build(config)
    except MkDocsException as error:
        if isinstance(error, SourceAbort):  # the plugin found problems in the sources
            raise SourceError(error.problems) from None
        pages = getattr(config.plugins.get("site-builder"), "pages", {})
        write_tree((root / GENERATED).resolve(), pages)  # the pages the messages point into
        problems = [page_problem(root, message, pages) for message in warnings.messages]
        raise SourceError(
            [p for p in problems if p] or [Problem("mkdocs.yml", 1, f"MkDocs could not build the site: {error}")]
        ) from None
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
    plugin = config.plugins.get("site-builder")
    pages = tuple(sorted(p for p in getattr(plugin, "pages", {}) if p.endswith(".md")))
    chunked_above = plugin.config["chunked_search_above"] if plugin is not None else CHUNKED_ABOVE
    return Rendered(
        csp.theme_script_patterns(tuple(str(d) for d in config.theme.dirs)),
        search.MATERIAL_INDEX,
        False,
        pages,
        chunked_above,
        config.get("site_url") or "",
    )


# --- the live preview's single-page renders ---------------------------------------------------


class LiveSite:
    """A finished MkDocs build kept in memory (its configuration, and the files, navigation and
    theme environment the plugin kept), so that the live preview renders again only the pages an
    edit changed. What MkDocs' `--dirty` does by file dates, with two differences: the pages to
    render are those whose generated Markdown changed, and the rest of the site (navigation,
    search index) stays exact, so a page rendered here is byte-identical to the same page of a
    full build. The caller decides when only some pages may change (live_update.update_preview)."""

    def __init__(self, root: Path, config) -> None:
        self.root = root
        self.config = config
        self.plugin: SiteBuilderPlugin = config.plugins["site-builder"]
        if self.plugin.files is None or self.plugin.nav is None or self.plugin.env is None:
            raise SourceError([Problem("mkdocs.yml", 1, "MkDocs has not built the site: nothing to update")])
        self.files: Files = self.plugin.files
        self.nav: Navigation = self.plugin.nav
        self.env: Environment = self.plugin.env
        self.usable = True  # false while a render is under way, and after one that failed half-way

    def generate(
        self, corpus: Corpus, links: Links | None = None, between: Callable[[], None] = go_on
    ) -> tuple[dict[str, str | bytes], dict]:
        """The generated files and the link table for `corpus`, exactly as a build's plugin makes
        them (`links`: the corpus' links, linking/link.py, where the caller has them; `between`:
        called after each file, to stop the generation by raising)."""
        _, files, table = self.plugin.render(self.root, self.config, corpus, links, between)
        return files, table

    def essay_pages(self, corpus: Corpus, essay_ids: tuple[str, ...], links: Links) -> dict[str, str]:
        """The generated Markdown of the pages of the essays `essay_ids`, as a build's plugin makes
        them, without the rest of the site (outputs/site_files.py render_essays)."""
        limits = {key: self.plugin.config[key] for key in PAGE_LIMITS}
        return render_essays(self.root, self.config.get("site_url") or "", corpus, links, essay_ids, limits)

    def render(self, files: Mapping[str, str | bytes], changed: tuple[str, ...]) -> tuple[dict[str, bytes], str]:
        """The pages `changed` (generated Markdown paths) rendered again from `files`, the whole
        new set of generated files: ({path in the site: HTML}, Material's search index as JSON).
        MkDocs' warnings are refused as in a build (strict), at the generated page's line."""
        from mkdocs.commands.build import _populate_page
        from mkdocs.exceptions import MkDocsException

        index = self.config.plugins["material/search"].search_index
        previous = list(index.entries)  # every page's entries, from the last build or render
        warnings = _WarningLog()
        logging.getLogger("mkdocs").addHandler(warnings)
        try:
            self.plugin.pages = MappingProxyType(dict(files))
            pages = [self._page(path, files[path]) for path in changed]
            for page in pages:
                _populate_page(page, self.config, self.files)
            html = {page.file.dest_uri: self._html(page) for page in pages}
            for file in self._documents():
                file.page.validate_anchor_links(files=self.files, log_level=logging.WARNING)
            index.entries = self._entries(previous, {p.url: html[p.file.dest_uri][1] for p in pages})
        except MkDocsException as error:  # as a build reports it (build)
            index.entries = previous
            raise SourceError([Problem("mkdocs.yml", 1, f"MkDocs could not build the site: {error}")]) from None
        finally:
            logging.getLogger("mkdocs").removeHandler(warnings)
        if warnings.messages:
            index.entries = previous
            write_tree((self.root / GENERATED).resolve(), dict(files))  # the pages the messages point into
            problems = [page_problem(self.root, message, dict(files)) for message in warnings.messages]
            raise SourceError([p for p in problems if p] or [Problem("mkdocs.yml", 1, warnings.messages[0])])
        return {dest: text for dest, (text, _) in html.items()}, index.generate_search_index(None)

    def _page(self, path: str, content: str | bytes):
        file = self.files.get_file_from_path(path)
        if file is None or file.page is None or not isinstance(content, str):
            raise SourceError([Problem((GENERATED / path).as_posix(), 1, "not a page of the last build")])
        file.content_string = content
        return file.page

    def _documents(self) -> list:
        return list(self.files.documentation_pages())

    def _html(self, page) -> tuple[bytes, list[dict]]:
        """A page through the theme's template, as mkdocs.commands.build._build_page writes it, and
        the search entries Material's plugin made for it on the way."""
        from mkdocs.commands.build import get_context

        config, nav = self.config, self.nav
        index = config.plugins["material/search"].search_index
        index.entries = []
        config._current_page = page
        page.active = True
        try:
            context = get_context(nav, self._documents(), config, page)
            template = self.env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            output = config.plugins.on_post_page(template.render(context), page=page, config=config)
        finally:
            page.active = False
            config._current_page = None
        return output.encode("utf-8", errors="xmlcharrefreplace"), index.entries

    def _entries(self, previous: list[dict], fresh: dict[str, list[dict]]) -> list[dict]:
        """Material's search entries of every page in the build's order, those of the pages just
        rendered in place of their old ones (an entry's location is its page's URL, then the
        fragment of its heading)."""
        old: dict[str, list[dict]] = {}
        for entry in previous:
            old.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
        return [e for file in self._documents() for e in fresh.get(file.page.url, old.get(file.page.url, []))]
