"""Careless set-ups: the build writes only inside the project (site_builder/workspace.py).

Each case is a literal set-up of a project (the mini fixture, in a temporary folder) beside an
outside neighbour folder that holds a file, and its literal outcome: the refusal, as the
command line prints it, or the build succeeding. Every case checks that the neighbour is byte
for byte as it was; a refusal also that nothing at all changed in the project (the refusals
come before anything is touched); a failure met during a build that site/ is as it was, with
no `site.old` or `.site.*` left beside it and no traceback.

The filesystem errors that an unprivileged user meets (a read-only folder, a full disk) are
simulated in the build's process where the tests run as root, for whom chmod stops nothing.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EPOCH, MINI, ROOT, copy_project, run_builder
from site_builder import cli
from site_builder.build import OFFLINE_ZIP, build_site
from site_builder.buildlock import project_lock
from site_builder.problems import SourceError

NEIGHBOUR_FILE = b"a file of the neighbour folder, outside the project\n"
SOURCES = ("corpus", "annotations", "templates", "mkdocs.yml")


@pytest.fixture(autouse=True)
def _epoch(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # what a build in this process sets, kept to the test


def snapshot(folder: Path) -> dict[str, object]:
    """Every path under `folder`, links not followed: a file's bytes, a link's target, or a folder."""
    found: dict[str, object] = {}
    for where, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(where, name)
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[key] = f"link to {os.readlink(path)}"
            elif path.is_dir():
                found[key] = "folder"
            else:
                found[key] = path.read_bytes()
    return found


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    """(the project, its outside neighbour holding a file), side by side in tmp_path."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_bytes(NEIGHBOUR_FILE)
    return copy_project(tmp_path / "p", MINI), outside


@pytest.fixture
def built_places(mini_with_site: Path) -> tuple[Path, Path]:
    """The same with a site built in the project (the run's built mini project, copied)."""
    outside = mini_with_site.parent / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_bytes(NEIGHBOUR_FILE)
    return mini_with_site, outside


def refused(root: Path, **options) -> list[str]:
    with pytest.raises(SourceError) as caught:
        build_site(root, **options)
    return [str(problem) for problem in caught.value.problems]


