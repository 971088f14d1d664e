"""The citation of an essay, or of one of its paragraphs: what the source says of it, and no
more, in one frozen value (`Citation`) that every writer of this package reads.

`citation(essay, site_url)` builds it. Its parts, and where each comes from:

- the title, and whether the editors supplied it (`title_is_editorial` in the front matter);
- the authors, each split into family and given names: the sources print personal names given
  names first ("Dmitry V. Streltsov", "Céline Pajon"), so the last word is the family name, as
  the site's labels already take it ("Streltsov 2018"). A one-word name is kept whole
  (`literal`), as an institution would be. An essay whose author the source does not name has
  no author at all, and a note saying so: nobody is invented;
- the date at its precision (day, month or year), and whether the editors inferred it;
- the kind of publication and the container, from the venue the source names (`kind_of`);
- the series the source names (`series`: "Topics of the Month" for update-2014);
- the original edition, where the source cites one (`original_edition`), with its parts read
  from the form the source prints it in (`original_of`);
- the address: absolute, from `site_url`, and none without it (a wrong address is worse);
- the accessed date: the date of the edition's current release (annotations/changes.yaml,
  `edition_date`), the day the text was as cited; never the clock, so that the same sources
  give the same files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import urls
from ..sources.model import Corpus, Essay, PartialDate

# The CSL item types a citation takes (https://docs.citationstyles.org/en/stable/specification.html#appendix-iii-types).
# Each writer maps them to its own: BibTeX @article / @techreport / @misc, Highwire's journal or
# report tag or neither, schema.org's isPartOf or publisher.
ARTICLE, WEBPAGE, REPORT = "article-journal", "webpage", "report"


@dataclass(frozen=True)
class Name:
    """A person's name split as reference managers sort it, or a name kept whole (`literal`)."""

    family: str = ""
    given: str = ""
    literal: str = ""  # an institution, or a name the source gives in one word

    @property
    def natural(self) -> str:
        """As printed: "Dmitry V. Streltsov"."""
        return self.literal or f"{self.given} {self.family}".strip()

    @property
    def inverted(self) -> str:
        """Family name first, as bibliographies sort and as Zotero reads citation_author:
        "Streltsov, Dmitry V."."""
        return self.literal or (f"{self.family}, {self.given}" if self.given else self.family)


@dataclass(frozen=True)
class Original:
    """The edition a text first appeared in, as the source cites it (`as_printed`), and the parts
    read from that citation; a part that could not be read stays empty."""

    as_printed: str
    container: str = ""  # the journal
    date: PartialDate | None = None
    issue: str = ""
    pages: str = ""


@dataclass(frozen=True)
class Citation:
    key: str  # the essay's id: the BibTeX key and the CSL id
    kind: str  # ARTICLE, WEBPAGE or REPORT
    title: str
    title_supplied: bool  # the source gives no title; the editors made this one
    authors: tuple[Name, ...]  # () where the source names no author
    issued: PartialDate
    issued_inferred: bool
    container: str  # the journal (or, for a report, the institution) the source names; "" if none
    series: str  # the series the source names; "" if none
    original: Original | None
    language: str  # BCP 47, as the front matter gives it ("en")
    url: str  # absolute, from site_url; "" without one
    accessed: PartialDate | None  # the edition's date, from its data; None where it has none
    paragraph: int = 0  # a paragraph's citation: its number (¶N); 0 for the whole essay
    notes: tuple[str, ...] = ()  # what the source does not say, in words a reader can check


def person(name: str) -> Name:
    """ "Dmitry V. Streltsov" -> family "Streltsov", given "Dmitry V."; one word stays whole."""
    given, _, family = " ".join(name.split()).rpartition(" ")
    return Name(family=family, given=given) if given else Name(literal=family)


def kind_of(essay: Essay) -> str:
    """What kind of publication the essay is, from what its source says.

    A named venue is the journal the text was written for: the one venue this corpus names is
    New Eastern Outlook, an online journal ("This article was written expressly for New Eastern
    Outlook", streltsov-2012): ARTICLE, in that journal. Where the source names no venue, the
    text is cited as the web page this edition gives it: WEBPAGE, without a container. That is
    so for update-2014 (a number of the series "Topics of the Month", whose publication is not
    named: the series is kept), shvydko-2017, streltsov-2018 (an English version with no venue;
    the Russian edition it cites is its `original`), and pajon-2017, which is not a report:
    its last line announces a report to come "on Ifri's website", so neither the report nor
    Ifri as its publisher can be claimed for this text. REPORT is for a source that names the
    institution issuing it; none of the five does."""
    return ARTICLE if essay.venue != "unknown" else WEBPAGE


# An original edition as a Russian journal reference prints it (GOST 7.0.5, transliterated):
# "Kontrapunkt. 2017, № 3. Pp. 70–85."
_JOURNAL_REFERENCE = re.compile(
    r"(?P<container>[^.]+)\.\s+(?P<year>\d{4}),\s*(?:№|No\.?)\s*(?P<issue>[0-9A-Za-z–-]+)\."
    r"(?:\s+Pp?\.\s*(?P<pages>\d+(?:[–-]\d+)?)\.*)?\s*"
)


def original_of(text: str) -> Original | None:
    """The original edition the source cites (`original_edition` in the front matter), with the
    journal, year, issue and pages where it is printed in the journal-reference form; otherwise
    only as printed."""
    text = " ".join(text.split())
    if not text:
        return None
    found = _JOURNAL_REFERENCE.fullmatch(text)
    if found is None:
        return Original(text)
    return Original(text, found["container"], PartialDate(int(found["year"])), found["issue"], found["pages"] or "")


def _notes(essay: Essay, original: Original | None) -> tuple[str, ...]:
    said = (
        ("title supplied by the editors", bool(essay.extra.get("title_is_editorial"))),
        ("author not named in the source", not essay.authors),
        ("date inferred by the editors", essay.date_inferred),
        ("venue not stated in the source", essay.venue == "unknown"),
    )
    notes = [note for note, on in said if on]
    if original:
        notes.append(f"original edition: {original.as_printed.rstrip('.')}")
    return tuple(notes)


def citation(essay: Essay, site_url: str = "", accessed: PartialDate | None = None, paragraph: int = 0) -> Citation:
    """The citation of `essay` (of its ¶`paragraph` where given), addressed under `site_url`."""
    ref = urls.passage(essay.id, paragraph) if paragraph else urls.essay(essay.id)
    original = original_of(str(essay.extra.get("original_edition") or ""))
    kind = kind_of(essay)
    return Citation(
        key=essay.id,
        kind=kind,
        title=" ".join(essay.title.split()),
        title_supplied=bool(essay.extra.get("title_is_editorial")),
        authors=tuple(person(a.name) for a in essay.authors),
        issued=essay.date,
        issued_inferred=essay.date_inferred,
        container=essay.venue if kind != WEBPAGE else "",
        series=str(essay.extra.get("series") or ""),
        original=original,
        language=essay.language,
        url=urls.public_url(ref, site_url) if site_url else "",
        accessed=accessed,
        paragraph=paragraph,
        notes=_notes(essay, original),
    )


def edition_date(corpus: Corpus) -> PartialDate | None:
    """The date of the edition's current release, where the editors keep a changes file."""
    return corpus.edition.date if corpus.edition else None


def citations(corpus: Corpus, site_url: str = "") -> tuple[Citation, ...]:
    """Every essay's citation, in the corpus's order (the downloads: citations.bib, citations.json)."""
    accessed = edition_date(corpus)
    return tuple(citation(essay, site_url, accessed) for essay in corpus.essays)
