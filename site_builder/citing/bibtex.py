"""BibTeX: an entry per citation, of the type its kind calls for, with the fields the classic
styles require (pybtex's `plain` formats every entry in strict mode) and the biblatex ones
beside them (`date` at its precision, `urldate`, `origdate`, `series`, `langid`), which
BibTeX styles ignore.

- ARTICLE -> @article with `journal` (required by every style);
- REPORT  -> @techreport with `institution`;
- WEBPAGE, and any kind without what its type requires -> @misc with `howpublished` (the
  series where the source names one, else "Web page").
"""

from __future__ import annotations

from .model import ARTICLE, REPORT, Citation

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
LANGIDS = {"en": "english", "ru": "russian", "fr": "french", "ja": "japanese"}  # biblatex's names


def _text(value: str) -> str:
    """A field's text on one line (the entry is shown in a code block, which a line break could
    close), its braces made parentheses and backslashes dropped, so that no field can end the entry."""
    return " ".join(value.replace("\\", "").replace("{", "(").replace("}", ")").split())


def entry_type(c: Citation) -> str:
    if c.kind == ARTICLE and c.container and c.authors:
        return "article"
    if c.kind == REPORT and c.container:
        return "techreport"
    return "misc"


def _where(c: Citation, kind: str) -> list[tuple[str, str]]:
    if kind == "article":
        return [("journal", c.container)]
    if kind == "techreport":
        return [("institution", c.container)]
    return [("howpublished", f"{c.series} (series)" if c.series else "Web page")]


def _fields(c: Citation) -> list[tuple[str, str]]:
    kind = entry_type(c)
    fields = [("author", " and ".join(n.inverted for n in c.authors))] if c.authors else []
    fields += [("title", c.title), *_where(c, kind), ("year", str(c.issued.year))]
    fields += [("date", c.issued.iso)]
    if c.series:
        fields.append(("series", c.series))
    if c.original and c.original.date:
        fields.append(("origdate", c.original.date.iso))
    fields.append(("langid", LANGIDS.get(c.language, c.language)))
    if c.notes:
        note = "; ".join(c.notes)
        fields.append(("note", note[:1].upper() + note[1:]))
    if c.url:
        fields.append(("url", c.url))
    if c.url and c.accessed:
        fields.append(("urldate", c.accessed.iso))
    return fields


def entry(c: Citation) -> str:
    """The entry of `c`, a field a line; the month as BibTeX's month macro (styles print "November")."""
    lines = []
    for name, value in _fields(c):
        # the title in double braces: BibTeX styles lower-case a title's words, and these keep their capitals
        text = "{" + _text(value) + "}" if name == "title" else _text(value)
        lines.append(f"  {name} = {{{text}}}")
        if name == "year" and c.issued.month:
            lines.append(f"  month = {MONTHS[c.issued.month - 1]}")
    key = c.key + (f"-p{c.paragraph}" if c.paragraph else "")
    return f"@{entry_type(c)}{{{key},\n" + ",\n".join(lines) + "\n}"
