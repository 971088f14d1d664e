"""A build: the sources checked once, an engine's render into a temporary folder, the one
finishing pass over what it built, the offline copy and the chunked search, then the swap into
place (atomic: a failed or stopped build leaves the previous site untouched).

The stages are the package's folders (sources, linking, pages, outputs, finishing); the
engines (engines/) only render; outputs/site_files.generate writes the pages for a renderer that runs no plugin.
"""

from __future__ import annotations

import io
import os
import posixpath
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import urls
from .buildlock import project_lock, remove_stale, temporary_prefix
from .engines.rendered import Rendered
from .finishing import csp
from .linking.basis import Linked, relink
from .linking.link import Links
from .outputs import edition, search
from .outputs.chunked_search import index_size, make_chunked
from .outputs.offline import checked_remote_loads, offline_files, remote_loads, write_files
from .outputs.output import replace_folder
from .outputs.site_files import GENERATED, generate
from .pages.render import link_table, navigation
from .pages.views import search_authors
from .problems import SourceError
from .sources.load import Readings
from .sources.model import Corpus
from .sources.validate import load_corpus_again
from .workspace import check, filesystem_problem, site_folder

OFFLINE_ZIP = urls.OFFLINE_ZIP
ENGINES = ("mkdocs", "zensical")


def source_date_epoch(root: Path) -> str:
    """A timestamp taken from the sources (the last commit), so builds are reproducible."""
    try:
        stamp = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        if stamp:
            return stamp
    except (OSError, subprocess.CalledProcessError):
        pass
    return "1531094400"  # 2018-07-09: no git history; a fixed date keeps output reproducible


def build_site(
    root: Path,
    offline: bool = False,
    site_dir: Path | None = None,
    with_offline_zip: bool = True,
    engine: str = "mkdocs",
) -> Path:
    """Check, render with the engine into a temporary folder, finish, then swap it into place.

    MkDocs + Material (the default) runs once: the offline copy (`offline`, or the zip the
    hosted site carries on its download page) is derived from the hosted site's pages
    (outputs/offline.py). Zensical makes its own offline copy, in a second run.

    The build writes only in the places workspace.py names, checked before anything is touched;
    a filesystem error on the way (permissions, a full disk, a link loop) is a SourceError that
    names the path and says what to do, the previous site left as it was.
    """
    try:
        return _build_site(root, offline, site_dir, with_offline_zip, engine).target
    except OSError as error:  # shutil.Error too
        raise SourceError([filesystem_problem(root, error)]) from None


def build_preview(root: Path, site_dir: Path, engine: str = "mkdocs") -> Built:
    """The live preview's whole build into `site_dir`: build_site's, without the offline zip or
    the chunked index (the preview searches Material's whole index), with what update_preview
    needs kept in memory."""
    try:
        return _build_site(root, False, site_dir, False, engine, preview=True)
    except OSError as error:  # shutil.Error too
        raise SourceError([filesystem_problem(root, error)]) from None


def _build_site(
    root: Path, offline: bool, site_dir: Path | None, with_offline_zip: bool, engine: str, preview: bool = False
) -> Built:
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(root))
    target = site_folder(root, site_dir, offline)
    check(root, target)  # links, files where folders belong, read-only folders: refused here
    target.parent.mkdir(parents=True, exist_ok=True)
    (root / GENERATED).mkdir(parents=True, exist_ok=True)  # MkDocs checks docs_dir exists
    config = None
    if engine == "mkdocs":
        from .engines.mkdocs_engine import load_configuration

        config = load_configuration(root)  # read once, checked before anything is touched
    corpus, readings = load_corpus_again(root)  # raises SourceError before anything is touched
    with project_lock(root):  # one build at a time in this checkout
        remove_stale(target)  # what a stopped build left behind (the target is inside the project)
        tmp: Path | None = None
        try:
            tmp = Path(tempfile.mkdtemp(prefix=temporary_prefix(target), dir=target.parent))
            rendered = _engine_build(root, tmp, target, corpus, config, offline, with_offline_zip, engine, preview)
        except OSError as error:  # named as the site folder it would have become
            moved = () if tmp is None else ((tmp / "site", target), (tmp / "offline-copy", target))
            raise SourceError([filesystem_problem(root, error, moved)]) from None
        finally:
            if tmp is not None:
                _remove_uninterrupted(tmp)
    return _built(root, target, corpus, rendered, config, readings, preview)


