"""Validate stage: check raw sources against the schema and turn them into the model.

Every problem is collected with its file and line; one `SourceError` carries them all.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from .. import urls
from ..problems import Collector
from . import anchors, limits
from .edition import edition
from .load import NO_READINGS, RawSources, Readings
from .model import (
    RELATION_KINDS,
    VERDICTS,
    Anchor,
    Author,
    Corpus,
    Debate,
    Entity,
    Essay,
    Event,
    EventMention,
    NoClaim,
    Passage,
    Position,
    Quote,
    Relation,
    Term,
    Theme,
)
from .schema import Fields

ESSAY_FIELDS = {
    "id",
    "title",
    "title_is_editorial",
    "title_note",
    "authors",
    "authors_note",
    "date",
    "date_inferred",
    "date_note",
    "venue",
    "venue_note",
    "series",
    "language",
    "abstract",
    "abstract_label",
    "summary",
    "summary_is_editorial",
    "keywords",
    "source_file",
    "author_note",
    "standfirst",
    "standfirst_note",
    "original_edition",
    "editorial_changes",
}
EXTRA_ESSAY_FIELDS = (
    "title_note",
    "series",
    "author_note",
    "standfirst",
    "standfirst_note",
    "original_edition",
    "editorial_changes",
)
AUTHOR_FIELDS = {"name", "name_as_printed", "affiliation", "affiliation_note"}
QUOTE_FIELDS = {"exact", "prefix", "suffix"}
ENTITY_KINDS = ("person", "place", "organisation")
SOURCE_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


def _markup(raw: RawSources, problems: Collector) -> None:
    """The markup policy's problems in every essay body (load.markup_problems, read with each
    essay, so kept with its reading while its text is the same)."""
    for essay in raw.essays:
        problems.problems.extend(essay.markup)


def _essay(raw, problems: Collector) -> Essay | None:
    if raw.front is None:
        return None
    f = Fields(raw.front, raw.path, problems, "front matter", ESSAY_FIELDS)
    if not f.ok:
        return None
    essay_id = f.identifier()
    if essay_id and essay_id != raw.stem:
        f.error("id", f"id '{essay_id}' differs from the file name '{raw.stem}.md'; make them the same")
    authors: list[Author] = []
    if f.has("authors") and f.data["authors"] == "unknown":
        if not f.text("authors_note", required=False):
            f.error("authors", "authors are 'unknown': add 'authors_note' saying what the source says")
    else:
        for item in f.items("authors"):
            a = Fields(item, raw.path, problems, "author", AUTHOR_FIELDS, f.line_of("authors"))
            if a.ok:
                note = a.text("affiliation_note", required=False)
                authors.append(
                    Author(
                        a.text("name"),
                        a.text("affiliation", required=False, default="unknown"),
                        a.text("name_as_printed", required=False),
                        note,
                    )
                )
        if f.has("authors") and not authors and not problems.problems:
            f.error("authors", "give at least one author, or write authors: unknown")
    abstract = f.text("abstract", required=False)
    summary = f.text("summary", required=False)
    editorial = f.flag("summary_is_editorial")
    if not abstract and not summary:
        f.error("id", "give the author's 'abstract', or a short 'summary' marked summary_is_editorial: true")
    if summary and not editorial:
        f.error("summary", "a summary is ours, not the author's: add summary_is_editorial: true")
    date = f.date("date")
    inferred = f.flag("date_inferred")
    date_note = f.text("date_note", required=False)
    if inferred and not date_note:
        f.error("date_inferred", "an inferred date needs a 'date_note' saying from what it is inferred")
    venue = f.text("venue")
    if venue == "unknown" and not f.text("venue_note", required=False):
        f.error("venue", "venue is 'unknown': add a 'venue_note' saying what the source says")
    if not raw.blocks or not any(b.kind == "paragraph" for b in raw.blocks):
        problems.add(raw.path, f.line, "the essay has no body text after the front matter; paste the essay")
    source_file = f.text("source_file")
    if source_file and not SOURCE_FILE.fullmatch(source_file):
        f.error(
            "source_file",
            "'source_file' must be the name of the source file in ../shared/seeds/ "
            "(letters, digits, '.', '_', '-'), e.g. 001_ea460054a5c60c50.txt",
        )
    extra: dict[str, str | bool] = {k: f.text(k, required=False) for k in EXTRA_ESSAY_FIELDS if f.has(k)}
    extra["title_is_editorial"] = f.flag("title_is_editorial")
    if not (essay_id and date):
        return None
    return Essay(
        id=essay_id,
        title=f.text("title"),
        authors=tuple(authors),
        authors_note=f.text("authors_note", required=False),
        date=date,
        date_inferred=inferred,
        date_note=date_note,
        venue=venue,
        venue_note=f.text("venue_note", required=False),
        language=f.text("language"),
        abstract=abstract,
        abstract_label=f.text("abstract_label", required=False, default="Abstract"),
        summary=summary,
        summary_is_editorial=editorial,
        keywords=f.texts("keywords"),
        source_file=source_file,
        path=raw.path,
        blocks=tuple(raw.blocks),
        extra=extra,
    )


def _top_list(entry: tuple[str, Any] | None, key: str, problems: Collector) -> tuple[str, list]:
    if entry is None or entry[1] is None:
        return (entry[0] if entry else ""), []
    path, data = entry
    f = Fields(data, path, problems, f"{path.rsplit('/', 1)[-1]}", {key})
    return path, (f.items(key) if f.ok else [])  # a list longer than its limit was refused as it was read


def _records(entry: tuple[str, Any] | None, key: str, kind: str, allowed: set[str], build, problems: Collector) -> list:
    """Read a top-level list of records (`key: [...]`), each built by `build(fields)`; ids unique."""
    path, items = _top_list(entry, key, problems)
    records, ids = [], []
    for item in items:
        f = Fields(item, path, problems, kind, allowed)
        if f.ok:
            records.append(build(f))
            ids.append((records[-1].id, path, f.line))
    _unique(ids, kind, problems)
    return records


def _unique(ids: list[tuple[str, str, int]], kind: str, problems: Collector) -> None:
    seen: dict[str, tuple[str, int]] = {}
    for value, path, line in ids:
        if not value:
            continue
        if value in seen:
            first = seen[value]
            problems.add(
                path, line, f"{kind} id '{value}' is defined twice (first at {first[0]}:{first[1]}); rename one of them"
            )
        else:
            seen[value] = (path, line)


def _quote(f: Fields, key: str = "quote") -> Quote | None:
    if not f.has(key):
        f.text(key)  # reports it missing
        return None
    q = Fields(f.data[key], f.path, f.problems, key, QUOTE_FIELDS, f.line_of(key))
    if not q.ok:
        return None
    exact = q.text("exact")
    # prefix/suffix keep their spaces: they are compared character for character
    raw = {k: q.data[k] for k in ("prefix", "suffix") if isinstance(q.data.get(k), str)}
    return Quote(exact, raw.get("prefix", ""), raw.get("suffix", "")) if exact else None


def _resolve(f: Fields, essay: Essay | None, quote: Quote | None, key: str = "quote"):
    if essay is None or quote is None:
        return None
    anchor, error = anchors.resolve(essay, quote)
    if error:
        f.error(key, error)
    return anchor


# Annotation fields a reader reads as sentences; an essay id in them ("pajon-2017 dates ...")
# is an internal name on the page.
PROSE_KEYS = (
    "note",
    "claim",
    "description",
    "date_note",
    "title",
    "definition",
    "summary",
    "question",
    "stance",
    "why",
    "what",
)


_WORD = re.compile(r"[\w-]+")  # a word of a text, as an essay id would stand in it


def _essay_ids_in_prose(raw: RawSources, essays: list[Essay], problems: Collector) -> None:
    """Report an essay id written in a reader-facing text field, with the label to write."""
    if not essays:
        return
    labels = {e.id: e.label for e in essays}

    def named(text: str) -> str:
        """The first essay id in `text` as a whole word (ids are letters, digits and hyphens): a
        look-up per word, where one pattern of every id grew with the corpus at every text."""
        return next((word for word in _WORD.findall(text) if word in labels), "")

    def walk(path: str, node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in PROSE_KEYS and isinstance(value, str) and (found := named(value)):
                    line = node.line_of(key) if hasattr(node, "line_of") else 1
                    problems.add(
                        path,
                        line,
                        f"'{key}' names the essay '{found}' by its id, which "
                        f"readers see; write its label '{labels[found]}'",
                    )
                else:
                    walk(path, value)
        elif isinstance(node, list):
            for item in node:
                walk(path, item)

    for entry in (raw.themes, raw.entities, raw.glossary, raw.events, raw.debates, raw.relations, raw.changes):
        if entry is not None:
            walk(entry[0], entry[1])
    for path, _, data in raw.passages:
        walk(path, data)


def validate(raw: RawSources, problems: Collector) -> Corpus:
    """The typed corpus of `raw`, every problem found added to `problems` (all reported together)."""
    _markup(raw, problems)
    essays = [e for e in (_essay(r, problems) for r in raw.essays) if e is not None]
    _unique([(e.id, e.path, 2) for e in essays], "essay", problems)
    by_id = {e.id: e for e in essays}
    _essay_ids_in_prose(raw, essays, problems)
    themes = _themes(raw, problems)
    known_themes = {t.id for t in themes}
    entities = _entities(raw, problems)
    terms = _terms(raw, problems, known_themes)
    passages, no_claims = _passages(raw, problems, by_id, known_themes)
    events = _events(raw, problems, by_id, known_themes, {e.id for e in entities})
    passage_by_id = {p.id: p for p in passages}
    debates = _debates(raw, problems, known_themes, passage_by_id, by_id)
    essays.sort(key=lambda e: (e.date.sort_key, e.id))
    order = {e.id: i for i, e in enumerate(essays)}
    relations = _relations(raw, problems, passage_by_id, order, by_id)
    events.sort(key=lambda e: (e.date.sort_key, e.id))
    passages.sort(key=lambda p: (order[p.essay_id], p.paragraph))
    no_claims.sort(key=lambda n: (order[n.essay_id], n.paragraph))
    corpus = Corpus(
        tuple(essays),
        tuple(themes),
        tuple(passages),
        tuple(events),
        tuple(entities),
        tuple(terms),
        tuple(debates),
        tuple(relations),
        tuple(no_claims),
    )
    return replace(corpus, edition=edition(raw.changes, corpus, problems))  # changes name all of these


def _themes(raw: RawSources, problems: Collector) -> list[Theme]:
    def theme(f: Fields) -> Theme:
        return Theme(f.identifier(), f.text("label"), f.text("description"), f.texts("aliases"), f.texts("not_when"))

    return _records(
        raw.themes, "themes", "theme", {"id", "label", "description", "aliases", "not_when"}, theme, problems
    )


def _entities(raw: RawSources, problems: Collector) -> list[Entity]:
    def entity(f: Fields) -> Entity:
        kind = f.text("kind")
        if kind and kind not in ENTITY_KINDS:
            f.error("kind", f"kind '{kind}' is not one of {', '.join(ENTITY_KINDS)}")
        return Entity(
            f.identifier(), kind, f.text("name"), f.texts("aliases"), f.text("description"), f.texts("not_when")
        )

    return _records(
        raw.entities,
        "entities",
        "entity",
        {"id", "kind", "name", "aliases", "description", "not_when"},
        entity,
        problems,
    )


def _terms(raw: RawSources, problems: Collector, known_themes: set[str]) -> list[Term]:
    def term(f: Fields) -> Term:
        return Term(
            f.identifier(),
            f.text("term"),
            f.texts("aliases"),
            f.text("definition"),
            f.refs("themes", known_themes, "theme"),
        )

    return _records(raw.glossary, "terms", "term", {"id", "term", "aliases", "definition", "themes"}, term, problems)


EVENT_FIELDS = {"id", "date", "end", "date_note", "title", "description", "themes", "entities", "mentions"}


def _events(
    raw: RawSources, problems: Collector, by_id: dict[str, Essay], known_themes: set[str], known_entities: set[str]
) -> list[Event]:
    path, items = _top_list(raw.events, "events", problems)
    events: list[Event] = []
    event_ids: list[tuple[str, str, int]] = []
    for item in items:
        f = Fields(item, path, problems, "event", EVENT_FIELDS)
        if not f.ok:
            continue
        eid = f.identifier()
        event_ids.append((eid, path, f.line))
        date = f.date("date")
        end = f.date("end", required=False)
        if date and end and end.sort_key < date.sort_key:
            f.error("end", f"the end {end.iso} comes before the start {date.iso}; swap them")
        mentions = _event_mentions(f, path, problems, by_id)
        if date:
            events.append(
                Event(
                    eid,
                    date,
                    end,
                    f.text("date_note", required=False),
                    f.text("title"),
                    f.text("description"),
                    f.refs("themes", known_themes, "theme"),
                    f.refs("entities", known_entities, "entity"),
                    tuple(mentions),
                )
            )
        else:  # the fields are still read, so that every problem of the record is reported
            f.text("title"), f.text("description"), f.refs("themes", known_themes, "theme")
            f.refs("entities", known_entities, "entity")
    _unique(event_ids, "event", problems)
    return events


def _event_mentions(f: Fields, path: str, problems: Collector, by_id: dict[str, Essay]) -> list[EventMention]:
    mentions: list[EventMention] = []
    mention_items = f.items("mentions")
    for m in mention_items:
        mf = Fields(m, path, problems, "event mention", {"essay", "quote", "date", "date_note"}, f.line)
        if not mf.ok:
            continue
        essay_id = mf.text("essay")
        essay = by_id.get(essay_id)
        if essay_id and essay is None:
            mf.error("essay", _unknown_essay(essay_id, by_id))
        anchor = _resolve(mf, essay, _quote(mf))
        if anchor:
            mentions.append(EventMention(anchor, mf.date("date", required=False), mf.text("date_note", required=False)))
    if f.has("mentions") and not mention_items:
        f.error("mentions", "an event needs at least one mention in an essay")
    return mentions


def _passages(
    raw: RawSources, problems: Collector, by_id: dict[str, Essay], known_themes: set[str]
) -> tuple[list[Passage], list[NoClaim]]:
    """Every passages file: its passages, and the paragraphs it declares to make no claim."""
    passages: list[Passage] = []
    no_claims: list[NoClaim] = []
    passage_ids: list[tuple[str, str, int]] = []
    by_paragraph: dict[tuple[str, int], str] = {}
    passage_count = 0
    for ppath, stem, data in raw.passages:
        if data is None:
            continue
        top = Fields(data, ppath, problems, "passages file", {"essay", "passages", "no_claim"})
        if not top.ok:
            continue
        essay = _essay_of_passages_file(top, stem, by_id)
        items = top.items("passages")
        passage_count += len(items)
        if not limits.check_count("passages", passage_count, ppath, top.line_of("passages"), problems):
            break
        for item in items:
            f = Fields(item, ppath, problems, "passage", {"id", "quote", "themes", "note", "claim"})
            if not f.ok:
                continue
            pid = f.identifier()
            passage_ids.append((pid, ppath, f.line))
            anchor = _resolve(f, essay, _quote(f))
            themes_of = f.refs("themes", known_themes, "theme", required=True)
            if anchor is not None and _one_per_paragraph(f, anchor, pid, by_paragraph):
                passages.append(
                    Passage(
                        pid, anchor, themes_of, f.text("note"), f.text("claim", required=False), f"{ppath}:{f.line}"
                    )
                )
        for item in top.items("no_claim", required=False):
            f = Fields(item, ppath, problems, "paragraph without a claim", {"quote", "reason"}, top.line)
            if not f.ok:
                continue
            anchor = _resolve(f, essay, _quote(f))
            reason = f.text("reason")
            if anchor is not None and _one_per_paragraph(f, anchor, "no_claim", by_paragraph):
                no_claims.append(NoClaim(anchor, reason, f"{ppath}:{f.line}"))
    _unique(passage_ids, "passage", problems)
    return passages, no_claims


def _unknown_essay(essay_id: str, by_id: dict[str, Essay]) -> str:
    """What to do about an annotation that names an essay corpus/ does not have."""
    known = f"use the id of an essay ({', '.join(sorted(by_id))}) or " if by_id else ""
    return f"no essay '{essay_id}' in corpus/; {known}add corpus/{essay_id}.md"


def _essay_of_passages_file(top: Fields, stem: str, by_id: dict[str, Essay]) -> Essay | None:
    essay_id = top.text("essay")
    essay = by_id.get(essay_id)
    if essay_id and essay is None:
        top.error("essay", _unknown_essay(essay_id, by_id))
    elif essay_id and essay_id != stem:
        top.error(
            "essay",
            f"the file is named '{stem}.yaml' but annotates '{essay_id}'; name it annotations/passages/{essay_id}.yaml",
        )
    return essay


def _one_per_paragraph(f: Fields, anchor, what: str, by_paragraph: dict[tuple[str, int], str]) -> bool:
    """A paragraph has one passage, or one declaration that it makes no claim, never both."""
    key = (anchor.essay_id, anchor.paragraph)
    if key in by_paragraph:
        where = urls.fragment(urls.passage(anchor.essay_id, anchor.paragraph))
        held = by_paragraph[key]
        first = "declared to make no claim" if held == "no_claim" else f"annotated by passage '{held}'"
        fix = (
            "merge the two (one passage per paragraph)"
            if what != "no_claim" and held != "no_claim"
            else "keep either the passage or the no_claim entry"
        )
        f.error("quote", f"paragraph #{where} is already {first}; {fix}")
        return False
    by_paragraph[key] = what
    return True


def _quote_in(f: Fields, key: str, passage: Passage | None, essays: dict[str, Essay]) -> Anchor | None:
    """An optional quote (`key`) that must lie in `passage`'s paragraph: the sentence that
    carries a relation's point or a debate position's stance."""
    if not f.has(key) or passage is None:
        return None
    anchor = _resolve(f, essays.get(passage.essay_id), _quote(f, key), key)
    if anchor is not None and anchor.paragraph != passage.paragraph:
        f.error(
            key,
            f"'{key}' is in ¶{anchor.paragraph}, but passage '{passage.id}' is ¶{passage.paragraph}; "
            "quote a sentence of the passage's own paragraph",
        )
        return None
    return anchor


def _debates(
    raw: RawSources, problems: Collector, known_themes: set[str], passages: dict, essays: dict[str, Essay]
) -> list[Debate]:
    if raw.debates is None or raw.debates[1] is None:
        return []
    path, items = _top_list(raw.debates, "debates", problems)
    debates: list[Debate] = []
    ids: list[tuple[str, str, int]] = []
    for item in items:
        f = Fields(item, path, problems, "debate", {"id", "theme", "question", "summary", "positions", "verdict"})
        if not f.ok:
            continue
        theme = f.text("theme")
        if theme and theme not in known_themes:
            f.error("theme", f"unknown theme id '{theme}'; use one of: {', '.join(sorted(known_themes))}")
        positions = []
        for entry in f.items("positions"):
            pf = Fields(entry, path, problems, "position", {"passage", "stance", "quote", "note"}, f.line)
            if not pf.ok:
                continue
            pid, stance = pf.text("passage"), pf.text("stance")
            if pid and pid not in passages:
                pf.error("passage", f"unknown passage id '{pid}'; use the id of a passage in annotations/passages/")
            elif pid:
                positions.append(
                    Position(
                        pid, stance, _quote_in(pf, "quote", passages[pid], essays), pf.text("note", required=False)
                    )
                )
        if len({passages[p.passage_id].essay_id for p in positions}) < 2 and f.has("positions"):
            f.error("positions", "a debate needs positions from at least two essays")
        _same_essay_needs_note(f, positions, passages)
        verdict = f.text("verdict")
        stances = {p.stance for p in positions}
        if verdict and verdict not in VERDICTS:
            f.error("verdict", f"verdict '{verdict}' is not one of {', '.join(VERDICTS)}")
        elif verdict == "agree" and len(stances) > 1:
            f.error(
                "verdict",
                "verdict is 'agree' but the positions have different stances; give agreeing "
                "positions the same stance, or say 'disagree' or 'changed-over-time'",
            )
        elif verdict in ("disagree", "changed-over-time") and len(stances) == 1 and positions:
            f.error(
                "verdict",
                f"verdict is '{verdict}' but every position has the same stance; "
                "say 'agree', or give the positions their different stances",
            )
        ids.append((f.identifier(), path, f.line))
        debates.append(Debate(ids[-1][0], theme, f.text("question"), f.text("summary"), tuple(positions), verdict))
    _unique(ids, "debate", problems)
    return debates


def _same_essay_needs_note(f: Fields, positions: list[Position], passages: dict) -> None:
    """An essay that takes two different stances in one debate must say whether the author
    changed or nuanced his view: a reader would otherwise take it for a contradiction."""
    stances: dict[str, set[str]] = {}
    for position in positions:
        stances.setdefault(passages[position.passage_id].essay_id, set()).add(position.stance)
    for essay_id, held in sorted(stances.items()):
        unexplained = [p for p in positions if passages[p.passage_id].essay_id == essay_id and not p.note]
        if len(held) > 1 and unexplained:
            f.error(
                "positions",
                f"the positions of passages {', '.join(p.passage_id for p in unexplained)} "
                "take different stances of one essay; give each a 'note' saying whether the author "
                "changed his view or nuanced it",
            )


WHY_MAX = 200  # a relation's reason is one line of a panel


def _relations(
    raw: RawSources, problems: Collector, passages: dict[str, Passage], order: dict[str, int], essays: dict[str, Essay]
) -> list[Relation]:
    """Relations between passages of different essays; each pair once, in either direction."""
    if raw.relations is None or raw.relations[1] is None:
        return []
    path, items = _top_list(raw.relations, "relations", problems)
    relations: list[Relation] = []
    seen: dict[frozenset, int] = {}
    for item in items:
        f = Fields(item, path, problems, "relation", {"from", "to", "kind", "why", "from_quote", "to_quote"})
        if not f.ok:
            continue
        ends = []
        for key in ("from", "to"):
            pid = f.text(key)
            if pid and pid not in passages:
                close = difflib.get_close_matches(pid, sorted(passages), n=1)
                hint = f"did you mean '{close[0]}'?" if close else "use the id of a passage in annotations/passages/"
                f.error(key, f"unknown passage id '{pid}'; {hint}")
            ends.append(passages.get(pid))
        kind = f.text("kind")
        if kind and kind not in RELATION_KINDS:
            f.error("kind", f"kind '{kind}' is not one of {', '.join(RELATION_KINDS)}")
        why = f.text("why")
        if "\n" in why.strip() or len(why) > WHY_MAX:
            f.error("why", f"'why' is one line of at most {WHY_MAX} characters ({len(why)} now); shorten it")
        source, target = ends
        if source is None or target is None or kind not in RELATION_KINDS:
            continue
        if source.essay_id == target.essay_id:
            f.error("to", f"'{target.id}' is in the same essay as '{source.id}'; relate passages of different essays")
            continue
        if kind == "updates" and order[source.essay_id] <= order[target.essay_id]:
            f.error(
                "kind",
                f"'updates' goes from the later text to the earlier one, but '{source.essay_id}' "
                f"is not later than '{target.essay_id}'; swap from and to",
            )
            continue
        pair = frozenset((source.id, target.id))
        if pair in seen:
            f.error(
                "from",
                f"the pair {source.id} / {target.id} is already related at {path}:{seen[pair]}; "
                "keep one relation per pair",
            )
            continue
        seen[pair] = f.line
        relations.append(
            Relation(
                source.id,
                target.id,
                kind,
                why,
                _quote_in(f, "from_quote", source, essays),
                _quote_in(f, "to_quote", target, essays),
            )
        )
    return relations


def load_corpus(root, proposals_allowed: bool = False) -> Corpus:
    """Load and validate; raise SourceError with every problem found. A draft left in
    annotations/proposals/ is one, unless `proposals_allowed` (`site-builder suggest`, which
    writes them)."""
    return load_corpus_again(root, proposals_allowed=proposals_allowed)[0]


def load_corpus_again(
    root, previous: Readings = NO_READINGS, proposals_allowed: bool = False
) -> tuple[Corpus, Readings]:
    """load_corpus, with the files' readings of an earlier check (`previous`): a file whose
    text is the same is not parsed again (the live preview, after an edit of one file). The
    problems, and the corpus, are those load_corpus finds; with them, this check's readings."""
    from .load import load_sources

    problems = Collector()
    raw = load_sources(root, problems, proposals_allowed, previous)
    corpus = validate(raw, problems)
    if not corpus.essays and not any(p.path.startswith("corpus/") for p in problems.problems):
        problems.add("corpus", 1, "holds no essay; add corpus/<essay-id>.md")  # the first, with the rest
    problems.raise_if_any()
    return corpus, MappingProxyType(raw.readings)
