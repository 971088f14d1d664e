"""Load stage: read corpus and annotation files into raw Python data, with line numbers.

Nothing here judges the content; `validate` does. Paths in messages are relative to the
project root so that editors can jump to them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import limits
from .model import Block
from .problems import Collector
from .yamlio import parse_yaml, read_text, load_yaml_file


@dataclass
class RawEssay:
    path: str  # display path
    stem: str
    front: Any  # LineDict from the front matter, or None
    blocks: list[Block]


@dataclass
class RawSources:
    root: Path
    essays: list[RawEssay] = field(default_factory=list)
    themes: tuple[str, Any] | None = None
    entities: tuple[str, Any] | None = None
    glossary: tuple[str, Any] | None = None
    events: tuple[str, Any] | None = None
    debates: tuple[str, Any] | None = None  # optional file
    relations: tuple[str, Any] | None = None  # optional file
    passages: list[tuple[str, str, Any]] = field(default_factory=list)  # (path, stem, data)


_EMPHASIS = re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")


def plain_text(markdown: str) -> str:
    """The text a reader sees in a block, for quote matching: emphasis and autolink marks removed."""
    text = _AUTOLINK.sub(r"\1", markdown)
    text = _EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


def split_blocks(body: str, first_line: int) -> list[Block]:
    """Split an essay body into headings, lists and numbered paragraphs (blank-line separated)."""
    blocks: list[Block] = []
    current: list[str] = []
    start = first_line
    number = 0

    def flush() -> None:
        nonlocal number
        if not current:
            return
        markdown = "\n".join(current)
        if markdown.startswith("#"):
            blocks.append(Block("heading", markdown, plain_text(markdown.lstrip("#").strip()), 0, start))
        elif re.match(r"^([-*+]|\d+\.)\s", markdown):
            blocks.append(Block("list", markdown, plain_text(markdown), 0, start))
        else:
            number += 1
            blocks.append(Block("paragraph", markdown, plain_text(markdown), number, start))

    for offset, line in enumerate(body.split("\n")):
        if line.strip():
            if not current:
                start = first_line + offset
            current.append(line.rstrip())
        else:
            flush()
            current = []
    flush()
    return blocks


def split_front_matter(text: str, display: str, problems: Collector) -> tuple[Any, str, int]:
    """Return (front matter data, body, line where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.add(display, 1, "has no front matter; start the file with a line '---', "
                     "the YAML fields, and a closing '---'")
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            # a blank first line stands for the opening '---', so YAML line numbers are file lines
            front_text = "\n" + "\n".join(lines[1:index])
            data = parse_yaml(front_text, display, problems)
            return data, "\n".join(lines[index + 1:]), index + 2
    problems.add(display, 1, "front matter is not closed; add a line '---' after the YAML fields")
    return None, "", 1


def load_sources(root: Path, problems: Collector) -> RawSources:
    raw = RawSources(root=root)
    corpus_dir = root / "corpus"
    annotations_dir = root / "annotations"

    def display(path: Path) -> str:
        return path.relative_to(root).as_posix()

    if not corpus_dir.is_dir():
        problems.add("corpus", 1, "folder is missing; create corpus/ with one Markdown file per essay")
    else:
        paths = sorted(corpus_dir.glob("*.md"))
        if not limits.check_count("essays", len(paths), "corpus", 1, problems):
            paths = []
        for path in paths:
            if not limits.check_source(path, root, display(path), limits.ESSAY_MAX_BYTES, "an essay",
                                        problems):
                continue
            text = read_text(path, display(path), problems)
            if text is None:
                continue
            front, body, body_line = split_front_matter(text, display(path), problems)
            raw.essays.append(RawEssay(display(path), path.stem, front, split_blocks(body, body_line)))

    for name in ("themes", "entities", "glossary", "events"):
        path = annotations_dir / f"{name}.yaml"
        if path.exists():
            if limits.check_source(path, root, display(path), limits.ANNOTATION_MAX_BYTES,
                                   "an annotation file", problems):
                setattr(raw, name, (display(path), load_yaml_file(path, display(path), problems)))
        else:
            problems.add(display(path), 1, f"is missing; create it (see annotations/FORMAT.md, {name}.yaml)")

    for name in ("debates", "relations"):  # optional files
        path = annotations_dir / f"{name}.yaml"
        if path.exists() and limits.check_source(path, root, display(path), limits.ANNOTATION_MAX_BYTES,
                                                 "an annotation file", problems):
            setattr(raw, name, (display(path), load_yaml_file(path, display(path), problems)))

    passage_files = sorted((annotations_dir / "passages").glob("*.yaml"))
    if not limits.check_count("essays", len(passage_files), "annotations/passages", 1, problems):
        passage_files = []
    for path in passage_files:
        if not limits.check_source(path, root, display(path), limits.PASSAGES_MAX_BYTES, "a passages file",
                                      problems):
            continue
        raw.passages.append((display(path), path.stem, load_yaml_file(path, display(path), problems)))
    return raw
