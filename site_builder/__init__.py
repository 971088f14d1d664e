"""Build an analytical reading edition from an annotated corpus.

The folders are the stages, in the order a build runs them:

    sources/   read and validate the corpus and the annotations into a typed model
    citing/    one citation model per essay, and its writers (BibTeX, CSL-JSON, meta tags, JSON-LD)
    linking/   events, names and terms per paragraph; the cross-reference panels
    suggest/   proposals for the editors (site-builder suggest): themes, names, events and
               relations for a paragraph, from the editors' own annotations (not part of a build)
    pages/     every address (urls.py), the views, the templates rendered to Markdown
    outputs/   data downloads, search records, the chunked index, the offline copy
    finishing/ what every built page goes through: sanitizer, policy, remote-load check
    engines/   the thin adapters to MkDocs + Material and to Zensical

build.py runs the stages and an engine; cli.py is the command line; problems.py is the
one way every stage reports `path:line: what to fix`. A folder imports only from the
folders above it in this list (and from problems.py); nothing but engines/ imports MkDocs.
"""
