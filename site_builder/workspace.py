"""The files and folders a build may write, all inside the project, checked before anything is
touched; and a filesystem error met on the way, as one problem that says what to do.

A build writes only:
- its site folder (site/, site-offline/ with --offline, or --site-dir), made in a temporary
  folder next to it (.site.*) and swapped in whole, the previous one kept as site.old meanwhile;
- build/: the generated pages (build/docs), caches, Zensical's configuration and work folders;
- .site-builder.lock: the process id of the build that runs.

Each must be absent or what it should be (a folder, a regular file), never a symbolic link:
through a link the build would write, replace or delete files outside the project. One
exception: build/jinja-cache, the compiled templates, may link to a folder that copies of the
project share; the build only adds compiled templates to it, and never removes anything there.

A site folder named with --site-dir is a new folder or a site built before, never the project
folder, a folder above it, or a folder of the sources (corpus/, annotations/, templates/, ...).
A new folder outside the project is accepted (creating it changes nothing that exists); an
existing one is not, whatever it holds.
"""

from __future__ import annotations

import errno
import os
import re
import shlex
import shutil
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, SourceError

FOLDER, FILE = "folder", "file"

BUILD = Path("build")
LOCK = Path(".site-builder.lock")  # git-ignored; not in build/, whose files are all generated output
SHARED_CACHE = BUILD / "jinja-cache"  # may link to a folder shared by copies of the project


@dataclass(frozen=True)
class Place:
    """A file or folder the build writes: where (relative to the project, or absolute), which
    kind it must be, and what the build keeps there (for the message)."""

    path: Path
    kind: str  # FOLDER or FILE
    holds: str


BUILD_PLACES = (
    Place(BUILD, FOLDER, "the generated pages, caches and configuration"),
    Place(BUILD / "docs", FOLDER, "the generated pages"),
    Place(BUILD / ".cache", FOLDER, "Zensical's cache"),
    Place(BUILD / "zensical-site", FOLDER, "the site Zensical builds"),
    Place(BUILD / "zensical-offline", FOLDER, "the offline copy Zensical builds"),
    Place(BUILD / "zensical-preview", FOLDER, "Zensical's live preview"),
    Place(BUILD / "link-targets.json", FILE, "the prose linker's table"),
    Place(BUILD / "css-checked.json", FILE, "what the remote-load check found in the stylesheets"),
    Place(BUILD / "zensical.yml", FILE, "Zensical's configuration"),
    Place(BUILD / "zensical-offline.yml", FILE, "the offline copy's configuration"),
)
LOCK_PLACE = Place(LOCK, FILE, "the process id of the build that runs")

# the project's own folders, never a site folder (a site folder is replaced as a whole)
PROTECTED = (
    ("corpus", "the essays"),
    ("annotations", "the annotations"),
    ("templates", "the templates"),
    ("tests", "the tests"),
    ("docs", "the documentation"),
    ("site_builder", "the builder's code"),
    ("build", "the generated pages and caches"),
    (".git", "the project's history"),
)


def shown(root: Path, path: Path) -> str:
    """`path` as a message names it: relative to the project, absolute outside it."""
    absolute = Path(os.path.abspath(path))
    base = Path(os.path.realpath(root))
    if absolute == base:
        return str(base)
    return absolute.relative_to(base).as_posix() if absolute.is_relative_to(base) else str(absolute)


# --- the site folder ------------------------------------------------------------------------


@dataclass(frozen=True)
class Destination:
    """A folder named on the command line that the build empties or replaces: its option, the
    file every build writes there (what tells a folder the builder made), an example for the
    message, what the build does to it, and which of the project's folders it may not be."""

    option: str
    made_file: str
    example: str
    does: str
    protected: tuple[tuple[str, str], ...]


SITE_DIR = Destination("--site-dir", "index.html", "site-preview", "replaces this folder as a whole", PROTECTED)
PAGES_DIR = Destination(
    "--out",
    "index.md",
    "build/docs",
    "removes every file in this folder that it did not write",
    tuple(p for p in PROTECTED if p[0] != "build"),  # build/docs is where the pages go by default
)


def site_folder(root: Path, site_dir: Path | None, offline: bool) -> Path:
    """Where the build puts the site: site/ or site-offline/ in the project, or `site_dir`
    (relative to the current folder), refused (SourceError) when it is no place for a site."""
    base = Path(os.path.realpath(root))
    if site_dir is None:
        return base / ("site-offline" if offline else "site")
    return _destination(base, site_dir, SITE_DIR)


def pages_folder(root: Path, out: Path | None) -> Path:
    """Where `generate` writes the pages: build/docs, or `out` under the rules of a site folder
    (write_tree removes what it did not write)."""
    base = Path(os.path.realpath(root))
    return base / BUILD / "docs" if out is None else _destination(base, out, PAGES_DIR)


