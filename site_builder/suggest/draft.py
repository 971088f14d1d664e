"""The draft file: the proposals as YAML, every entry `status: proposed`, for an editor to move
what they accept into the annotations. Written by yaml.safe_dump (keys in the order given,
Unicode as it is), so the same sources give the same bytes."""

from __future__ import annotations

from typing import Any

import yaml

from ..sources.load import PROPOSALS
from ..sources.model import Essay, Quote
from .propose import Mention, Proposal, RelationProposal

PROPOSED = "proposed"
OPENING_WORDS = 8  # words of a paragraph shown to say which it is


def draft_path(essay_id: str) -> str:
    return f"{PROPOSALS}/{essay_id}.yaml"


def draft(essay: Essay, proposals: tuple[Proposal, ...], command: str) -> str:
    """The text of the draft file for `essay`."""
    header = [
        f"Proposals for {essay.label} ({essay.path}), written by `{command}`.",
        "Nothing here is an annotation, and `make check` refuses to build while this file is in",
        f"{PROPOSALS}/. Move what you accept: themes into a passage of",
        f"annotations/passages/{essay.id}.yaml (with the key sentence as its quote, a note and a",
        "claim), event mentions into annotations/events.yaml, relations into",
        "annotations/relations.yaml (with a kind and a why). Entities and terms are found by the",
        "builder from entities.yaml and glossary.yaml. Then delete this file.",
    ]
    data = {
        "essay": essay.id,
        "status": PROPOSED,
        "paragraphs": [_paragraph(p) for p in proposals],
    }
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return "".join(f"# {line}\n" for line in header) + body


def _paragraph(p: Proposal) -> dict[str, Any]:
    words = p.text.split()
    opening = " ".join(words[:OPENING_WORDS]) + (" …" if len(words) > OPENING_WORDS else "")
    entry: dict[str, Any] = {"paragraph": p.paragraph, "opens": opening, "status": PROPOSED}
    entry["themes"] = [{"theme": g.theme, "confidence": g.confidence, "status": PROPOSED} for g in p.themes]
    for kind, key in (("event", "events"), ("entity", "entities"), ("term", "terms")):
        entry[key] = [_mention(m) for m in p.mentions if m.kind == kind]
    entry["relations"] = [_relation(r) for r in p.relations]
    return entry


def _quote(quote: Quote) -> dict[str, str]:
    fields = {"exact": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix}
    return {k: v for k, v in fields.items() if v}


def _mention(m: Mention) -> dict[str, Any]:
    return {m.kind: m.id, "quote": _quote(m.quote), "status": PROPOSED}


def _relation(r: RelationProposal) -> dict[str, Any]:
    entry: dict[str, Any] = {"to": r.to, "passage": r.to_label, "reason": r.reason}
    if r.from_quote:
        entry["from_quote"] = {"exact": r.from_quote}
    if r.to_quote:
        entry["to_quote"] = {"exact": r.to_quote}
    entry["status"] = PROPOSED
    return entry
