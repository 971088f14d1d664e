"""Shared fixtures: copies of the project or of a mini corpus in a temporary folder."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def copy_project(target: Path, corpus_from: Path = ROOT) -> Path:
    """A project folder: templates and mkdocs.yml from the repo, corpus/annotations from `corpus_from`."""
    for name in ("corpus", "annotations"):
        shutil.copytree(corpus_from / name, target / name)
    shutil.copytree(ROOT / "templates", target / "templates")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def run_builder(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "site_builder", "--root", str(root), *args],
                          capture_output=True, text=True, cwd=root,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(root)})


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "mini", MINI)
