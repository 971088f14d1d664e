"""The stages put together: load -> validate -> link -> render -> export -> write; and the
MkDocs build around them (atomic: a failed build leaves the previous site untouched)."""
from __future__ import annotations

import io
import logging
import os
import posixpath
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from . import csp, limits, urls
from .chunked_search import CHUNKED_ABOVE, engine_script, index_size, make_chunked
from .buildlock import project_lock, remove_stale, temporary_prefix
from .link import link
from .offline import checked_remote_loads, offline_files, write_files
from .output import replace_folder, write_json_if_changed, write_tree
from .problems import Collector, Problem, SourceError
from .template_errors import template_problem
from .render import link_table, render_pages, template_of
from .views import Options, essay_list_script, preview_script, search_authors, tips_script
from .validate import load_corpus
from .export import exports
from .analysis import ESSAY_COLUMNS_MAX, theme_stylesheet
from .paging import MENTIONS_ON_INDEX, MENTIONS_PER_PAGE, THEME_PAGE_PASSAGES

GENERATED = Path("build") / "docs"
LINK_TABLE = Path("build") / "link-targets.json"


def static_assets(root: Path) -> dict[str, bytes]:
    assets = root / "templates" / "assets"
    return {f"assets/{p.relative_to(assets).as_posix()}": p.read_bytes()
            for p in sorted(assets.rglob("*")) if p.is_file()}


PAGE_LIMITS = {"theme_page_passages": THEME_PAGE_PASSAGES, "mentions_on_index": MENTIONS_ON_INDEX,
               "mentions_per_page": MENTIONS_PER_PAGE, "essay_columns": ESSAY_COLUMNS_MAX}


def configured_page_limits(root: Path) -> dict[str, int]:
    """The site-builder plugin's page limits in mkdocs.yml (paging.py), for the renderers that
    run no plugin (`generate`, Zensical); MkDocs validates them through the plugin."""
    import yaml
    limits_found = dict(PAGE_LIMITS)
    try:
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return limits_found
    for plugin in (config or {}).get("plugins") or ():
        if isinstance(plugin, dict) and isinstance(plugin.get("site-builder"), dict):
            for key in PAGE_LIMITS:
                value = plugin["site-builder"].get(key)
                if isinstance(value, int) and value > 0:
                    limits_found[key] = value
    return limits_found


def render_all(root: Path, site_url: str = "", corpus=None, raw_links: str = "published",
               page_limits: dict[str, int] | None = None):
    """Everything the site is made of, in memory: (corpus, pages and data files, link table).
    `corpus`: the sources already loaded and validated in this build (else they are loaded);
    `page_limits`: PAGE_LIMITS as the plugin read them (else from mkdocs.yml)."""
    if page_limits is None:
        page_limits = configured_page_limits(root)
    site_url = site_url.rstrip("/")
    corpus = corpus or load_corpus(root)
    templates = root / "templates"
    problems = Collector()
    limits.check_tree(templates, root, problems)  # inside the project, regular files, not too large
    problems.raise_if_any()
    links = link(corpus)
    try:
        files: dict[str, str | bytes] = dict(render_pages(corpus, links, templates, Options(site_url, raw_links, **page_limits),
                                                          cache=root / "build" / "jinja-cache"))
    except Exception as error:  # a template's syntax or runtime error: its file and line
        problem = template_problem(error, templates, root)
        if problem is None:
            raise
        raise SourceError([problem]) from None
    files.update(exports(corpus, links, site_url))
    files.update(static_assets(root))
    files[urls.THEMES_CSS] = theme_stylesheet(corpus)
    files[urls.ESSAY_LIST_JS] = essay_list_script(corpus)
    files[urls.TIPS_JS] = tips_script(corpus)
    files[urls.SEARCH_ENGINE_JS] = engine_script(chunked=False)  # the hosted build may chunk its index
    for essay in corpus.essays:
        files[f"{urls.PREVIEWS}/{essay.id}.js"] = preview_script(corpus, links, essay)
    return corpus, files, link_table(corpus)


