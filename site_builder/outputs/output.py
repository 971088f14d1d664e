"""Write a generated tree to disk: only files whose bytes changed, stale files removed.

Writing only what changed keeps `mkdocs serve` from rebuilding in a loop and makes a
second run of the builder a no-op.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ..problems import Problem, SourceError


def write_tree(folder: Path, files: dict[str, str | bytes]) -> list[str]:
    """Make `folder` hold exactly `files`; return the paths that were written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for relative, content in sorted(files.items()):
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = folder / relative
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(relative)
    wanted = {folder / r for r in files}
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.name.startswith("."):  # .keep and editor files are not ours to remove
            continue
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written


def write_json_if_changed(path: Path, data) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def replace_folder(new: Path, target: Path) -> None:
    """Swap a freshly built folder into place; the old one is removed only after the swap. When
    the new folder cannot move in, the old one is put back before the error is raised: a failed
    swap leaves the previous site where it was, and no `.old` beside it."""
    old = target.with_name(target.name + ".old")
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old)
    moved = target.is_dir() and not target.is_symlink()
    if moved:
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if moved:
            old.rename(target)
        raise
    if moved:
        _remove_previous(old)


def _remove_previous(old: Path) -> None:
    """The previous site, once the new one is in place (a read-only folder in it is refused
    before the build starts, workspace.py; this is for one made read-only meanwhile)."""
    try:
        shutil.rmtree(old)
    except OSError as error:
        raise SourceError(
            [
                Problem(
                    old.name,
                    1,
                    f"the new site is in place, but the previous one could not be removed ({error.strerror}): "
                    f"remove it (chmod -R u+w {old.name} && rm -rf {old.name})",
                )
            ]
        ) from None
