"""Engines: the adapters that hand the generated pages to a renderer and take the built
folder back: MkDocs + Material (mkdocs_engine.py, a plugin) and Zensical
(zensical_engine.py). The only code that imports MkDocs or runs Zensical."""
