"""The live preview's updates: a finished build kept (`Built`), and updated after an edit with
only the pages the edit changed rendered again and put in place.

- MkDocs: the pages whose generated Markdown changed are rendered in the kept MkDocs build
  (engines/mkdocs_engine.py, LiveSite), the edited essay's page first, and finished as the
  whole build finishes its pages.
- Zensical: Zensical runs again over its kept output with its cache (its differential build),
  and the files whose bytes changed are finished and put in place (engines/zensical_engine.py).

An edit that reaches every page (a template, mkdocs.yml, a title or a linked name, the set of
pages) is left to a whole build (build.build_preview).
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import urls
from .buildlock import project_lock, remove_uninterrupted, temporary_prefix
from .engines.rendered import Rendered
from .finishing import csp
from .linking.basis import Linked, relink
from .linking.link import Links
from .outputs import edition, search
from .outputs.offline import remote_loads
from .outputs.site_files import generate
from .pages.render import link_table, navigation
from .problems import SourceError
from .sources.load import Readings
from .sources.model import Corpus
from .sources.validate import load_corpus_again

EVERYWHERE = ("templates/", "mkdocs.yml")  # what any page may show: an edit there renders every page


@dataclass(frozen=True)
class Built:
    """A finished build, as the live preview keeps it to update it (update_preview)."""

    target: Path
    corpus: Corpus
    rendered: Rendered
    files: Mapping[str, str | bytes]  # the generated files it was built from
    site_wide: tuple  # what every page shows: the navigation, the link table, the footer, the pages
    live: object | None  # engines.mkdocs_engine.LiveSite under MkDocs, None under Zensical
    rendered_pages: tuple[str, ...]  # the generated pages this build rendered (every one for a whole build)
    readings: Readings  # the source files as the check read them: the next reads only the changed ones
    linked: Linked | None = None  # the corpus' links: kept by an edit the link stage does not read
    engine: str = "mkdocs"
    outputs: Mapping[str, bytes] = field(default_factory=dict)  # Zensical: its kept output's digests


def site_wide(corpus: Corpus, paths: Iterable[str], table: dict) -> tuple:
    """What reaches every page: when it changes, every page is rendered again. The navigation
    (titles of the essays and themes), the prose linker's table (every essay's links), the
    footer (the edition) and the set of generated files' `paths` (the sitemap, the search
    index's pages)."""
    return (navigation(corpus), table, edition.footer(corpus), tuple(sorted(paths)))


def kept_build(
    root: Path,
    target: Path,
    corpus: Corpus,
    rendered: Rendered,
    config,
    readings: Readings,
    linked: Linked,
    engine: str,
    files: Mapping[str, str | bytes],
) -> Built:
    """The preview's whole build as updates start from it (`config`: MkDocs' configuration,
    None under Zensical; `files`: the generated files under Zensical, MkDocs' plugin keeps its own)."""
    if engine == "zensical":
        from .engines import zensical_engine

        outputs = zensical_engine.digests((root / zensical_engine.PREVIEW_OUTPUT).resolve())
        wide = site_wide(corpus, files, link_table(corpus))
        return Built(target, corpus, rendered, files, wide, None, rendered.pages, readings, linked, engine, outputs)
    if config is None or "site-builder" not in config.plugins:
        return Built(target, corpus, rendered, {}, (), None, rendered.pages, readings)
    from .engines.mkdocs_engine import LiveSite

    plugin = config.plugins["site-builder"]
    live = LiveSite(root, config)
    files = dict(plugin.pages)
    table = config["mdx_configs"]["site_builder.pages.mdext"]["targets"]
    wide = site_wide(corpus, files, table)
    return Built(target, corpus, rendered, files, wide, live, rendered.pages, readings, linked)


def _nothing(pages: tuple[str, ...], more: bool) -> None:
    pass


def _never() -> bool:
    return False


