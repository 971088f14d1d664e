"""Proposals for the paragraphs of one essay: themes, names with their quotes, relations.

Relations: every passage of the other essays is ranked by relate.py's model of the editors'
relations, and the first RELATIONS that have a reason a reader can check are proposed. The
reason is linking/crossrefs.py's where the passage is one of its computed candidates (a
paragraph proposed for stands in the corpus as a provisional passage covering the whole
paragraph, so every name it uses counts as central, with the events proposed for it as its
mentions): a shared dated event, a shared person, organisation or term. Otherwise it is the
closest sentences, one on each side, that share two weighty words, or a phrase or a name
(wording.py); a passage with neither is passed over. A shared theme helps the ranking, and is never a reason.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from ..linking.crossrefs import Candidate
from ..linking.link import candidates, find_term_uses
from ..linking.sentences import sentence_at
from ..sources.anchors import find_quote
from ..sources.model import Anchor, Block, Corpus, Essay, EventMention, Passage, Quote
from .cues import theme_cues
from .known import known_corpus
from .names import Named, names_in
from .relate import Found, Reader, Side, common_names, features, known_sides, ranked, ranker, relations, sentences
from .themes import Example, Guess, guess_themes_held_out
from .wording import Near, Sentences, Wording

RELATIONS = 5  # candidate relations proposed per paragraph
MEASURED = 10  # how deep the evaluation reads the ranking, with and without reasons
QUOTE_WORDS = 12  # words of context a name's quote may take to match once in the essay


@dataclass(frozen=True)
class Mention:
    kind: str  # "event" | "entity" | "term"
    id: str
    quote: Quote  # anchors in the essay: it matches there exactly once


@dataclass(frozen=True)
class RelationProposal:
    to: str  # a passage id of another essay
    to_label: str  # "Streltsov 2018 ¶14"
    basis: str  # "event", "name" (crossrefs.py's candidates) or "sentences" (wording.py)
    reason: str
    from_quote: str  # the paragraph's sentence that carries the shared point
    to_quote: str  # the other passage's sentence that carries it


@dataclass(frozen=True)
class Proposal:
    essay: str
    paragraph: int
    text: str
    themes: tuple[Guess, ...]
    mentions: tuple[Mention, ...]
    relations: tuple[RelationProposal, ...]
    reasoned: frozenset[str] = frozenset()  # of the passages asked about (`propose`), those with a reason to show
    ranking: tuple[str, ...] = ()  # the first MEASURED passages by the ranking alone, reason or not
    deeper: tuple[
        str, ...
    ] = ()  # the first MEASURED passages with a reason to show (`relations` are the first RELATIONS)


def examples(corpus: Corpus) -> tuple[Example, ...]:
    """The annotated paragraphs as training examples: text with its cue words, note and claim."""
    events: dict[tuple[str, int], list[str]] = {}
    for event in corpus.events:
        for m in event.mentions:
            events.setdefault((m.anchor.essay_id, m.anchor.paragraph), []).append(event.id)
    terms = find_term_uses(corpus)
    out = []
    for p in corpus.passages:
        text = corpus.essay(p.essay_id).paragraphs[p.paragraph - 1].text
        at = (p.essay_id, p.paragraph)
        cued = f"{text} {theme_cues(corpus, text, tuple(events.get(at, ())), terms.get(at, ()))}"
        out.append(Example(cued, " ".join(part for part in (p.note, p.claim) if part), p.themes, p.essay_id))
    # the editors' description of each theme, an example of it in every training (no essay's)
    for theme in corpus.themes:
        cued = f"{theme.description} {theme_cues(corpus, theme.description, (), ())}"
        out.append(Example(cued, "", (theme.id,), ""))
    return tuple(out)


def _cued(known: Corpus, block: Block, named: tuple[Named, ...]) -> str:
    """The paragraph's text with its cue words (cues.py), from the names proposed in it."""
    events = tuple(n.id for n in named if n.kind == "event")
    terms = tuple(n.id for n in named if n.kind == "term")
    return f"{block.text} {theme_cues(known, block.text, events, terms)}"


