"""Suggest: proposals for the editors (`site-builder suggest <essay>`), for each paragraph
without a passage: the themes a classifier trained on the editors' own tags would give it,
the events, entities and glossary terms it names (the alias index of linking/, and the words
of the events' titles and quotes), and the passages of other essays a model of the editors'
relations ranks first, each with a reason a reader can check (linking/crossrefs.py's, or the
words both share).
The draft goes to annotations/proposals/<essay-id>.yaml, which `make check` refuses until an
editor has moved what they accept into the annotations. `--evaluate` measures the proposals
leaving one essay out at a time.

Imports sources/ and linking/; scikit-learn (the optional extra `suggest`, with numpy and
scipy, which it brings) is imported here only, inside the functions that train."""