def generate(root: Path, out: Path | None = None, site_url: str = "", corpus=None):
    """Write the generated pages into `out` (default build/docs) and the prose linker's table
    (for a renderer that runs no site-builder plugin); return (corpus, link table)."""
    out = (out or root / GENERATED).resolve()
    corpus, files, table = render_all(root, site_url, corpus, raw_links="source")  # for renderers without the plugin
    write_tree(out, files)
    write_json_if_changed(root / LINK_TABLE, table)
    return corpus, table


def source_date_epoch(root: Path) -> str:
    """A timestamp taken from the sources (the last commit), so builds are reproducible."""
    try:
        stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                               text=True, check=True).stdout.strip()
        if stamp:
            return stamp
    except (OSError, subprocess.CalledProcessError):
        pass
    return "1531094400"  # 2018-07-09: no git history; a fixed date keeps output reproducible


def _show_mkdocs_warnings() -> None:
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "site_builder", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        handler.setLevel(logging.WARNING)
        handler.site_builder = True
        logger.addHandler(handler)


OFFLINE_ZIP = urls.OFFLINE_ZIP


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
    return Problem((GENERATED / page).as_posix(), line,
                   f"{message.rstrip('.')}; this page is generated by {where}: correct the link there")


def _mkdocs_build(root: Path, out: Path, corpus, config) -> tuple[list[str], tuple, int]:
    """The one MkDocs build, into `out`, from the corpus validated once for the whole build and
    mkdocs.yml as build_site loaded it (`config`); returns what the offline copy needs: the
    generated pages and the theme's inline scripts; and the size of search index past which the
    hosted site's search is chunked."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    warnings = _WarningLog()
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        config["site_dir"] = str(out)
        if "site-builder" in config.plugins:
            config.plugins["site-builder"].corpus = corpus  # no second loading and validation
        build(config)
    except MkDocsException as error:
        if getattr(error, "problems", None):  # the plugin found problems in the sources
            raise SourceError(error.problems) from None
        pages = getattr(config.plugins.get("site-builder"), "pages", {})
        write_tree((root / GENERATED).resolve(), pages)  # the pages the messages point into
        problems = [page_problem(root, message, pages) for message in warnings.messages]
        raise SourceError([p for p in problems if p] or
                          [Problem("mkdocs.yml", 1, f"MkDocs could not build the site: {error}")]) from None
    except OSError as error:  # e.g. a full disk: name the file that could not be written
        name = Path(error.filename).name if error.filename else "the site"
        raise SourceError([Problem("mkdocs.yml", 1, f"MkDocs could not write {name}: {error.strerror}; "
                                   "free some disk space or check the permissions of the site folder")]) from None
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
    problems = checked_remote_loads(root, out)  # the site loads nothing from another host
    if problems:
        raise SourceError(problems)
    plugin = config.plugins.get("site-builder")
    pages = sorted(p for p in getattr(plugin, "pages", {}) if p.endswith(".md"))
    chunked_above = plugin.config["chunked_search_above"] if plugin is not None else CHUNKED_ABOVE
    return pages, csp.theme_script_patterns(tuple(str(d) for d in config.theme.dirs)), chunked_above


def build_site(root: Path, offline: bool = False, site_dir: Path | None = None,
               with_offline_zip: bool = True, engine: str = "mkdocs") -> Path:
    """Check, generate, run the renderer into a temporary folder, then swap it into place.

    MkDocs + Material (the default) runs once: the offline copy (`offline`, or the zip the
    hosted site carries on its download page) is derived from the hosted site's pages
    (offline.py). Zensical (`engine="zensical"`, zensical_engine.py) makes its own offline copy.
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _show_mkdocs_warnings()
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(root))
    target = (site_dir or root / ("site-offline" if offline else "site")).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    (root / GENERATED).mkdir(parents=True, exist_ok=True)  # MkDocs checks docs_dir exists
    try:
        config = load_config(str(root / "mkdocs.yml"))  # read once, checked before anything is touched
    except MkDocsException as error:
        raise SourceError([Problem("mkdocs.yml", 1, f"invalid configuration: {error}")]) from None
    corpus = load_corpus(root)  # raises SourceError before anything is touched; the plugin renders it
    with project_lock(root):  # one build at a time in this checkout
        remove_stale(target)  # what a stopped build left behind
        tmp: Path | None = None
        try:
            tmp = Path(tempfile.mkdtemp(prefix=temporary_prefix(target), dir=target.parent))
            if engine == "zensical":
                _zensical_build(root, tmp, target, corpus, offline, with_offline_zip)
                return target
            pages, theme, chunked_above = _mkdocs_build(root, tmp / "site", corpus, config)
            if offline:
                write_files(offline_files(tmp / "site", pages, theme), tmp / "offline-copy")
                replace_folder(tmp / "offline-copy", target)
            else:
                if with_offline_zip:  # made from the copy's files as they are: no copy on disk
                    (tmp / "site" / OFFLINE_ZIP).write_bytes(zip_files(
                        offline_files(tmp / "site", pages, theme), "site-offline", int(os.environ["SOURCE_DATE_EPOCH"])))
                if index_size(tmp / "site") > chunked_above:  # after the offline copy took the whole index
                    make_chunked(tmp / "site", {e.id: search_authors(e) for e in corpus.essays})
                replace_folder(tmp / "site", target)
        finally:
            if tmp is not None:
                _remove_uninterrupted(tmp)
    return target


