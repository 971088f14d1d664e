"""schema.org JSON-LD: the essay as a ScholarlyArticle, for the head of its page
(<script type="application/ld+json">: a data block, which browsers never run, so the page's
Content-Security-Policy, which hashes the executable inline scripts alone, neither needs nor
allows anything for it).

Authors are Person with familyName and givenName; the date is `datePublished` at its precision
(ISO 8601: 2012-11-30, 2014-04, 2018); a journal article `isPartOf` its Periodical, a report has
its institution as `publisher`, a series is a CreativeWorkSeries the text `isPartOf`; `url` and
`@id` where site_url is set.
"""

from __future__ import annotations

import json

from .model import ARTICLE, REPORT, Citation, Name


def _person(n: Name) -> dict:
    if n.literal:
        return {"@type": "Organization", "name": n.literal}
    return {"@type": "Person", "name": n.natural, "familyName": n.family, "givenName": n.given}


def document(c: Citation) -> dict:
    found: dict = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": c.title,
        "name": c.title,
        "datePublished": c.issued.iso,
        "inLanguage": c.language,
    }
    if c.authors:
        found["author"] = [_person(n) for n in c.authors]
    parts = []
    if c.container and c.kind == ARTICLE:
        parts.append({"@type": "Periodical", "name": c.container})
    if c.series:
        parts.append({"@type": "CreativeWorkSeries", "name": c.series})
    if parts:
        found["isPartOf"] = parts[0] if len(parts) == 1 else parts
    if c.container and c.kind == REPORT:
        found["publisher"] = {"@type": "Organization", "name": c.container}
    if c.url:
        found["@id"] = found["url"] = c.url
    return found


def script_text(c: Citation) -> str:
    """The JSON for the <script> element: "<", ">" and "&" written as JSON escapes, so that no
    text of the sources can close the element or be read as markup."""
    text = json.dumps(document(c), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
