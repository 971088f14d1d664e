"""MkDocs wiring: a thin plugin that renders the pages in memory on every (re)build and gives
them to MkDocs as generated files (`File.generated`), derives the navigation from the corpus
and watches the sources in `mkdocs serve`.

The core (load, validate, link, render, export) never imports MkDocs, so another renderer
(Zensical) can use `site-builder generate` and the same mkdocs.yml without this plugin.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from mkdocs.exceptions import Abort
from mkdocs.config import config_options
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, file_sort_key

from . import csp, sanitize, search, urls
from .chunked_search import CHUNKED_ABOVE
from .pipeline import PAGE_LIMITS, render_all
from .problems import SourceError
from .render import CompiledTemplates, navigation


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
    # (pipeline.PAGE_LIMITS, paging.py)
    # `chunked_search_above`: past this many bytes of Material's search index the hosted site
    # answers its search box from a chunked index (chunked_search.py)
    config_scheme = tuple((key, config_options.Type(int, default=default)) for key, default in PAGE_LIMITS.items()) + \
        (("chunked_search_above", config_options.Type(int, default=CHUNKED_ABOVE)),)
    serving = False  # `mkdocs serve` (the live preview), set once at startup
    corpus = None  # set by `site-builder build`: the corpus it validated; otherwise loaded here
    pages: Mapping[str, str | bytes] = MappingProxyType({})  # generated path -> content, set by each (re)build

    def on_startup(self, *, command, dirty):
        # The preview server injects its own inline live-reload script into every page, which a
        # Content-Security-Policy would block: the preview has no policy; the built site has.
        self.serving = command == "serve"

    def on_config(self, config):
        # Runs on every build, and on every rebuild of `mkdocs serve`: no state is kept between them.
        root = Path(config["config_file_path"]).resolve().parent
        try:
            corpus, self.pages, table = render_all(root, config.get("site_url") or "", corpus=self.corpus,
                                                   page_limits={key: self.config[key] for key in PAGE_LIMITS})
        except SourceError as error:
            raise SourceAbort(error.problems) from None
        # the prose linker gets its table in memory (the file is for renderers without this plugin)
        config["mdx_configs"].setdefault("site_builder.mdext", {})["targets"] = table
        self.essays = {urls.page_path(urls.essay(e.id)): e for e in corpus.essays}
        self.paragraphs: list[search.EssayParagraphs] = []
        if not config.get("nav"):
            config["nav"] = navigation(corpus)
        # the footer's link to the rights page (templates/overrides/partials/copyright.html)
        config["extra"]["rights_path"] = urls.public_url(urls.page("rights"), "").lstrip("/")
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

    @event_priority(-100)  # last of the plugins: nothing added to the content after the sanitizer
    def on_page_content(self, html, page, config, files):
        html = sanitize.clean_html(html)
        # Before Material's search plugin reads the page (on_page_context), which strips the marks.
        essay = self.essays.get(page.file.src_uri)
        if essay is None or not _plugin_enabled(config, "search"):
            return html
        self.paragraphs.append(search.EssayParagraphs(essay.id, page.url, essay.label, essay.title,
                                                     search.paragraphs(html)))
        return html  # the panels and paragraphs were marked for search by site_builder.mdext

    @event_priority(-100)  # the page as the theme made it, after any other plugin changed it
    def on_post_page(self, output, page, config):
        if self.serving:
            return output
        return csp.with_policy(output, page.content, _theme_scripts(config))

    @event_priority(-100)
    def on_post_template(self, output_content, template_name, config):
        if self.serving or not template_name.endswith(".html"):  # 404.html, not sitemap.xml
            return output_content
        return csp.with_policy(output_content, None, _theme_scripts(config))

    @event_priority(-50)  # after Material's search plugin wrote the index
    def on_post_build(self, config):
        path = Path(config["site_dir"]) / "search" / "search_index.json"
        if not self.paragraphs or not path.is_file():
            return
        index = search.add_paragraph_docs(json.loads(path.read_text(encoding="utf-8")), self.paragraphs)
        path.write_text(search.dumps(index), encoding="utf-8")

    def on_serve(self, server, config, builder):
        root = Path(config["config_file_path"]).resolve().parent
        for folder in ("corpus", "annotations", "templates"):
            server.watch(str(root / folder))
        return server


def _theme_scripts(config):
    """The theme's own inline scripts, as patterns, from its template folders (overrides first)."""
    return csp.theme_script_patterns(tuple(str(d) for d in config["theme"].dirs))


def _plugin_enabled(config, name: str) -> bool:
    """Whether Material's plugin `name` (search) is listed and enabled in this build."""
    plugin = config["plugins"].get(f"material/{name}") or config["plugins"].get(name)
    return plugin is not None and bool(getattr(plugin, "config", {}).get("enabled", True))
