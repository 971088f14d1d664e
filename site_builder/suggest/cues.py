"""What the editors' own records say a paragraph is about, as words the theme classifier reads
beside the paragraph's: each theme whose names (themes.yaml's aliases) the paragraph uses, each
theme of a glossary term it uses (glossary.yaml's `themes`), and each theme of an event it
mentions (events.yaml's `themes`) gives the paragraph a cue word, `cue<theme>` (dashes out).
The events of an annotated paragraph are its editors' mentions; those of a paragraph proposed
for are the ones proposed (names.py), as an editor's new essay would have them.
"""

from __future__ import annotations

import re

from ..linking.link import alias_pattern, inside_excluded
from ..sources.model import Corpus

PREFIX = "cue"


def cue_word(theme: str) -> str:
    return PREFIX + re.sub(r"[^a-z0-9]", "", theme.lower())


def theme_cues(known: Corpus, text: str, events: tuple[str, ...], terms: tuple[str, ...]) -> str:
    """The cue words of a paragraph reading `text`, naming `events` and `terms` (ids), sorted."""
    themes: set[str] = set()
    for theme in known.themes:
        pattern = alias_pattern(list(theme.aliases))
        if pattern is not None and any(
            not inside_excluded(text, m.start(), m.end(), theme.not_when) for m in pattern.finditer(text)
        ):
            themes.add(theme.id)
    for term in known.terms:
        if term.id in terms:
            themes.update(term.themes)
    for event in known.events:
        if event.id in events:
            themes.update(event.themes)
    return " ".join(sorted(cue_word(t) for t in themes))
