"""YAML reading that keeps line numbers, so every error can name its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..problems import Collector
from .limits import MAX_COUNTS, check_count


class LineDict(dict):
    """A mapping that remembers the line of each key (1-based)."""

    line: int = 1
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 1


# libyaml's parser when PyYAML has it (about ten times faster); the same marks and constructors
_BASE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE_LOADER):  # chosen at import: libyaml's when present
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(None, None, "a key must be plain text", key_node.start_mark)
        if key in result:
            raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} is given twice", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


def _construct_timestamp_as_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    # Dates stay text: "2012-11-08" must keep its precision, and we validate it ourselves.
    return loader.construct_scalar(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def read_text(path: Path, display: str, problems: Collector) -> str | None:
    """Read a UTF-8 text file; report empty, binary or non-UTF-8 files."""
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.add(display, 1, f"cannot be read ({error.strerror}); check the file's permissions")
        return None
    if b"\x00" in data:
        problems.add(display, 1, "is a binary file, not text; replace it with a UTF-8 text file")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.add(display, line, f"is not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8")
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        problems.add(display, 1, "is empty; add its content or delete the file")
        return None
    return text


def parse_yaml(text: str, display: str, problems: Collector, first_line: int = 1, counted: bool = False) -> Any:
    """Parse YAML text; on a syntax error report its line and return None. `counted` (an
    annotation file): a top-level list longer than its kind allows (limits.MAX_COUNTS, by its
    key) is refused before its records are built, which is what takes the time."""
    loader = _Loader(text)  # a SafeLoader subclass
    try:
        node = loader.get_single_node()
        if node is None or (counted and not _counts_within_limits(node, display, problems)):
            return None
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + first_line) if mark else first_line
        what = error.problem or "is not valid YAML"
        if error.context:
            what = f"{error.context}, {what}"
        problems.add(display, line, f"malformed YAML: {what}; fix the syntax (indentation, quotes, colons)")
    except yaml.YAMLError as error:
        problems.add(display, first_line, f"malformed YAML: {error}")
    finally:
        loader.dispose()
    return None


def _counts_within_limits(node: yaml.Node, display: str, problems: Collector) -> bool:
    """Whether each top-level list of records (`terms: [...]`) is within its kind's limit."""
    if not isinstance(node, yaml.MappingNode):
        return True
    within = True
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value in MAX_COUNTS and isinstance(value, yaml.SequenceNode):
            within &= check_count(key.value, len(value.value), display, key.start_mark.line + 1, problems)
    return within


def load_yaml_file(path: Path, display: str, problems: Collector) -> Any:
    """An annotation file, parsed."""
    text = read_text(path, display, problems)
    return None if text is None else parse_yaml(text, display, problems, counted=True)
