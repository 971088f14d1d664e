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
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from mkdocs.config import config_options
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, file_sort_key

from ..finishing import csp
from ..outputs import edition, search
from ..outputs.chunked_search import CHUNKED_ABOVE
from ..outputs.output import write_tree
from ..outputs.site_files import GENERATED, PAGE_LIMITS, render_all
from ..pages.render import CompiledTemplates, navigation, template_of
from ..problems import Problem, SourceError
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
    pages: Mapping[str, str | bytes] = MappingProxyType({})  # generated path -> content, set by each (re)build

    def on_config(self, config):
        # Runs on every build, and on every rebuild of `mkdocs serve`: no state is kept between them.
        root = Path(config["config_file_path"]).resolve().parent
        try:
            corpus, self.pages, table = render_all(
                root,
                config.get("site_url") or "",
                corpus=self.corpus,
                page_limits={key: self.config[key] for key in PAGE_LIMITS},
            )
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

    def on_env(self, env, config, files):
        # The theme's templates, compiled once and kept between builds like the page templates
        # (compiling Material's templates costs about 0.3 s of every build)
        cache = Path(config["config_file_path"]).resolve().parent / "build" / "jinja-cache" / "theme"
        cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = CompiledTemplates(str(cache))
        return env

    def on_files(self, files, config):
        # The pages exist in memory only; whatever `site-builder generate` left in the docs
        # folder (for a renderer without this plugin) is not read, so a stale page cannot leak in.
        docs = Path(config["docs_dir"]).resolve()
        for file in [f for f in files if f.src_dir and Path(f.src_dir).resolve() == docs]:
            files.remove(file)
        generated = [File.generated(config, path, content=content) for path, content in self.pages.items()]
        for file in sorted(generated, key=file_sort_key):  # the order MkDocs reads a docs folder in
            files.append(file)
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


def build(root: Path, out: Path, corpus, config, with_address: bool = True) -> Rendered:
    """The one MkDocs build, into `out`, from the corpus validated once for the whole build and
    mkdocs.yml as load_configuration read it (`config`); without its site_url unless
    `with_address` (the offline copy's pages). A filesystem error (a full disk) is
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
