"""YAML reading that keeps line numbers, so every error can name its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..problems import Collector
from . import characters
from .limits import MAX_COUNTS, MAX_DEPTH, MAX_ITEMS, MAX_NUMBER_LENGTH, README, check_count


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


def parse_yaml(text: str, display: str, problems: Collector, first_line: int = 1) -> Any:
    """YAML that is not a source (mkdocs.yml), read as MkDocs reads it, anchors and aliases
    included (what is checked in it is then what MkDocs uses); a syntax error is reported at its
    line, and gives None."""
    return _built(text, display, problems, first_line)[1]


def build_yaml(
    text: str, display: str, problems: Collector, first_line: int = 1, counted: bool = False
) -> tuple[bool, Any]:
    """A source's YAML: (whether it could be built, what it holds). Its events are screened first
    (`_screened`): no anchor or alias, no nesting deeper than limits.MAX_DEPTH, no number longer
    than limits.MAX_NUMBER_LENGTH, no list longer than its key allows (limits.MAX_ITEMS inside a
    record; limits.MAX_COUNTS for the top-level lists of an annotation file, `counted`), no
    character that is not text. Only then is it built, which is what takes the time."""
    try:
        if not _screened(text, display, problems, first_line, counted):
            return False, None
    except yaml.YAMLError as error:
        _report(error, text, display, first_line, problems)
        return False, None
    return _built(text, display, problems, first_line)


def _built(text: str, display: str, problems: Collector, first_line: int) -> tuple[bool, Any]:
    """(whether `text` could be built, what it holds), with line numbers (LineDict, LineList)."""
    loader = _Loader(text)  # a SafeLoader subclass
    try:
        node = loader.get_single_node()
        return True, (None if node is None else loader.construct_document(node))
    except (yaml.YAMLError, RecursionError) as error:  # RecursionError: a last resort (MAX_DEPTH)
        _report(error, text, display, first_line, problems)
        return False, None
    finally:
        loader.dispose()


def _report(error: Exception, text: str, display: str, first_line: int, problems: Collector) -> None:
    """Report why YAML could not be read, at its line."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line = (mark.line + first_line) if mark else first_line
        what = error.problem or "is not valid YAML"
        if error.context:
            what = f"{error.context}, {what}"
        problems.add(display, line, f"malformed YAML: {what}; fix the syntax (indentation, quotes, colons)")
    elif isinstance(error, yaml.reader.ReaderError):  # a character YAML refuses in a file: a control character
        line = text.count("\n", 0, error.position) + first_line
        char = error.character if isinstance(error.character, str) else chr(error.character)  # libyaml: a number
        problems.add(display, line, f"this line {characters.not_text(char)}")
    elif isinstance(error, RecursionError):
        problems.add(display, first_line, _DEPTH)
    else:
        problems.add(display, first_line, f"malformed YAML: {error}")


class _Open:
    """A list or a mapping being read, in the stack of those that hold the current event."""

    __slots__ = ("is_mapping", "items", "key", "key_line", "line", "name", "wants_key")

    def __init__(self, is_mapping: bool, name: str | None, line: int) -> None:
        self.is_mapping = is_mapping
        self.name = name  # the key whose value it is, if any
        self.line = line  # where that key is written (else where it starts)
        self.items = 0  # a list: its items so far
        self.wants_key = True  # a mapping: a key comes next (else its value)
        self.key: str | None = None  # a mapping: the key just read
        self.key_line = line

    def where(self) -> str:
        """The place of the next event in this list or mapping, for a message."""
        if self.is_mapping:
            return "a key" if self.wants_key else f"'{self.key}'"
        return f"an item of '{self.name}'" if self.name else "an item of a list"

    def take(self, event: yaml.NodeEvent, line: int) -> str | None:
        """Count `event` as the next item, key or value; return the key of the list or mapping it
        opens (None when it is not the value of a key)."""
        if not self.is_mapping:
            self.items += 1
            return None
        if self.wants_key:
            self.key = event.value if isinstance(event, yaml.ScalarEvent) else None
            self.key_line, self.wants_key = line, False
            return None
        self.wants_key = True
        return self.key