def _destination(root: Path, given: Path, rules: Destination) -> Path:
    """`given` with the links above it followed and its own name kept (a link there is
    refused by `check`), or SourceError when it breaks `rules`."""
    absolute = Path(os.path.abspath(given))
    target = Path(os.path.realpath(absolute.parent)) / absolute.name
    problem = _destination_problem(root, target, rules)
    if problem is not None:
        raise SourceError([problem])
    return target


def _destination_problem(root: Path, target: Path, rules: Destination) -> Problem | None:
    where, option = shown(root, target), rules.option
    if target == root or target in root.parents:
        what = "the project folder" if target == root else "a folder above the project"
        return Problem(
            where,
            1,
            f"{option} {where} is {what}; the build {rules.does} and would delete the project: "
            f"choose a new folder inside the project ({option} {rules.example}) and build again",
        )
    if not target.is_relative_to(root):
        return _outside_problem(root, target, rules)
    top = target.relative_to(root).parts[0]
    for name, holds in rules.protected:
        if top == name:
            return Problem(
                where,
                1,
                f"{option} {where} is {'' if where == name else 'inside '}the project's folder {name}/, "
                f"which holds {holds}; the build {rules.does} and would delete them: choose a new "
                f"folder ({option} {rules.example}) and build again",
            )
    if _foreign_folder(target, rules.made_file):
        return Problem(
            where,
            1,
            f"{option} {where} is a folder the builder did not make (it has no {rules.made_file}); the "
            f"build {rules.does} and would delete what it holds: choose a new folder "
            f"({option} {rules.example}), or empty this one, and build again",
        )
    return None


def _outside_problem(root: Path, target: Path, rules: Destination) -> Problem:
    where, option = str(target), rules.option
    return Problem(
        where,
        1,
        f"{option} {where} is outside the project ({root}); the build writes only inside the project: "
        f"choose a folder inside it ({option} {rules.example}), then copy the result where you need it",
    )


def _foreign_folder(target: Path, made_file: str) -> bool:
    """An existing, non-empty folder without the file every build makes there."""
    if os.path.islink(target) or not target.is_dir():
        return False  # a link or a file: refused by `check`, with what to do
    return not (target / made_file).is_file() and any(target.iterdir())


# --- what each place is -----------------------------------------------------------------


def check(root: Path, target: Path | None, places: Iterable[Place] = (*BUILD_PLACES, LOCK_PLACE)) -> None:
    """Refuse (SourceError) before anything is touched when a place the build writes is a link,
    is not what it should be, or cannot be written; `target`: the site folder, or None."""
    problems = refusals(root, target, places)
    if problems:
        raise SourceError(problems)


def refusals(root: Path, target: Path | None, places: Iterable[Place]) -> list[Problem]:
    root = Path(os.path.realpath(root))
    wanted = list(places)
    if target is not None:
        wanted += [
            Place(target, FOLDER, "the built site"),
            Place(target.with_name(f"{target.name}.old"), FOLDER, "the previous site while the new one moves in"),
        ]
    problems: list[Problem] = []
    refused: list[Path] = []
    for place in wanted:
        path = root / place.path
        if any(path.is_relative_to(r) for r in refused):
            continue  # what lies under a refused link or file is not ours to look at
        problem = kind_problem(root, path, place.kind, place.holds)
        if problem is not None:
            problems.append(problem)
            # a path not reached (a link loop, a folder it may not look in): its folder is refused
            refused.append(path if os.path.lexists(path) else path.parent)
    cache = _shared_cache_problem(root, refused)
    problems += [cache] if cache else []
    if not problems:
        problems += _read_only(root, target)
    return problems


