"""Export stage: the data downloads (JSON, JSON-LD Web Annotations, CSV, BibTeX, TimelineJS)."""

from __future__ import annotations

import csv
import html
import io
import json
import uuid
from typing import Any

from .. import urls
from ..citing import bibtex, csl
from ..citing.model import citations
from ..linking.link import Links
from ..pages.views import ANNOTATIONS_LICENCE, essays_phrase, rights_text
from ..sources.model import Anchor, Corpus, Essay, Event, PartialDate, Passage, Relation

ANNOTATIONS_FILE = "data/annotations.jsonld"


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _date(date: PartialDate | None) -> dict | None:
    return None if date is None else {"value": date.iso, "precision": date.precision}


def _essay(essay: Essay, site_url: str) -> dict:
    return {
        "id": essay.id,
        "title": essay.title,
        "authors": [
            {
                "name": a.name,
                "affiliation": a.affiliation,
                "name_as_printed": a.name_as_printed or None,
                "note": a.note or None,
            }
            for a in essay.authors
        ]
        or "unknown",
        "authors_note": essay.authors_note or None,
        "date": _date(essay.date),
        "date_inferred": essay.date_inferred,
        "date_note": essay.date_note or None,
        "venue": essay.venue,
        "venue_note": essay.venue_note or None,
        "language": essay.language,
        "abstract": essay.abstract or None,
        "summary": essay.summary or None,
        "summary_is_editorial": essay.summary_is_editorial,
        "keywords": list(essay.keywords),
        "source_file": essay.source_file,
        "paragraphs": len(essay.paragraphs),
        "url": urls.public_url(urls.essay(essay.id), site_url),
        **{k: v for k, v in sorted(essay.extra.items()) if v},
    }


# Who wrote the annotations and relations: the editors, as LICENSE names them (no person is named).
EDITORS = "The editors of the Russia–Japan reading edition"
ANNOTATION_LANGUAGE = "en"  # the language the editors write their notes, claims and reasons in
QUOTE_CONTEXT = 32  # characters of prefix and suffix around a quote, as Hypothesis records them


def iri(ref: urls.Ref, site_url: str) -> str:
    """The IRI of `ref` in the Web Annotations: its published address under `site_url`; without one
    (no address is known), a URN that names it: `urn:uuid:` and the UUID version 5 of its path on
    the site in the URL namespace (RFC 9562), the same for the same path in every build."""
    if site_url:
        return urls.public_url(ref, site_url)
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, urls.public_url(ref))}"


def quote_selector(corpus: Corpus, anchor: Anchor) -> dict:
    """The TextQuoteSelector of an anchor: its exact text, with the 32 characters before and after
    it in the paragraph's text (the editors' own prefix or suffix where longer); empty where the
    quote starts or ends the paragraph."""
    text = next(b.text for b in corpus.essay(anchor.essay_id).paragraphs if b.number == anchor.paragraph)
    end = anchor.start + len(anchor.quote.exact)
    before = max(QUOTE_CONTEXT, len(anchor.quote.prefix))
    after = max(QUOTE_CONTEXT, len(anchor.quote.suffix))
    return {
        "type": "TextQuoteSelector",
        "exact": anchor.quote.exact,
        "prefix": text[max(0, anchor.start - before) : anchor.start],
        "suffix": text[end : end + after],
    }


def _selectors(corpus: Corpus, p: Passage) -> list[dict]:
    return [
        quote_selector(corpus, p.anchor),
        {
            "type": "FragmentSelector",
            "value": urls.fragment(urls.passage(p.essay_id, p.paragraph)),
            "conformsTo": "http://tools.ietf.org/rfc/rfc3986",
        },
    ]


def _text(value: str, purpose: str) -> dict:
    """A body the editors wrote: plain text in their language."""
    return {
        "type": "TextualBody",
        "purpose": purpose,
        "value": value,
        "format": "text/plain",
        "language": ANNOTATION_LANGUAGE,
    }


