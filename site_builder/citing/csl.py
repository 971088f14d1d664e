"""CSL-JSON (Zotero, Pandoc, citeproc-js, citeproc-py): an item per citation.

The type is the citation's kind (article-journal, webpage, report); names are family/given
(`literal` only for a name kept whole); `container-title` is the journal the source names (a
report's institution is its `publisher`); a series is `collection-title`; an original edition
gives `original-date` (CSL has no variable for the original's journal, issue or pages: they
are in the `note`, as the source prints them); `URL` and `accessed` where the edition has them.
"""

from __future__ import annotations

import json

from ..sources.model import PartialDate
from .model import REPORT, Citation, Name


def _date(d: PartialDate) -> dict:
    return {"date-parts": [[n for n in (d.year, d.month, d.day) if n]]}


def _name(n: Name) -> dict:
    return {"literal": n.literal} if n.literal else {"family": n.family, "given": n.given}


def item(c: Citation) -> dict:
    """One CSL-JSON item."""
    found: dict = {
        "id": c.key + (f"-p{c.paragraph}" if c.paragraph else ""),
        "type": c.kind,
        "title": c.title,
        "issued": _date(c.issued),
        "language": c.language,
    }
    if c.authors:
        found["author"] = [_name(n) for n in c.authors]
    if c.container:
        found["publisher" if c.kind == REPORT else "container-title"] = c.container
    if c.series:
        found["collection-title"] = c.series
    if c.original and c.original.date:
        found["original-date"] = _date(c.original.date)
    if c.paragraph:
        found["locator"], found["label"] = str(c.paragraph), "paragraph"
    if c.notes:
        found["note"] = "; ".join(c.notes)
    if c.url:
        found["URL"] = c.url
    if c.url and c.accessed:
        found["accessed"] = _date(c.accessed)
    return found


def document(citations: list[Citation]) -> str:
    """A CSL-JSON file: the list of items, as Zotero and Pandoc import it."""
    return json.dumps([item(c) for c in citations], ensure_ascii=False, indent=2, sort_keys=True)
