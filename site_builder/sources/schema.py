"""Small typed accessors over YAML mappings that report problems instead of raising."""

from __future__ import annotations

import calendar
import difflib
import re
from typing import Any

from ..problems import Collector
from . import characters
from .model import PartialDate
from .yamlio import LineDict

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Ids become file names (essays/<id>/index.html) and URLs: short enough for every file system.
MAX_ID_LENGTH = 80
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

# Labels, by the kind of record (Fields.what) they belong to: the names and titles that reach the
# navigation, the table of contents, page titles, tooltips and the search UI (see
# characters.label_problem). An essay's title is its page's <title>, its first heading (the table
# of contents) and its search results' title; an author's name makes the essay's label ("Pajon
# 2017": the navigation, the search filters, the headings of the theme pages); a theme's label
# is a navigation entry, a page title and a link preview; an entity's name, a term and a debate's
# question are headings (the table of contents), the first two also page titles and previews; an
# event's title is its preview; aliases are the names the prose links and their previews answer to.
LABELS = {
    "front matter": ("title",),
    "author": ("name",),
    "theme": ("label", "aliases"),
    "entity": ("name", "aliases"),
    "term": ("term", "aliases"),
    "event": ("title",),
    "debate": ("question",),
}


def parse_date(value: Any) -> tuple[PartialDate | None, str]:
    """Parse "YYYY", "YYYY-MM" or "YYYY-MM-DD"; return (date, error)."""
    text = str(value).strip() if value is not None else ""
    match = DATE_PATTERN.match(text)
    if not match:
        return None, f'{text!r} is not a date; write "YYYY", "YYYY-MM" or "YYYY-MM-DD"'
    year = int(match.group(1))
    month, day = (int(g) if g else None for g in match.groups()[1:])
    if month is not None and not 1 <= month <= 12:
        return None, f"{text!r} has no month {month}; months run from 01 to 12"
    if month is not None and day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return (
            None,
            f"{text!r} is not a real date: {calendar.month_name[month]} {year} has "
            f"{calendar.monthrange(year, month)[1]} days",
        )
    return PartialDate(year, month, day), ""


class Fields:
    """Read fields of one mapping, reporting each problem with the file and the line."""

    def __init__(self, data: Any, path: str, problems: Collector, what: str, allowed: set[str], line: int = 1):
        self.path = path
        self.problems = problems
        self.what = what
        self.ok = isinstance(data, dict)
        self.data: LineDict | dict = data if self.ok else {}
        self.line = getattr(data, "line", line)
        if not self.ok:
            problems.add(path, self.line, f"{what} must be a mapping of fields (key: value)")
            return
        for key in self.data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else f"; allowed fields: {', '.join(sorted(allowed))}"
                problems.add(path, self.line_of(key), f"{what}: unknown field '{key}'{hint}")

    def line_of(self, key: str) -> int:
        return self.data.line_of(key) if isinstance(self.data, LineDict) else self.line

    def error(self, key: str, message: str) -> None:
        self.problems.add(self.path, self.line_of(key), f"{self.what}: {message}")

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def text(self, key: str, required: bool = True, default: str = "") -> str:
        if not self.has(key):
            if required and self.ok:
                self.problems.add(self.path, self.line, f"{self.what}: missing required field '{key}'")
            return default
        value = self.data[key]
        if isinstance(value, (bool, dict, list)):
            self.error(key, f"'{key}' must be text")
            return default
        text = str(value).strip()
        if required and not text:
            self.error(key, f"'{key}' is empty; write a value")
        self._check_label(key, text)
        return text

    def _check_label(self, key: str, text: str) -> None:
        """Refuse what a label may not hold (characters.label_problem), when `key` is one."""
        if key in LABELS.get(self.what, ()):
            problem = characters.label_problem(key, text)
            if problem:
                self.error(key, problem)

    def flag(self, key: str) -> bool:
        if not self.has(key):
            return False
        if not isinstance(self.data[key], bool):
            self.error(key, f"'{key}' must be true or false")
            return False
        return self.data[key]

    def texts(self, key: str, required: bool = False) -> tuple[str, ...]:
        if not self.has(key):
            if required and self.ok:
                self.problems.add(self.path, self.line, f"{self.what}: missing required field '{key}'")
            return ()
        value = self.data[key]
        if not isinstance(value, list) or not all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value
        ):
            self.error(key, f"'{key}' must be a list of texts, e.g. {key}: [a, b]")
            return ()
        texts = tuple(str(v).strip() for v in value)
        for text in texts:
            self._check_label(key, text)
        return texts

    def identifier(self, key: str = "id") -> str:
        value = self.text(key)
        shown = value if len(value) <= 40 else value[:40] + "…"
        if value and not ID_PATTERN.match(value):
            self.error(key, f"id {shown!r} must be a lowercase slug (a-z, 0-9, hyphens), e.g. 'kuril-islands'")
        elif len(value) > MAX_ID_LENGTH:
            self.error(
                key,
                f"id {shown!r} is {len(value)} characters long; an id may have at most "
                f"{MAX_ID_LENGTH} (ids become file names and URLs): shorten it",
            )
        return value

    def date(self, key: str, required: bool = True) -> PartialDate | None:
        if not self.has(key):
            if required and self.ok:
                self.problems.add(self.path, self.line, f"{self.what}: missing required field '{key}'")
            return None
        date, error = parse_date(self.data[key])
        if error:
            self.error(key, f"'{key}': {error}")
        return date

    def refs(self, key: str, known: set[str], kind: str, required: bool = False) -> tuple[str, ...]:
        values = self.texts(key, required=required)
        if required and self.has(key) and not values:
            self.error(key, f"'{key}' is empty; give at least one {kind} id")
        for value in values:
            if value not in known:
                close = difflib.get_close_matches(value, sorted(known), n=1)
                hint = (
                    f"; did you mean '{close[0]}'?"
                    if close
                    else f"; define it first or use one of: {', '.join(sorted(known))}"
                )
                self.error(key, f"unknown {kind} id '{value}'{hint}")
        return tuple(v for v in values if v in known)

    def items(self, key: str, required: bool = True) -> list:
        if not self.has(key):
            if required and self.ok:
                self.problems.add(self.path, self.line, f"{self.what}: missing required field '{key}' (a list)")
            return []
        value = self.data[key]
        if not isinstance(value, list):
            self.error(key, f"'{key}' must be a list (lines starting with '- ')")
            return []
        return value
