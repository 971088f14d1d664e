"""Build an analytical reading site from an annotated corpus.

Stages, each in its own module: load (read files) -> validate (schema, ids, anchors)
-> link (cross-references) -> render (Markdown pages from templates) -> export (data files).
The core never imports MkDocs; `mkdocs_hooks` is the thin MkDocs wiring.
"""
