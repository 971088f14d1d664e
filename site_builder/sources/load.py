"""Load stage: read corpus and annotation files into raw Python data, with line numbers.

Nothing here judges the content; `validate` does. Paths in messages are relative to the
project root so that editors can jump to them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from types import MappingProxyType
from typing import Any

import markdown

from ..problems import Collector, Problem
from . import characters, limits, policy
from .markdown_reading import Extensions, site_extensions
from .model import Block
from .yamlio import build_yaml, read_text


@dataclass
class RawEssay:
    path: str  # display path
    stem: str
    front: Any  # LineDict from the front matter, or None
    blocks: list[Block]
    markup: tuple[Problem, ...] = ()  # what the markup policy refuses in its blocks (validate reports them)


# A source file's reading (its front matter and blocks, or its YAML) with the problems found in
# it, by what it was read from: (kind, path, text). The live preview keeps a build's readings and
# passes them to the next check, which reads again only the files whose text changed.
Readings = Mapping[tuple[str, str, str], tuple[Any, tuple[Problem, ...]]]
NO_READINGS: Readings = MappingProxyType({})


@dataclass
class RawSources:
    root: Path
    previous: Readings = field(
        default_factory=lambda: NO_READINGS
    )  # the last check's readings, reused where a file's text is the same
    readings: dict[tuple[str, str, str], tuple[Any, tuple[Problem, ...]]] = field(default_factory=dict)  # this check's
    essays: list[RawEssay] = field(default_factory=list)
    themes: tuple[str, Any] | None = None
    entities: tuple[str, Any] | None = None
    glossary: tuple[str, Any] | None = None
    events: tuple[str, Any] | None = None
    debates: tuple[str, Any] | None = None  # optional file
    relations: tuple[str, Any] | None = None  # optional file
    changes: tuple[str, Any] | None = None  # optional file: the edition's releases and changes
    passages: list[tuple[str, str, Any]] = field(default_factory=list)  # (path, stem, data)
    unbuilt: list[str] = field(default_factory=list)  # files whose YAML, or folders, could not be read or built


class _TextOf(HTMLParser):
    """The text of rendered HTML: what a reader sees, tags dropped and entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def markdown_renderer(extensions: Extensions) -> markdown.Markdown:
    """Python-Markdown as the site runs it on a block (the extensions of mkdocs.yml,
    markdown_reading.py), for its text: without the heading permalinks ('#'), which are no
    text a reader quotes."""
    configs = {**extensions.configs, "toc": {**extensions.configs.get("toc", {}), "permalink": False}}
    return markdown.Markdown(
        extensions=list(extensions.names), extension_configs={k: v for k, v in configs.items() if k in extensions.names}
    )


def plain_text(text: str, renderer: markdown.Markdown) -> str:
    """The text a reader sees in a block of Markdown, for quote matching, the entity index and
    the prose linker: the block rendered by Python-Markdown (emphasis, links, escapes and
    entities as the reader gets them), its tags dropped, whitespace collapsed."""
    parser = _TextOf()
    parser.feed(renderer.reset().convert(text))
    parser.close()
    return " ".join("".join(parser.parts).split())


def split_blocks(body: str, first_line: int, extensions: Extensions) -> list[Block]:
    """Split an essay body into headings, lists and numbered paragraphs (blank-line separated).
    A block that renders to no text (a link reference definition) is kept but not numbered;
    the other blocks are rendered with the essay's definitions, so `[text][1]` reads "text"."""
    renderer = markdown_renderer(extensions)  # one per essay: building it costs more than a block
    chunks: list[tuple[str, int]] = []  # (Markdown of the block, its first line)
    current: list[str] = []
    start = first_line
    for offset, text_line in enumerate([*body.split("\n"), ""]):
        if text_line.strip():
            if not current:
                start = first_line + offset
            current.append(text_line.rstrip())
        elif current:
            chunks.append(("\n".join(current), start))
            current = []
    texts = [plain_text(chunk, renderer) for chunk, _ in chunks]
    definitions = "\n\n".join(chunk for (chunk, _), text in zip(chunks, texts, strict=False) if not text)
    blocks: list[Block] = []
    number = 0
    for (chunk, line), text in zip(chunks, texts, strict=False):
        if not text:
            blocks.append(Block("definition", chunk, text, 0, line))
            continue
        if definitions:
            text = plain_text(f"{chunk}\n\n{definitions}", renderer)
        if chunk.startswith("#"):
            blocks.append(Block("heading", chunk, text, 0, line))
        elif re.match(r"^([-*+]|\d+\.)\s", chunk):
            blocks.append(Block("list", chunk, text, 0, line))
        else:
            number += 1
            blocks.append(Block("paragraph", chunk, text, number, line))
    return blocks


