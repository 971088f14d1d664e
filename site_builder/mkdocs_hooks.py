"""MkDocs wiring (a hook, listed in mkdocs.yml): regenerate pages before every build and
watch the sources in `mkdocs serve`. The core stays free of MkDocs imports."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import Abort

from site_builder.pipeline import generate
from site_builder.problems import SourceError

ROOT = Path(__file__).resolve().parent.parent


def on_pre_build(config) -> None:
    try:
        generate(ROOT, Path(config["docs_dir"]), config.get("site_url") or "")
    except SourceError as error:
        raise Abort("the sources have problems:\n" + str(error)) from None


def on_serve(server, config, builder):
    for folder in ("corpus", "annotations", "templates"):
        server.watch(str(ROOT / folder))
    return server