def propose(
    corpus: Corpus,
    essay_id: str,
    numbers: tuple[int, ...],
    unseen_names: bool = False,
    asked: Mapping[int, frozenset[str]] | None = None,
) -> tuple[Proposal, ...]:
    """Proposals for paragraphs `numbers` of `essay_id`, from the annotations outside them;
    for each paragraph, which of the passages `asked` names for it have a reason to show."""
    essay = corpus.essay(essay_id)
    blocks = tuple(essay.paragraphs[n - 1] for n in numbers)
    known = known_corpus(corpus, frozenset((essay_id, n) for n in numbers), unseen_names)
    named = names_in(known, essay, blocks)
    texts = tuple(_cued(known, b, named[b.number]) for b in blocks)
    guesses, held = guess_themes_held_out(examples(known), texts, tuple(t.id for t in known.themes))
    # examples() lists the passages first, in order
    themes = {known.passages[i].id: frozenset(g.theme for g in held[i]) for i in held if i < len(known.passages)}
    ranked, reasoned, orders = _relations(
        known, essay, blocks, named, guesses, found_held_out(known, themes, unseen_names), asked or {}
    )
    return tuple(
        Proposal(
            essay_id,
            b.number,
            b.text,
            tuple(g),
            tuple(_mention(essay, b, n) for n in named[b.number]),
            ranked[b.number][:RELATIONS],
            reasoned[b.number],
            orders[b.number],
            tuple(r.to for r in ranked[b.number]),
        )
        for b, g in zip(blocks, guesses, strict=True)
    )


def found_held_out(known: Corpus, themes: dict[str, frozenset[str]], unseen_names: bool) -> dict[str, Found]:
    """Passage id -> what the proposals find in its paragraph with its essay held out (the
    events and names of names_in, from the other essays' annotations, and the names only they
    use where `unseen_names`; the themes given, from the classifier's cross-validation): the
    relations' model learns from passages read as the paragraphs it ranks for are."""
    found = {}
    for essay in known.essays:
        passages = known.passages_by_essay.get(essay.id, ())
        if not passages:
            continue
        inner = known_corpus(known, frozenset((essay.id, b.number) for b in essay.paragraphs), unseen_names)
        named = names_in(inner, essay, tuple(essay.paragraphs[p.paragraph - 1] for p in passages))
        for p in passages:
            found[p.id] = Found(
                frozenset(n.id for n in named[p.paragraph] if n.kind == "event"),
                frozenset(f"{n.kind}:{n.id}" for n in named[p.paragraph] if n.kind != "event"),
                themes.get(p.id),
            )
    return found


def _mention(essay: Essay, block: Block, named: Named) -> Mention:
    return Mention(named.kind, named.id, anchoring_quote(essay, block, named.start, named.end))


def anchoring_quote(essay: Essay, block: Block, start: int, end: int) -> Quote:
    """The words text[start:end] as a quote that matches once in the essay: with as many words
    before them (then after them) as it takes, within the paragraph."""
    text = block.text
    exact = text[start:end]
    before = text[:start].split(" ")
    after = text[end:].split(" ")
    for words in range(QUOTE_WORDS + 1):
        prefix = " ".join(before[len(before) - words :]) if words else ""
        if _once(essay, Quote(exact, prefix)):
            return Quote(exact, prefix)
    for words in range(1, QUOTE_WORDS + 1):
        suffix = " ".join(after[:words])
        if _once(essay, Quote(exact, "", suffix)):
            return Quote(exact, "", suffix)
    return Quote(sentence_at(text, start))


def _once(essay: Essay, quote: Quote) -> bool:
    anchors, _ = find_quote(essay, quote)
    return len(anchors) == 1


def provisional_id(essay_id: str, number: int) -> str:
    return f"{essay_id}-proposed-{number}"


