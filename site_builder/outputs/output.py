"""Write a generated tree to disk: only files whose bytes changed, stale files removed.

Writing only what changed keeps `mkdocs serve` from rebuilding in a loop and makes a
second run of the builder a no-op.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path


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
    """Swap a freshly built folder into place; the old one is removed only after the swap."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)
