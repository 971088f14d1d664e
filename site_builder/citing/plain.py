"""The reference a reader copies ("Cite this essay", "Cite this paragraph"), in the manner of
Chicago's bibliography: the first author's family name first; the title in quotation marks
(with what the editors supplied said so); the journal, or the series, or that the source names
no venue; the date at its precision, said to be inferred where it is; the original edition as
the source prints it; the paragraph (¶N); the address where site_url is set.

    Streltsov, Dmitry. “Japan: Where Is the Dialogue with Russia Headed?” New Eastern
    Outlook, 30 November 2012. https://example.org/rj/essays/streltsov-2012/

A paragraph's reference is the essay's, then "¶N." and the paragraph's address: the form
features/cross-references.js gives the permalink's box from the page's data-cite and data-url.
"""

from __future__ import annotations

import re

from .model import Citation

# a straight double quote that opens: at the start, or after a space, an opening bracket or a dash
_OPENING_STRAIGHT = re.compile(r'(?:^|(?<=[\s(\[{—–-]))"')


def quoted(text: str) -> str:
    """`text` in double quotes, its own double quotes made single, as pages/words.quoted does for
    the pages (citing/ comes before pages/ in the build's stages, so it cannot import it)."""
    inner = _OPENING_STRAIGHT.sub("‘", text).replace('"', "’").replace("“", "‘").replace("”", "’")
    return f"“{inner}”"


def authors(c: Citation) -> str:
    if not c.authors:
        return "[Author not named]"
    names = [c.authors[0].inverted, *(n.natural for n in c.authors[1:])]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", and " + names[-1]


def _title(c: Citation) -> str:
    if c.title_supplied:
        return f"{quoted(c.title)} [title supplied by the editors]."
    return quoted(c.title if c.title[-1:] in "?!." else c.title + ".")


def _where(c: Citation) -> str:
    if c.container:
        return c.container
    if c.series:
        return f"{c.series} (series)"
    return "[venue not stated]"


def essay_part(c: Citation) -> str:
    """The reference without the paragraph and the address (the page's data-cite)."""
    name = authors(c)
    date = c.issued.human + (" (date inferred)" if c.issued_inferred else "")
    text = f"{name}{'' if name.endswith('.') else '.'} {_title(c)} {_where(c)}, {date}."
    if c.original:
        text += f" Original edition: {c.original.as_printed.rstrip('.')}."
    return text


def reference(c: Citation) -> str:
    parts = [essay_part(c)]
    if c.paragraph:
        parts.append(f"¶{c.paragraph}.")
    if c.url:
        parts.append(c.url)
    return " ".join(parts)