def split_front_matter(text: str, display: str, problems: Collector) -> tuple[Any, str, int, bool]:
    """(front matter data, body, line where the body starts, whether the front matter's YAML
    could be built: False for a syntax error or a limit of limits.py, True when there is none)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.add(
            display, 1, "has no front matter; start the file with a line '---', the YAML fields, and a closing '---'"
        )
        return None, text, 1, True
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            # a blank first line stands for the opening '---', so YAML line numbers are file lines
            front_text = "\n" + "\n".join(lines[1:index])
            built, data = build_yaml(front_text, display, problems)
            return data, "\n".join(lines[index + 1 :]), index + 2, built
    problems.add(display, 1, "front matter is not closed; add a line '---' after the YAML fields")
    return None, "", 1, True


def check_body_characters(body: str, first_line: int, display: str, problems: Collector) -> None:
    """Report each line of an essay body that holds a character that is not text (characters.py)."""
    for offset, line in enumerate(body.split("\n")):
        problem = characters.body_problem(line)
        if problem:
            problems.add(display, first_line + offset, f"this line {problem}")


# Drafts written by `site-builder suggest`, beside the annotations: refused until an editor has
# moved what they accept into the annotations and deleted the draft.
PROPOSALS = "annotations/proposals"


def load_sources(
    root: Path, problems: Collector, proposals_allowed: bool = False, previous: Readings = NO_READINGS
) -> RawSources:
    """Every source read, each problem reported. A file whose YAML could not be read or built
    (a syntax error, a limit of limits.py), or a folder that could not be read, stops the check
    here, with the problems found so far: what validation would report next would be its
    consequences (every theme unknown when themes.yaml cannot be read), and they would bury it.
    `previous`: the readings of an earlier check (its `readings`): a file whose text is the
    same is not read again, its problems reported as they were found then."""
    raw = RawSources(root=root, previous=previous)
    _load_essays(raw, problems)
    _load_annotations(raw, problems)
    if not proposals_allowed:
        _refuse_proposals(raw, problems)
    if raw.unbuilt:
        problems.raise_if_any()
    return raw


def _display(raw: RawSources, path: Path) -> str:
    return path.relative_to(raw.root).as_posix()


def _reading(raw: RawSources, key: tuple[str, str, str], read: Callable[[Collector], Any], problems: Collector) -> Any:
    """`read(its own problems)` of a file's text, or its reading in the previous check when the
    key (kind, path, text) is the same; its problems added to `problems` either way."""
    kept = raw.previous.get(key)
    if kept is None:
        found = Collector()
        kept = (read(found), tuple(found.problems))
    raw.readings[key] = kept
    problems.problems.extend(kept[1])
    return kept[0]


def _load_essays(raw: RawSources, problems: Collector) -> None:
    corpus_dir = raw.root / "corpus"
    if not corpus_dir.is_dir():
        problems.add("corpus", 1, "folder is missing; create corpus/ with one Markdown file per essay")
        return
    paths = _listing(raw, corpus_dir, "*.md", problems) or []
    extensions = site_extensions(raw.root)
    if not limits.check_count("essays", len(paths), "corpus", 1, problems):
        paths = []
    for path in paths:
        display = _display(raw, path)
        if not limits.check_source(path, raw.root, display, limits.ESSAY_MAX_BYTES, "an essay", problems):
            continue
        text = read_text(path, display, problems)
        if text is None:
            continue
        key = ("essay", display, f"{extensions!r}\n{text}")  # the blocks depend on the extensions too
        read = partial(_read_essay, text, display, extensions)
        front, built, blocks, markup = _reading(raw, key, read, problems)
        if not built:
            raw.unbuilt.append(display)
        raw.essays.append(RawEssay(display, path.stem, front, blocks, markup))


def _read_essay(
    text: str, display: str, extensions: Extensions, problems: Collector
) -> tuple[Any, bool, list[Block], tuple[Problem, ...]]:
    """An essay file's (front matter, whether its YAML could be built, blocks, what the markup
    policy refuses in them: reported by validate, after the files that could not be read)."""
    front, body, body_line, built = split_front_matter(text, display, problems)
    check_body_characters(body, body_line, display, problems)
    blocks = split_blocks(body, body_line, extensions)
    return front, built, blocks, markup_problems(blocks, display, extensions)


def markup_problems(blocks: list[Block], display: str, extensions: Extensions) -> tuple[Problem, ...]:
    """The markup policy (policy.py) on every block of an essay body, read by Python-Markdown
    with the site's extensions; each problem at its line."""
    reader = policy.MarkupReader(extensions.names, extensions.configs)
    return tuple(
        Problem(display, block.line + offset, message)
        for block in blocks
        for offset, message in policy.markdown_problems(block.markdown, reader)
    )


