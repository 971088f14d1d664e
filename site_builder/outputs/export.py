"""Export stage: the data downloads (JSON, JSON-LD Web Annotations, CSV, BibTeX, TimelineJS)."""

from __future__ import annotations

import csv
import io
import json

from .. import urls
from ..citing import bibtex, csl
from ..citing.model import citation
from ..linking.link import Links
from ..pages.views import essays_phrase, rights_text
from ..sources.model import Corpus, Essay, PartialDate, Passage, Relation


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


def _selectors(p: Passage) -> list[dict]:
    selector = {"type": "TextQuoteSelector", "exact": p.anchor.quote.exact}
    if p.anchor.quote.prefix:
        selector["prefix"] = p.anchor.quote.prefix
    if p.anchor.quote.suffix:
        selector["suffix"] = p.anchor.quote.suffix
    return [
        selector,
        {
            "type": "FragmentSelector",
            "value": urls.fragment(urls.passage(p.essay_id, p.paragraph)),
            "conformsTo": "http://tools.ietf.org/rfc/rfc3986",
        },
    ]


def _relation_annotation(corpus: Corpus, relation: Relation, site_url: str) -> dict:
    """An asserted relation as a Web Annotation with motivation `linking`: the annotation's
    target is the passage that states it, its body the related passage and the reason."""
    source, target = corpus.passage(relation.source), corpus.passage(relation.target)
    return {
        "id": f"{urls.public_url(urls.essay(source.essay_id), site_url)}#relation-{source.id}--{target.id}",
        "type": "Annotation",
        "motivation": "linking",
        "body": [
            {
                "type": "SpecificResource",
                "source": urls.public_url(urls.essay(target.essay_id), site_url),
                "selector": _selectors(target),
            },
            {"type": "TextualBody", "purpose": "tagging", "value": relation.kind},
            {"type": "TextualBody", "purpose": "commenting", "value": relation.why, "format": "text/plain"},
        ],
        "target": {"source": urls.public_url(urls.essay(source.essay_id), site_url), "selector": _selectors(source)},
    }


def web_annotations(corpus: Corpus, site_url: str) -> dict:
    items = []
    for p in corpus.passages:
        body = [
            {"type": "TextualBody", "purpose": "tagging", "value": t, "id": urls.public_url(urls.theme(t), site_url)}
            for t in p.themes
        ]
        body.append({"type": "TextualBody", "purpose": "commenting", "value": p.note, "format": "text/plain"})
        if p.claim:
            body.append({"type": "TextualBody", "purpose": "describing", "value": p.claim, "format": "text/plain"})
        items.append(
            {
                "id": f"{urls.public_url(urls.essay(p.essay_id), site_url)}#annotation-{p.id}",
                "type": "Annotation",
                "motivation": "classifying",
                "body": body,
                "target": {"source": urls.public_url(urls.essay(p.essay_id), site_url), "selector": _selectors(p)},
            }
        )
    items.extend(_relation_annotation(corpus, r, site_url) for r in corpus.relations)
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "id": f"{site_url}/data/annotations.jsonld",
        "total": len(items),
        "first": {"type": "AnnotationPage", "items": items},
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


def events_csv(corpus: Corpus) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
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
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["from", "from_paragraph", "to", "to_paragraph", "kind", "why"])
    for r in corpus.relations:
        a, b = corpus.passage(r.source), corpus.passage(r.target)
        writer.writerow([a.id, _locator(a), b.id, _locator(b), r.kind, r.why])
    return out.getvalue()


def crossrefs_csv(corpus: Corpus, links: Links) -> str:
    """Every cross-reference shown on the site, asserted or computed, with its reason."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["at", "at_paragraph", "shows", "shows_paragraph", "basis", "reason"])
    for p in corpus.passages:
        for ref in links.related.get(p.id, ()):
            o = ref.passage
            writer.writerow([p.id, _locator(p), o.id, _locator(o), ref.basis, ref.reason])
    return out.getvalue()


def timelinejs(corpus: Corpus) -> dict:
    def tl_date(d: PartialDate) -> dict:
        out = {"year": str(d.year)}
        if d.month:
            out["month"] = str(d.month)
        if d.day:
            out["day"] = str(d.day)
        return out

    events = []
    for e in corpus.events:
        item = {
            "unique_id": e.id,
            "start_date": tl_date(e.date),
            "group": e.themes[0] if e.themes else "",
            "text": {"headline": e.title, "text": e.description},
        }
        if e.end:
            item["end_date"] = tl_date(e.end)
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
        "data/annotations.jsonld": _dump(web_annotations(corpus, site_url)),
        "data/events.json": _dump(events_json(corpus)),
        "data/events.csv": events_csv(corpus),
        "data/relations.csv": relations_csv(corpus),
        "data/crossrefs.csv": crossrefs_csv(corpus, links),
        "data/timelinejs.json": _dump(timelinejs(corpus)),
        "data/entities.json": _dump(entities),
        "data/glossary.json": _dump(terms),
        "data/citations.bib": "\n\n".join(bibtex.entry(citation(e, site_url)) for e in corpus.essays) + "\n",
        urls.RIGHTS_TEXT: rights_text(corpus),
        "data/citations.json": json.dumps(
            [csl.item(citation(e, site_url)) for e in corpus.essays],
            ensure_ascii=False,
            indent=2,
            sort_keys=True,
        )
        + "\n",
    }
