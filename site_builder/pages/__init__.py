"""Pages: the one owner of addresses (urls.py), the plain view of every page (views.py,
analysis.py, timeline.py, paging.py), the Jinja environment that renders the templates
to Markdown (render.py), and the Python-Markdown extension that links the prose (mdext.py).
Imports sources/ and linking/."""