_ALIASES = "(anchors and aliases can make a few lines stand for millions of values)"
_DEPTH = (
    f"lists and mappings are nested more than {MAX_DEPTH} deep (no record needs more than 6); "
    f"check the brackets and the indentation ({README})"
)
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _screened(text: str, display: str, problems: Collector, first_line: int, counted: bool) -> bool:
    """Read the events of `text` once, building nothing; report what may not be built, and whether
    it may be. An anchor, an alias, too deep a nesting or too long a number stops the reading at
    once; a list too long or a character that is not text is reported and the reading goes on."""
    loader = _Loader(text)
    stack: list[_Open] = []
    allowed = True
    may_hold_not_text = characters.may_hold_not_text(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + first_line
            if isinstance(event, yaml.CollectionEndEvent):
                closed = stack.pop()
                if not closed.is_mapping:
                    allowed &= _list_within_limits(closed, len(stack) == 1 and counted, display, problems)
                continue
            if not isinstance(event, yaml.NodeEvent):  # the stream's and the document's start and end
                continue
            refusal = _refusal(loader, event, stack)
            if refusal:
                problems.add(display, line, refusal)
                return False
            if may_hold_not_text and isinstance(event, yaml.ScalarEvent):
                _check_text(event.value, stack, display, line, problems)
            name = stack[-1].take(event, line) if stack else None
            if isinstance(event, yaml.CollectionStartEvent):
                key_line = stack[-1].key_line if stack and name is not None else line
                stack.append(_Open(isinstance(event, yaml.MappingStartEvent), name, key_line))
    finally:
        loader.dispose()
    return allowed


def _refusal(loader: _Loader, event: yaml.NodeEvent, stack: list[_Open]) -> str | None:
    """Why the YAML that holds `event` may not be built at all, if it may not."""
    if isinstance(event, yaml.AliasEvent):
        return f"an alias (*{event.anchor}) is not allowed: write the value out in full where it is needed {_ALIASES}"
    if event.anchor:
        return f"an anchor (&{event.anchor}) is not allowed: write the value out in full where it is needed {_ALIASES}"
    if isinstance(event, yaml.CollectionStartEvent) and len(stack) >= MAX_DEPTH:
        return _DEPTH
    if isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_NUMBER_LENGTH and _is_number(loader, event):
        where = stack[-1].where() if stack else "the text"
        return (
            f"{where} is a number of {len(event.value):,} characters, more than the {MAX_NUMBER_LENGTH} "
            f"a number may have; shorten it ({README})"
        )
    return None


def _is_number(loader: _Loader, event: yaml.ScalarEvent) -> bool:
    """Whether YAML reads the scalar `event` as a number (`id: 12`, `!!int "12"`)."""
    tag = event.tag or (loader.resolve(yaml.ScalarNode, event.value, (True, False)) if event.implicit[0] else None)
    return tag in _NUMBER_TAGS


def _check_text(value: str, stack: list[_Open], display: str, line: int, problems: Collector) -> None:
    """Report a key or a value that holds a character that is not text (characters.py)."""
    problem = characters.field_problem(value)
    if problem:
        problems.add(display, line, f"{stack[-1].where() if stack else 'the text'} {problem}")


def _list_within_limits(closed: _Open, top_level_record_list: bool, display: str, problems: Collector) -> bool:
    """Whether the list `closed` holds no more items than its key allows: limits.MAX_COUNTS for
    a list of records at the top of an annotation file, limits.MAX_ITEMS inside a record."""
    if closed.name is None:
        return True
    if top_level_record_list and closed.name in MAX_COUNTS:
        return check_count(closed.name, closed.items, display, closed.line, problems)
    limit = MAX_ITEMS.get(closed.name)
    if limit is None or closed.items <= limit:
        return True
    problems.add(
        display,
        closed.line,
        f"'{closed.name}' lists {closed.items:,} items, more than the {limit:,} allowed in one record; "
        f"check that the file was not generated by mistake ({README})",
    )
    return False


def load_yaml_file(path: Path, display: str, problems: Collector) -> Any:
    """An annotation file, parsed."""
    return read_yaml_file(path, display, problems)[1]


def read_yaml_file(path: Path, display: str, problems: Collector) -> tuple[bool, Any]:
    """An annotation file: (whether it could be read and built, what it holds)."""
    text = read_text(path, display, problems)
    return (False, None) if text is None else build_yaml(text, display, problems, counted=True)
