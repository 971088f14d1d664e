"""Sources: the files of corpus/ and annotations/ read (UTF-8, limits, YAML with line numbers,
front matter, the one text model of a paragraph), checked (schema, ids, dates, the markup
policy, every quote resolved once) and returned as the typed, frozen model (model.py).
Imports nothing from the other stages but urls.py, for the fragment of a paragraph
named in a message."""
