"""The edition's releases and changes (annotations/changes.yaml), validated like every other
annotation file: each problem at its path:line, with what to write instead."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from .. import urls
from ..problems import Collector
from .model import CHANGE_KINDS, PLACE_KINDS, Change, Corpus, Edition, PartialDate, Place, Release
from .schema import Fields

RELEASE_FIELDS = {"version", "date", "note", "changes"}
CHANGE_FIELDS = {"date", "kind", "what", "paragraph", *PLACE_KINDS}
VERSION = re.compile(r"[0-9]+(\.[0-9]+)*")
WHAT_MAX = 300  # a change is told in one line


@dataclass(frozen=True)
class Known:
    """The ids a change may name, from the rest of the validated corpus."""

    corpus: Corpus

    def ids(self, kind: str) -> set[str]:
        if kind == "page":
            return set(dict(urls.FIXED))
        corpus = self.corpus
        records: dict[str, tuple[Any, ...]] = {
            "essay": corpus.essays,
            "passage": corpus.passages,
            "theme": corpus.themes,
            "event": corpus.events,
            "debate": corpus.debates,
        }
        return {r.id for r in records[kind]}

    def related(self, first: str, second: str) -> bool:
        return any({r.source, r.target} == {first, second} for r in self.corpus.relations)


def edition(entry: tuple[str, Any] | None, corpus: Corpus, problems: Collector) -> Edition | None:
    """The edition of changes.yaml (`entry`: its path and data), or None without the file."""
    if entry is None or entry[1] is None:
        return None
    path, data = entry
    top = Fields(data, path, problems, "changes.yaml", {"releases"})
    if not top.ok:
        return None
    known, items = Known(corpus), top.items("releases")
    releases = [r for r in (_release(item, path, problems, known) for item in items) if r]
    if top.has("releases") and isinstance(top.data["releases"], list) and not items:
        top.error("releases", "'releases' is empty; give the current release, with its version and date")
    _in_order(releases, problems)
    return Edition(tuple(releases)) if releases else None


def _day(f: Fields, key: str) -> PartialDate | None:
    """A date to the day: a release and a change happen on a day."""
    date = f.date(key)
    if date is not None and date.precision != "day":
        f.error(key, f"'{key}' {date.iso!r} must name the day, e.g. {date.year}-01-31")
        return None
    return date


def _version(f: Fields) -> str:
    value = f.data.get("version") if f.ok else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        f.error("version", f'write the version in quotes, version: "{value}" (unquoted, YAML reads it as a number)')
        return ""
    version = f.text("version")
    if version and not VERSION.fullmatch(version):
        f.error("version", f'version {version!r} must be numbers separated by dots, e.g. "1.0" or "1.2"')
        return ""
    return version


def _release(item: Any, path: str, problems: Collector, known: Known) -> Release | None:
    f = Fields(item, path, problems, "release", RELEASE_FIELDS)
    if not f.ok:
        return None
    version, date = _version(f), _day(f, "date")
    note = f.text("note", required=False)
    changes = [c for c in (_change(entry, path, problems, known, date) for entry in f.items("changes")) if c]
    if not (version and date):
        return None
    return Release(version, date, note, tuple(changes), f"{path}:{f.line}")


def _in_order(releases: list[Release], problems: Collector) -> None:
    """Releases newest first, each version once."""
    seen: set[str] = set()
    for newer, older in pairwise(releases):
        if newer.date.sort_key <= older.date.sort_key:
            problems.add(
                *_at(older.source),
                f"release {older.version} ({older.date.iso}) is not older than release {newer.version} "
                f"({newer.date.iso}) above it; list the releases newest first, each on its own day",
            )
    for release in releases:
        if release.version in seen:
            problems.add(*_at(release.source), f"release {release.version} is listed twice; give it a new version")
        seen.add(release.version)


def _at(source: str) -> tuple[str, int]:
    """(path, line) of a record's "path:line"."""
    path, _, line = source.rpartition(":")
    return path, int(line)


def _change(item: Any, path: str, problems: Collector, known: Known, released: PartialDate | None) -> Change | None:
    f = Fields(item, path, problems, "change", CHANGE_FIELDS)
    if not f.ok:
        return None
    date = _day(f, "date")
    if date and released and date.sort_key > released.sort_key:
        f.error(
            "date",
            f"the change is dated {date.iso}, after its release of {released.iso}; "
            "move it to a later release, or correct its date",
        )
    kind = f.text("kind")
    if kind and kind not in CHANGE_KINDS:
        f.error("kind", f"kind '{kind}' is not one of {', '.join(CHANGE_KINDS)}")
    what = f.text("what")
    if len(what) > WHAT_MAX:
        f.error("what", f"'what' is one line of at most {WHAT_MAX} characters ({len(what)} now); shorten it")
    place = _place(f, known)
    if date is None or kind not in CHANGE_KINDS or not what or place is None:
        return None
    return Change(date, kind, what, place, f"{path}:{f.line}")


def _place(f: Fields, known: Known) -> Place | None:
    """Where the change applies: exactly one of PLACE_KINDS (an essay with or without a paragraph)."""
    given = [kind for kind in PLACE_KINDS if f.has(kind)]
    if len(given) != 1:
        where = ", ".join(PLACE_KINDS)
        f.error(
            given[1] if given else "what",
            f"say where the change applies with one of: {where}" + (f" (it gives {', '.join(given)})" if given else ""),
        )
        return None
    kind = given[0]
    if f.has("paragraph") and kind != "essay":
        f.error("paragraph", "a paragraph belongs to an essay: give 'essay' with it")
        return None
    if kind == "relation":
        return _relation(f, known)
    value = f.text(kind)
    if value and value not in known.ids(kind):
        f.error(kind, f"unknown {kind} id '{value}'; use one of: {_some(known.ids(kind))}")
        return None
    paragraph = _paragraph(f, known, value) if kind == "essay" else 0
    return Place(kind, value, paragraph) if value and paragraph is not None else None


def _some(ids: set[str], shown: int = 8) -> str:
    names = sorted(ids)
    return ", ".join(names[:shown]) + (f" (and {len(names) - shown} more)" if len(names) > shown else "")


def _paragraph(f: Fields, known: Known, essay_id: str) -> int | None:
    """The paragraph named with an essay, 0 for none; None when it is no paragraph of the essay."""
    if not f.has("paragraph"):
        return 0
    value = f.data["paragraph"]
    count = len(known.corpus.essay(essay_id).paragraphs)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= count:
        f.error("paragraph", f"'paragraph' must be the number of a paragraph of {essay_id}, 1 to {count}")
        return None
    return value


def _relation(f: Fields, known: Known) -> Place | None:
    r = Fields(f.data["relation"], f.path, f.problems, "relation", {"from", "to"}, f.line_of("relation"))
    if not r.ok:
        return None
    ends = (r.text("from"), r.text("to"))
    passages = known.ids("passage")
    for key, value in zip(("from", "to"), ends, strict=True):
        if value and value not in passages:
            r.error(key, f"unknown passage id '{value}'; use the id of a passage in annotations/passages/")
            return None
    if not all(ends):
        return None
    if not known.related(*ends):
        r.error("from", f"annotations/relations.yaml relates no '{ends[0]}' and '{ends[1]}'; name a relation it holds")
        return None
    return Place("relation", ends[0], to=ends[1])