def _remove_uninterrupted(folder: Path) -> None:
    """Remove a temporary folder with Ctrl-C and SIGTERM held back until it is gone (a stop that
    lands during the removal is then raised after it), so a stopped build leaves no debris."""
    held = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def _zensical_build(root: Path, tmp: Path, target: Path, corpus, offline: bool, with_offline_zip: bool) -> None:
    from .zensical_engine import build as zensical_build
    if offline:
        zensical_build(root, corpus, tmp / "offline-copy", offline=True)
        replace_folder(tmp / "offline-copy", target)
        return
    zensical_build(root, corpus, tmp / "site")
    if with_offline_zip:
        zensical_build(root, corpus, tmp / "offline-copy", offline=True)
        (tmp / "site" / OFFLINE_ZIP).write_bytes(
            zip_folder(tmp / "offline-copy", "site-offline", int(os.environ["SOURCE_DATE_EPOCH"])))
    replace_folder(tmp / "site", target)


def zip_folder(folder: Path, prefix: str, epoch: int) -> bytes:
    """zip_files of every file in `folder`."""
    return zip_files({p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}, prefix, epoch)


def zip_files(files: dict[str, bytes | Path], prefix: str, epoch: int) -> bytes:
    """A reproducible zip of `files` (path in the zip: its bytes, or the file holding them):
    entries in path order, one fixed timestamp, fixed permissions."""
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip cannot store dates before 1980
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files, key=lambda path: path.split("/")):  # folder by folder, as Path sorts
            content = files[path]
            info = zipfile.ZipInfo(f"{prefix}/{path}", stamp)
            info.external_attr = 0o644 << 16
            # already compressed files are stored; the rest deflated at level 5 (the default,
            # level 6, took 60 % longer for a zip 2 % smaller)
            stored = posixpath.splitext(path)[1] in (".gz", ".png", ".zip")
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, content.read_bytes() if isinstance(content, Path) else content, compresslevel=5)
    return buffer.getvalue()


def serve(root: Path, port: int) -> None:
    (root / GENERATED).mkdir(parents=True, exist_ok=True)  # MkDocs wants the folder; the plugin fills it in memory
    from mkdocs.commands.serve import serve as mkdocs_serve
    mkdocs_serve(str(root / "mkdocs.yml"), dev_addr=f"127.0.0.1:{port}", livereload=True)
