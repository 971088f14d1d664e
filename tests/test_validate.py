"""The validator: the real corpus passes; each kind of bad input gives `path:line: message`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, run_builder
from site_builder.problems import SourceError
from site_builder.sources.validate import load_corpus

LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+): (?P<message>.+)$", re.M)


def test_real_corpus_validates():
    result = run_builder(ROOT, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 5 essays")


def test_real_corpus_covers_every_theme_in_every_essay_it_discusses():
    corpus = load_corpus(ROOT)
    assert [e.id for e in corpus.essays] == [
        "streltsov-2012",
        "update-2014",
        "shvydko-2017",
        "pajon-2017",
        "streltsov-2018",
    ]
    assert {t.id for t in corpus.themes} == {
        "territorial-issue",
        "sanctions",
        "china",
        "north-korea",
        "economic-cooperation",
        "political-dialogue",
    }
    themes_by_essay = {
        e.id: {t for p in corpus.passages if p.essay_id == e.id for t in p.themes} for e in corpus.essays
    }
    # the 2014 essay never says "sanctions", yet discusses Japan joining the G7 measures
    assert "sanctions" in themes_by_essay["update-2014"]
    assert "north-korea" in themes_by_essay["streltsov-2018"]
    assert "north-korea" not in themes_by_essay["streltsov-2012"]  # only South Korea there
    assert len(corpus.events) >= 35


def test_anchor_resolves_to_the_right_paragraph():
    corpus = load_corpus(ROOT)
    for passage in corpus.passages:
        essay = corpus.essay(passage.essay_id)
        paragraph = next(b for b in essay.paragraphs if b.number == passage.paragraph)
        assert passage.anchor.quote.exact in paragraph.text
    noda = next(e for e in corpus.events if e.id == "noda-visit-cancelled-2012")
    assert noda.date.iso == "2012-11-08"
    first = corpus.essay("streltsov-2012").paragraphs[0]
    assert any(m.anchor.paragraph == 1 for m in noda.mentions)
    assert first.text.startswith("Russo-Japanese relations are clearly on hold.")


def problems_of(root: Path) -> tuple[int, str, list[tuple[str, int, str]]]:
    """What `site-builder check` reports, in this process (the CLI prints each problem as
    path:line: message and exits with 1; tests/test_hostile.py runs it as a reader would)."""
    try:
        load_corpus(root)
    except SourceError as error:
        text = "\n".join(str(p) for p in error.problems)
        return 1, text, [(p.path, p.line, p.message) for p in error.problems]
    return 0, "", []


def assert_reports(root: Path, path: str, line: int | None, *words: str) -> None:
    code, stderr, found = problems_of(root)
    assert code != 0
    assert "Traceback" not in stderr
    matching = [
        f
        for f in found
        if f[0] == path and (line is None or f[1] == line) and all(w.lower() in f[2].lower() for w in words)
    ]
    assert matching, f"expected {path}:{line} with {words}, got:\n{stderr}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_mini_fixture_is_valid(mini):
    code, stderr, _ = problems_of(mini)
    assert code == 0, stderr


def test_malformed_yaml(mini):
    edit(mini / "annotations/themes.yaml", "    label: Sanctions", "    label: [Sanctions")
    assert_reports(mini, "annotations/themes.yaml", None, "malformed YAML")


def test_missing_required_field(mini):
    edit(mini / "annotations/passages/alpha-2015.yaml", "    note: The dispute continues.\n", "")
    assert_reports(mini, "annotations/passages/alpha-2015.yaml", 3, "missing required field 'note'")


def test_unknown_theme_suggests_the_closest(mini):
    edit(mini / "annotations/passages/alpha-2015.yaml", "themes: [territorial-issue]", "themes: [territorial]")
    assert_reports(
        mini,
        "annotations/passages/alpha-2015.yaml",
        6,
        "unknown theme id 'territorial'",
        "did you mean 'territorial-issue'",
    )


def test_unknown_entity_and_essay(mini):
    edit(mini / "annotations/events.yaml", "entities: [crimea]", "entities: [krym]")
    edit(mini / "annotations/events.yaml", "essay: alpha-2015", "essay: beta-2016")
    assert_reports(mini, "annotations/events.yaml", 7, "unknown entity id 'krym'")
    assert_reports(mini, "annotations/events.yaml", 9, "no essay 'beta-2016'")


def test_annotation_file_for_missing_essay(mini):
    (mini / "annotations/passages/ghost-2020.yaml").write_text("essay: ghost-2020\npassages: []\n", encoding="utf-8")
    assert_reports(mini, "annotations/passages/ghost-2020.yaml", 1, "no essay 'ghost-2020'")


def test_duplicate_id(mini):
    edit(mini / "annotations/passages/alpha-2015.yaml", "id: alpha-2015-sanctions", "id: alpha-2015-dispute")
    assert_reports(mini, "annotations/passages/alpha-2015.yaml", 8, "defined twice")


def test_quote_that_matches_nowhere(mini):
    edit(mini / "annotations/passages/alpha-2015.yaml", "the peace treaty is not signed", "the peace treaty was signed")
    assert_reports(mini, "annotations/passages/alpha-2015.yaml", 4, "matches nowhere")


def test_quote_that_matches_twice(mini):
    edit(mini / "annotations/passages/alpha-2015.yaml", "the peace treaty is not signed", "islands")
    assert_reports(mini, "annotations/passages/alpha-2015.yaml", 4, "matches 2 times", "#p-1", "#p-2", "prefix")


def test_quote_disambiguated_by_prefix(mini):
    edit(
        mini / "annotations/passages/alpha-2015.yaml",
        'exact: "the peace treaty is not signed"',
        'exact: "The islands"\n      suffix: " in the north"',
    )
    code, stderr, _ = problems_of(mini)
    assert code == 0, stderr
    corpus = load_corpus(mini)
    assert next(p for p in corpus.passages if p.id == "alpha-2015-dispute").paragraph == 1


def test_impossible_date(mini):
    edit(mini / "corpus/alpha-2015.md", 'date: "2015-03-02"', 'date: "2015-02-30"')
    assert_reports(mini, "corpus/alpha-2015.md", 7, "not a real date")
    edit(mini / "annotations/events.yaml", 'date: "2014-03"', 'date: "2014-13"')
    assert_reports(mini, "annotations/events.yaml", 3, "no month 13")


def test_non_utf8_empty_and_binary_files(mini):
    (mini / "annotations/glossary.yaml").write_bytes("terms:\n  - id: caf\xe9\n".encode("latin-1"))
    (mini / "annotations/entities.yaml").write_text("", encoding="utf-8")
    (mini / "corpus/alpha-2015.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert_reports(mini, "annotations/glossary.yaml", 2, "not valid UTF-8")
    assert_reports(mini, "annotations/entities.yaml", 1, "empty")
    assert_reports(mini, "corpus/alpha-2015.md", 1, "binary")


def test_malformed_front_matter_and_unknown_field(mini):
    edit(mini / "corpus/alpha-2015.md", "venue: Test Review", "venue: Test Review\nvenu: typo")
    assert_reports(mini, "corpus/alpha-2015.md", 9, "unknown field 'venu'", "did you mean 'venue'")
    edit(mini / "corpus/alpha-2015.md", "language: en", "language: [en")
    assert_reports(mini, "corpus/alpha-2015.md", None, "malformed YAML")


def test_every_problem_is_reported_at_once(mini):
    edit(mini / "annotations/passages/alpha-2015.yaml", "themes: [territorial-issue]", "themes: [nope]")
    edit(mini / "annotations/events.yaml", 'date: "2014-03"', 'date: "March 2014"')
    code, stderr, found = problems_of(mini)
    assert code == 1 and len(found) == 2, stderr


def test_debate_with_unknown_passage(mini):
    (mini / "annotations/debates.yaml").write_text(
        "debates:\n  - id: d\n    theme: sanctions\n    question: Q?\n    summary: S.\n    positions:\n"
        "      - passage: alpha-2015-sanctions\n        stance: yes\n"
        "      - passage: alpha-2015-nothing\n        stance: no\n",
        encoding="utf-8",
    )
    assert_reports(mini, "annotations/debates.yaml", 9, "unknown passage id 'alpha-2015-nothing'")


def test_an_essay_id_in_text_a_reader_sees_is_refused(mini):
    """Notes, descriptions and date notes are read on the site: "alpha-2015 says" there is an
    internal name; the message gives the label to write."""
    edit(
        mini / "annotations/passages/alpha-2015.yaml",
        "note: The dispute continues.",
        "note: The dispute continues, as alpha-2015 says.",
    )
    code, stderr, found = problems_of(mini)
    assert code != 0 and "Traceback" not in stderr
    assert (
        "annotations/passages/alpha-2015.yaml",
        7,
        "'note' names the essay 'alpha-2015' by its id, which readers see; write its label 'Example 2015'",
    ) in found


# --- every kind of refusal, as the reader of `site-builder check` sees it ----------------------

TRIO = Path(__file__).parent / "fixtures" / "trio"
FRONT = "corpus/alpha-2015.md"
AUTHOR = "authors:\n  - name: Ann Example\n    affiliation: Test Institute\n"
ABSTRACT = "abstract: A two-paragraph essay used by the tests.\n"
MENTIONS = '    mentions:\n      - essay: alpha-2015\n        quote: {exact: "imposed after Crimea"}'


def _replace(rel: str, old: str, new: str):
    return lambda root: edit(root / rel, old, new)


def _without_body(root: Path) -> None:
    path = root / FRONT
    path.write_text(path.read_text(encoding="utf-8").split("---\n\n")[0] + "---\n", encoding="utf-8")


REFUSALS = [
    (
        "id differs from the file name",
        None,
        _replace(FRONT, "id: alpha-2015", "id: alpha-2016"),
        "corpus/alpha-2015.md:2: front matter: id 'alpha-2016' differs from the file name 'alpha-2015.md'; "
        "make them the same",
    ),
    (
        "unknown authors without a note",
        None,
        _replace(FRONT, AUTHOR, "authors: unknown\n"),
        "corpus/alpha-2015.md:4: front matter: authors are 'unknown': add 'authors_note' saying what the source says",
    ),
    (
        "no author",
        None,
        _replace(FRONT, AUTHOR, "authors: []\n"),
        "corpus/alpha-2015.md:4: front matter: give at least one author, or write authors: unknown",
    ),
    (
        "neither abstract nor summary",
        None,
        _replace(FRONT, ABSTRACT, ""),
        "corpus/alpha-2015.md:2: front matter: give the author's 'abstract', or a short 'summary' marked "
        "summary_is_editorial: true",
    ),
    (
        "a summary not marked as ours",
        None,
        _replace(FRONT, ABSTRACT, "summary: Ours.\n"),
        "corpus/alpha-2015.md:10: front matter: a summary is ours, not the author's: add summary_is_editorial: true",
    ),
    (
        "an inferred date without its reasoning",
        None,
        _replace(FRONT, 'date: "2015-03-02"\n', 'date: "2015-03-02"\ndate_inferred: true\n'),
        "corpus/alpha-2015.md:8: front matter: an inferred date needs a 'date_note' saying from what it is inferred",
    ),
    (
        "an unknown venue without a note",
        None,
        _replace(FRONT, "venue: Test Review\n", "venue: unknown\n"),
        "corpus/alpha-2015.md:8: front matter: venue is 'unknown': add a 'venue_note' saying what the source says",
    ),
    (
        "no body",
        None,
        _without_body,
        "corpus/alpha-2015.md:2: the essay has no body text after the front matter; paste the essay",
    ),
    (
        "an entity's kind",
        None,
        _replace("annotations/entities.yaml", "kind: place", "kind: country"),
        "annotations/entities.yaml:3: entity: kind 'country' is not one of person, place, organisation",
    ),
    (
        "a passages file named after another essay",
        None,
        lambda root: (root / "annotations/passages/alpha-2015.yaml").rename(root / "annotations/passages/alpha.yaml"),
        "annotations/passages/alpha.yaml:1: passages file: the file is named 'alpha.yaml' but annotates 'alpha-2015'; "
        "name it annotations/passages/alpha-2015.yaml",
    ),
    (
        "a paragraph annotated twice",
        None,
        _replace(
            "annotations/passages/alpha-2015.yaml", 'exact: "Sanctions were imposed"', 'exact: "the peace treaty"'
        ),
        "annotations/passages/alpha-2015.yaml:9: passage: paragraph #p-1 is already annotated by passage "
        "'alpha-2015-dispute'; merge the two (one passage per paragraph)",
    ),
    (
        "an event that ends before it starts",
        None,
        _replace("annotations/events.yaml", 'date: "2014-03"\n', 'date: "2014-03"\n    end: "2013-01"\n'),
        "annotations/events.yaml:4: event: the end 2013-01 comes before the start 2014-03; swap them",
    ),
    (
        "an event no essay mentions",
        None,
        _replace("annotations/events.yaml", MENTIONS, "    mentions: []"),
        "annotations/events.yaml:8: event: an event needs at least one mention in an essay",
    ),
    (
        "a debate's theme",
        TRIO,
        _replace("annotations/debates.yaml", "theme: sanctions", "theme: sanction"),
        "annotations/debates.yaml:3: debate: unknown theme id 'sanction'; use one of: sanctions, territorial-issue",
    ),
    (
        "a debate's verdict",
        TRIO,
        _replace("annotations/debates.yaml", "verdict: disagree", "verdict: unclear"),
        "annotations/debates.yaml:5: debate: verdict 'unclear' is not one of agree, disagree, changed-over-time",
    ),
    (
        "'agree' over different stances",
        TRIO,
        _replace("annotations/debates.yaml", "verdict: disagree", "verdict: agree"),
        "annotations/debates.yaml:5: debate: verdict is 'agree' but the positions have different stances; give "
        "agreeing positions the same stance, or say 'disagree' or 'changed-over-time'",
    ),
    (
        "'disagree' over one stance",
        TRIO,
        _replace("annotations/debates.yaml", "verdict: agree", "verdict: disagree"),
        "annotations/debates.yaml:15: debate: verdict is 'disagree' but every position has the same stance; say "
        "'agree', or give the positions their different stances",
    ),
    (
        "a paragraph both annotated and declared without a claim",
        None,
        lambda root: (
            (root / "annotations/passages/alpha-2015.yaml")
            .open("a", encoding="utf-8")
            .write(
                'no_claim:\n  - quote: {exact: "The islands are mentioned again here."}\n    reason: It only repeats.\n'
            )
        ),
        "annotations/passages/alpha-2015.yaml:14: paragraph without a claim: paragraph #p-2 is already annotated by "
        "passage 'alpha-2015-sanctions'; keep either the passage or the no_claim entry",
    ),
    (
        "a relation's quote outside its passage's paragraph",
        TRIO,
        _replace(
            "annotations/relations.yaml",
            "    kind: updates\n",
            '    kind: updates\n    to_quote: {exact: "Sanctions still weigh on trade"}\n',
        ),
        "annotations/relations.yaml:5: relation: 'to_quote' is in ¶2, but passage 'beta-2016-sochi-meeting' is ¶1; "
        "quote a sentence of the passage's own paragraph",
    ),
    (
        "one essay in two stances, unexplained",
        TRIO,
        _replace(
            "annotations/debates.yaml",
            "        stance: No, they were never the obstacle\n",
            "        stance: No, they were never the obstacle\n"
            "      - passage: gamma-2018-nothing-moved\n        stance: Yes, they weigh on trade\n",
        ),
        "annotations/debates.yaml:7: debate: the positions of passages gamma-2018-sanctions-not-obstacle, "
        "gamma-2018-nothing-moved take different stances of one essay; give each a 'note' saying whether the "
        "author changed his view or nuanced it",
    ),
]


@pytest.mark.parametrize("name, source, change, expected", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_each_refusal_names_its_file_line_and_what_to_do(tmp_path, name, source, change, expected):
    from conftest import MINI, copy_project, reported

    root = copy_project(tmp_path / "p", source or MINI)
    change(root)
    found = reported(root)
    assert expected in found
    if name not in ("id differs from the file name", "no body"):  # these leave the annotations without their text
        assert found == [expected]  # and nothing else: no second message for the same fault


def test_an_empty_corpus_says_so_and_what_each_annotation_file_needs(tmp_path):
    from conftest import MINI, copy_project, reported

    root = copy_project(tmp_path / "p", MINI)
    (root / FRONT).unlink()
    assert reported(root) == [
        "annotations/events.yaml:9: event mention: no essay 'alpha-2015' in corpus/; add corpus/alpha-2015.md",
        "annotations/passages/alpha-2015.yaml:1: passages file: no essay 'alpha-2015' in corpus/; add corpus/alpha-2015.md",
        "corpus:1: holds no essay; add corpus/<essay-id>.md",
    ]
