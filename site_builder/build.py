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
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import urls
from .buildlock import project_lock, remove_stale, remove_uninterrupted, temporary_prefix
from .engines.rendered import Rendered
from .finishing import csp
from .linking.basis import relink
from .linking.link import Links
from .live_update import Built, kept_build
from .outputs import search
from .outputs.chunked_search import index_size, make_chunked
from .outputs.offline import checked_remote_loads, offline_files, write_files
from .outputs.output import replace_folder
from .outputs.site_files import GENERATED, generate
from .pages.views import search_authors
from .problems import SourceError
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
    linked = relink(corpus, None)  # one link stage: every render of the build uses it, the preview keeps it
    with project_lock(root):  # one build at a time in this checkout
        remove_stale(target)  # what a stopped build left behind (the target is inside the project)
        tmp: Path | None = None
        try:
            tmp = Path(tempfile.mkdtemp(prefix=temporary_prefix(target), dir=target.parent))
            how = Way(offline, with_offline_zip, preview, linked.links)
            rendered, files = _engine_build(root, tmp, target, corpus, config, how, engine)
        except OSError as error:  # named as the site folder it would have become
            moved = () if tmp is None else ((tmp / "site", target), (tmp / "offline-copy", target))
            raise SourceError([filesystem_problem(root, error, moved)]) from None
        finally:
            if tmp is not None:
                remove_uninterrupted(tmp)
    return kept_build(root, target, corpus, rendered, config, readings, linked, engine, files)


@dataclass(frozen=True)
class Way:
    """How a build goes: the offline copy in place of the site, the offline zip, a preview (no
    offline copy or chunked index), and the corpus' links."""

    offline: bool
    with_offline_zip: bool
    preview: bool
    links: Links


def _engine_build(
    root: Path, tmp: Path, target: Path, corpus, config, how: Way, engine: str
) -> tuple[Rendered, Mapping[str, str | bytes]]:
    """What the engine hands over, and the generated files it rendered (Zensical; MkDocs'
    plugin keeps its own)."""
    if engine == "zensical":
        return _zensical_build(root, tmp, target, corpus, how)
    return _mkdocs_build(root, tmp, target, corpus, config, how), {}


def finish_site(root: Path, site: Path, corpus, rendered: Rendered) -> None:
    """The one finishing pass, whichever engine built `site`: a search record per essay
    paragraph, the Content-Security-Policy of every page, and nothing loaded from another host."""
    search.add_paragraph_records(site, corpus, rendered.index)
    csp.add_policies(site, rendered.theme, rendered.inline_styles)
    problems = checked_remote_loads(root, site)
    if problems:
        raise SourceError(problems)


def _mkdocs_build(root: Path, tmp: Path, target: Path, corpus, config, how: Way) -> Rendered:
    from .engines import mkdocs_engine

    def render(out: Path, with_address: bool) -> Rendered:
        return mkdocs_engine.build(root, out, corpus, config, with_address, how.links)

    return _finish_and_place(root, tmp, target, corpus, render, how)


def _finish_and_place(
    root: Path,
    tmp: Path,
    target: Path,
    corpus,
    render: Callable[[Path, bool], Rendered],
    how: Way,
) -> Rendered:
    """After either engine (`render(folder, with_address)`): the finishing pass, the offline copy
    (or its zip) derived from the hosted pages, the chunked index of a large site, and the swap
    into place. The offline copy carries no absolute address: with site_url set, it is derived
    from the pages rendered without it (a second run of the engine, for the zip)."""
    offline, with_offline_zip = how.offline, how.with_offline_zip
    rendered = render(tmp / "site", not offline)
    finish_site(root, tmp / "site", corpus, rendered)
    if how.preview:  # no offline copy, no chunked index
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


def _zensical_build(
    root: Path, tmp: Path, target: Path, corpus, how: Way
) -> tuple[Rendered, Mapping[str, str | bytes]]:
    from .engines import zensical_engine

    generated: dict[str, str | bytes] = {}  # the files of the last render (the hosted site's, for a preview)

    def render(out: Path, with_address: bool) -> Rendered:
        # the pages in build/docs, links as Zensical reads them
        _, files, _ = generate(root, address=None if with_address else "", corpus=corpus, links=how.links)
        generated.clear()
        generated.update(files)
        return zensical_engine.build(root, corpus, out, with_address, keep=how.preview)

    return _finish_and_place(root, tmp, target, corpus, render, how), generated


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