def _load_annotations(raw: RawSources, problems: Collector) -> None:
    folder = raw.root / "annotations"
    files = _listing(raw, folder, "*.yaml", problems)
    if files is None:
        return
    present = {path.name for path in files}  # a link in a loop is there, though it leads nowhere
    for name in ("themes", "entities", "glossary", "events", "debates", "relations", "changes"):
        path = folder / f"{name}.yaml"
        if path.name not in present:
            if name not in ("debates", "relations", "changes"):  # optional files
                problems.add(_display(raw, path), 1, f"is missing; create it (see annotations/FORMAT.md, {name}.yaml)")
        elif limits.check_source(
            path, raw.root, _display(raw, path), limits.ANNOTATION_MAX_BYTES, "an annotation file", problems
        ):
            setattr(raw, name, (_display(raw, path), _read_yaml(raw, path, problems)))
    passage_files = _listing(raw, folder / "passages", "*.yaml", problems) or []
    if not limits.check_count("essays", len(passage_files), "annotations/passages", 1, problems):
        passage_files = []
    for path in passage_files:
        if limits.check_source(
            path, raw.root, _display(raw, path), limits.PASSAGES_MAX_BYTES, "a passages file", problems
        ):
            raw.passages.append((_display(raw, path), path.stem, _read_yaml(raw, path, problems)))


def _refuse_proposals(raw: RawSources, problems: Collector) -> None:
    """Every file left in annotations/proposals/, at its line 1, with what to do (nothing when
    annotations/ itself could not be read: that is reported, and its folders are not listed)."""
    if "annotations" in raw.unbuilt:
        return
    for path in _listing(raw, raw.root / PROPOSALS, "*", problems) or []:
        problems.add(
            _display(raw, path),
            1,
            "a proposal, not an annotation: move what you accept into "
            f"annotations/passages/{path.stem}.yaml, events.yaml or relations.yaml, then delete this file",
        )


def _listing(raw: RawSources, folder: Path, pattern: str, problems: Collector) -> list[Path] | None:
    """limits.listing; a folder that cannot be read is noted in `raw.unbuilt` (its files'
    absence would be reported all over the annotations)."""
    paths = limits.listing(folder, pattern, raw.root, problems)
    if paths is None:
        raw.unbuilt.append(_display(raw, folder))
    return paths


def _read_yaml(raw: RawSources, path: Path, problems: Collector) -> Any:
    """An annotation file's data; one that cannot be read or built is noted in `raw.unbuilt`."""
    display = _display(raw, path)
    text = read_text(path, display, problems)
    built, data = (
        (False, None)
        if text is None
        else _reading(
            raw, ("yaml", display, text), lambda found: build_yaml(text, display, found, counted=True), problems
        )
    )
    if not built:
        raw.unbuilt.append(_display(raw, path))
    return data
