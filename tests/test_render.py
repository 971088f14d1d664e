"""The render stage's own pieces, with literal expectations: the navigation derived from the
corpus, the escaping filters, counts with their nouns, the line of a panel, the template that
writes a page and the prose linker's table (on the three-essay fixture)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from site_builder import urls
from site_builder.pages.render import (
    count_of,
    front_matter_text,
    link_table,
    md_escape,
    md_heading,
    navigation,
    panel_item_markdown,
    snippet,
    template_of,
)
from site_builder.pages.views import PanelItem, tips_script
from site_builder.sources.validate import load_corpus

TRIO = Path(__file__).parent / "fixtures" / "trio"


@pytest.fixture(scope="module")
def trio():
    return load_corpus(TRIO)


def test_the_navigation_lists_the_essays_in_date_order_then_the_themes(trio):
    assert navigation(trio) == [
        {"Overview": "index.md"},
        {
            "Essays": [
                {"All essays": "essays/index.md"},
                {"Example 2015": "essays/alpha-2015.md"},
                {"Second 2016": "essays/beta-2016.md"},
                {"Sample 2018": "essays/gamma-2018.md"},
            ]
        },
        {
            "Themes": [
                {"All themes": "themes/index.md"},
                {"Territorial issue": "themes/territorial-issue.md"},
                {"Sanctions": "themes/sanctions.md"},
            ]
        },
        {"Where the authors disagree": "debates.md"},
        {"Timeline": "timeline.md"},
        {"Analysis": "analysis.md"},
        {"Entities": "entities.md"},
        {"Glossary": "glossary.md"},
        {"Data": "data/index.md"},
    ]  # the rights page: in every footer


@pytest.mark.parametrize(
    "text, shown",
    [
        ("a*b_c", "a\\*b\\_c"),
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("it's", "it's"),  # an apostrophe means nothing to Markdown or HTML text
        ("#1 and a#b", "\\#1 and a\\#b"),
        ("a  b\n c", "a b c"),
        ("[x](y)", "\\[x\\](y)"),
        ('say "hi"', "say &#34;hi&#34;"),  # a double quote could close a link title
        ("{: .x }", "\\{: .x \\}"),  # no attribute list
        ("~^|`\\", "\\~\\^\\|\\`\\\\"),
    ],
)
def test_text_is_escaped_for_markdown_and_html(text, shown):
    assert str(md_escape(text)) == shown


def test_a_heading_keeps_its_quotes_and_front_matter_is_escaped_html_in_json():
    assert str(md_heading('say "hi"')) == 'say "hi"'
    assert str(front_matter_text('<a> "x" é')) == '"&lt;a&gt; &#34;x&#34; é"'


@pytest.mark.parametrize(
    "n, shown", [(0, "0 passages"), (1, "1 passage"), (2, "2 passages"), (12000, "12,000 passages")]
)
def test_a_count_takes_the_singular_only_for_one(n, shown):
    assert count_of(n, "passage") == shown


def test_a_line_of_a_panel():
    asserted = PanelItem("Pajon 2017", 4, urls.passage("pajon-2017", 4), "agrees: both *say* so", True)
    computed = PanelItem("Streltsov 2012", 7, urls.passage("streltsov-2012", 7), "same theme: China", False)
    here = urls.passage("streltsov-2018", 21)  # the passage whose panel shows them
    assert str(panel_item_markdown(asserted, here)) == (
        "- [Pajon 2017, ¶4](pajon-2017.md#p-4){: .xref-link } — **Editors’ relation**, *agrees: both \\*say\\* so* "
        "[Compare](pajon-2017.md?compare=streltsov-2018/p-21#p-4){: .xref-compare "
        'aria-label="Compare Pajon 2017 ¶4 with ¶21 side by side" data-compare="streltsov-2018/p-21 pajon-2017/p-4" }'
    )
    assert str(panel_item_markdown(computed, here)) == (
        "- [Streltsov 2012, ¶7](streltsov-2012.md#p-7){: .xref-link } — *same theme: China* "
        "[Compare](streltsov-2012.md?compare=streltsov-2018/p-21#p-7){: .xref-compare "
        'aria-label="Compare Streltsov 2012 ¶7 with ¶21 side by side" data-compare="streltsov-2018/p-21 streltsov-2012/p-7" }'
    )
    # a label of other characters stays out of the attribute list: the name gives the numbers alone
    odd = PanelItem('A "quoted" {label}', 2, urls.passage("a-2020", 2), "same theme: China", False)
    assert 'aria-label="Compare ¶2 with ¶21 side by side"' in str(panel_item_markdown(odd, here))


@pytest.mark.parametrize(
    "text, shown",
    [
        ("Short.", "Short."),
        ("First paragraph.\n\nSecond paragraph.", "First paragraph."),
        ("word " * 60, "word " * 38 + "word…"),  # 194 characters: the cut falls at the last space before 200
        ("A list of things, " + "x" * 190, "A list of things…"),
    ],
)
def test_a_meta_description_is_the_first_paragraph_cut_at_a_word(text, shown):
    assert snippet(text) == shown


def test_what_a_prose_links_preview_says_is_in_one_script_keyed_like_the_links(trio):
    script = tips_script(trio)
    assert script.startswith("window.__tips = {") and script.endswith("};\n")
    tips = json.loads(script[len("window.__tips = ") : -2])
    assert tips["event:shimoda-treaty-1855"] == "1855: First border treaty"
    assert tips["term:peace-treaty"] == "The treaty not yet signed."
    assert tips["entity:crimea"] == "Crimea: A peninsula."
    assert tips["theme:territorial-issue"] == "Theme: Territorial issue"
    assert {p["key"] for p in link_table(trio)["phrases"]} <= set(tips)  # every linked phrase has its preview


@pytest.mark.parametrize(
    "page, template",
    [
        ("index.md", "index.md.j2"),
        ("essays/index.md", "essays_index.md.j2"),
        ("essays/pajon-2017.md", "essay.md.j2"),
        ("themes/china.md", "theme.md.j2"),
        ("themes/index.md", "themes_index.md.j2"),
        ("rights.md", "rights.md.j2"),
        ("data/index.md", "data.md.j2"),
        ("other.md", ""),
        ("essays/a/b.md", ""),
    ],
)
def test_the_template_that_writes_a_page(page, template):
    assert template_of(page) == template


def test_the_prose_linker_table(trio):
    table = link_table(trio)
    assert len(table["phrases"]) == 17
    assert table["phrases"][0] == {
        "phrase": "the 1855 treaty drew the first border",
        "href": "../timeline.md#event-shimoda-treaty-1855",
        "key": "event:shimoda-treaty-1855",
        "kind": "event",
        "event": "shimoda-treaty-1855",
    }
    first_of_kind = {}
    for phrase in table["phrases"]:
        first_of_kind.setdefault(phrase["kind"], phrase)
    assert first_of_kind["term"] == {
        "phrase": "peace treaty",
        "href": "../glossary.md#peace-treaty",
        "key": "term:peace-treaty",
        "kind": "term",
    }
    assert first_of_kind["entity"] == {
        "phrase": "Crimea",
        "href": "../entities.md#crimea",
        "key": "entity:crimea",
        "kind": "entity",
    }
    assert first_of_kind["theme"] == {
        "phrase": "Territorial issue",
        "href": "../themes/territorial-issue.md",
        "key": "theme:territorial-issue",
        "kind": "theme",
    }
    assert [p["phrase"] for p in table["phrases"]] == [
        "the 1855 treaty drew the first border",
        "The 1956 declaration",
        "imposed after Crimea",
        "since Crimea was annexed",
        "The meeting of 6 May 2016 in Sochi",
        "the Sochi meeting of May 2016",
        "peace treaty",
        "Crimea",
        "Crimea",
        "Sochi",
        "Sochi",
        "Territorial issue",
        "peace treaty",
        "islands",
        "Sanctions",
        "Sanctions",
        "sanctions",
    ]  # every name and alias of every event, term, entity and theme
    assert table["not_when"] == {}
    kinds = [p["kind"] for p in table["phrases"]]
    assert kinds == sorted(kinds, key=["event", "term", "entity", "theme"].index)  # events first: the longest quotes


def test_names_that_mean_something_else_here_are_in_the_table():
    """The editors' `not_when` of entities and themes reach the prose linker unchanged."""
    table = link_table(load_corpus(Path(__file__).parent.parent))
    assert table["not_when"] == {
        "entity:junichiro-koizumi": ["Koizumi 2016", "Koizumi Yu."],  # a cited author, not the prime minister
        "entity:mofa": ["Russian Ministry of Foreign Affairs"],
        "entity:russian-foreign-ministry": ["Chinese Foreign Ministry"],
        "theme:territorial-issue": ["the territorial dispute is interfering"],
    }