def _engine_build(
    root: Path,
    tmp: Path,
    target: Path,
    corpus,
    config,
    offline: bool,
    with_offline_zip: bool,
    engine: str,
    preview: bool = False,
) -> Rendered:
    if engine == "zensical":
        return _zensical_build(root, tmp, target, corpus, offline, with_offline_zip, preview)
    return _mkdocs_build(root, tmp, target, corpus, config, offline, with_offline_zip, preview)


def finish_site(root: Path, site: Path, corpus, rendered: Rendered) -> None:
    """The one finishing pass, whichever engine built `site`: a search record per essay
    paragraph, the Content-Security-Policy of every page, and nothing loaded from another host."""
    search.add_paragraph_records(site, corpus, rendered.index)
    csp.add_policies(site, rendered.theme, rendered.inline_styles)
    problems = checked_remote_loads(root, site)
    if problems:
        raise SourceError(problems)


def _mkdocs_build(
    root: Path, tmp: Path, target: Path, corpus, config, offline: bool, with_offline_zip: bool, preview: bool
) -> Rendered:
    from .engines import mkdocs_engine

    def render(out: Path, with_address: bool) -> Rendered:
        return mkdocs_engine.build(root, out, corpus, config, with_address)

    return _finish_and_place(root, tmp, target, corpus, render, offline, with_offline_zip, preview)


def _finish_and_place(
    root: Path,
    tmp: Path,
    target: Path,
    corpus,
    render: Callable[[Path, bool], Rendered],
    offline: bool,
    with_offline_zip: bool,
    preview: bool = False,
) -> Rendered:
    """After either engine (`render(folder, with_address)`): the finishing pass, the offline copy
    (or its zip) derived from the hosted pages, the chunked index of a large site, and the swap
    into place. The offline copy carries no absolute address: with site_url set, it is derived
    from the pages rendered without it (a second run of the engine, for the zip)."""
    rendered = render(tmp / "site", not offline)
    finish_site(root, tmp / "site", corpus, rendered)
    if preview:  # no offline copy, no chunked index
        replace_folder(tmp / "site", target)
        return rendered
    local, local_rendered = tmp / "site", rendered
    if rendered.address and with_offline_zip:
        local = tmp / "local"
        local_rendered = render(local, False)
        finish_site(root, local, corpus, local_rendered)
    copy = offline_files(
        local, list(local_rendered.pages), local_rendered.theme, local_rendered.index, local_rendered.inline_styles
    )
    if offline:
        write_files(copy, tmp / "offline-copy")
        replace_folder(tmp / "offline-copy", target)
        return rendered
    if with_offline_zip:  # made from the copy's files as they are: no copy on disk
        epoch = int(os.environ["SOURCE_DATE_EPOCH"])
        (tmp / "site" / OFFLINE_ZIP).write_bytes(zip_files(copy, "site-offline", epoch))
    if index_size(tmp / "site") > rendered.chunked_above:  # after the offline copy took the whole index
        make_chunked(tmp / "site", {e.id: search_authors(e) for e in corpus.essays})
    replace_folder(tmp / "site", target)
    return rendered


def _remove_uninterrupted(folder: Path) -> None:
    """Remove a temporary folder with Ctrl-C and SIGTERM held back until it is gone (a stop that
    lands during the removal is then raised after it), so a stopped build leaves no debris."""
    held = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def _zensical_build(
    root: Path, tmp: Path, target: Path, corpus, offline: bool, with_offline_zip: bool, preview: bool
) -> Rendered:
    from .engines import zensical_engine

    def render(out: Path, with_address: bool) -> Rendered:
        # the pages in build/docs, links as Zensical reads them
        generate(root, address=None if with_address else "", corpus=corpus)
        return zensical_engine.build(root, corpus, out, with_address)

    return _finish_and_place(root, tmp, target, corpus, render, offline, with_offline_zip, preview)