def editors(site_url: str) -> dict:
    """The creator of every annotation: the edition's editors, with the site as their homepage."""
    agent = {"type": "Organization", "name": EDITORS}
    if site_url:
        agent["homepage"] = urls.public_url(urls.page("home"), site_url)
    return agent


def _timestamp(date: PartialDate) -> str:
    """A day of the changes file as xsd:dateTime in UTC (the model's form): midnight of that day."""
    return f"{date.iso}T00:00:00Z"


def lifecycle(corpus: Corpus, place: tuple[str, str, str]) -> dict:
    """`created` and `modified` of an annotation from the editors' changes file: created on the day
    of the edition's first release, or of the change that added it where one did; modified on the
    day of the last change that names it (its creation where none does). Nothing without the file:
    the dates come from the sources' history, never from the clock."""
    if corpus.edition is None or not corpus.edition.releases:
        return {}
    first = min((r.date for r in corpus.edition.releases), key=lambda d: d.iso)
    changes = [
        c
        for r in corpus.edition.releases
        for c in r.changes
        if (c.place.kind, c.place.id, c.place.to) == place and c.date.precision == "day"
    ]
    added = [c.date for c in changes if c.kind == "addition"]
    created = min(added, key=lambda d: d.iso) if added else first
    modified = max((c.date for c in changes), key=lambda d: d.iso, default=created)
    return {"created": _timestamp(created), "modified": _timestamp(max(created, modified, key=lambda d: d.iso))}


def edition_dates(corpus: Corpus) -> dict:
    """`created` and `modified` of the collection: the days of the edition's first and current
    releases (annotations/changes.yaml); nothing without the file."""
    if corpus.edition is None or not corpus.edition.releases:
        return {}
    first = min((r.date for r in corpus.edition.releases), key=lambda d: d.iso)
    return {"created": _timestamp(first), "modified": _timestamp(corpus.edition.date)}


def _provenance(corpus: Corpus, site_url: str, place: tuple[str, str, str]) -> dict:
    return {"creator": editors(site_url), **lifecycle(corpus, place), "rights": ANNOTATIONS_LICENCE[1]}


def _relation_annotation(corpus: Corpus, relation: Relation, site_url: str) -> dict:
    """An asserted relation as a Web Annotation with motivation `linking`: the annotation's
    target is the passage that states it, its body the related passage and the reason. Its id
    names the line of the source passage's panel that shows the relation."""
    source, target = corpus.passage(relation.source), corpus.passage(relation.target)
    return {
        "id": iri(urls.relation(source.essay_id, source.id, target.id), site_url),
        "type": "Annotation",
        "motivation": "linking",
        **_provenance(corpus, site_url, ("relation", source.id, target.id)),
        "body": [
            {
                "type": "SpecificResource",
                "source": iri(urls.essay(target.essay_id), site_url),
                "selector": _selectors(corpus, target),
            },
            {"type": "TextualBody", "purpose": "tagging", "value": relation.kind, "format": "text/plain"},
            _text(relation.why, "commenting"),
        ],
        "target": {
            "type": "SpecificResource",
            "source": iri(urls.essay(source.essay_id), site_url),
            "selector": _selectors(corpus, source),
        },
    }


def _passage_annotation(corpus: Corpus, p: Passage, site_url: str) -> dict:
    """A passage's annotation (motivation `classifying`): its themes, note and claim. Its id names
    the note in the paragraph's panel. A theme is a tag (its id, for clients that show tags) and
    the theme's page (the resource that identifies it: a body with an id may carry no purpose)."""
    body: list[dict] = []
    for t in p.themes:
        body.append({"type": "TextualBody", "purpose": "tagging", "value": t, "format": "text/plain"})
        body.append({"type": "SpecificResource", "purpose": "classifying", "source": iri(urls.theme(t), site_url)})
    body.append(_text(p.note, "commenting"))
    if p.claim:
        body.append(_text(p.claim, "describing"))
    return {
        "id": iri(urls.annotation(p.essay_id, p.id), site_url),
        "type": "Annotation",
        "motivation": "classifying",
        **_provenance(corpus, site_url, ("passage", p.id, "")),
        "body": body,
        "target": {
            "type": "SpecificResource",
            "source": iri(urls.essay(p.essay_id), site_url),
            "selector": _selectors(corpus, p),
        },
    }


