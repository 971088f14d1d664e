"""The data of the compare view (templates/assets/compare.js): two passages side by side, or a
debate's positions.

One script per essay (urls.COMPARE_DATA/<essay>.js) holds what the view shows of each numbered
paragraph: its text, the passage's note, claim, themes and key sentence, and every passage its
panel or its "passages that point here" joins it to, with the reason as the panel states it and
the sentence of that passage that carries the shared point. One more (urls.COMPARE_DEBATES_JS)
holds each debate's question and positions. They are scripts, not JSON, so that the offline copy
loads them from file:// too; they are loaded when the view opens, never with the page. The text
is JSON-escaped to ASCII (no "</script>", no line separator can end the string), and the
scripts are the same bytes for the same sources.
"""

from __future__ import annotations

import json

from .. import urls
from ..linking.crossrefs import CrossRef
from ..linking.link import Links
from ..sources.model import Corpus, Debate, Essay, Passage
from .render import VERDICT_WORDS
from .views import _stances


def _script(variable: str, key: str | None, data: dict) -> str:
    payload = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    if key is None:
        return f"window.{variable} = {payload};\n"
    return f"window.{variable} = window.{variable} || {{}};\nwindow.{variable}[{json.dumps(key)}] = {payload};\n"


def _joins(refs: tuple[CrossRef, ...]) -> dict[str, dict]:
    """The passages a paragraph is joined to, by "<essay>/<paragraph>": the reason as the panel
    states it, whether the editors assert it, and the other passage's sentence that carries
    the point ("" where it is that passage's key sentence). A passage in the panel and in the
    passages that point here keeps the panel's reason, as the panel shows it first."""
    joins: dict[str, dict] = {}
    for ref in refs:
        other = ref.passage
        joins.setdefault(
            f"{other.essay_id}/{other.paragraph}",
            {"reason": ref.reason, "editors": ref.asserted, "quote": ref.quote},
        )
    return joins


def _paragraph(text: str, passage: Passage | None, no_claim: str, links: Links) -> dict:
    entry: dict = {"text": text}
    if passage is None:
        if no_claim:
            entry["no_claim"] = no_claim
        return entry
    entry.update(
        themes=list(passage.themes),
        note=passage.note,
        claim=passage.claim,
        key=passage.anchor.quote.exact,
        joins=_joins(links.related.get(passage.id, ()) + links.backlinks.get(passage.id, ())),
    )
    return entry


def essay_script(corpus: Corpus, links: Links, essay: Essay) -> str:
    """urls.COMPARE_DATA/<essay>.js: the essay's label, title, authors and date, the themes'
    labels, and each numbered paragraph (see _paragraph), by its number."""
    no_claim = {n.paragraph: n.reason for n in corpus.no_claims if n.essay_id == essay.id}
    paragraphs = {
        str(block.number): _paragraph(
            block.text, links.passage_at.get((essay.id, block.number)), no_claim.get(block.number, ""), links
        )
        for block in essay.paragraphs
    }
    data = {
        "label": essay.label,
        "title": essay.title,
        "authors": [a.name for a in essay.authors],
        "date": essay.date.human + (" (date inferred)" if essay.date_inferred else ""),
        "themes": {t.id: t.label for t in corpus.themes},
        "paragraphs": paragraphs,
    }
    return _script("__compare", essay.id, data)


def _debate(corpus: Corpus, debate: Debate) -> dict:
    """A debate's question, verdict and summary, and its positions stance by stance, each
    stance's in the essays' date order (as the debates page shows them)."""
    positions = [
        {
            "essay": pos.passage.essay_id,
            "paragraph": pos.passage.paragraph,
            "stance": stance.stance,
            "quote": pos.quote,
            "note": pos.note,
        }
        for stance in _stances(corpus, debate)
        for pos in stance.positions
    ]
    return {
        "question": debate.question,
        "verdict": VERDICT_WORDS[debate.verdict],
        "summary": debate.summary,
        "positions": positions,
    }


def debates_script(corpus: Corpus) -> str:
    """urls.COMPARE_DEBATES_JS: every debate by id (see _debate)."""
    return _script("__compareDebates", None, {d.id: _debate(corpus, d) for d in corpus.debates})


def compare_files(corpus: Corpus, links: Links) -> dict[str, str]:
    """Every data file of the compare view: {path from the site root: text}."""
    files = {f"{urls.COMPARE_DATA}/{e.id}.js": essay_script(corpus, links, e) for e in corpus.essays}
    files[urls.COMPARE_DEBATES_JS] = debates_script(corpus)
    return files