def debris(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site.") or p.name.endswith(".old"))


# --- refused before anything is touched ---------------------------------------------------


def _link(path: str, to: str):
    def arrange(root: Path, outside: Path) -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        if os.path.lexists(root / path):
            (root / path).unlink()  # copy_project's link to the run's compiled templates
        (root / path).symlink_to(to.format(outside=outside, root=root))

    return arrange


def _no_build_folder(then):
    def arrange(root: Path, outside: Path) -> None:
        shutil.rmtree(root / "build")  # copy_project's, with its link to the run's compiled templates
        then(root, outside)

    return arrange


def _file(path: str):
    def arrange(root: Path, outside: Path) -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("not the builder's\n", encoding="utf-8")

    return arrange


def _folder(path: str, holding: str = ""):
    def arrange(root: Path, outside: Path) -> None:
        (root / path).mkdir(parents=True)
        if holding:
            (root / path / holding).write_text("my notes\n", encoding="utf-8")

    return arrange


def _nothing(root: Path, outside: Path) -> None:
    pass


LINK = (
    "{0} is a symbolic link to {1}; the build writes only inside the project: remove the link (rm {0}) and build again"
)
SITE_DIR_SOURCE = (
    "--site-dir {0} is the project's folder {0}/, which holds {1}; the build replaces this folder as a whole "
    "and would delete them: choose a new folder (--site-dir site-preview) and build again"
)

# (case, set-up, build options, the refusal: {outside} and {root} are the test's folders)
REFUSED = [
    (
        "build/docs links to an outside folder (Zensical wrote the pages there, deleting its files)",
        _link("build/docs", "{outside}"),
        {"engine": "zensical"},
        [f"build/docs:1: {LINK.format('build/docs', '{outside}')}"],
    ),
    (
        "build/docs links to an outside folder (MkDocs)",
        _link("build/docs", "{outside}"),
        {},
        [f"build/docs:1: {LINK.format('build/docs', '{outside}')}"],
    ),
    (
        "the lock file links to an outside file (it was truncated to the build's process id)",
        _link(".site-builder.lock", "{outside}/keep.txt"),
        {},
        [f".site-builder.lock:1: {LINK.format('.site-builder.lock', '{outside}/keep.txt')}"],
    ),
    (
        "build/ links to an outside folder (the caches were made there)",
        _no_build_folder(_link("build", "{outside}")),
        {},
        [f"build:1: {LINK.format('build', '{outside}')}"],
    ),
    (
        "build/.cache links to an outside folder (Zensical's cache)",
        _link("build/.cache", "{outside}"),
        {"engine": "zensical"},
        [f"build/.cache:1: {LINK.format('build/.cache', '{outside}')}"],
    ),
    (
        "build/zensical-site links to an outside folder (Zensical's work folder, cleaned by each build)",
        _link("build/zensical-site", "{outside}"),
        {"engine": "zensical"},
        [f"build/zensical-site:1: {LINK.format('build/zensical-site', '{outside}')}"],
    ),
    (
        "build/link-targets.json links to an outside file",
        _link("build/link-targets.json", "{outside}/keep.txt"),
        {"engine": "zensical"},
        [f"build/link-targets.json:1: {LINK.format('build/link-targets.json', '{outside}/keep.txt')}"],
    ),
    (
        "site/ links to an outside folder (it was replaced by the site)",
        _link("site", "{outside}"),
        {},
        [f"site:1: {LINK.format('site', '{outside}')}"],
    ),
    (
        "site/ links to an outside file (a traceback, and the file renamed .old)",
        _link("site", "{outside}/keep.txt"),
        {},
        [f"site:1: {LINK.format('site', '{outside}/keep.txt')}"],
    ),
    (
        "site/ is a dangling link (the build made the missing path)",
        _link("site", "{outside}/no-such-folder/site"),
        {},
        [f"site:1: {LINK.format('site', '{outside}/no-such-folder/site')}"],
    ),
    (
        "site-offline/ links to an outside folder",
        _link("site-offline", "{outside}"),
        {"offline": True},
        [f"site-offline:1: {LINK.format('site-offline', '{outside}')}"],
    ),
    (
        "site.old links to an outside folder",
        _link("site.old", "{outside}"),
        {},
        [f"site.old:1: {LINK.format('site.old', '{outside}')}"],
    ),
    (
        "site/ is a regular file (NotADirectoryError)",
        _file("site"),
        {},
        [
            "site:1: site is a file, not a folder; the build writes the built site there: move it away or remove "
            "it (rm site) and build again"
        ],
    ),
    (
        "a stale site.old file (NotADirectoryError)",
        _file("site.old"),
        {},
        [
            "site.old:1: site.old is a file, not a folder; the build writes the previous site while the new one "
            "moves in there: move it away or remove it (rm site.old) and build again"
        ],
    ),
    (
        "build/ is a regular file",
        _no_build_folder(_file("build")),
        {},
        [
            "build:1: build is a file, not a folder; the build writes the generated pages, caches and "
            "configuration there: move it away or remove it (rm build) and build again"
        ],
    ),
    (
        "the lock file is a folder",
        _folder(".site-builder.lock"),
        {},
        [
            ".site-builder.lock:1: .site-builder.lock is a folder, not a file; the build writes the process id "
            "of the build that runs there: move it away or remove it (rm -r .site-builder.lock) and build again"
        ],
    ),
    (
        "build/jinja-cache links to a file (a link to a shared folder is accepted)",
        _link("build/jinja-cache", "{outside}/keep.txt"),
        {},
        [
            f"build/jinja-cache:1: build/jinja-cache is a symbolic link to {'{outside}'}/keep.txt, which is not "
            "a folder; the build keeps the compiled templates there: remove the link (rm build/jinja-cache) and "
            "build again"
        ],
    ),
    (
        "--site-dir annotations (the site replaced annotations/ and deleted the sources)",
        _nothing,
        {"site_dir": "annotations"},
        [f"annotations:1: {SITE_DIR_SOURCE.format('annotations', 'the annotations')}"],
    ),
    (
        "--site-dir corpus",
        _nothing,
        {"site_dir": "corpus"},
        [f"corpus:1: {SITE_DIR_SOURCE.format('corpus', 'the essays')}"],
    ),
    (
        "--site-dir templates/site (inside a source folder)",
        _nothing,
        {"site_dir": "templates/site"},
        [
            "templates/site:1: --site-dir templates/site is inside the project's folder templates/, which holds "
            "the templates; the build replaces this folder as a whole and would delete them: choose a new folder "
            "(--site-dir site-preview) and build again"
        ],
    ),
    (
        "--site-dir build (the build's own folder)",
        _nothing,
        {"site_dir": "build"},
        [f"build:1: {SITE_DIR_SOURCE.format('build', 'the generated pages and caches')}"],
    ),
    (
        "--site-dir . (the project folder)",
        _nothing,
        {"site_dir": "."},
        [
            "{root}:1: --site-dir {root} is the project folder; the build replaces this folder as a whole and "
            "would delete the project: choose a new folder inside the project (--site-dir site-preview) and "
            "build again"
        ],
    ),
    (
        "--site-dir .. (a folder above the project)",
        _nothing,
        {"site_dir": ".."},
        [
            "{outside.parent}:1: --site-dir {outside.parent} is a folder above the project; the build replaces this "
            "folder as a whole and would delete the project: choose a new folder inside the project "
            "(--site-dir site-preview) and build again"
        ],
    ),
    (
        "--site-dir an existing folder outside the project",
        _nothing,
        {"site_dir": "../outside"},
        [
            "{outside}:1: --site-dir {outside} is outside the project ({root}); the build writes only inside "
            "the project: choose a folder inside it (--site-dir site-preview), then copy the result where you "
            "need it"
        ],
    ),
    (
        "--site-dir a new folder in a folder outside the project that does not exist",
        _nothing,
        {"site_dir": "../outside/no-such-folder/site"},
        [
            "{outside}/no-such-folder/site:1: --site-dir {outside}/no-such-folder/site is outside the project "
            "({root}); the build writes only inside the project: choose a folder inside it (--site-dir "
            "site-preview), then copy the result where you need it"
        ],
    ),
    (
        "--site-dir a folder of the project that holds no site",
        _folder("notes", holding="reading.txt"),
        {"site_dir": "notes"},
        [
            "notes:1: --site-dir notes is a folder the builder did not make (it has no index.html); the build "
            "replaces this folder as a whole and would delete what it holds: choose a new folder (--site-dir "
            "site-preview), or empty this one, and build again"
        ],
    ),
    (
        "--site-dir through a link that loops (ELOOP)",
        _link("loop", "{root}/loop"),
        {"site_dir": "loop/site"},
        [
            "loop/site:1: goes through a symbolic link that leads back to itself (Too many levels of symbolic "
            "links); remove that link and build again"
        ],
    ),
]


@pytest.mark.parametrize("case, arrange, options, expected", REFUSED, ids=[c[0] for c in REFUSED])
def test_refused_before_anything_is_touched(places, monkeypatch, case, arrange, options, expected):
    root, outside = places
    arrange(root, outside)
    monkeypatch.chdir(root)  # --site-dir is read from the current folder, as on the command line
    before = snapshot(root.parent)
    assert refused(root, **options) == [e.format(outside=outside, root=root) for e in expected]
    assert snapshot(root.parent) == before  # the project and its neighbour: not a byte changed


def test_the_command_line_prints_the_refusal_without_a_traceback(built_places):
    root, outside = built_places
    (root / "site").rename(root / "site.mine")
    (root / "site").symlink_to(outside)
    before = snapshot(root.parent)
    result = run_builder(root, "build", "--engine", "zensical")
    assert result.returncode == 1
    assert result.stderr == (
        f"site:1: site is a symbolic link to {outside}; the build writes only inside the project: remove the "
        "link (rm site) and build again\n\n1 problem found; nothing was built.\n"
    )
    assert snapshot(root.parent) == before


def test_generate_refuses_build_docs_that_links_outside(places, monkeypatch, capsys):
    """`generate` removes from build/docs what it did not write: through a link, the neighbour's files."""
    root, outside = places
    (root / "build" / "docs").symlink_to(outside)
    before = snapshot(root.parent)
    monkeypatch.setattr(signal, "signal", lambda *args: None)  # main's SIGTERM handler: not in pytest's process
    assert cli.main(["--root", str(root), "generate"]) == 1
    assert capsys.readouterr().err == (
        f"build/docs:1: build/docs is a symbolic link to {outside}; the build writes only inside the project: "
        "remove the link (rm build/docs) and build again\n\n1 problem found; nothing was built.\n"
    )
    assert snapshot(root.parent) == before


def test_generate_refuses_out_annotations(places, monkeypatch, capsys):
    root, _ = places
    before = snapshot(root.parent)
    monkeypatch.setattr(signal, "signal", lambda *args: None)
    assert cli.main(["--root", str(root), "generate", "--out", str(root / "annotations")]) == 1
    assert capsys.readouterr().err == (
        "annotations:1: --out annotations is the project's folder annotations/, which holds the annotations; the "
        "build removes every file in this folder that it did not write and would delete them: choose a new folder "
        "(--out build/docs) and build again\n\n1 problem found; nothing was built.\n"
    )
    assert snapshot(root.parent) == before


def test_without_the_plugin_mkdocs_yml_says_so(places):
    """MkDocs without the site-builder plugin has no page to build (a FileNotFoundError before)."""
    root, _ = places
    config = root / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    plugin = next(n for n, line in enumerate(lines) if re.match(r"\s*- site-builder\b", line))
    config.write_text("\n".join(lines[:plugin] + lines[plugin + 1 :]) + "\n", encoding="utf-8")
    before = snapshot(root.parent)
    assert refused(root) == [
        f"mkdocs.yml:{lines.index('plugins:') + 1}: the site-builder plugin is not listed under plugins:, and "
        "without it MkDocs has no page to build: add `- site-builder` as the first entry of plugins: and build "
        "again"
    ]
    # MkDocs reads its configuration only with its docs folder there: the empty build/docs is all
    # the build made before it read mkdocs.yml
    assert snapshot(root.parent) == {**before, "p/build/docs": "folder"}


def test_the_lock_that_generate_and_serve_take_refuses_a_link(places):
    root, outside = places
    (root / ".site-builder.lock").symlink_to(outside / "keep.txt")
    with pytest.raises(SourceError) as caught, project_lock(root):
        pass
    assert [str(p) for p in caught.value.problems] == [
        f".site-builder.lock:1: {LINK.format('.site-builder.lock', outside / 'keep.txt')}"
    ]
    assert snapshot(outside) == {"keep.txt": NEIGHBOUR_FILE}


# --- read-only folders ----------------------------------------------------------------------


def _read_only(monkeypatch, folder: Path) -> None:
    """`folder` read-only as the build sees it (os.access), for a build running as root."""
    real_access = os.access

    def access(path, mode, **kwargs) -> bool:
        if Path(path) == folder and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)


