"""The markup policy (site_builder/sources/policy.py) read by Python-Markdown with the site's own
extensions: a table of blocks, each with the problems a reader of the message sees (line offset
within the block, message). Fast and in-process (mutmut's selection)."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from site_builder.sources.markdown_reading import site_extensions
from site_builder.sources.policy import MarkupReader, markdown_problems

LINK_HINT = "link to an http(s) address or to a page of this site: [text](https://…) or [text](other-essay.md#p-3)"
RAW_HINT = (
    "write Markdown instead (*italics*, **bold**, [text](https://…) or [text](other-essay.md#p-3)), "
    "or &lt; for a literal '<'"
)
ATTR_HINT = r"attribute lists may set only #id, .class and data-* attributes (write \{ for a literal brace)"
SCRIPT = (
    "<script> is not allowed in an essay: no source may run code in the reader's browser; "
    "delete it (to show the word, write &lt;script&gt;)"
)
JAVASCRIPT = (
    f"a link to 'javascript:' is not allowed in an essay (it could run code in the reader's browser); {LINK_HINT}"
)
HEADING = (
    "a heading may not hold '<' or '>': its text goes into the navigation and the table of contents, where "
    "the theme would read it as markup; write it in words (e.g. 'less than'), or use other brackets"
)
IMAGE = (
    "an image ![…](…) is not allowed in an essay: the site shows no picture from its sources and "
    "loads nothing from other hosts; describe the figure in words, or link to it: [Figure 1](https://…)"
)

CASES = [
    # allowed: what scholarly prose needs, and markup characters shown as text
    ("Plain *emphasis*, **bold** and [a source](https://example.org/a).", []),
    ("An autolink <https://example.org/b> and a [site link](pajon-2017.md#p-3).", []),
    ("`<script>` as code, 3 < 4, a & b, &lt;b&gt; typed as entities.", []),
    ('Para.\n{: .note #my-note data-x="1" lang=fr }', []),
    ("```\n<script>alert(1)</script>\n```", []),  # a fenced block is code
    ("    <iframe src=x>", []),  # an indented block is code
    ("## Fine & well", []),
    # raw HTML, as Python-Markdown reads it: a backslash does not escape '<'
    ("<script>alert(1)</script>", [(0, SCRIPT)]),
    ("Text \\<b>bold\\</b>.", [(0, f"raw HTML <b> is not allowed in an essay; {RAW_HINT}")]),
    ("one\ntwo <i>x</i>\nthree", [(1, f"raw HTML <i> is not allowed in an essay; {RAW_HINT}")]),
    (
        "<!-- note -->",
        [(0, "an HTML comment (<!--) is not allowed in an essay; delete it (keep editorial notes in the annotations)")],
    ),
    (
        "<iframe src=x></iframe>",
        [
            (
                0,
                "<iframe> is not allowed in an essay: embedded pages, objects and plug-ins are refused; link to the page instead: [its title](https://…)",
            )
        ],
    ),
    # links, references, images, e-mail
    ("[x](javascript:alert(1))", [(0, JAVASCRIPT)]),
    ("[x](java&#115;cript:alert(1))", [(0, JAVASCRIPT)]),
    ("[x][r]\n\n[r]: javascript:alert(1)", [(2, JAVASCRIPT)]),  # at the definition, once
    ("[x](mailto:a@b.org)", [(0, f"a link to 'mailto:' is not allowed in an essay; {LINK_HINT}")]),
    ("![a figure](https://example.org/f.png)", [(0, IMAGE)]),
    (
        "<a@b.org>",
        [
            (
                0,
                "an e-mail link <name@example.org> is not allowed in an essay; write the address as text without the angle brackets",
            )
        ],
    ),
    # attribute lists, as attr_list assigns them
    (
        'Para.\n{: onclick="x()" }',
        [
            (
                1,
                f"an attribute list sets 'onclick', an event handler that would run code in the reader's browser; remove it: {ATTR_HINT}",
            )
        ],
    ),
    (
        'Para.\n{: style="color:red" }',
        [
            (
                1,
                f"an attribute list sets 'style', which is not allowed (the site's stylesheet styles the page); use a class instead: {ATTR_HINT}",
            )
        ],
    ),
    ('Para.\n{: href="x" }', [(1, f"an attribute list sets 'href', which is not allowed; {ATTR_HINT}")]),
    (
        "Para.\n{: #__config }",
        [
            (
                1,
                "an attribute list sets the id '__config': ids that start with '__' belong to the theme (its scripts read them); choose another id",
            )
        ],
    ),
    ("Para {: onclick=x } in the middle.", []),  # not at the end of a block: text, as Python-Markdown reads it
    # headings, whose text reaches the navigation and the table of contents
    ("## Then 3 < 4", [(0, HEADING)]),
    ("## A &gt; B", [(0, HEADING)]),
    ("Setext &lt;x&gt;\n---", [(1, HEADING)]),  # found once the underline makes it a heading
]


@pytest.fixture
def reader() -> MarkupReader:  # one per test: mutmut maps the reader's set-up to each test
    extensions = site_extensions(ROOT)
    return MarkupReader(extensions.names, extensions.configs)


# plain ids: mutmut selects a test by its id, which a line break in it would spoil
@pytest.mark.parametrize(
    "block, expected", CASES, ids=[f"{i}-{re.sub(r'[^A-Za-z0-9]+', '-', c[0][:24])}" for i, c in enumerate(CASES)]
)
def test_the_policy_reads_a_block_as_python_markdown_does(reader, block, expected):
    assert markdown_problems(block, reader) == expected


def test_the_extensions_are_those_of_mkdocs_yml():
    extensions = site_extensions(ROOT)
    assert extensions.names == (
        "attr_list",
        "md_in_html",
        "admonition",
        "pymdownx.details",
        "pymdownx.superfences",
        "pymdownx.highlight",
        "tables",
        "toc",
    )
    assert extensions.configs == {"pymdownx.highlight": {"use_pygments": True}, "toc": {"permalink": "#"}}
