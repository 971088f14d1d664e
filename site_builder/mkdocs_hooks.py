"""MkDocs wiring (a hook, listed in mkdocs.yml): regenerate pages before every build and
watch the sources in `mkdocs serve`. The core stays free of MkDocs imports."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import Abort

from site_builder.pipeline import generate
from site_builder.problems import SourceError
from site_builder.render import navigation

ROOT = Path(__file__).resolve().parent.parent


def on_config(config):
    """Runs on every (re)build, also in `mkdocs serve`: regenerate pages, derive the nav."""
    try:
        corpus = generate(ROOT, Path(config["docs_dir"]), config.get("site_url") or "")
    except SourceError as error:
        raise Abort("the sources have problems:\n" + str(error)) from None
    if not config.get("nav"):
        config["nav"] = navigation(corpus)
    return config


def on_serve(server, config, builder):
    for folder in ("corpus", "annotations", "templates"):
        server.watch(str(ROOT / folder))
    return server