def test_a_read_only_site_essays_is_refused_before_anything_is_touched(built_places, monkeypatch):
    """Before: the new site moved in, removing the old one stopped at site.old/essays
    (PermissionError), and site.old stayed."""
    root, _ = built_places
    _read_only(monkeypatch, root / "site" / "essays")
    before = snapshot(root.parent)
    assert refused(root) == [
        "site/essays:1: site/essays is read-only; the build removes the previous site's files there: make it "
        "writable (chmod -R u+w site/essays) and build again"
    ]
    assert snapshot(root.parent) == before


def test_a_read_only_project_is_refused_before_anything_is_touched(places, monkeypatch):
    root, _ = places
    _read_only(monkeypatch, root)
    before = snapshot(root.parent)
    assert refused(root) == [
        f"{root}:1: {root} is read-only; the build keeps its lock file there: make it writable "
        f"(chmod u+w {root}) and build again"
    ]
    assert snapshot(root.parent) == before


# As root, chmod stops no write: the builder then runs without the capability to override
# permissions (util-linux's setpriv, in Debian's base system), as an editor's account would.
WITHOUT_OVERRIDE = ["setpriv", "--inh-caps=-all", "--bounding-set=-all"] if os.geteuid() == 0 else []


def test_a_read_only_site_essays_made_with_chmod(built_places):
    """The same with a real chmod, the builder without the power to override it."""
    root, _ = built_places
    essays = root / "site" / "essays"
    essays.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        before = snapshot(root.parent)
        result = subprocess.run(
            [*WITHOUT_OVERRIDE, sys.executable, "-m", "site_builder", "--root", str(root), "build"],
            capture_output=True,
            text=True,
            cwd=root,
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(root)},
        )
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.splitlines()[0] == (
            "site/essays:1: site/essays is read-only; the build removes the previous site's files there: make "
            "it writable (chmod -R u+w site/essays) and build again"
        )
        assert snapshot(root.parent) == before
    finally:
        essays.chmod(stat.S_IRWXU)


