"""The sentence that carries a shared point (site_builder/sentences.py): its splitter agrees
with pysbd, the rule-based splitter it stands in for, on every paragraph of the five essays."""

from __future__ import annotations

import pysbd
import pytest

from conftest import ROOT
from site_builder.linking.sentences import sentence_at, sentence_spans
from site_builder.sources.validate import load_corpus


def test_every_paragraph_splits_as_pysbd_splits_it():
    segmenter = pysbd.Segmenter(language="en", clean=False)
    paragraphs = [block.text for essay in load_corpus(ROOT).essays for block in essay.paragraphs]
    assert len(paragraphs) == 100
    for text in paragraphs:
        ours = [text[start:end].strip() for start, end in sentence_spans(text)]
        assert ours == [s.strip() for s in segmenter.segment(text)], text


@pytest.mark.parametrize(
    "text, at, sentence",
    [
        ("Abe went to Sochi. Putin met him there.", 20, "Putin met him there."),
        ("Abe went to Sochi. Putin met him there.", 3, "Abe went to Sochi."),
        ("The U.S. alliance holds. Moscow knows it.", 5, "The U.S. alliance holds."),  # an abbreviation
        ("As Mr. Abe said, it holds. Next.", 8, "As Mr. Abe said, it holds."),
        ("He wrote [Abe 2016. Tokyo]. Then he left.", 12, "He wrote [Abe 2016. Tokyo]."),  # a reference
        ("“Let us act. Let us overcome,” Abe said. Putin smiled.", 15, "“Let us act. Let us overcome,” Abe said."),
        ("Issues: 1) one; and 2) two.", 25, "2) two."),  # a numbered list in a sentence
        ("No full stop at the end", 4, "No full stop at the end"),
    ],
)
def test_the_sentence_at_an_offset(text, at, sentence):
    assert sentence_at(text, at) == sentence