def _relations(
    known: Corpus,
    essay: Essay,
    blocks: tuple[Block, ...],
    named: dict[int, tuple[Named, ...]],
    guesses: list[list[Guess]],
    found: dict[str, Found],
    asked: Mapping[int, frozenset[str]],
) -> tuple[dict[int, tuple[RelationProposal, ...]], dict[int, frozenset[str]], dict[int, tuple[str, ...]]]:
    """Paragraph number -> the best MEASURED candidates with a reason among passages of other
    essays; paragraph number -> those of the passages `asked` names for it that have a reason to
    show; and paragraph number -> the first MEASURED passages by the ranking alone."""
    drafts = {
        provisional_id(essay.id, b.number): Passage(
            provisional_id(essay.id, b.number),
            Anchor(essay.id, b.number, Quote(b.text), 0),
            tuple(g.theme for g in guesses[i]),
            "",
            "",
            "",
        )
        for i, b in enumerate(blocks)
    }
    events = tuple(
        dataclasses.replace(
            event,
            mentions=event.mentions
            + tuple(
                EventMention(Anchor(essay.id, b.number, Quote(b.text[n.start : n.end]), n.start), None, "")
                for b in blocks
                for n in named[b.number]
                if n.kind == "event" and n.id == event.id
            ),
        )
        for event in known.events
    )
    order = {e.id: i for i, e in enumerate(known.essays)}
    passages = tuple(sorted((*known.passages, *drafts.values()), key=lambda p: (order[p.essay_id], p.paragraph)))
    listed = candidates(dataclasses.replace(known, passages=passages, events=events), set(drafts))
    others = tuple(p for p in known.passages if p.essay_id != essay.id)
    here = tuple(
        Side(
            b.text,
            sentences(b.text),
            frozenset(n.id for n in named[b.number] if n.kind == "event"),
            frozenset(f"{n.kind}:{n.id}" for n in named[b.number] if n.kind != "event"),
            frozenset(g.theme for g in guesses[i]),
        )
        for i, b in enumerate(blocks)
    )
    reader, common = Reader(known), common_names(known)
    scores = ranked(
        ranker(known, reader, common, found),
        features(reader, here, known_sides(known, others, True), common, relations(known)),
    )
    wording = Wording(known)
    chosen, reasoned, orders = {}, {}, {}
    for i, b in enumerate(blocks):
        best = {c.passage.id: c for c in reversed(listed.get(provisional_id(essay.id, b.number), ()))}
        read = wording.read(b.text)
        reasoned[b.number] = frozenset(
            p.id
            for p in others
            if p.id in asked.get(b.number, ()) and (p.id in best or wording.near(read, p) is not None)
        )
        order_j = sorted(
            range(len(others)), key=lambda j: (-round(scores[i][j], 6), order[others[j].essay_id], others[j].paragraph)
        )
        chosen[b.number] = _first_reasoned(known, wording, b, read, [others[j] for j in order_j], best)
        orders[b.number] = tuple(others[j].id for j in order_j[:MEASURED])
    return chosen, reasoned, orders


def _first_reasoned(
    known: Corpus,
    wording: Wording,
    block: Block,
    read: Sentences,
    ranked: list[Passage],
    listed: dict[str, Candidate],
) -> tuple[RelationProposal, ...]:
    """The first MEASURED passages of `ranked` that have a reason to show: the panels' own
    (a shared dated event, name or term), else the closest sentences that share enough
    (wording.py, `enough`)."""
    found: list[RelationProposal] = []
    for passage in ranked:
        if len(found) == MEASURED:
            break
        if passage.id in listed:
            found.append(_relation(known, block, listed[passage.id]))
        elif (near := wording.near(read, passage)) is not None:
            found.append(_worded(known, near))
    return tuple(found)


def _worded(known: Corpus, near: Near) -> RelationProposal:
    passage = near.passage
    return RelationProposal(
        passage.id,
        f"{known.essay(passage.essay_id).label} ¶{passage.paragraph}",
        "sentences",
        f"closest sentences, sharing: {', '.join(near.words)}",
        near.here,
        near.there,
    )


def _relation(known: Corpus, block: Block, c: Candidate) -> RelationProposal:
    other = known.essay(c.passage.essay_id)
    there = other.paragraphs[c.passage.paragraph - 1].text
    return RelationProposal(
        c.passage.id,
        f"{other.label} ¶{c.passage.paragraph}",
        c.basis,
        c.reason,
        sentence_at(block.text, c.here),
        sentence_at(there, c.there),
    )


def unannotated(corpus: Corpus, essay_id: str) -> tuple[int, ...]:
    """The paragraphs of `essay_id` with neither a passage nor a declaration of no claim."""
    covered = {p.paragraph for p in corpus.passages_by_essay.get(essay_id, ())} | {
        n.paragraph for n in corpus.no_claims if n.essay_id == essay_id
    }
    return tuple(b.number for b in corpus.essay(essay_id).paragraphs if b.number not in covered)