def test_a_template_compiled_in_another_copy_of_the_project_names_this_copys_file(tmp_path: Path):
    """Compiled templates are kept by name (render.CompiledTemplates): a project copied elsewhere
    reuses them, and a template error still names the copy's own template file and line."""
    from jinja2 import Environment, FileSystemLoader

    from site_builder.pages.render import CompiledTemplates
    from site_builder.pages.template_errors import template_problem

    compiled = tmp_path / "compiled"
    compiled.mkdir()
    source = "{% macro share(n) %}{{ 100 // n }}{% endmacro %}\nShare: {{ share(n) }}\n"
    for copy in ("first", "second"):
        (tmp_path / copy / "templates").mkdir(parents=True)
        (tmp_path / copy / "templates" / "shares.md.j2").write_text(source, encoding="utf-8")

    def render(copy: str, n: int) -> str:
        templates = tmp_path / copy / "templates"
        env = Environment(loader=FileSystemLoader(str(templates)), bytecode_cache=CompiledTemplates(str(compiled)))
        try:
            return env.get_template("shares.md.j2").render(n=n)
        except ZeroDivisionError as error:
            return str(template_problem(error, templates, tmp_path / copy))

    assert render("first", 4) == "\nShare: 25"
    assert len(list(compiled.iterdir())) == 1  # compiled once, kept
    assert render("second", 0) == (
        "templates/shares.md.j2:1: template error: ZeroDivisionError: integer division "
        "or modulo by zero; fix the template"
    )
    assert len(list(compiled.iterdir())) == 1  # the copy used it
