"""The sanitizer's table (finishing/sanitize.py): what the templates and Python-Markdown write
is kept as written; every handler, scheme and element that could run code or load something
is refused. Each expected output is the HTML a reader's browser receives."""

from __future__ import annotations

import pytest

from site_builder.finishing.sanitize import clean_html

KEPT = [
    ('<p id="p-3" class="annotated" data-themes="china">Text</p>',) * 2,
    ('<a href="../essays/pajon-2017/#p-4" class="xref-link">Pajon 2017, ¶4</a>',) * 2,
    ('<a href="https://www.ifri.org/">Ifri</a>',) * 2,
    ('<details class="xref" open=""><summary>China</summary><p>x</p></details>',) * 2,
    ('<span class="xref-quote">“a sentence”</span>',) * 2,
    # a style the builder writes, as the browser receives it (the sanitizer rewrites the declaration)
    (
        '<table><thead><tr><th style="text-align: right">N</th></tr></thead></table>',
        '<table><thead><tr><th style="text-align:right">N</th></tr></thead></table>',
    ),
    ('<svg viewBox="0 0 10 10" role="img" aria-label="figure"><rect x="1" y="1" width="2" height="2"></rect></svg>',)
    * 2,
    ('<abbr title="Ministry of Economy">METI</abbr>',) * 2,
    ('<div class="debate-stances"><section class="debate-stance"><p>x</p></section></div>',) * 2,
]

REFUSED = [
    # elements that run code, load, or submit: removed (script and style with their content)
    ("<script>alert(1)</script><p>after</p>", "<p>after</p>"),
    ("<style>p{color:red}</style><p>after</p>", "<p>after</p>"),
    ('<iframe src="https://evil.example/"></iframe>', ""),
    ('<object data="x.swf"></object>', ""),
    ('<embed src="x.swf">', ""),
    ('<img src="x" onerror="alert(1)">', ""),
    ('<form action="https://evil.example/"><p>in</p></form>', "<p>in</p>"),
    ('<base href="https://evil.example/">', ""),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', ""),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', ""),
    # event handlers: dropped from any element
    ('<p onclick="alert(1)">x</p>', "<p>x</p>"),
    ('<a href="#p-1" onmouseover="alert(1)">x</a>', '<a href="#p-1">x</a>'),
    (
        '<details ontoggle="alert(1)" open=""><summary>s</summary></details>',
        '<details open=""><summary>s</summary></details>',
    ),
    # schemes other than http(s) and relative links
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "<a>x</a>"),
    ('<a href="vbscript:msgbox(1)">x</a>', "<a>x</a>"),
    ('<a href="file:///etc/passwd">x</a>', "<a>x</a>"),
    # styles: only the properties the builder writes
    (
        '<span style="color: red; background-image: url(https://evil.example/x.png)">x</span>',
        '<span style="color:red">x</span>',
    ),
    # the theme's own ids, which Material's scripts read
    ('<div id="__config">{"base": "https://evil.example"}</div>', '<div>{"base": "https://evil.example"}</div>'),
    # a title is text: Material's tooltips show it through innerHTML
    (
        '<abbr title="<img src=x onerror=alert(1)>">x</abbr>',
        '<abbr title="&amp;lt;img src=x onerror=alert(1)&amp;gt;">x</abbr>',
    ),
    ("<!-- a comment --><p>x</p>", "<p>x</p>"),
    # form controls: only on a page whose template declares them (the timeline), never from a body
    ('<label class="tl-chip"><input type="checkbox" name="theme" value="china"> China</label>', " China"),
    ('<button type="button">go</button><fieldset><legend>L</legend></fieldset>', "goL"),
]

FORM = (
    '<fieldset><legend>Themes</legend><label class="tl-chip"><input type="checkbox" name="theme" value="china">'
    ' China</label></fieldset><button type="button" id="tl-reset" class="md-button">Show all</button>'
)


@pytest.mark.parametrize("given, kept", KEPT, ids=[c[0][:40] for c in KEPT])
def test_what_the_templates_write_is_kept(given, kept):
    assert clean_html(given) == kept


@pytest.mark.parametrize("given, cleaned", REFUSED, ids=[c[0][:40] for c in REFUSED])
def test_what_could_run_or_load_is_refused(given, cleaned):
    assert clean_html(given) == cleaned


def test_the_timeline_keeps_its_form_controls():
    assert clean_html(FORM, form_controls=True) == FORM
    assert clean_html('<input type="checkbox" onclick="alert(1)">', form_controls=True) == '<input type="checkbox">'


def test_a_page_keeps_form_controls_only_when_its_first_line_declares_them():
    import markdown

    from site_builder.pages.mdext import MentionLinkExtension

    md = markdown.Markdown(extensions=["md_in_html", MentionLinkExtension(targets={"phrases": []})])
    declared = (
        '<!-- site-builder: this page has form controls -->\n# Timeline\n\n<div>\n<input type="checkbox">\n</div>'
    )
    assert md.convert(declared) == '<h1>Timeline</h1>\n<div>\n<input type="checkbox">\n</div>'
    body = '# An essay\n\n<!-- site-builder: this page has form controls -->\n\n<div>\n<input type="checkbox">\n</div>'
    assert md.reset().convert(body) == "<h1>An essay</h1>\n\n\n<div>\n\n</div>"
