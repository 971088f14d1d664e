"""What an engine hands over with the folder it built."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..outputs import search
from ..outputs.chunked_search import CHUNKED_ABOVE


@dataclass(frozen=True)
class Rendered:
    """What an engine hands over with the folder it built, for the finishing pass."""

    theme: tuple[re.Pattern, ...]  # the theme's own inline scripts (the policy hashes them)
    index: search.SearchIndex  # where its search index is, and the form of its records
    inline_styles: bool  # whether its pages write <style> elements of their own
    pages: tuple[str, ...] = ()  # the generated pages (MkDocs: the offline copy derives from them)
    chunked_above: int = CHUNKED_ABOVE  # the search index size past which the hosted site chunks it
    address: str = ""  # the site_url its pages were rendered with ("" without one)
