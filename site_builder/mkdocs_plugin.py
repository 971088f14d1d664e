"""MkDocs wiring: a thin plugin that regenerates the pages on every (re)build, derives the
navigation from the corpus and watches the sources in `mkdocs serve`.

The core (load, validate, link, render, export) never imports MkDocs, so another renderer
(Zensical) can use `site-builder generate` and the same mkdocs.yml without this plugin.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin

from .pipeline import generate
from .problems import SourceError
from .render import navigation


class SiteBuilderPlugin(BasePlugin):
    def on_config(self, config):
        # Runs on every build, and on every rebuild of `mkdocs serve`: no state is kept between them.
        root = Path(config["config_file_path"]).resolve().parent
        try:
            corpus = generate(root, Path(config["docs_dir"]), config.get("site_url") or "")
        except SourceError as error:
            raise Abort("the sources have problems:\n" + str(error)) from None
        if not config.get("nav"):
            config["nav"] = navigation(corpus)
        return config

    def on_serve(self, server, config, builder):
        root = Path(config["config_file_path"]).resolve().parent
        for folder in ("corpus", "annotations", "templates"):
            server.watch(str(root / folder))
        return server