class Superseded(Exception):
    """An update stopped as a newer edit came (under MkDocs, once the edited essay's page is
    served, and between the pages generated after it; under Zensical, before Zensical runs): the
    rest of the site is left to the next update, which starts from the same last build."""


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
    only the pages the edit changed rendered again and put in place; None when every page must
    be: a template or mkdocs.yml edited, a change that reaches every page (site_wide), or a
    render of the last update that failed half-way. The sources are checked as a build checks
    them (SourceError), and the pages finished as finish_site does."""
    if any(p.startswith(EVERYWHERE) for p in changed):
        return None
    if last.engine == "zensical":
        return _update_zensical(root, last, served, superseded)
    return _update_mkdocs(root, last, changed, served, superseded)


def _update_mkdocs(
    root: Path,
    last: Built,
    changed: tuple[str, ...],
    served: Callable[[tuple[str, ...], bool], None],
    superseded: Callable[[], bool],
) -> Built | None:
    """update_preview under MkDocs: the pages whose generated Markdown changed rendered again.

    The pages of the essays whose files were edited are generated, rendered and put in place
    first, and `served(those pages, True)` is called (True: more is to come): the editor's page
    is served while the rest of the site is generated and the theme pages and the analysis
    rendered (otherwise the essay pages among the changed ones go first: first_pages); then
    `served(the other pages, False)`. The search index, with its paragraph records, is written
    once, with the last pages: until then it is the last build's.

    Before the rest of the site is generated, after each file generated, and before the rest is
    rendered, `superseded()` is asked whether a newer edit came; if so, Superseded is raised and
    nothing more is placed: the next update, from the same `last` with both edits' files,
    renders every page that differs from it, those of this edit too (a save made meanwhile
    waits for one page's generation, or the data files', or the render of the first pages)."""
    from .engines.mkdocs_engine import LiveSite

    live = last.live
    if not isinstance(live, LiveSite) or not live.usable:
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
        files, table = live.generate(corpus, linked.links, lambda: _unless_superseded(live, superseded))
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


def _update_zensical(
    root: Path, last: Built, served: Callable[[tuple[str, ...], bool], None], superseded: Callable[[], bool]
) -> Built | None:
    """update_preview under Zensical: the pages generated again, Zensical's differential build
    over its kept output, and the files whose bytes changed finished and put in place, the
    search index with its paragraph records; `served(the generated pages that changed, False)`.
    A newer edit that came while the pages were generated (`superseded()`) stops the update
    before Zensical runs (Superseded): the next starts from the same `last`."""
    from .engines import zensical_engine

    corpus, readings = load_corpus_again(root, last.readings)  # the unchanged files are not read again
    linked = relink(corpus, last.linked)
    with project_lock(root):
        _, files, table = generate(root, corpus=corpus, links=linked.links)
        if site_wide(corpus, files, table) != last.site_wide:
            return None  # in every page, or a page added or removed
        _unless_superseded(None, superseded)
        outputs, changed = zensical_engine.update(root, corpus, last.outputs)
        index = changed.pop(last.rendered.index.path, None)
        _place_files(last.target, last.rendered, changed)
        if index is not None or changed:  # the paragraph records are read off the pages
            work = (root / zensical_engine.PREVIEW_OUTPUT).resolve()
            _place_index(last.target, corpus, last.rendered, (work / last.rendered.index.path).read_text("utf-8"))
    pages = tuple(path for path, content in files.items() if path.endswith(".md") and last.files.get(path) != content)
    served(pages, False)
    return dataclasses.replace(
        last, corpus=corpus, files=files, rendered_pages=pages, readings=readings, linked=linked, outputs=outputs
    )


def _unless_superseded(live, superseded: Callable[[], bool]) -> None:
    if superseded():
        if live is not None:
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
        remove_uninterrupted(stage)


def _place_index(target: Path, corpus: Corpus, rendered: Rendered, index: str) -> None:
    """The search index with its paragraph records (finish_site's pass, on the pages as they are)."""
    (target / rendered.index.path).write_text(index, encoding="utf-8")
    search.add_paragraph_records(target, corpus, rendered.index)
