"""The prose linker on the element tree: where it links, where it never does, and that a
second pass changes nothing."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown

from site_builder.pages.mdext import LinkTable, MentionLinker

TABLE = LinkTable(
    {
        "phrases": [
            {"phrase": "Kuril Islands", "href": "../themes/t.md", "title": "Theme", "key": "theme:t", "kind": "theme"},
            {"phrase": "Koizumi", "href": "../entities.md#k", "title": "PM", "key": "entity:k", "kind": "entity"},
            {"phrase": "hikiwake", "href": "../glossary.md#h", "title": "compromise", "key": "term:h", "kind": "term"},
        ],
        "not_when": {"entity:k": ["Koizumi 2016"]},
    }
)

SOURCE = """# Kuril Islands

The Kuril Islands and the Kuril Islands again; *hikiwake* and `Koizumi` in code, [Koizumi](x.md) linked.
{: #p-1 }

Koizumi spoke [Koizumi 2016] of the Kuril Islands, not hikiwake.
{: #p-2 }

- Kuril Islands in a list
"""


def render(passes: int = 1) -> str:
    md = markdown.Markdown(extensions=["attr_list"])
    root = etree.fromstring("<div>" + md.convert(SOURCE) + "</div>")
    linker = MentionLinker(md, TABLE)
    for _ in range(passes):
        linker.run(root)
    return etree.tostring(root, encoding="unicode")


def test_links_once_per_paragraph_and_never_in_headings_code_links_or_lists():
    root = etree.fromstring(render())
    p1, p2 = root.findall("p")
    theme_links = [a for a in p1.iter("a") if a.get("data-ref") == "theme:t"]
    assert len(theme_links) == 1 and theme_links[0].text == "Kuril Islands"
    assert [a.text for a in p1.iter("a") if a.get("data-ref") == "term:h"] == ["hikiwake"]  # inside <em>
    assert not [a for a in p1.iter("a") if a.get("data-ref") == "entity:k"]  # code and existing link skipped
    assert not [a for a in root.find("h1").iter("a") if "xref" in a.get("class", "")]
    assert not list(root.find("ul").iter("a"))
    # "Koizumi" the PM is linked, "Koizumi 2016" (a cited author) is not
    entity = [a for a in p2.iter("a") if a.get("data-ref") == "entity:k"]
    assert len(entity) == 1 and entity[0].tail.startswith(" spoke")
    # themes, entities and glossary terms are linked at their first mention on the page
    assert not [a for a in p2.iter("a") if a.get("data-ref") == "theme:t"]
    assert not [a for a in p2.iter("a") if a.get("data-ref") == "term:h"]


LONG = LinkTable(
    {
        "phrases": [
            {
                "phrase": "the summit in Sochi of May 2016",
                "href": "../timeline.md#event-s",
                "title": "May 2016",
                "key": "event:s",
                "kind": "event",
                "event": "s",
            },
            {"phrase": "Abe", "href": "../entities.md#abe", "title": "PM", "key": "entity:abe", "kind": "entity"},
        ]
    }
)


def test_no_paragraph_is_mostly_links():
    """A link that would put more than 30 % of a paragraph's characters inside inserted links is
    left out; shorter ones still fit."""
    md = markdown.Markdown(extensions=["attr_list"])
    source = (
        'Abe went to the summit in Sochi of May 2016.\n{: #p-1 data-events="s" }\n\n'
        "Abe went to the summit in Sochi of May 2016, and talked for a long while with everyone about "
        'the islands and the economy.\n{: #p-2 data-events="s" }\n'
    )
    root = etree.fromstring("<div>" + md.convert(source) + "</div>")
    MentionLinker(md, LONG).run(root)
    short, long_ = root.findall("p")
    assert [a.text for a in short.iter("a") if a.get("data-ref")] == ["Abe"]  # 3 of 45 characters
    assert [a.text for a in long_.iter("a") if a.get("data-ref")] == ["the summit in Sochi of May 2016"]  # 31 of 124


def test_second_pass_changes_nothing():
    assert render(passes=2) == render(passes=1)