def kind_problem(root: Path, path: Path, kind: str, holds: str) -> Problem | None:
    """`path` is absent or of `kind`, and not a link; else what to do about it."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        return filesystem_problem(root, error)
    where = shown(root, path)
    if stat.S_ISLNK(mode):
        return Problem(
            where,
            1,
            f"{where} is a symbolic link to {os.readlink(path)}; the build writes only inside the project: "
            f"remove the link (rm {shlex.quote(where)}) and build again",
        )
    fits = stat.S_ISDIR(mode) if kind == FOLDER else stat.S_ISREG(mode)
    if fits:
        return None
    remove = f"rm -r {shlex.quote(where)}" if stat.S_ISDIR(mode) else f"rm {shlex.quote(where)}"
    return Problem(
        where,
        1,
        f"{where} is {_what(mode)}, not a {kind}; the build writes {holds} there: move it away or "
        f"remove it ({remove}) and build again",
    )


def _what(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def _shared_cache_problem(root: Path, refused: list[Path]) -> Problem | None:
    """build/jinja-cache: a folder, or a link to a folder that copies of the project share."""
    path = root / SHARED_CACHE
    if any(path.is_relative_to(r) for r in refused):
        return None
    if not os.path.islink(path):
        return kind_problem(root, path, FOLDER, "the compiled templates")
    if os.path.isdir(path):
        return None
    where = shown(root, path)
    return Problem(
        where,
        1,
        f"{where} is a symbolic link to {os.readlink(path)}, which is not a folder; the build keeps "
        f"the compiled templates there: remove the link (rm {shlex.quote(where)}) and build again",
    )


# --- read-only folders ----------------------------------------------------------------------


def _read_only(root: Path, target: Path | None) -> list[Problem]:
    """The first folder the build must write in and cannot (os.access: the build's own user)."""
    base = Path(os.path.realpath(root))
    single = [] if os.path.lexists(base / LOCK) else [(base, "keeps its lock file")]
    if target is not None:
        single.append((target.parent, "makes the new site next to the old one"))
    trees = [(base / BUILD, "writes the generated pages and caches")]
    if target is not None:
        trees += [
            (target, "removes the previous site's files"),
            (target.with_name(f"{target.name}.old"), "removes what a stopped build left"),
        ]
    for folder, does in single:
        if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
            return [_read_only_problem(root, folder, does, recursive=False)]
    for tree, does in trees:
        for folder in _folders(tree):
            if not os.access(folder, os.W_OK | os.X_OK):
                return [_read_only_problem(root, folder, does, recursive=True)]
    return []


def _folders(tree: Path) -> Iterable[Path]:
    """`tree` and every folder in it, links not followed (none when `tree` is not a folder)."""
    if os.path.islink(tree) or not tree.is_dir():
        return
    for folder, _, _ in os.walk(tree):
        yield Path(folder)


def _read_only_problem(root: Path, folder: Path, does: str, recursive: bool) -> Problem:
    where = shown(root, folder)
    flag = "-R " if recursive else ""
    return Problem(
        where,
        1,
        f"{where} is read-only; the build {does} there: make it writable "
        f"(chmod {flag}u+w {shlex.quote(where)}) and build again",
    )


# --- a filesystem error met during a build --------------------------------------------------


_ERRNO = re.compile(r"\[Errno (\d+)\]")


def filesystem_problem(root: Path, error: OSError, moved: Iterable[tuple[Path, Path]] = ()) -> Problem:
    """An OSError (shutil.Error too) as `path:1: what happened and what to do`; `moved`: the
    temporary folders of the build and the folder each stands for (named in its stead)."""
    path, number, reason = _error_parts(error)
    where = shown(root, _moved(Path(path), moved) if path else root)
    return Problem(where, 1, _advice(number, reason, where))


def _error_parts(error: OSError) -> tuple[str | None, int | None, str]:
    """(the path, the errno, the system's words) of an OSError, or of shutil.Error's first failure."""
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list) and error.args[0]:
        source, destination, why = [*error.args[0][0], "", "", ""][:3]
        found = _ERRNO.search(str(why))
        words = re.sub(r"^\[Errno \d+\] ([^:]*).*$", r"\1", str(why))
        return str(destination or source) or None, int(found.group(1)) if found else None, words
    filename = error.filename if isinstance(error.filename, str | os.PathLike) else None
    return (os.fspath(filename) if filename is not None else None), error.errno, error.strerror or str(error)


def _moved(path: Path, moved: Iterable[tuple[Path, Path]]) -> Path:
    for temporary, stands_for in moved:
        if path.is_relative_to(temporary):
            return stands_for / path.relative_to(temporary)
    return path


def _advice(number: int | None, reason: str, where: str) -> str:
    quoted = shlex.quote(where)
    if number in (errno.ENOSPC, errno.EDQUOT):
        return f"could not be written: the disk is full ({reason}); free some space and build again"
    if number in (errno.EACCES, errno.EPERM):
        return f"the build may not write here ({reason}); make it writable (chmod -R u+w {quoted}) and build again"
    if number == errno.EROFS:
        return f"is on a read-only file system ({reason}); build a copy of the project on a writable disk"
    if number == errno.ELOOP:
        return f"goes through a symbolic link that leads back to itself ({reason}); remove that link and build again"
    if number in (errno.ENOTDIR, errno.EISDIR, errno.EEXIST):
        return (
            f"is not what the build expected, a file where a folder belongs or the reverse ({reason}); "
            "move it away and build again"
        )
    if number == errno.ENOENT:
        return f"disappeared during the build ({reason}); check that no other program removes it and build again"
    return f"{reason}; check this path and build again"
