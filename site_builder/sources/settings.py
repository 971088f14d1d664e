"""mkdocs.yml as the builder reads it, in one place: the Markdown extensions (markdown_reading.py),
the page limits and Zensical's generated configuration (outputs/site_files.py, engines/), the
loads every page makes (extra_javascript, extra_css), and the site's own address (site_url). MkDocs and Zensical read the file
their own way; this reading keeps the line of each list and mapping, for messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..problems import Collector
from .yamlio import LineDict, LineList, parse_yaml

CONFIG = "mkdocs.yml"


@dataclass(frozen=True)
class Settings:
    text: str  # the file's text ("" when it cannot be read)
    data: LineDict  # its top-level mapping, with lines ({} when it cannot be read or parsed)


def read_settings(root: Path) -> Settings:
    """mkdocs.yml of the project at `root`; an unreadable or malformed file reads as empty (MkDocs
    and Zensical then say why, with their own messages)."""
    try:
        text = (root / CONFIG).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return Settings("", LineDict())
    data = parse_yaml(text, CONFIG, Collector())
    return Settings(text, data if isinstance(data, LineDict) else LineDict())


def site_url(settings: Settings) -> str:
    """The address the site is published at (`site_url`, "https://example.org/rj/"), with one
    trailing slash; "" when mkdocs.yml sets none (the site then writes relative addresses only)."""
    value = settings.data.get("site_url")
    return value.strip().rstrip("/") + "/" if isinstance(value, str) and value.strip() else ""


def plain(value: Any) -> Any:
    """`value` with the reader's line-keeping mappings and lists made plain dicts and lists
    (what yaml.safe_dump writes), for a configuration generated from it."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


__all__ = ["CONFIG", "LineDict", "LineList", "Settings", "plain", "read_settings", "site_url"]
