"""Python-Markdown as the site renders essays: the extensions listed under `markdown_extensions`
in mkdocs.yml, their one owner (MkDocs and Zensical read the same list). The validator reads
essay bodies with them (policy.py), without the builder's own extension, which needs the link
table and changes no reading of the Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .settings import plain, read_settings

OWN_PREFIX = "site_builder."


@dataclass(frozen=True)
class Extensions:
    names: tuple[str, ...] = ()
    configs: dict[str, dict] = field(default_factory=dict)


def site_extensions(root: Path) -> Extensions:
    """The Markdown extensions of mkdocs.yml with their settings, the builder's own left out;
    none where mkdocs.yml cannot be read (the engines then say why)."""
    entries = read_settings(root).data.get("markdown_extensions")
    names: list[str] = []
    configs: dict[str, dict] = {}
    for entry in entries if isinstance(entries, list) else ():
        name, settings = _entry(entry)
        if name and not name.startswith(OWN_PREFIX):
            names.append(name)
            if settings:
                configs[name] = plain(settings)
    return Extensions(tuple(names), configs)


def _entry(entry: object) -> tuple[str, dict]:
    """(name, settings) of one item of `markdown_extensions`: a name, or {name: settings}."""
    if isinstance(entry, str):
        return entry, {}
    if isinstance(entry, dict) and len(entry) == 1:
        name, settings = next(iter(entry.items()))
        return str(name), settings if isinstance(settings, dict) else {}
    return "", {}