# --- the live preview: a build kept, and updated page by page ----------------------------------

EVERYWHERE = ("templates/", "mkdocs.yml")  # what any page may show: an edit there renders every page


@dataclass(frozen=True)
class Built:
    """A finished build, as the live preview keeps it to update it (update_preview)."""

    target: Path
    corpus: Corpus
    rendered: Rendered
    files: Mapping[str, str | bytes]  # the generated files it was built from (MkDocs: {} under Zensical)
    site_wide: tuple  # what every page shows: the navigation, the link table, the footer, the pages
    live: object | None  # engines.mkdocs_engine.LiveSite under MkDocs, None under Zensical
    rendered_pages: tuple[str, ...]  # the generated pages this build rendered (every one for a whole build)
    readings: Readings  # the source files as the check read them: the next reads only the changed ones
    linked: Linked | None = None  # the corpus' links (MkDocs): kept by an edit the link stage does not read


def site_wide(corpus: Corpus, files: Mapping[str, str | bytes], table: dict) -> tuple:
    """What reaches every page: when it changes, every page is rendered again. The navigation
    (titles of the essays and themes), the prose linker's table (every essay's links), the
    footer (the edition) and the set of files (the sitemap, the search index's pages)."""
    return (navigation(corpus), table, edition.footer(corpus), tuple(sorted(files)))


def _built(
    root: Path, target: Path, corpus: Corpus, rendered: Rendered, config, readings: Readings, preview: bool
) -> Built:
    if config is None or "site-builder" not in config.plugins:
        return Built(target, corpus, rendered, {}, (), None, rendered.pages, readings)
    from .engines.mkdocs_engine import LiveSite

    plugin = config.plugins["site-builder"]
    live = LiveSite(root, config)
    files = dict(plugin.pages)
    table = config["mdx_configs"]["site_builder.pages.mdext"]["targets"]
    linked = relink(corpus, None) if preview else None  # for the updates of a live preview
    wide = site_wide(corpus, files, table)
    return Built(target, corpus, rendered, files, wide, live, rendered.pages, readings, linked)


def _nothing(pages: tuple[str, ...], more: bool) -> None:
    pass


def _never() -> bool:
    return False


class Superseded(Exception):
    """An update stopped after the edited essay's page was served, as a newer edit came: the rest
    of the site is left to the next update, which starts from the same last build (update_preview)."""


def first_pages(pages: tuple[str, ...]) -> tuple[str, ...]:
    """The pages an update renders and serves before the others: the essay pages among `pages`,
    where the text an editor changed is (a paragraph, or a passage's note and claim); the theme
    pages and the analysis that quote it follow. None when they are all the update has."""
    first = tuple(page for page in pages if page.startswith(urls.ESSAY_PAGES))
    return first if len(first) < len(pages) else ()


def edited_essays(changed: tuple[str, ...]) -> tuple[str, ...]:
    """The essays whose own files are among `changed`: corpus/<id>.md, annotations/passages/<id>.yaml."""
    found = set()
    for path in changed:
        folder, _, name = path.rpartition("/")
        stem, _, suffix = name.rpartition(".")
        if (folder, suffix) in (("corpus", "md"), ("annotations/passages", "yaml")):
            found.add(stem)
    return tuple(sorted(found))


