"""Build an analytical reading site from an annotated corpus.

Stages, each in its own module: load (read files) -> validate (schema, ids, anchors)
-> link (cross-references: link.py, crossrefs.py) -> render (Markdown pages from templates,
every address from urls.py) -> export (data files); pipeline.py runs them and MkDocs.
The core never imports MkDocs; `mkdocs_plugin` is the thin MkDocs wiring.
"""