# --- filesystem errors met during a build ---------------------------------------------------


def _assert_previous_site_kept(root: Path, site_before: dict[str, object], outside: Path) -> None:
    assert snapshot(root / "site") == site_before
    assert debris(root) == []
    assert snapshot(outside) == {"keep.txt": NEIGHBOUR_FILE}


def test_a_swap_that_fails_puts_the_previous_site_back(built_places, monkeypatch):
    """The new site cannot move in (the project folder stopped being writable mid-way): the
    previous site, already renamed site.old, is put back."""
    root, outside = built_places
    site_before = snapshot(root / "site")
    real_rename = Path.rename

    def rename(self: Path, target):
        if self.name == "site" and self.parent.name.startswith(".site.") and Path(target) == root / "site":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self), None, str(target))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    assert refused(root) == [
        "site:1: the build may not write here (Permission denied); make it writable (chmod -R u+w site) and build again"
    ]
    _assert_previous_site_kept(root, site_before, outside)


def test_a_full_disk_under_zensical(built_places, monkeypatch):
    """Zensical's site moved into place across file systems, the copy stopped by a full disk:
    shutil.Error (a traceback before) is one problem naming the file."""
    root, outside = built_places
    site_before = snapshot(root / "site")

    def copy_to_a_full_disk(source: str, destination: str) -> None:
        if Path(destination).name == "index.html" and Path(destination).parent.name == "site":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), destination)
        shutil.copy2(source, destination)

    def move_across_file_systems(source: str, destination: str) -> None:
        shutil.copytree(source, destination, copy_function=copy_to_a_full_disk)  # what move does there
        shutil.rmtree(source)

    monkeypatch.setattr(shutil, "move", move_across_file_systems)
    assert refused(root, engine="zensical") == [
        "site/index.html:1: could not be written: the disk is full (No space left on device); free some space "
        "and build again"
    ]
    _assert_previous_site_kept(root, site_before, outside)


