"""The same site under Zensical (Material's successor), which runs no MkDocs plugin.

What the site-builder plugin does inside MkDocs is done around Zensical instead:
- the pages are written into build/docs and the prose linker's table into build/link-targets.json
  (the Markdown extensions, ours included, run inside Zensical);
- a generated configuration, build/zensical.yml: mkdocs.yml as it is, plus the navigation derived
  from the corpus, the folders made absolute, and the site-builder plugin left out (Zensical reads
  a configuration's folders from where the file lies, and INHERIT would append lists, not replace
  them);
- the sanitizer is the last step of the Markdown (pages/mdext.py), which Zensical runs;
- after Zensical, the build's finishing pass (build.finish_site) is the one MkDocs' output gets.
The offline copy is derived from the hosted pages by outputs/offline.py, as under MkDocs: no
second run of Zensical.

The live preview keeps Zensical's own output in build/zensical-preview and, after an edit, runs
Zensical again there without cleaning its cache (build/.cache): Zensical's differential build
renders again only the Markdown that changed. Zensical writes every file anew each time, so
what changed is told by content (`update`), and only those files are finished and put
in place (live_update.py).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import yaml

from ..finishing import csp
from ..outputs import edition, search
from ..outputs.site_files import mkdocs_settings
from ..pages.render import navigation
from ..problems import Problem, SourceError
from ..sources.settings import read_settings, site_url
from .rendered import Rendered

CONFIG = Path("build") / "zensical.yml"
PREVIEW_OUTPUT = Path("build") / "zensical-preview"  # the preview's own Zensical output, kept between edits
Digests = dict[str, bytes]  # path in the site -> a digest of the file's bytes


def configuration(root: Path, corpus, docs: Path, site: Path, with_address: bool = True) -> dict:
    """mkdocs.yml for Zensical: the derived navigation, absolute folders, no site-builder plugin;
    without site_url unless `with_address` (the offline copy's pages)."""
    config = mkdocs_settings(root)
    if not with_address:
        config.pop("site_url", None)
    # Zensical wants both folders inside the configuration's folder, written relative to it
    config["docs_dir"] = docs.name
    config["site_dir"] = site.name
    config["nav"] = navigation(corpus)
    theme = config.setdefault("theme", {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = os.path.relpath(root / theme["custom_dir"], root / "build")
    # the plugin, as a name or with its options (`- site-builder: {theme_page_passages: ...}`)
    plugins = [
        p
        for p in config.get("plugins", [])
        if p != "site-builder" and not (isinstance(p, dict) and "site-builder" in p)
    ]
    config["plugins"] = plugins
    config["extra"] = {**config.get("extra", {}), **edition.footer(corpus)}  # the footer's links and version
    for extension in config.get("markdown_extensions", []):
        if isinstance(extension, dict) and "site_builder.pages.mdext" in extension:
            extension["site_builder.pages.mdext"]["targets_file"] = str(
                (root / "build" / "link-targets.json").resolve()
            )
    return config


def write_configuration(root: Path, corpus, site: Path, with_address: bool = True) -> Path:
    """The generated configuration, written in build/ (only when it changed: a watching Zensical
    watches it); returns its path."""
    build = (root / "build").resolve()
    path = build / CONFIG.name
    config = configuration(root, corpus, build / "docs", site, with_address)
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def run(root: Path, corpus, out: Path, with_address: bool = True, clean: bool = True) -> None:
    """Zensical builds the pages already in build/docs into `out` (inside build/, where the
    generated configuration lies: Zensical keeps a site inside its configuration's folder);
    with its cache cleared first unless not `clean` (an update of the live preview)."""
    build = (root / "build").resolve()
    config_path = write_configuration(root, corpus, out, with_address)
    result = subprocess.run(
        [sys.executable, "-m", "zensical", "build", *(["--clean"] if clean else []), "-f", str(config_path)],
        cwd=build,
        capture_output=True,
        text=True,
        preexec_fn=dies_with_parent(),
    )
    if result.returncode != 0 or not (out / "index.html").is_file():
        last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise SourceError(
            [
                Problem(
                    CONFIG.as_posix(),
                    1,
                    f"Zensical could not build the site: {last[0]}; "
                    "the configuration is generated from mkdocs.yml, correct it there",
                )
            ]
        )


def dies_with_parent() -> Callable[[], None] | None:
    """For Popen's preexec_fn: the child gets SIGKILL when the build that started it ends, even
    by `kill -9` (Linux's prctl PR_SET_PDEATHSIG, through ctypes: no dependency); a child whose
    parent died before the call leaves at once. None where there is no prctl (macOS): there a
    killed build's Zensical runs to its end (it builds into build/, which the next build clears)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import signal

    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up before the fork, not in the child
    parent = os.getpid()
    set_death_signal = 1  # PR_SET_PDEATHSIG, <linux/prctl.h>

    def arm() -> None:
        prctl(set_death_signal, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the build died between the fork and prctl
            os._exit(1)

    return arm


def _custom_dir(root: Path) -> str:
    custom = (mkdocs_settings(root).get("theme") or {}).get("custom_dir")
    return str((root / custom).resolve()) if custom else ""


def _builtin_templates() -> str:
    import zensical

    return str(Path(zensical.__file__).parent / "templates")


def build(root: Path, corpus, out: Path, with_address: bool = True, keep: bool = False) -> Rendered:
    """The site built by Zensical into `out`, from the pages the build generated into build/docs;
    with mkdocs.yml's site_url unless `with_address` is false (the offline copy's pages). With
    `keep` (the live preview), Zensical's own output stays in PREVIEW_OUTPUT for its updates."""
    work = (root / (PREVIEW_OUTPUT if keep else Path("build") / "zensical-site")).resolve()
    shutil.rmtree(work, ignore_errors=True)
    try:
        run(root, corpus, work, with_address)
        if keep:
            shutil.copytree(work, out)
        else:
            shutil.move(str(work), str(out))
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return rendered(root, with_address)


def rendered(root: Path, with_address: bool = True) -> Rendered:
    """What Zensical hands over with the pages now in build/docs."""
    docs = (root / "build" / "docs").resolve()
    pages = tuple(sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")))
    theme_dirs = tuple(d for d in (_custom_dir(root), _builtin_templates()) if d)
    # Zensical's search dialog writes a <style> of its own: its pages allow inline styles
    address = site_url(read_settings(root)) if with_address else ""
    return Rendered(csp.theme_script_patterns(theme_dirs), search.ZENSICAL_INDEX, True, pages, address=address)


def digests(folder: Path) -> Digests:
    """Each file under `folder` (path in it -> a digest of its bytes)."""
    return {
        path.relative_to(folder).as_posix(): hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def update(root: Path, corpus, last: Mapping[str, bytes]) -> tuple[Digests, dict[str, str | bytes]]:
    """Zensical run again over the preview's kept output, its cache kept (a differential build),
    after an edit that added or removed no page: (the output's digests now, {path in the site:
    bytes} of the files that differ from `last`). Files are never removed here: the caller
    builds the whole preview when a page is added or removed."""
    work = (root / PREVIEW_OUTPUT).resolve()
    run(root, corpus, work, with_address=True, clean=False)
    now = digests(work)
    changed: dict[str, str | bytes] = {p: (work / p).read_bytes() for p, digest in now.items() if last.get(p) != digest}
    return now, changed
