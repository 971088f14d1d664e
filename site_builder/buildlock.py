"""One build at a time in a checkout, and no debris from a build that was stopped.

- `project_lock(root)`: an exclusive lock (flock) on .site-builder.lock (project folder) for as long as a
  build, a generation or `make serve` runs. A second one in the same checkout stops at once
  with `.site-builder.lock:1: another build ... is running (process N)`, before it touches
  anything. The operating system releases the lock when the process ends, however it ends, so
  a stopped build never leaves a stale lock behind. The lock file is opened without following a
  link (O_NOFOLLOW) and must be a regular file (workspace.py): a link would let the build write
  its process id into a file outside the project.
- `remove_stale(target)`: the temporary folders (`.site.*`) and the `site.old` that a stopped
  build may have left next to the site; removed by the next build, under the lock, so they
  cannot belong to a build still running (a `site.old` with no `site` is the previous site of
  a build stopped in the middle of the swap: it is put back).
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .problems import Problem, SourceError
from .workspace import FILE, LOCK, LOCK_PLACE, filesystem_problem, kind_problem


@contextmanager
def project_lock(root: Path) -> Iterator[None]:
    refused = kind_problem(root, root / LOCK, FILE, LOCK_PLACE.holds)  # a link, a folder: nothing written
    if refused is not None:
        raise SourceError([refused])
    fd = _open_lock(root)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise SourceError(
                [
                    Problem(
                        LOCK.as_posix(),
                        1,
                        f"another build of this project (or make serve) is running, "
                        f"process {holder}; wait until it ends, then run this again",
                    )
                ]
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def _open_lock(root: Path) -> int:
    """The lock file, opened for writing: never through a link, only a regular file."""
    try:
        fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK, 0o644)
    except OSError as error:  # made a link or a folder since the check, or not writable
        raise SourceError([filesystem_problem(root, error)]) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # made a pipe or a device since the check
        os.close(fd)
        raise SourceError(
            [Problem(LOCK.as_posix(), 1, f"{LOCK} is not a regular file: remove it (rm {LOCK}) and run this again")]
        )
    return fd


def temporary_prefix(target: Path) -> str:
    """The prefix of the temporary folders a build of `target` makes next to it."""
    return f".{target.name}."


def remove_stale(target: Path) -> list[str]:
    """Remove what stopped builds of `target` left next to it; return the names removed."""
    removed: list[str] = []
    if not target.parent.is_dir():
        return removed
    old = target.with_name(f"{target.name}.old")
    if old.is_dir() and not target.exists():  # stopped in the middle of the swap: put the site back
        old.rename(target)
    stale = re.compile(re.escape(temporary_prefix(target)) + r"[A-Za-z0-9_]{8}")
    for path in sorted(target.parent.iterdir()):
        if (
            (stale.fullmatch(path.name) or path.name == f"{target.name}.old")
            and path.is_dir()
            and not path.is_symlink()
        ):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def remove_uninterrupted(folder: Path) -> None:
    """Remove a temporary folder with Ctrl-C and SIGTERM held back until it is gone (a stop that
    lands during the removal is then raised after it), so a stopped build leaves no debris."""
    held = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
