"""What the edition's version makes besides its page (pages/changes.py): the Atom feed of the
changes (changes/feed.xml), the release zip of the data files (data/russia-japan-data-<version>.zip)
and what the footer says (the version, its date, the changes page's address).

Both files are made from the sources alone, never the clock: the feed's dates are the changes'
days, the zip's timestamps the release's day, its entries sorted, so the same sources give the
same bytes. The feed's ids are `urn:uuid:` names derived from the version and the change's place
in its release counted from the oldest (docs/annotating.md: a change keeps its id as newer ones
are added above it, and whether or not `site_url` is set); the feed's links are absolute under
`site_url`, relative to the feed's own address without it (RFC 4287 allows relative references,
resolved against the feed's URL; no xml:base is written).
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Mapping
from xml.etree import ElementTree as ET

from .. import urls
from ..pages.changes import ChangeView, ReleaseView, releases
from ..pages.views import PAGES
from ..sources.model import Corpus, PartialDate

ATOM = "http://www.w3.org/2005/Atom"
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:site-builder:russia-japan-edition:changes")
FEED_FOLDER = "/" + urls.CHANGES_FEED.rsplit("/", 1)[0] + "/"  # where the feed is read: /changes/
EDITORS = "The editors of the Russia–Japan reading edition"
LICENCE = "Annotations and data: CC BY 4.0, https://creativecommons.org/licenses/by/4.0/"


def stamp(date: PartialDate) -> str:
    """A day as an Atom date (RFC 3339): the day's start, in UTC."""
    return f"{date.iso}T00:00:00Z"


def entry_id(version: str, number: int) -> str:
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, f'{version}/{number}')}"


def _link(ref: urls.Ref, site_url: str) -> str:
    return urls.public_url(ref, site_url) if site_url else urls.relative_url(ref, FEED_FOLDER)


def _add(parent: ET.Element, tag: str, text: str = "", **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text:
        element.text = text
    return element


def _entry(feed: ET.Element, release: ReleaseView, change: ChangeView, site_url: str) -> None:
    entry = _add(feed, "entry")
    _add(entry, "id", entry_id(release.version, change.number))
    _add(entry, "title", f"{change.kind_label}: {change.what}")
    _add(entry, "updated", stamp(change.date))
    _add(entry, "published", stamp(change.date))
    _add(entry, "link", rel="alternate", type="text/html", href=_link(change.ref, site_url))
    _add(entry, "category", term=change.kind, label=change.kind_label)
    _add(entry, "summary", f"Edition {release.version}. Where: {change.where}.")


def feed(corpus: Corpus, page_titles: Mapping[str, str], title: str, site_url: str = "") -> str:
    """The Atom feed of every change, newest first; "" where the editors keep no changes."""
    views = releases(corpus, page_titles)
    if not views:
        return ""
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "en"})
    _add(root, "id", f"urn:uuid:{ID_NAMESPACE}")
    _add(root, "title", f"{title}: corrections and changes")
    _add(root, "subtitle", f"Edition {views[0].version}, {views[0].date.human}")
    newest = max((c.date for r in views for c in r.changes), key=lambda d: d.sort_key, default=views[0].date)
    _add(root, "updated", stamp(newest))
    _add(_add(root, "author"), "name", EDITORS)
    _add(root, "rights", LICENCE)
    _add(root, "link", rel="alternate", type="text/html", href=_link(urls.page("changes"), site_url))
    if site_url:
        _add(root, "link", rel="self", type="application/atom+xml", href=f"{site_url.rstrip('/')}/{urls.CHANGES_FEED}")
    for release in views:
        for change in release.changes:
            _entry(root, release, change, site_url)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def readme(corpus: Corpus, title: str, site_url: str) -> str:
    """The release zip's README: what it is, how to cite it, its licence."""
    edition = corpus.edition
    if edition is None:
        return ""
    where = f" {site_url.rstrip('/')}/{urls.data_release(edition.version)}" if site_url else ""
    return "\n".join(
        [
            f"{title}: data files, edition {edition.version} ({edition.date.human})",
            "",
            f"Cite as: {EDITORS}, {title}, edition {edition.version}, {edition.date.iso}, data files.{where}",
            "",
            f"Licence: {LICENCE}. The essays' rights are in RIGHTS.txt; the licence's notice is LICENCE.txt.",
            "The changes of each edition are on the site's page Corrections and changes (/changes/).",
            "",
        ]
    )


def licence_text() -> str:
    return (
        "The annotations and the data files in this archive are licensed under the Creative Commons\n"
        "Attribution 4.0 International licence (CC BY 4.0): https://creativecommons.org/licenses/by/4.0/\n"
        "You may copy, adapt and publish them, also commercially, if you name this edition as their source.\n"
        "The essays' texts are not covered: their rights are in RIGHTS.txt.\n"
    )


def release_zip(corpus: Corpus, data_files: Mapping[str, str | bytes], title: str, site_url: str = "") -> bytes:
    """The data files (`data_files`: path from the site root -> content) with a README and the
    licence, in one zip whose bytes depend on them alone: sorted entries, each dated the
    release's day, the same permissions."""
    edition = corpus.edition
    if edition is None:
        return b""
    folder = urls.data_release(edition.version).rsplit("/", 1)[1][: -len(".zip")]
    members = {f"{folder}/{path.rsplit('/', 1)[1]}": content for path, content in data_files.items()}
    members[f"{folder}/README.txt"] = readme(corpus, title, site_url)
    members[f"{folder}/LICENCE.txt"] = licence_text()
    day = edition.date
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=(day.year, day.month or 1, day.day or 1, 0, 0, 0))
            info.compress_type, info.create_system, info.external_attr = zipfile.ZIP_DEFLATED, 3, 0o644 << 16
            content = members[name]
            archive.writestr(info, content.encode("utf-8") if isinstance(content, str) else content, compresslevel=9)
    return buffer.getvalue()


def page_titles() -> dict[str, str]:
    """The fixed pages' titles, by id: a change on a page is shown by its title."""
    return {page.id: page.title for page in PAGES}


def edition_files(
    corpus: Corpus, files: Mapping[str, str | bytes], title: str, site_url: str = ""
) -> dict[str, str | bytes]:
    """The feed and the release zip of the data files among `files` (none without changes.yaml)."""
    edition = corpus.edition
    if edition is None:
        return {}
    data = {
        p: c
        for p, c in files.items()
        if p.startswith("data/") and p.count("/") == 1 and not p.endswith((".zip", ".md"))
    }
    return {
        urls.CHANGES_FEED: feed(corpus, page_titles(), title, site_url),
        urls.data_release(edition.version): release_zip(corpus, data, title, site_url),
    }


def footer(corpus: Corpus) -> dict[str, str]:
    """What templates/overrides/partials/copyright.html shows: the addresses of the rights and
    changes pages (from the site's root) and the edition's version and date (empty without one)."""
    edition = corpus.edition
    return {
        "rights_path": urls.public_url(urls.page("rights")).lstrip("/"),
        "changes_path": urls.public_url(urls.page("changes")).lstrip("/"),
        "edition_version": edition.version if edition else "",
        "edition_date": edition.date.human if edition else "",
    }