def update_preview(
    root: Path,
    last: Built,
    changed: tuple[str, ...],
    served: Callable[[tuple[str, ...], bool], None] = _nothing,
    superseded: Callable[[], bool] = _never,
) -> Built | None:
    """The preview after an edit of the files `changed` (paths from the project's root), with
    only the pages whose generated Markdown changed rendered again (MkDocs); None when every page
    must be: a template or mkdocs.yml edited, a change that reaches every page (site_wide), the
    engine Zensical, or a render of the last update that failed half-way. The sources are
    checked as a build checks them (SourceError), and the pages finished as finish_site does.

    The pages of the essays whose files were edited are generated, rendered and put in place
    first, and `served(those pages, True)` is called (True: more is to come): the editor's page
    is served while the rest of the site is generated and the theme pages and the analysis
    rendered (otherwise the essay pages among the changed ones go first: first_pages); then
    `served(the other pages, False)`. The search index, with its paragraph records, is written
    once, with the last pages: until then it is the last build's.

    Before the rest of the site is generated, and again before it is rendered, `superseded()` is
    asked whether a newer edit came; if so, Superseded is raised and nothing more is placed: the
    next update, from the same `last` with both edits' files, renders every page that differs
    from it, those of this edit too (a save made meanwhile waits only for the step under way)."""
    from .engines.mkdocs_engine import LiveSite

    live = last.live
    if not isinstance(live, LiveSite) or not live.usable or any(p.startswith(EVERYWHERE) for p in changed):
        return None
    corpus, readings = load_corpus_again(root, last.readings)  # the unchanged files are not read again
    if site_wide(corpus, last.files, link_table(corpus)) != last.site_wide:
        return None  # a title, a linked name or the edition: in every page
    linked = relink(corpus, last.linked)  # the last links, where the edit changed nothing they read
    with project_lock(root):
        live.usable = False  # until the pages are in place: a failure half-way leaves the next update whole
        early = _early_pages(live, last, corpus, changed, linked.links)
        if early:
            served(tuple(early), True)
        _unless_superseded(live, superseded)
        now = {**last.files, **early}  # the files the served pages were rendered from
        files, table = live.generate(corpus, linked.links)
        _unless_superseded(live, superseded)
        if site_wide(corpus, files, table) != last.site_wide:
            return None  # a page added or removed (the whole build replaces the early pages)
        new = {path: content for path, content in files.items() if now.get(path) != content}
        pages = tuple(path for path in new if path.endswith(".md"))
        first = () if early else first_pages(pages)
        others = {path: content for path, content in new.items() if not path.endswith(".md")}
        if first:
            html, _ = live.render(files, first)
            _place_files(last.target, last.rendered, {**others, **html})
            served(first, True)
            others = {}
        rest = tuple(page for page in pages if page not in first)
        html, index = live.render(files, rest)
        _place_files(last.target, last.rendered, {**others, **html})
        _place_index(last.target, corpus, last.rendered, index)
        served(rest, False)
        live.usable = True
    rendered = tuple(dict.fromkeys((*early, *pages)))
    return Built(last.target, corpus, last.rendered, files, last.site_wide, live, rendered, readings, linked)


def _unless_superseded(live, superseded: Callable[[], bool]) -> None:
    if superseded():
        live.usable = True  # nothing is placed from here on: the next update starts from the last build
        raise Superseded


def _early_pages(live, last: Built, corpus: Corpus, changed: tuple[str, ...], links: Links) -> dict[str, str]:
    """The pages of the essays whose files were edited, where they changed, rendered and put in
    place ({generated path: Markdown}), before the rest of the site is generated."""
    early = {
        path: text
        for path, text in live.essay_pages(corpus, edited_essays(changed), links).items()
        if last.files.get(path) != text
    }
    if early:
        html, _ = live.render({**last.files, **early}, tuple(early))
        _place_files(last.target, last.rendered, dict(html))
    return early


def _place_files(target: Path, rendered: Rendered, files: dict[str, str | bytes]) -> None:
    """Files of the site (path in it: content), the HTML pages finished (their policy), checked
    (nothing from another host) in a folder beside `target`, then moved into it one by one."""
    stage = Path(tempfile.mkdtemp(prefix=temporary_prefix(target), dir=target.parent))
    try:
        for path, content in files.items():
            file = stage / path
            file.parent.mkdir(parents=True, exist_ok=True)
            if path.endswith(".html"):
                text = content.decode("utf-8") if isinstance(content, bytes) else content
                content = csp.with_policy(text, rendered.theme, rendered.inline_styles)
            file.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        problems = remote_loads(stage)
        if problems:
            raise SourceError(problems)
        for path in files:
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage / path, target / path)
    finally:
        _remove_uninterrupted(stage)


def _place_index(target: Path, corpus: Corpus, rendered: Rendered, index: str) -> None:
    """The search index with its paragraph records (finish_site's pass, on the pages as they are)."""
    (target / rendered.index.path).write_text(index, encoding="utf-8")
    search.add_paragraph_records(target, corpus, rendered.index)


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