def test_a_full_disk_under_mkdocs(built_places, monkeypatch):
    root, outside = built_places
    site_before = snapshot(root / "site")
    real_write_bytes = Path.write_bytes

    def write_bytes(self: Path, data) -> int:
        if self.name.endswith(".zip"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real_write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    assert refused(root) == [
        f"site/{OFFLINE_ZIP}:1: could not be written: the disk is full (No space left on device); free some space "
        "and build again"
    ]
    _assert_previous_site_kept(root, site_before, outside)


# --- outside the project, even a new folder ------------------------------------------------------


def test_a_new_folder_outside_the_project_is_refused_and_nothing_is_made(places):
    root, outside = places
    target = outside / "new-site"
    with pytest.raises(SourceError) as refused_build:
        build_site(root, site_dir=target)
    assert [str(p) for p in refused_build.value.problems] == [
        f"{target}:1: --site-dir {target} is outside the project ({root}); the build writes only inside the "
        "project: choose a folder inside it (--site-dir site-preview), then copy the result where you need it"
    ]
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]
    assert (outside / "keep.txt").read_bytes() == NEIGHBOUR_FILE


# --- a killed build leaves no process --------------------------------------------------------


def _zensical_child(pid: int) -> int | None:
    """The process `pid` started that runs `python -m zensical` (after its exec: before it, a
    forked child still shows its parent's command line), or None."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
                command = (entry / "cmdline").read_bytes().split(b"\0")
            except (OSError, IndexError, ValueError):
                continue
            if parent == pid and command[1:3] == [b"-m", b"zensical"]:
                return int(entry.name)
    return None


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; it waits for its new parent to read its status


def _zensical_build_caught_running(root: Path) -> tuple[subprocess.Popen, int]:
    """A Zensical build and its `zensical build` child, caught while the child runs and stopped
    there (SIGSTOP: it cannot finish by itself while the test looks). The mini project builds in
    about a second: a build that ends before its child is seen starts again."""
    for _ in range(10):
        builder = subprocess.Popen(
            [sys.executable, "-m", "site_builder", "--root", str(root), "build", "--engine", "zensical"],
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(root)},
        )
        while builder.poll() is None:
            child = _zensical_child(builder.pid)
            if child is not None:
                os.kill(child, signal.SIGSTOP)
                return builder, child
            time.sleep(0.005)
    raise AssertionError("ten Zensical builds in a row ended before their child was seen")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the child's death signal is Linux's prctl")
def test_a_killed_zensical_build_leaves_no_zensical_running(places):
    root, _ = places
    builder, child = _zensical_build_caught_running(root)
    try:
        builder.kill()  # kill -9: nothing of the build runs any more
        builder.wait()
        end = time.monotonic() + 5
        while _alive(child) and time.monotonic() < end:
            time.sleep(0.02)
        assert not _alive(child), "the zensical build outlived the build that started it"
    finally:
        if _alive(child):
            os.kill(child, signal.SIGKILL)
