"""The quote resolver, table-driven (issue #12): a quote anchors to exactly one place in one
body paragraph, or the build stops saying why. Every expected value is written out by hand."""

from __future__ import annotations

import pytest

from conftest import ROOT
from site_builder.sources.anchors import resolve
from site_builder.sources.load import split_blocks
from site_builder.sources.markdown_reading import site_extensions
from site_builder.sources.model import Essay, PartialDate, Quote

SITE_MARKDOWN = site_extensions(ROOT)  # the extensions of the project's mkdocs.yml

BODY = """\
# Heading about the Kurils

Japan wants the islands back. Russia says the islands are Russian.

Moscow’s “new approach” is gradual. The islands matter to both.

Japan joined the sanctions late, and the sanctions stayed.

It rained, it rained, it rained.

- a list item about the islands
"""


def essay() -> Essay:
    return Essay(
        id="test-2020",
        title="T",
        authors=(),
        authors_note="",
        date=PartialDate(2020),
        date_inferred=False,
        date_note="",
        venue="",
        venue_note="",
        language="en",
        abstract="",
        abstract_label="",
        summary="",
        summary_is_editorial=False,
        keywords=(),
        source_file="t.txt",
        path="corpus/test-2020.md",
        blocks=tuple(split_blocks(BODY, 1, SITE_MARKDOWN)),
    )


CASES = [
    # (name, quote, paragraph resolved to or None, offset of `exact` in that paragraph, or the message)
    ("one match", Quote("Russia says"), 1, 30),
    ("one match, curly quotes as the essay has them", Quote("Moscow’s “new approach”"), 2, 0),
    ("one match made unique by a prefix, twice in one paragraph", Quote("islands", prefix="Russia says the "), 1, 46),
    ("one match made unique by a suffix, across paragraphs", Quote("The islands", suffix=" matter"), 2, 36),
    (
        "two matches in one paragraph",
        Quote("the sanctions"),
        None,
        "quote 'the sanctions' matches 2 times in essay 'test-2020' (#p-3); add a 'prefix' or 'suffix' with the "
        "words around the one you mean",
    ),
    (
        "three matches in one paragraph",
        Quote("rained"),
        None,
        "quote 'rained' matches 3 times in essay 'test-2020' (#p-4); add a 'prefix' or 'suffix' with the "
        "words around the one you mean",
    ),
    (
        "a long quote is shortened in the message",
        Quote("No such sentence is in this essay, however long one makes it, and it goes on and on here."),
        None,
        "quote 'No such sentence is in this essay, however long one makes it, and it goes on ...' matches nowhere "
        "in essay 'test-2020' (anywhere); copy the words exactly as the essay has them (quotes ’ “ ” included, no "
        "line breaks)",
    ),
    (
        "matches in two paragraphs",
        Quote("islands"),
        None,
        "quote 'islands' matches 3 times in essay 'test-2020' (#p-1, #p-2); add a 'prefix' or 'suffix' with the "
        "words around the one you mean",
    ),
    (
        "straight quotes where the essay has curly ones",
        Quote('Moscow\'s "new approach"'),
        None,
        "quote 'Moscow\\'s \"new approach\"' matches nowhere in essay 'test-2020' (anywhere); copy the words exactly "
        "as the essay has them (quotes ’ “ ” included, no line breaks)",
    ),
    (
        "two spaces where the essay has one",
        Quote("Japan  wants"),
        None,
        "quote 'Japan  wants' matches nowhere in essay 'test-2020' (anywhere); copy the words exactly as the essay "
        "has them (quotes ’ “ ” included, no line breaks)",
    ),
    (
        "across two paragraphs",
        Quote("Russian. Moscow’s"),
        None,
        "quote 'Russian. Moscow’s' matches nowhere in essay 'test-2020' (anywhere); copy the words exactly as the "
        "essay has them (quotes ’ “ ” included, no line breaks)",
    ),
    (
        "only in the heading",
        Quote("Heading about"),
        None,
        "quote 'Heading about' matches nowhere in essay 'test-2020' (in a heading or the reference list); anchor "
        "to a body paragraph",
    ),
    (
        "the exact text with a wrong prefix",
        Quote("Russia says", prefix="Tokyo "),
        None,
        "quote 'Russia says' matches nowhere in essay 'test-2020' (anywhere); the exact text occurs, but not with "
        "this prefix/suffix: correct them",
    ),
    ("empty", Quote("  "), None, "the quote's 'exact' text is empty; copy a phrase of the paragraph"),
]


@pytest.mark.parametrize("name,quote,paragraph,expected", CASES, ids=[c[0] for c in CASES])
def test_quote_resolves_to_one_place_or_says_why(name, quote, paragraph, expected):
    anchor, message = resolve(essay(), quote)
    if paragraph is None:
        assert anchor is None
        assert message == expected
    else:
        assert message == ""
        assert (anchor.essay_id, anchor.paragraph, anchor.start) == ("test-2020", paragraph, expected)


# --- the one text model: what a reader sees in a block, from Python-Markdown's rendering ------

TEXT_CASES = [
    ("*italic* and **bold**", "italic and bold"),
    ("_emphasis_ too", "emphasis too"),
    ("[a link](https://example.org/x) in the text", "a link in the text"),
    ("AT&amp;T and R&D", "AT&T and R&D"),
    ("see <https://example.org/>", "see https://example.org/"),
    ("a \\*literal\\* star", "a *literal* star"),
    ("one line\nand the next", "one line and the next"),
    ("Moscow’s “new approach”", "Moscow’s “new approach”"),
]


@pytest.mark.parametrize("markdown,text", TEXT_CASES, ids=[c[1] for c in TEXT_CASES])
def test_a_block_reads_as_the_reader_sees_it(markdown, text):
    from site_builder.sources.load import markdown_renderer, plain_text

    assert plain_text(markdown, markdown_renderer(SITE_MARKDOWN)) == text


def test_a_reference_definition_is_not_a_paragraph_and_its_links_read_as_text():
    blocks = split_blocks("First [the source][1].\n\n[1]: https://example.org/source\n\nSecond.", 10, SITE_MARKDOWN)
    assert [(b.kind, b.number, b.text, b.line) for b in blocks] == [
        ("paragraph", 1, "First the source.", 10),
        ("definition", 0, "", 12),
        ("paragraph", 2, "Second.", 14),
    ]