def web_annotations(corpus: Corpus, site_url: str) -> dict:
    """Every passage annotation, then every editors' relation, as one AnnotationCollection with
    its one page (W3C Web Annotation Data Model, JSON-LD)."""
    items = [_passage_annotation(corpus, p, site_url) for p in corpus.passages]
    items.extend(_relation_annotation(corpus, r, site_url) for r in corpus.relations)
    collection = iri(urls.file(ANNOTATIONS_FILE), site_url)
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": collection,
        "type": "AnnotationCollection",
        "label": f"The editors’ annotations and relations on {essays_phrase(corpus)}",
        "creator": editors(site_url),
        **edition_dates(corpus),
        "rights": ANNOTATIONS_LICENCE[1],
        "total": len(items),
        "first": {
            "id": f"{collection}#page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def events_json(corpus: Corpus) -> list[dict]:
    return [
        {
            "id": e.id,
            "date": _date(e.date),
            "end": _date(e.end),
            "date_note": e.date_note or None,
            "title": e.title,
            "description": e.description,
            "themes": list(e.themes),
            "entities": list(e.entities),
            "mentions": [
                {
                    "essay": m.anchor.essay_id,
                    "paragraph": m.anchor.paragraph,
                    "quote": m.anchor.quote.exact,
                    "url": urls.public_url(urls.passage(m.anchor.essay_id, m.anchor.paragraph)).lstrip("/"),
                    "date_in_essay": _date(m.date),
                    "date_note": m.date_note or None,
                }
                for m in e.mentions
            ],
        }
        for e in corpus.events
    ]


# Every CSV file as Excel opens it by a double click and as RFC 4180 writes it: UTF-8 with a
# byte-order mark (without one, Excel reads the file in the system's code page and garbles "–" and
# curly quotes), lines ended by CRLF. Python reads it with encoding="utf-8-sig".
CSV_BOM, CSV_LINE_END = "\ufeff", "\r\n"


def _csv_writer() -> tuple[io.StringIO, Any]:
    out = io.StringIO()
    out.write(CSV_BOM)
    return out, csv.writer(out, lineterminator=CSV_LINE_END)


def events_csv(corpus: Corpus) -> str:
    out, writer = _csv_writer()
    writer.writerow(
        ["id", "date", "precision", "end", "title", "description", "themes", "entities", "mentioned_in", "date_note"]
    )
    for e in corpus.events:
        writer.writerow(
            [
                e.id,
                e.date.iso,
                e.date.precision,
                e.end.iso if e.end else "",
                e.title,
                e.description,
                " ".join(e.themes),
                " ".join(e.entities),
                " ".join(urls.locator(urls.passage(m.anchor.essay_id, m.anchor.paragraph)) for m in e.mentions),
                e.date_note,
            ]
        )
    return out.getvalue()


def _locator(p: Passage) -> str:
    return urls.locator(urls.passage(p.essay_id, p.paragraph))


def relations_csv(corpus: Corpus) -> str:
    out, writer = _csv_writer()
    writer.writerow(["from", "from_paragraph", "to", "to_paragraph", "kind", "why"])
    for r in corpus.relations:
        a, b = corpus.passage(r.source), corpus.passage(r.target)
        writer.writerow([a.id, _locator(a), b.id, _locator(b), r.kind, r.why])
    return out.getvalue()


def crossrefs_csv(corpus: Corpus, links: Links) -> str:
    """Every cross-reference shown on the site, asserted or computed, with its reason."""
    out, writer = _csv_writer()
    writer.writerow(["at", "at_paragraph", "shows", "shows_paragraph", "basis", "reason"])
    for p in corpus.passages:
        for ref in links.related.get(p.id, ()):
            o = ref.passage
            writer.writerow([p.id, _locator(p), o.id, _locator(o), ref.basis, ref.reason])
    return out.getvalue()


OTHER_EVENTS = "Other events"  # the TimelineJS group of the events the editors gave no theme


def _timeline_date(d: PartialDate) -> dict:
    out = {"year": str(d.year)}
    if d.month:
        out["month"] = str(d.month)
    if d.day:
        out["day"] = str(d.day)
    return out


def _timeline_text(corpus: Corpus, event: Event, site_url: str) -> str:
    """An event's description, then a link to each passage that mentions it ("Mentioned in
    Pajon 2017, ¶4, ..."): HTML, as TimelineJS shows it, every text escaped."""
    text = f"<p>{html.escape(event.description, quote=False)}</p>"
    links = [
        f'<a href="{html.escape(urls.public_url(urls.passage(m.anchor.essay_id, m.anchor.paragraph), site_url))}">'
        f"{html.escape(corpus.essay(m.anchor.essay_id).label, quote=False)}, ¶{m.anchor.paragraph}</a>"
        for m in event.mentions
    ]
    return text + (f"<p>Mentioned in {', '.join(links)}.</p>" if links else "")


def timelinejs(corpus: Corpus, site_url: str = "") -> dict:
    """The events in TimelineJS 3's JSON: a row (group) per theme, named by the theme's label, the
    events without a theme in a row of their own ("Other events"); each event's text links to the
    passages that mention it (absolute under site_url, from the site's root without one)."""
    labels = {t.id: t.label for t in corpus.themes}
    events = []
    for e in corpus.events:
        item = {
            "unique_id": e.id,
            "start_date": _timeline_date(e.date),
            "group": labels[e.themes[0]] if e.themes else OTHER_EVENTS,
            "text": {"headline": html.escape(e.title, quote=False), "text": _timeline_text(corpus, e, site_url)},
        }
        if e.end:
            item["end_date"] = _timeline_date(e.end)
        events.append(item)
    return {"title": {"text": {"headline": f"Events named in {essays_phrase(corpus)}"}}, "events": events}


def exports(corpus: Corpus, links: Links, site_url: str) -> dict[str, str]:
    entities = [
        {
            "id": e.id,
            "kind": e.kind,
            "name": e.name,
            "aliases": list(e.aliases),
            "description": e.description,
            "mentions": [
                {"essay": m.essay_id, "paragraph": m.paragraph, "as": m.alias}
                for m in links.entity_mentions.get(e.id, ())
            ],
        }
        for e in corpus.entities
    ]
    terms = [
        {"id": t.id, "term": t.term, "aliases": list(t.aliases), "definition": t.definition, "themes": list(t.themes)}
        for t in corpus.terms
    ]
    return {
        "data/corpus.json": _dump(
            {
                "essays": [_essay(e, site_url) for e in corpus.essays],
                "themes": [
                    {"id": t.id, "label": t.label, "description": t.description, "aliases": list(t.aliases)}
                    for t in corpus.themes
                ],
            }
        ),
        ANNOTATIONS_FILE: _dump(web_annotations(corpus, site_url)),
        "data/events.json": _dump(events_json(corpus)),
        "data/events.csv": events_csv(corpus),
        "data/relations.csv": relations_csv(corpus),
        "data/crossrefs.csv": crossrefs_csv(corpus, links),
        "data/timelinejs.json": _dump(timelinejs(corpus, site_url)),
        "data/entities.json": _dump(entities),
        "data/glossary.json": _dump(terms),
        "data/citations.bib": "\n\n".join(bibtex.entry(c) for c in citations(corpus, site_url)) + "\n",
        urls.RIGHTS_TEXT: rights_text(corpus),
        "data/citations.json": json.dumps(
            [csl.item(c) for c in citations(corpus, site_url)],
            ensure_ascii=False,
            indent=2,
            sort_keys=True,
        )
        + "\n",
    }
