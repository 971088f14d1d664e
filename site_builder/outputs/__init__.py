"""Outputs: the data downloads (export.py), the search records of the paragraphs and the
chunked index of a large site (search.py, chunked_search.py), the offline copy (offline.py)
and the writer that touches only changed files (output.py). Imports sources/, linking/,
pages/ and finishing/."""
