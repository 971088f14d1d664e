"""Suggest: proposals for the editors (`site-builder suggest <essay>`), for each paragraph
without a passage: the themes a classifier trained on the editors' own tags would give it,
the events, entities and glossary terms it names (the alias index of linking/), and the
passages of other essays that share a reason with it (linking/crossrefs.py's candidates).
The draft goes to annotations/proposals/<essay-id>.yaml, which `make check` refuses until an
editor has moved what they accept into the annotations. `--evaluate` measures the proposals
leaving one essay out at a time.

Imports sources/ and linking/; scikit-learn (the optional extra `suggest`) is imported here
only, inside the functions that train."""
