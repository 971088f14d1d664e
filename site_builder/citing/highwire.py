"""Highwire Press `citation_*` meta tags, for the head of an essay's page: what Zotero's
Embedded Metadata translator and Google Scholar read.

- citation_title;
- citation_author, one per author, "Family, Given" (Zotero splits a name at its comma, and
  Google Scholar takes either order); an essay whose author is not named has none;
- citation_publication_date at its precision: YYYY/MM/DD, YYYY/MM or YYYY;
- citation_journal_title for a journal article (Zotero then saves a journal article),
  citation_technical_report_institution for a report (a report), neither for a web page;
- citation_language;
- citation_public_url and citation_abstract_html_url: the page's address, where site_url is
  set (Zotero takes the first for the item's URL, Google Scholar the second);
- citation_pdf_url: only where a PDF exists, and this edition has none, so never;
- DC.type "webpage" for a web page: Zotero's Embedded Metadata translator takes a page with
  citation_title and no journal or institution for a journal article (its fallback guess), and a
  Dublin Core type that names one of its item types comes before that guess (zotero/translators,
  "Embedded Metadata.js" and "RDF.js", detectType), so the four texts without a venue are saved
  as web pages.
"""

from __future__ import annotations

from .model import ARTICLE, REPORT, WEBPAGE, Citation


def publication_date(c: Citation) -> str:
    return c.issued.iso.replace("-", "/")


def tags(c: Citation) -> tuple[tuple[str, str], ...]:
    """(name, content) of each tag, in a fixed order."""
    found = [("citation_title", c.title)]
    found += [("citation_author", n.inverted) for n in c.authors]
    found.append(("citation_publication_date", publication_date(c)))
    if c.container and c.kind == ARTICLE:
        found.append(("citation_journal_title", c.container))
    if c.container and c.kind == REPORT:
        found.append(("citation_technical_report_institution", c.container))
    found.append(("citation_language", c.language))
    if c.kind == WEBPAGE:
        found.append(("DC.type", "webpage"))
    if c.url:
        found += [("citation_public_url", c.url), ("citation_abstract_html_url", c.url)]
    return tuple(found)
