"""Citing: one citation model (model.py) built from an essay, and the writers that turn it into
what each client reads: BibTeX (bibtex.py: pybtex, BibTeX, biblatex), CSL-JSON (csl.py: Zotero,
Pandoc, citeproc), Highwire `citation_*` meta tags (highwire.py: Zotero's Embedded Metadata,
Google Scholar), schema.org JSON-LD (jsonld.py: search engines, linked-data readers) and the
plain reference a reader copies (plain.py). Every writer reads the same `Citation`, so the page,
the downloads and the head of the page agree. Imports sources/ and the shared urls.py; pages/
and outputs/ import it. See docs/citing.md."""
