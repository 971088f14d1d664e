"""Hostile and careless sources (issue 16): none may run code in a reader's browser, and every
failure is `path:line: message`, with no traceback.

1. A table of inputs the validator refuses, across essays, front matter, every annotation file
   and the templates, each with the exact problems expected (literal messages).
2. Inputs that build because they are plain text: each shown escaped, checked in the HTML; every
   page of the hosted site and of the offline copy (file://) parsed by Chromium: no event
   handler, javascript: link, frame or script from a source is in the page; and the pages that
   together carry every payload opened in Chromium, on 127.0.0.1 and from disk: no payload ran
   (the window flag it would set stays unset), nor left such markup in the live page.
3. The second and third lines of defence, with the validator switched off in the test process:
   the sanitizer strips what the policy would have refused; with the sanitizer off too, the
   Content-Security-Policy keeps the browser from running an inline script in the content.
4. Builds that are stopped or run twice at once leave nothing behind and keep site/ intact.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import MINI, ROOT, built_once, copy_project, html_page, run_builder, serve_folder
from site_builder.problems import SourceError

ESSAY = "corpus/alpha-2015.md"
THEMES = "annotations/themes.yaml"
ENTITIES = "annotations/entities.yaml"
GLOSSARY = "annotations/glossary.yaml"
EVENTS = "annotations/events.yaml"
PASSAGES = "annotations/passages/alpha-2015.yaml"
DEBATES = "annotations/debates.yaml"
MB = 1024 * 1024

# the essay of the mini fixture ends on line 21; a payload appended after a blank line is on 23
BODY_LINE = 23
LINK_HINT = "link to an http(s) address or to a page of this site: [text](https://…) or [text](other-essay.md#p-3)"
ATTR_HINT = r"attribute lists may set only #id, .class and data-* attributes (write \{ for a literal brace)"
RAW_HINT = (
    "write Markdown instead (*italics*, **bold**, [text](https://…) or [text](other-essay.md#p-3)), "
    "or &lt; for a literal '<'"
)
README = "the limits are in docs/safety.md, Limits"
HEADING_HINT = (
    "a heading may not hold '<' or '>': its text goes into the navigation and the table of contents, where "
    "the theme would read it as markup; write it in words (e.g. 'less than'), or use other brackets"
)
OUTSIDE = (
    "is a symbolic link to {}, outside the project folder; sources must stay inside the project: "
    "copy the file here instead of linking to it"
)


# --- 1. what the validator refuses --------------------------------------------------------


def append(path: str, text: str):
    def edit(root: Path) -> None:
        with open(root / path, "a", encoding="utf-8") as f:
            f.write(text)

    return edit


def body(payload: str):
    """The payload as a new paragraph at the end of the essay (line 23)."""
    return append(ESSAY, "\n" + payload + "\n")


def replace(path: str, old: str, new: str):
    def edit(root: Path) -> None:
        text = (root / path).read_text(encoding="utf-8")
        assert old in text, (path, old)
        (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def write(path: str, text: str):
    def edit(root: Path) -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")

    return edit


def symlink_outside(path: str, content: str):
    """Replace `path` by a symbolic link to a file with `content` outside the project folder."""

    def edit(root: Path) -> None:
        outside = root.parent / "outside" / Path(path).name
        outside.parent.mkdir(exist_ok=True)
        outside.write_text(content, encoding="utf-8")
        (root / path).unlink(missing_ok=True)
        (root / path).symlink_to(outside)

    return edit


def link_outside_message(root: Path, path: str) -> str:
    return OUTSIDE.format(os.path.realpath(root.parent / "outside" / Path(path).name))


def long_id_essay(root: Path) -> None:
    long_id = "a" * 252
    text = (root / ESSAY).read_text(encoding="utf-8").replace("id: alpha-2015", f"id: {long_id}")
    (root / ESSAY).unlink()
    (root / f"corpus/{long_id}.md").write_text(text, encoding="utf-8")
    shutil.rmtree(root / "annotations/passages")
    (root / EVENTS).write_text("events: []\n", encoding="utf-8")


def oversized(path: str, size: int):
    def edit(root: Path) -> None:
        with open(root / path, "a", encoding="utf-8") as f:
            f.write("\n" + "x" * (size - (root / path).stat().st_size - 1))

    return edit


def fifo(path: str):
    def edit(root: Path) -> None:
        os.mkfifo(root / path)

    return edit


def many_themes(root: Path) -> None:
    (root / THEMES).write_text(
        "themes:\n"
        + "".join(f"  - {{id: theme-{i}, label: Theme {i}, description: d, aliases: []}}\n" for i in range(201)),
        encoding="utf-8",
    )


def template_line(name: str, line: str):
    """Insert `line` as line 9 of templates/<name> (after its title heading, line 8, which
    follows the front matter and the import of the shared fragments)."""

    def edit(root: Path) -> None:
        path = root / "templates" / name
        lines = path.read_text(encoding="utf-8").split("\n")
        assert lines[7].startswith("# "), lines[:9]
        lines.insert(8, line)
        path.write_text("\n".join(lines), encoding="utf-8")

    return edit


ID81 = "x" * 81
CASES = [
    # essay bodies: markup that would run code, with what to write instead
    (
        "body-script",
        body("<script>alert('body-script')</script>"),
        [
            (
                ESSAY,
                BODY_LINE,
                "<script> is not allowed in an essay: no source may run code in the reader's browser; "
                "delete it (to show the word, write &lt;script&gt;)",
            )
        ],
    ),
    (
        "body-javascript-link",
        body('Read it [here](javascript:alert("x")).'),
        [
            (
                ESSAY,
                BODY_LINE,
                "a link to 'javascript:' is not allowed in an essay (it could run code in the "
                f"reader's browser); {LINK_HINT}",
            )
        ],
    ),
    (
        "body-heading-event-handlers",
        body('## Mutual loss of hopes and illusions {: onclick="alert(1)" onmouseover="alert(2)" }'),
        [
            (
                ESSAY,
                BODY_LINE,
                "an attribute list sets 'onclick', an event handler that would run code in the "
                f"reader's browser; remove it: {ATTR_HINT}",
            ),
            (
                ESSAY,
                BODY_LINE,
                "an attribute list sets 'onmouseover', an event handler that would run code in the "
                f"reader's browser; remove it: {ATTR_HINT}",
            ),
        ],
    ),
    (
        "body-iframe",
        body('<iframe src="https://example.org/"></iframe>'),
        [
            (
                ESSAY,
                BODY_LINE,
                "<iframe> is not allowed in an essay: embedded pages, objects and plug-ins are "
                "refused; link to the page instead: [its title](https://…)",
            )
        ],
    ),
    (
        "body-object",
        body('Here: <object data="movie.swf"></object>'),
        [
            (
                ESSAY,
                BODY_LINE,
                "<object> is not allowed in an essay: embedded pages, objects and plug-ins are "
                "refused; link to the page instead: [its title](https://…)",
            )
        ],
    ),
    (
        "body-embed",
        body('<embed src="movie.swf">'),
        [
            (
                ESSAY,
                BODY_LINE,
                "<embed> is not allowed in an essay: embedded pages, objects and plug-ins are "
                "refused; link to the page instead: [its title](https://…)",
            )
        ],
    ),
    (
        "body-img-onerror",
        body("A picture <img src=x onerror=alert(1)> here."),
        [(ESSAY, BODY_LINE, f"raw HTML <img> is not allowed in an essay; {RAW_HINT}")],
    ),
    (
        "body-svg-onload",
        body("<svg onload=alert(1)>"),
        [(ESSAY, BODY_LINE, f"raw HTML <svg> is not allowed in an essay; {RAW_HINT}")],
    ),
    (
        "body-style-element",
        body("<style>body { display: none }</style>"),
        [(ESSAY, BODY_LINE, f"raw HTML <style> is not allowed in an essay; {RAW_HINT}")],
    ),
    (
        "body-raw-anchor",
        body('<a href="https://example.org/">a link</a>'),
        [(ESSAY, BODY_LINE, f"raw HTML <a> is not allowed in an essay; {RAW_HINT}")],
    ),
    (
        "body-comment",
        body("<!-- a note to myself -->"),
        [
            (
                ESSAY,
                BODY_LINE,
                "an HTML comment (<!--) is not allowed in an essay; delete it (keep editorial "
                "notes in the annotations)",
            )
        ],
    ),
    (
        "body-image",
        body("![A chart](https://example.org/chart.png)"),
        [
            (
                ESSAY,
                BODY_LINE,
                "an image ![…](…) is not allowed in an essay: the site shows no picture from its "
                "sources and loads nothing from other hosts; describe the figure in words, or "
                "link to it: [Figure 1](https://…)",
            )
        ],
    ),
    (
        "body-data-link",
        body("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
        [
            (
                ESSAY,
                BODY_LINE,
                "a link to 'data:' is not allowed in an essay (it could run code in the reader's "
                f"browser); {LINK_HINT}",
            )
        ],
    ),
    (
        "body-vbscript-link",
        body("[x](vbscript:msgbox(1))"),
        [
            (
                ESSAY,
                BODY_LINE,
                "a link to 'vbscript:' is not allowed in an essay (it could run code in the "
                f"reader's browser); {LINK_HINT}",
            )
        ],
    ),
    (
        "body-obfuscated-javascript",
        body("[x](JaVa&#115;cript:alert(1)) and [y](java&#x09;script:alert(2))"),
        [
            (
                ESSAY,
                BODY_LINE,
                "a link to 'javascript:' is not allowed in an essay (it could run code in the "
                f"reader's browser); {LINK_HINT}",
            )
        ],
    ),
    (
        "body-reference-definition",
        body("See [the source][src].\n\n[src]: javascript:alert(1)"),
        [
            (
                ESSAY,
                BODY_LINE + 2,
                "a link to 'javascript:' is not allowed in an essay (it could run code in the "
                f"reader's browser); {LINK_HINT}",
            )
        ],
    ),
    (
        "body-mailto-and-file",
        body("[mail](mailto:someone@example.org)\n[disk](file:///etc/passwd)"),
        [
            (ESSAY, BODY_LINE, f"a link to 'mailto:' is not allowed in an essay; {LINK_HINT}"),
            (ESSAY, BODY_LINE + 1, f"a link to 'file:' is not allowed in an essay; {LINK_HINT}"),
        ],
    ),
    (
        "body-ftp-autolink",
        body("<ftp://example.org/file.txt>"),
        [(ESSAY, BODY_LINE, f"a link to 'ftp:' is not allowed in an essay; {LINK_HINT}")],
    ),
    (
        "body-email-autolink",
        body("Write to <someone@example.org>."),
        [
            (
                ESSAY,
                BODY_LINE,
                "an e-mail link <name@example.org> is not allowed in an essay; write the address "
                "as text without the angle brackets",
            )
        ],
    ),
    (
        "body-style-attribute",
        body('A paragraph.\n{: style="position: fixed" }'),
        [
            (
                ESSAY,
                BODY_LINE + 1,
                "an attribute list sets 'style', which is not allowed (the site's stylesheet "
                f"styles the page); use a class instead: {ATTR_HINT}",
            )
        ],
    ),
    (
        "body-inline-href",
        body('[x](https://example.org/){: href="javascript:alert(1)" }'),
        [(ESSAY, BODY_LINE, f"an attribute list sets 'href', which is not allowed; {ATTR_HINT}")],
    ),
    (
        "body-theme-id",
        body("A paragraph.\n{: #__config }"),
        [
            (
                ESSAY,
                BODY_LINE + 1,
                "an attribute list sets the id '__config': ids that start with '__' belong to "
                "the theme (its scripts read them); choose another id",
            )
        ],
    ),
    # what the policy allows: Markdown, http(s) and site links, classes, ids, code showing HTML
    (
        "body-allowed",
        body(
            "*Italics*, **bold**, [a source](https://example.org/a), <https://example.org/b>, "
            '[¶1](alpha-2015.md#p-1), `<script>` as code, 3 < 4.\n{: .note #my-note data-x="1" }'
        ),
        [],
    ),
    # read as Python-Markdown reads it: a backslash does not escape '<'; quotes escaped inside an
    # attribute list do not hide the attributes after them
    (
        "body-backslash-before-tags",
        body(r"Shown \<img src=x onerror=alert(1)> and \<input> and \<button>go\</button>."),
        [
            (ESSAY, BODY_LINE, f"raw HTML <button> is not allowed in an essay; {RAW_HINT}"),
            (ESSAY, BODY_LINE, f"raw HTML <img> is not allowed in an essay; {RAW_HINT}"),
            (ESSAY, BODY_LINE, f"raw HTML <input> is not allowed in an essay; {RAW_HINT}"),
        ],
    ),
    (
        "body-article-close-and-refresh",
        body(
            'Bypass \\</article>\\<meta http-equiv="refresh" content="3;https://evil.example/refresh">'
            "\\<script>window.__pwn5=1\\</script>"
        ),
        [
            (
                ESSAY,
                BODY_LINE,
                "<script> is not allowed in an essay: no source may run code in the reader's browser; "
                "delete it (to show the word, write &lt;script&gt;)",
            ),
            (ESSAY, BODY_LINE, f"raw HTML <article> is not allowed in an essay; {RAW_HINT}"),
            (ESSAY, BODY_LINE, f"raw HTML <meta> is not allowed in an essay; {RAW_HINT}"),
        ],
    ),
    (
        "body-attributes-after-escaped-quotes",
        body(
            'One.\n{: data-x="\\" onclick=window.__pwn=1 \\"" }\n\n'
            'Two.\n{: data-x="\\" style=color:red \\"" }\n\n'
            'Three.\n{: data-x="\\" id=__config \\"" }'
        ),
        [
            (
                ESSAY,
                BODY_LINE + 1,
                "an attribute list sets 'onclick', an event handler that would run code in the "
                f"reader's browser; remove it: {ATTR_HINT}",
            ),
            # Python-Markdown reads the rest, \"", as an attribute's name
            (ESSAY, BODY_LINE + 4, f"an attribute list sets '\\\"\"', which is not allowed; {ATTR_HINT}"),
            (
                ESSAY,
                BODY_LINE + 4,
                f"an attribute list sets 'style', which is not allowed (the site's stylesheet styles the page); "
                f"use a class instead: {ATTR_HINT}",
            ),
            (ESSAY, BODY_LINE + 7, f"an attribute list sets '\\\"\"', which is not allowed; {ATTR_HINT}"),
            (
                ESSAY,
                BODY_LINE + 7,
                "an attribute list sets the id '__config': ids that start with '__' belong to "
                "the theme (its scripts read them); choose another id",
            ),
        ],
    ),
    (
        "body-heading-with-angle-brackets",
        body('## Northern Territories &lt;meta http-equiv="refresh"&gt;\n\n## Then 3 < 4\n\n## Fine & well'),
        [
            (ESSAY, BODY_LINE, HEADING_HINT),
            (ESSAY, BODY_LINE + 2, HEADING_HINT),
        ],
    ),
    # mkdocs.yml: what every page loads
    (
        "settings-remote-script-and-style",
        write(
            "mkdocs.yml",  # a short configuration of its own: the lines below do not move with the project's
            "site_name: Test\n"
            "extra_css:\n"
            "  - assets/site.css\n"
            "  - https://fonts.example/a.css\n"
            "extra_javascript:\n"
            "  - assets/site.js\n"
            "  - https:cdn.example.com/lib.js\n"
            "  - path: //cdn.example.com/x.js\n"
            "    type: module\n",
        ),
        [
            (
                "mkdocs.yml",
                4,
                "extra_css names https://fonts.example/a.css, on another host: every page would load it; copy the "
                "file into templates/assets/ and list it as assets/<its name>",
            ),
            (
                "mkdocs.yml",
                7,
                "extra_javascript names https:cdn.example.com/lib.js, on another host: every page would load it; "
                "copy the file into templates/assets/ and list it as assets/<its name>",
            ),
            (
                "mkdocs.yml",
                8,
                "extra_javascript names //cdn.example.com/x.js, on another host: every page would load it; copy the "
                "file into templates/assets/ and list it as assets/<its name>",
            ),
        ],
    ),
    # front matter
    (
        "front-id-too-long",
        long_id_essay,
        [
            (
                f"corpus/{'a' * 252}.md",
                2,
                "front matter: id 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…' is 252 "
                "characters long; an id may have at most 80 (ids become file names and "
                "URLs): shorten it",
            )
        ],
    ),
    (
        "front-id-path",
        replace(ESSAY, "id: alpha-2015", "id: ../../etc/passwd"),
        [
            (
                ESSAY,
                2,
                "front matter: id '../../etc/passwd' must be a lowercase slug (a-z, 0-9, hyphens), e.g. "
                "'kuril-islands'",
            ),
            (
                ESSAY,
                2,
                "front matter: id '../../etc/passwd' differs from the file name 'alpha-2015.md'; make them the same",
            ),
            (
                EVENTS,
                9,
                "event mention: no essay 'alpha-2015' in corpus/; use the id of an essay "
                "(../../etc/passwd) or add corpus/alpha-2015.md",
            ),
            (
                PASSAGES,
                1,
                "passages file: no essay 'alpha-2015' in corpus/; use the id of an essay "
                "(../../etc/passwd) or add corpus/alpha-2015.md",
            ),
        ],
    ),
    (
        "front-source-file",
        replace(ESSAY, "source_file: alpha.txt", 'source_file: "a` [x](javascript:alert(1)) `"'),
        [
            (
                ESSAY,
                12,
                "front matter: 'source_file' must be the name of the source file in ../shared/seeds/ "
                "(letters, digits, '.', '_', '-'), e.g. 001_ea460054a5c60c50.txt",
            )
        ],
    ),
    (
        "front-python-tag",
        replace(ESSAY, "venue: Test Review", "venue: !!python/object/apply:os.system [id]"),
        [
            (
                ESSAY,
                8,
                "malformed YAML: could not determine a constructor for the tag "
                "'tag:yaml.org,2002:python/object/apply:os.system'; fix the syntax (indentation, quotes, colons)",
            ),
            (EVENTS, 9, "<ignored>"),
            (PASSAGES, 1, "<ignored>"),
        ],
    ),
    # files: outside the project, not regular, too large, too many
    (
        "essay-symlink-outside",
        symlink_outside(ESSAY, (MINI / ESSAY).read_text(encoding="utf-8")),
        [
            (ESSAY, 1, "<outside>"),
            (EVENTS, 9, "event mention: no essay 'alpha-2015' in corpus/; add corpus/alpha-2015.md"),
            (PASSAGES, 1, "passages file: no essay 'alpha-2015' in corpus/; add corpus/alpha-2015.md"),
        ],
    ),
    (
        "essay-too-large",
        oversized(ESSAY, 2 * MB + 1),
        [
            (
                ESSAY,
                1,
                f"is 2.0 MB, more than the 2 MB allowed for an essay; check that it was not generated by "
                f"mistake and shorten it ({README})",
            ),
            (EVENTS, 9, "event mention: no essay 'alpha-2015' in corpus/; add corpus/alpha-2015.md"),
            (PASSAGES, 1, "passages file: no essay 'alpha-2015' in corpus/; add corpus/alpha-2015.md"),
        ],
    ),
    (
        "essay-fifo",
        fifo("corpus/beta-2016.md"),
        [
            (
                "corpus/beta-2016.md",
                1,
                "is not a regular file (a folder, pipe or device); replace it with a UTF-8 text file",
            )
        ],
    ),
    # every annotation file
    (
        "themes-symlink-outside",
        symlink_outside(THEMES, (MINI / THEMES).read_text(encoding="utf-8")),
        [(THEMES, 1, "<outside>"), (EVENTS, 6, "<ignored>"), (PASSAGES, 6, "<ignored>"), (PASSAGES, 11, "<ignored>")],
    ),
    (
        "themes-id-too-long",
        replace(THEMES, "id: sanctions", f"id: {ID81}"),
        [
            (
                THEMES,
                6,
                f"theme: id '{ID81[:40]}…' is 81 characters long; an id may have at most 80 (ids become "
                "file names and URLs): shorten it",
            ),
            (EVENTS, 6, "<ignored>"),
            (PASSAGES, 11, "<ignored>"),
        ],
    ),
    (
        "themes-too-many",
        many_themes,
        [
            (
                THEMES,
                1,
                f"201 themes, more than the 200 a corpus may have; check that the file was not generated "
                f"by mistake ({README})",
            ),
            (EVENTS, 6, "<ignored>"),
            (PASSAGES, 6, "<ignored>"),
            (PASSAGES, 11, "<ignored>"),
        ],
    ),
    (
        "entities-python-tag",
        write(ENTITIES, 'entities:\n  - !!python/object/apply:os.system ["touch pwned"]\n'),
        [
            (
                ENTITIES,
                2,
                "malformed YAML: could not determine a constructor for the tag "
                "'tag:yaml.org,2002:python/object/apply:os.system'; fix the syntax (indentation, quotes, "
                "colons)",
            ),
            (EVENTS, 7, "<ignored>"),
        ],
    ),
    (
        "entities-id-markup",
        replace(ENTITIES, "id: crimea", 'id: "crimea<script>"'),
        [
            (
                ENTITIES,
                2,
                "entity: id 'crimea<script>' must be a lowercase slug (a-z, 0-9, hyphens), e.g. 'kuril-islands'",
            ),
            (EVENTS, 7, "<ignored>"),
        ],
    ),
    (
        "glossary-too-large",
        oversized(GLOSSARY, 16 * MB + 1),
        [
            (
                GLOSSARY,
                1,
                f"is 16.0 MB, more than the 16 MB allowed for an annotation file; check that it was not "
                f"generated by mistake and shorten it ({README})",
            )
        ],
    ),
    (
        "glossary-too-many",
        write(GLOSSARY, "terms:\n" + "".join(f"  - {{id: t{i}, term: t{i}, definition: d}}\n" for i in range(20_001))),
        [
            (
                GLOSSARY,
                1,
                f"20,001 terms, more than the 20,000 a corpus may have; check that the file was not "
                f"generated by mistake ({README})",
            )
        ],
    ),
    (
        "glossary-nesting",
        write(GLOSSARY, "terms:\n  - id: deep\n    term: " + "[" * 2000 + "]" * 2000 + "\n"),
        [
            (
                GLOSSARY,
                3,
                "malformed YAML: while increasing flow level, exceeded maximum nesting depth; fix the "
                "syntax (indentation, quotes, colons)",
            )
        ],
    ),
    (
        "glossary-recursive-alias",
        write(GLOSSARY, "terms: &loop\n  - *loop\n"),
        [
            (
                GLOSSARY,
                1,
                "an anchor (&loop) is not allowed: write the value out in full where it is needed (anchors and "
                "aliases can make a few lines stand for millions of values)",
            )
        ],
    ),
    (
        "events-id-too-long",
        replace(EVENTS, "id: crimea-annexed", f"id: {ID81}"),
        [
            (
                EVENTS,
                2,
                f"event: id '{ID81[:40]}…' is 81 characters long; an id may have at most 80 (ids become "
                "file names and URLs): shorten it",
            )
        ],
    ),
    (
        "passages-id-too-long",
        replace(PASSAGES, "id: alpha-2015-dispute", f"id: {ID81}"),
        [
            (
                PASSAGES,
                3,
                f"passage: id '{ID81[:40]}…' is 81 characters long; an id may have at most 80 (ids "
                "become file names and URLs): shorten it",
            )
        ],
    ),
    (
        "passages-symlink-outside",
        symlink_outside(PASSAGES, (MINI / PASSAGES).read_text(encoding="utf-8")),
        [(PASSAGES, 1, "<outside>")],
    ),
    (
        "debates-id-too-long",
        write(
            DEBATES,
            f"debates:\n  - id: {ID81}\n    theme: sanctions\n    question: Q?\n"
            "    verdict: agree\n    summary: S.\n    positions:\n"
            "      - {passage: alpha-2015-dispute, stance: A}\n",
        ),
        [
            (
                DEBATES,
                2,
                f"debate: id '{ID81[:40]}…' is 81 characters long; an id may have at most 80 (ids become "
                "file names and URLs): shorten it",
            ),
            (DEBATES, 7, "debate: a debate needs positions from at least two essays"),
        ],
    ),
    (
        "debates-too-large",
        oversized(DEBATES, 16 * MB + 1),
        [
            (
                DEBATES,
                1,
                f"is 16.0 MB, more than the 16 MB allowed for an annotation file; check that it was not "
                f"generated by mistake and shorten it ({README})",
            )
        ],
    ),
    # templates: errors name the template file and line
    (
        "template-syntax",
        template_line("glossary.md.j2", "{% if %}"),
        [
            (
                "templates/glossary.md.j2",
                9,
                "template syntax error: Expected an expression, got 'end of statement block'; fix the template",
            )
        ],
    ),
    (
        "template-undefined",
        template_line("entities.md.j2", "{{ no_such_name.title }}"),
        [("templates/entities.md.j2", 9, "template error: 'no_such_name' is undefined; define it or fix the name")],
    ),
    (
        "template-missing-include",
        template_line("analysis.md.j2", '{% include "no-such-part.j2" %}'),
        [
            (
                "templates/analysis.md.j2",
                9,
                "template error: it includes 'no-such-part.j2', which is not in templates/; create it or fix the name",
            )
        ],
    ),
    (
        "template-runtime-error",
        template_line("glossary.md.j2", "{{ terms | length // 0 }}"),
        [
            (
                "templates/glossary.md.j2",
                9,
                "template error: ZeroDivisionError: integer division or modulo by zero; fix the template",
            )
        ],
    ),
    (
        "template-symlink-outside",
        symlink_outside("templates/assets/site.css", "body { color: red }\n"),
        [("templates/assets/site.css", 1, "<outside>")],
    ),
    (
        "template-too-large",
        oversized("templates/assets/site.js", MB + 1),
        [
            (
                "templates/assets/site.js",
                1,
                f"is 1.0 MB, more than the 1 MB allowed for a template file; check "
                f"that it was not generated by mistake and shorten it ({README})",
            )
        ],
    ),
]


def problems_after(root: Path) -> list[tuple[str, int, str]]:
    """Every problem the builder reports for the project at `root`, in-process: validation, then
    the templates (rendering in memory, nothing written)."""
    from site_builder.outputs.site_files import render_all

    try:
        render_all(root)
    except SourceError as error:
        return [(p.path, p.line, p.message) for p in error.problems]
    return []


@pytest.mark.parametrize("name, edit, expected", CASES, ids=[c[0] for c in CASES])
def test_refused_with_path_line_and_what_to_write(tmp_path, name, edit, expected):
    root = copy_project(tmp_path / "p", MINI)
    edit(root)
    found = problems_after(root)
    wanted = []
    for path, line, message in expected:
        if message == "<outside>":
            message = link_outside_message(root, path)
        wanted.append((path, line, message))
    # "<ignored>": a consequence reported elsewhere in the same run (an unknown id ...), not the point
    ignored = {(p, line) for p, line, m in wanted if m == "<ignored>"}
    assert [f for f in found if (f[0], f[1]) not in ignored] == sorted(w for w in wanted if w[2] != "<ignored>")


# --- 2. plain-text fields: hostile text builds, shown as typed, runs nowhere ------------------


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def _edit_front_matter(path: Path, change) -> None:
    text = path.read_text(encoding="utf-8")
    _, front, rest = text.split("---\n", 2)
    data = yaml.safe_load(front)
    change(data)
    path.write_text(
        "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000) + "---\n" + rest,
        encoding="utf-8",
    )


# Each payload would set window.__hostile_<n> if it ran. Field -> payload. A label (the essay's title
# and author, a theme's label, an entity's name, a term, an event's title, a debate's question) may
# not hold '<' or '>' (tests/test_hostile_input.py): its payload is the markup written as entities.
FIELD_PAYLOADS = {
    "essay title": "&lt;/title&gt;&lt;script&gt;window.__hostile_1=1&lt;/script&gt;&lt;img src=x onerror=window.__hostile_1=1&gt;",
    "essay abstract": '" http-equiv="refresh" content="0;url=javascript:window.__hostile_2=1"><script>window.__hostile_2=1</script>',
    "essay author": "Ann &lt;img src=x onerror=window.__hostile_3=1&gt;",
    "essay venue": "[venue](javascript:window.__hostile_4=1)",
    "essay keyword": "<script>window.__hostile_5=1</script>",
    "essay title note": '{: onclick="window.__hostile_6=1" }',
    "theme label": "&lt;img src=x onerror=window.__hostile_7=1&gt;",
    "theme description": "<script>window.__hostile_8=1</script>",
    "entity name": "&lt;/h3&gt;&lt;script&gt;window.__hostile_9=1&lt;/script&gt;",
    "entity description": "[click](javascript:window.__hostile_10=1)",
    "term": "&lt;b onmouseover=window.__hostile_11=1&gt;term&lt;/b&gt;",
    "term definition": '" onmouseover="window.__hostile_12=1',
    "event title": "&lt;img src=x onerror=window.__hostile_13=1&gt;",
    "event description": '<iframe srcdoc="<script>parent.__hostile_14=1</script>"></iframe>',
    "event date note": "<svg onload=window.__hostile_15=1>",
    "passage note": "<script>window.__hostile_16=1</script>",
    "passage claim": '*claim*{: onclick="window.__hostile_17=1" }',
    "debate question": "&lt;img src=x onerror=window.__hostile_18=1&gt;",
    "debate summary": "<script>window.__hostile_19=1</script>",
    "debate stance": "[stance](javascript:window.__hostile_20=1)",
}


def plant_field_payloads(root: Path) -> str:
    """Put every payload of FIELD_PAYLOADS into the first record of its kind; return the essay id."""
    p = FIELD_PAYLOADS
    essay = sorted((root / "corpus").glob("*.md"))[0]

    def front(data):
        data["title"] = p["essay title"]
        data.pop("summary", None), data.pop("summary_is_editorial", None)
        data["abstract"] = p["essay abstract"]
        data["authors"] = [{"name": p["essay author"], "affiliation": "Test"}]
        data["venue"] = p["essay venue"]
        data["keywords"] = [p["essay keyword"], "peace treaty"]
        data["title_note"] = p["essay title note"]

    _edit_front_matter(essay, front)

    def themes(data):
        data["themes"][0].update(label=p["theme label"], description=p["theme description"])

    _edit_yaml(root / THEMES, themes)

    def entities(data):
        data["entities"][0].update(name=p["entity name"], description=p["entity description"])

    _edit_yaml(root / ENTITIES, entities)

    def terms(data):
        data["terms"][0].update(term=p["term"], definition=p["term definition"])

    _edit_yaml(root / GLOSSARY, terms)

    def events(data):
        data["events"][0].update(
            title=p["event title"], description=p["event description"], date_note=p["event date note"]
        )

    _edit_yaml(root / EVENTS, events)

    def passages(data):
        data["passages"][0].update(note=p["passage note"], claim=p["passage claim"])

    _edit_yaml(root / f"annotations/passages/{essay.stem}.yaml", passages)

    def debates(data):
        data["debates"][0].update(question=p["debate question"], summary=p["debate summary"])
        for position in data["debates"][0]["positions"]:  # one stance, so the verdict still holds
            position["stance"] = p["debate stance"]

    _edit_yaml(root / DEBATES, debates)
    return essay.stem


@pytest.fixture(scope="module")
def field_site(hostile_project):
    """The real project with every plain-text payload planted, built by the CLI (production path;
    conftest.py, hostile_project): (project root, hosted site, offline copy unzipped from the
    download page, essay id)."""
    root = hostile_project
    essay = sorted((root / "corpus").glob("*.md"))[0].stem  # the one plant_field_payloads chose
    return root, root / "site", root / "offline" / "site-offline", essay


# (payload, page, what the page shows): every payload arrives as text. Literals checked by hand.
ESCAPED = [
    (
        "essay title",
        "essays/{essay}/index.html",
        "<title>&amp;lt;/title&amp;gt;&amp;lt;script&amp;gt;window.__hostile_1=1&amp;lt;/script&amp;gt;&amp;lt;img src=x "
        "onerror=window.__hostile_1=1&amp;gt; - ",
    ),
    (
        "essay abstract",
        "essays/{essay}/index.html",
        '<meta name="description" content="&quot; http-equiv=&quot;refresh&quot; '
        'content=&quot;0;url=javascript:window.__hostile_2=1&quot;&gt;&lt;script&gt;window.__hostile_2=1&lt;/script&gt;">',
    ),
    (
        "essay author",
        "essays/{essay}/index.html",
        "<strong>Ann &amp;lt;img src=x onerror=window.__hostile_3=1&amp;gt;</strong>",
    ),
    ("essay venue", "essays/{essay}/index.html", "[venue](javascript:window.__hostile_4=1)"),
    (
        "essay keyword",
        "essays/{essay}/index.html",
        "<strong>Keywords:</strong> &lt;script&gt;window.__hostile_5=1&lt;/script&gt;; peace treaty",
    ),
    (
        "essay title note",
        "essays/{essay}/index.html",
        '<p><strong>Title:</strong> {: onclick="window.__hostile_6=1" }</p>',
    ),
    ("theme label", "themes/{theme}/index.html", "<title>&amp;lt;img src=x onerror=window.__hostile_7=1&amp;gt; - "),
    (
        "theme description",
        "themes/{theme}/index.html",
        '<meta name="description" content="&lt;script&gt;window.__hostile_8=1&lt;/script&gt;">',
    ),
    (
        "entity name",
        "entities/index.html",
        "&amp;lt;/h3&amp;gt;&amp;lt;script&amp;gt;window.__hostile_9=1&amp;lt;/script&amp;gt;",
    ),
    ("entity description", "entities/index.html", "[click](javascript:window.__hostile_10=1)"),
    ("term", "glossary/index.html", "&amp;lt;b onmouseover=window.__hostile_11=1&amp;gt;term&amp;lt;/b&amp;gt;"),
    ("term definition", "glossary/index.html", '" onmouseover="window.__hostile_12=1'),
    ("event title", "timeline/index.html", "&amp;lt;img src=x onerror=window.__hostile_13=1&amp;gt;"),
    (
        "event description",
        "timeline/index.html",
        '&lt;iframe srcdoc="&lt;script&gt;parent.__hostile_14=1&lt;/script&gt;"&gt;&lt;/iframe&gt;',
    ),
    ("event date note", "timeline/index.html", '<span class="tl-note">&lt;svg onload=window.__hostile_15=1&gt;</span>'),
    (
        "passage note",
        "essays/{essay}/index.html",
        "<em>Analyst’s note:</em> &lt;script&gt;window.__hostile_16=1&lt;/script&gt;",
    ),
    ("passage claim", "essays/{essay}/index.html", '*claim*{: onclick="window.__hostile_17=1" }'),
    ("debate question", "themes/{debate_theme}/index.html", "&amp;lt;img src=x onerror=window.__hostile_18=1&amp;gt;"),
    ("debate summary", "themes/{debate_theme}/index.html", "&lt;script&gt;window.__hostile_19=1&lt;/script&gt;"),
    (
        "debate stance",
        "debates/index.html",
        '<p class="debate-stance-head"><strong>[stance](javascript:window.__hostile_20=1)</strong></p>',
    ),
]


def test_every_plain_text_payload_is_shown_as_typed(field_site):
    root, site, _, essay = field_site
    theme = yaml.safe_load((root / THEMES).read_text(encoding="utf-8"))["themes"][0]["id"]
    debate_theme = yaml.safe_load((root / DEBATES).read_text(encoding="utf-8"))["debates"][0]["theme"]
    assert {name for name, _, _ in ESCAPED} == set(FIELD_PAYLOADS)
    for name, page, shown in ESCAPED:
        path = site / page.format(essay=essay, theme=theme, debate_theme=debate_theme)
        assert shown in path.read_text(encoding="utf-8"), (name, page)
    for html in site.rglob("*.html"):
        page = html_page(html)
        scripts = page.find_all("script")
        # the essay's citation for reference managers is a data block, never run: the title it
        # carries is there as typed, with no "<" or ">" that could end the element
        data = [s for s in scripts if s.get("type") == "application/ld+json"]
        assert all("<" not in s.get_text() and ">" not in s.get_text() for s in data), html
        assert not [s for s in scripts if s not in data and "__hostile" in s.get_text()], html
        assert not page.find_all(["iframe", "object", "embed", "img"]), html
        for element in page.find_all(True):
            for name, value in element.attrs.items():
                value = " ".join(value) if isinstance(value, list) else value
                if "__hostile" in value:
                    assert not name.startswith("on") and not value.strip().startswith("javascript:"), (html, name)


# What a payload that could run would leave as markup in a document: event handlers, script
# URLs, frames, a refresh, scripts and styles that carry it.
HOSTILE_MARKUP = r"""doc => {
  const bad = [];
  for (const el of doc.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (!a.value.includes('__hostile')) continue;
      const name = a.name.toLowerCase(), url = a.value.replace(/[\s\x00-\x1f]/g, '').toLowerCase();
      if (name.startsWith('on') || name === 'srcdoc'
          || (['href', 'src', 'action', 'formaction', 'data'].includes(name) && /^(javascript|data|vbscript):/.test(url))
          || (name === 'content' && el.hasAttribute('http-equiv')))
        bad.push(el.tagName + ' ' + name + '=' + a.value);
    }
    // a script of type application/ld+json is a data block that browsers never run (the essay's
    // citation), so its text may carry a payload as typed
    const dataBlock = el.tagName === 'SCRIPT' && el.type === 'application/ld+json';
    if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'STYLE'].includes(el.tagName) && !dataBlock && el.outerHTML.includes('__hostile'))
      bad.push(el.tagName);
  }
  return bad;
}"""
# ... read from the live DOM of an open page, with the flags a payload that ran has set
HOSTILE_TRACES = (
    f"() => ({{flags: Object.keys(window).filter(k => k.startsWith('__hostile')), bad: ({HOSTILE_MARKUP})(document)}})"
)
# ... and from a built file as Chromium's own HTML parser reads it (DOMParser: the document is
# inert, nothing in it runs or loads)
PARSED_TRACES = f"html => ({HOSTILE_MARKUP})(new DOMParser().parseFromString(html, 'text/html'))"


# the window of a new Playwright context, in a tab of the pool (conftest.py, Tabs)
WINDOW = {"width": 1280, "height": 720}


def assert_no_live_markup(tabs, pages: list[Path]) -> None:
    """Parse every page in Chromium without opening it; fail if a payload is live markup in one."""
    page = tabs.take(WINDOW)
    try:
        for path in pages:
            bad = page.evaluate(PARSED_TRACES, path.read_text(encoding="utf-8"))
            assert bad == [], (path, bad)
    finally:
        tabs.give_back(page)


def assert_no_payload_ran(tabs, urls: list[str], hover: int = 0) -> int:
    """Open every URL in Chromium; fail if a payload ran or left live markup; return the count."""
    page = tabs.take(WINDOW)
    requests: list[str] = page.requests_seen
    try:
        for url in urls:
            page.goto(url, wait_until="load")
            page.wait_for_timeout(30)  # an onerror of a broken image fires right after load
            traces = page.evaluate(HOSTILE_TRACES)
            assert traces == {"flags": [], "bad": []}, (url, traces)
            # Material shows titles as tooltips, through innerHTML: show those that carry a payload
            titled = page.locator("article [title*='__hostile']:visible")
            for i in range(min(titled.count(), hover)):
                titled.nth(i).hover()
                page.wait_for_timeout(30)
                traces = page.evaluate(HOSTILE_TRACES)
                assert traces == {"flags": [], "bad": []}, (url, "tooltip", traces)
        requests = list(requests)
    finally:
        tabs.give_back(page)
    foreign = [u for u in requests if not u.startswith(("http://127.0.0.1:", "file://", "data:", "about:"))]
    assert not foreign, foreign
    return len(urls)


def payload_cover(folder: Path, first: list[Path] = ()) -> list[Path]:
    """`first`, then the fewest pages of a built site that carry with them every payload of
    FIELD_PAYLOADS (chosen greedily: the page with the most payloads not yet carried first)."""
    flags = [re.search(r"__hostile_\d+", payload)[0] + "=" for payload in FIELD_PAYLOADS.values()]
    carried = {
        path: {f for f in flags if f in path.read_text(encoding="utf-8")} for path in sorted(folder.rglob("*.html"))
    }
    chosen = list(first)
    left = set(flags).difference(*(carried[path] for path in chosen))
    while left:
        path = max(carried, key=lambda p: len(carried[p] & left))  # the first of equals, in path order
        assert carried[path] & left, f"no page carries {sorted(left)}"
        chosen.append(path)
        left -= carried[path]
    return chosen


def titled_pages(folder: Path) -> list[Path]:
    """The pages where a payload is in a title attribute, which the theme shows as a tooltip."""
    return [
        path
        for path in sorted(folder.rglob("*.html"))
        if re.search(r'\stitle="[^"]*__hostile', path.read_text(encoding="utf-8"))
    ]


def site_urls(folder: Path, pages: list[Path], base: str | None) -> list[str]:
    """Pages of a built site as Chromium opens them: over HTTP at `base`, or from disk (file://)
    when base is None."""
    if base is None:
        return [p.as_uri() for p in pages]
    return [f"{base}/{p.relative_to(folder).as_posix()}" for p in pages]


def test_no_plain_text_payload_runs_in_chromium(tabs, field_site):
    """Every page of the hosted site and of the offline copy, as Chromium parses it, holds no
    payload as live markup; and in the pages that together carry every payload, opened in
    Chromium with the site's scripts at work (and on 127.0.0.1 every page where the theme shows
    a payload as a tooltip, hovered), none of them runs or becomes live markup."""
    _, site, offline, _ = field_site
    hosted, from_disk = sorted(site.rglob("*.html")), sorted(offline.rglob("*.html"))
    assert len(hosted) > 10 and len(from_disk) > 10  # every page of both, not an empty list
    assert_no_live_markup(tabs, hosted + from_disk)
    server = serve_folder(site)
    try:
        titled = titled_pages(site)
        assert titled  # the tooltips are shown below
        assert_no_payload_ran(
            tabs, site_urls(site, payload_cover(site, titled), f"http://127.0.0.1:{server.server_address[1]}"), hover=1
        )
    finally:
        server.shutdown()
    assert_no_payload_ran(tabs, site_urls(offline, payload_cover(offline), None))


# --- 3. behind the validator: the sanitizer, and behind it the Content-Security-Policy -----------

# Essay-body markup the policy refuses; each would set window.__bypass_<n> if it ran. Built here
# with the validator's markup check switched off in the test process, as if it had missed them.
BODY_PAYLOADS = [
    "<script>window.__bypass_1=1</script>",
    "A [javascript link](javascript:window.__bypass_2=1) in a sentence.",
    '## A heading {: onclick="window.__bypass_3=1" onmouseover="window.__bypass_3=1" }',
    '<img src="x" onerror="window.__bypass_4=1">',
    '<iframe srcdoc="<script>parent.__bypass_5=1</script>"></iframe>',
    '<svg onload="window.__bypass_6=1"></svg>',
    '<details open ontoggle="window.__bypass_7=1"><summary>toggle</summary>x</details>',
    'A paragraph with *handlers*{: onclick="window.__bypass_8=1" style="color: red" }.',
    '<a href="java&#115;cript:window.__bypass_9=1">an obfuscated link</a>',
    '<form action="javascript:window.__bypass_10=1"><button id="bypass-submit">go</button></form>',
    '<object data="data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19ieXBhc3NfMTE9MTwvc2NyaXB0Pg=="></object>',
    '<embed src="data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19ieXBhc3NfMTI9MTwvc2NyaXB0Pg==">',
    '<base href="http://127.0.0.1:9/">',
]


def build_in_process(root: Path, policy: bool = True, sanitizer: bool = True) -> Path:
    """Build `root` in this process (so a line of defence can be switched off for the test);
    return the offline copy, unzipped from the download page. Without the sanitizer, the check
    for loads from another host is off too (it refuses the planted <base href>): what is left
    is the Content-Security-Policy alone."""
    from site_builder.build import OFFLINE_ZIP, build_site

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1531094400")
        if not policy:
            patch.setattr("site_builder.sources.policy.markdown_problems", lambda markdown, reader: [])
        if not sanitizer:
            patch.setattr("site_builder.finishing.sanitize.clean_html", lambda html, form_controls=False: html)
            patch.setattr("site_builder.build.checked_remote_loads", lambda root, site: [])
        build_site(root)
    with zipfile.ZipFile(root / "site" / OFFLINE_ZIP) as archive:
        archive.extractall(root / "offline")
    return root / "offline" / "site-offline"


def planted_body_project(folder: Path) -> Path:
    root = copy_project(folder, MINI)
    with open(root / ESSAY, "a", encoding="utf-8") as f:
        f.write("".join(f"\n{payload}\n" for payload in BODY_PAYLOADS))
    assert problems_after(root)  # the validator refuses every one of them ...
    return root


@pytest.fixture(scope="module")
def sanitized_site(tmp_path_factory):
    def make(folder: Path) -> None:  # once for the run: pytest-xdist's workers share it
        build_in_process(planted_body_project(folder / "p"), policy=False)  # ... here it is told to let them through

    root = built_once(tmp_path_factory, "sanitized", make) / "p"
    return root / "site", root / "offline" / "site-offline"


@pytest.fixture(scope="module")
def csp_only_site(tmp_path_factory):
    root = planted_body_project(tmp_path_factory.mktemp("csp-only") / "p")
    offline = build_in_process(root, policy=False, sanitizer=False)
    return root / "site", offline


def article(path: Path):
    return html_page(path).select_one("article")


def test_the_sanitizer_strips_what_the_validator_missed(sanitized_site):
    site, _ = sanitized_site
    content = article(site / "essays/alpha-2015/index.html")
    assert "A paragraph with handlers." in content.get_text()  # the text stays, the markup goes
    assert content.find_all(["script", "iframe", "object", "embed", "form", "base", "img"]) == []
    for element in content.find_all(True):
        assert not [a for a in element.attrs if a.startswith("on")], element
        assert not str(element.get("href", "")).lower().startswith(("javascript", "data")), element
        assert "color: red" not in str(element.get("style", "")), element


def test_no_stripped_payload_runs_in_chromium(tabs, sanitized_site):
    site, offline = sanitized_site
    server = serve_folder(site)
    try:
        assert_bypass_flags_unset(tabs, f"http://127.0.0.1:{server.server_address[1]}/essays/alpha-2015/")
    finally:
        server.shutdown()
    assert_bypass_flags_unset(tabs, (offline / "essays/alpha-2015.html").as_uri())


CSP_LOG = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.effectiveDirective));"""


def assert_bypass_flags_unset(tabs, url: str) -> list[str]:
    """Open the essay, hover, click and toggle what the payloads hook; no flag may be set.
    Return the Content-Security-Policy violations the page reported."""
    page = tabs.take(WINDOW, init_script=CSP_LOG)
    requests: list[str] = page.requests_seen
    try:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(100)
        for target in page.locator(
            "article a[href^='javascript'], article h2, article em, article summary, article button"
        ).all():
            if target.is_visible():
                target.click(no_wait_after=True, timeout=2000)
        page.wait_for_timeout(100)
        assert page.url.split("#")[0].rstrip("/").endswith(("alpha-2015", "alpha-2015.html")), page.url
        flags = page.evaluate("Object.keys(window).filter(k => k.startsWith('__bypass'))")
        assert flags == [], (url, flags)
        violations = page.evaluate("window.__violations")
        requests = list(requests)
    finally:
        tabs.give_back(page)
    assert not [u for u in requests if not u.startswith(("http://127.0.0.1:", "file://", "data:", "about:"))], requests
    return violations


def test_the_csp_blocks_an_inline_script_that_reached_the_content(tabs, csp_only_site):
    site, offline = csp_only_site
    content = article(site / "essays/alpha-2015/index.html")
    # with validator and sanitizer off, the payloads are in the page, live
    assert "window.__bypass_1=1" in [s.get_text() for s in content.find_all("script")]
    assert content.find("img", attrs={"onerror": "window.__bypass_4=1"}) is not None
    assert content.find("a", href="javascript:window.__bypass_2=1") is not None
    server = serve_folder(site)
    try:
        hosted = assert_bypass_flags_unset(tabs, f"http://127.0.0.1:{server.server_address[1]}/essays/alpha-2015/")
    finally:
        server.shutdown()
    from_disk = assert_bypass_flags_unset(tabs, (offline / "essays/alpha-2015.html").as_uri())
    for violations in (hosted, from_disk):  # refused by the policy, not merely not triggered
        assert {"script-src-elem", "script-src-attr"} <= set(violations), violations


# --- 4. failures on the command line, stopped and concurrent builds ------------------------

LOCK_MESSAGE = (
    "another build of this project (or make serve) is running, process {}; wait until it ends, then run this again"
)


def site_state(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root / "site").as_posix(): p.read_bytes()
        for p in sorted((root / "site").rglob("*"))
        if p.is_file()
    }


def debris(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site.") or p.name == "site.old")


def builder_process(root: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "site_builder", "--root", str(root), "build"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(root)},
    )


def wait_for(condition, what: str, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, f"timed out waiting for {what}"
        time.sleep(0.02)


def build_held_mid_way(root: Path, ready=lambda left: True) -> subprocess.Popen:
    """A build of `root` held still (SIGSTOP) while it writes the new site in its temporary
    folder (.site.*/site/, moved into place at the end): the previous site is still in place.
    `ready(debris)`: what else must hold by then. The mini project builds in a fraction of a
    second, so a build that ends before it is caught (the test looks every 20 ms) starts again."""
    for _ in range(10):
        process = builder_process(root)
        mid_way = lambda process=process: (  # noqa: E731  (read twice below, as a condition)
            any((root / d / "site").is_dir() for d in debris(root) if d.startswith(".site."))
            and "site.old" not in debris(root)
            and ready(debris(root))
        )
        wait_for(
            lambda mid_way=mid_way, process=process: mid_way() or process.poll() is not None,
            "the build's temporary folder",
        )
        process.send_signal(signal.SIGSTOP)
        if process.poll() is None and mid_way():
            return process
        process.send_signal(signal.SIGCONT)
        process.communicate(timeout=120)
    raise AssertionError("ten builds in a row ended before one could be held mid-way")


def test_cli_reports_each_problem_as_path_line_without_traceback(mini_with_site):
    root = mini_with_site
    before = site_state(root)
    for edit in (
        body("<script>alert('body-script')</script>"),
        replace(THEMES, "id: sanctions", f"id: {ID81}"),
        symlink_outside(PASSAGES, (MINI / PASSAGES).read_text(encoding="utf-8")),
    ):
        edit(root)
    for command in ("check", "build"):
        result = run_builder(root, command)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        lines = result.stderr.splitlines()
        assert (
            f"{ESSAY}:{BODY_LINE}: <script> is not allowed in an essay: no source may run code in the reader's "
            "browser; delete it (to show the word, write &lt;script&gt;)" in lines
        )
        assert (
            f"{THEMES}:6: theme: id '{ID81[:40]}…' is 81 characters long; an id may have at most 80 (ids "
            "become file names and URLs): shorten it" in lines
        )
        assert f"{PASSAGES}:1: {link_outside_message(root, PASSAGES)}" in lines
    assert site_state(root) == before and debris(root) == []


def test_a_broken_template_stops_the_build_at_its_line(mini_with_site):
    root = mini_with_site
    before = site_state(root)
    template_line("glossary.md.j2", "{% if %}")(root)
    result = run_builder(root, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[0] == (
        "templates/glossary.md.j2:9: template syntax error: Expected an "
        "expression, got 'end of statement block'; fix the template"
    )
    assert site_state(root) == before and debris(root) == []


def test_a_runaway_glossary_is_refused_in_seconds(mini_with_site):
    root = mini_with_site
    before = site_state(root)
    with open(root / GLOSSARY, "w", encoding="utf-8") as f:  # 250,000 generated terms, 48.5 MB
        f.write("terms:\n")
        for i in range(250_000):
            f.write(
                f"  - id: generated-term-{i}\n    term: Generated term {i}\n    aliases: [gen-{i}]\n"
                f"    definition: A generated definition for the term number {i}, long enough to look real.\n"
                f"    themes: [sanctions]\n"
            )
    started = time.monotonic()
    result = run_builder(root, "build")
    elapsed = time.monotonic() - started
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[0] == (
        f"{GLOSSARY}:1: is 48.5 MB, more than the 16 MB allowed for an annotation file; check that it was not "
        f"generated by mistake and shorten it ({README})"
    )
    assert elapsed < 10, elapsed  # a fraction of that on a quiet machine: the size is checked first
    assert site_state(root) == before and debris(root) == []


def test_a_killed_build_leaves_debris_that_the_next_build_removes_and_a_second_build_waits(mini_with_site):
    root = mini_with_site
    before = site_state(root)
    killed = build_held_mid_way(root)
    killed.kill()  # SIGKILL: nothing of the build runs any more, its temporary folder stays
    killed.wait()
    left = debris(root)
    assert len(left) == 1 and left[0].startswith(".site."), left
    assert site_state(root) == before

    # the next build removes the debris first, under the lock, then makes its own temporary
    # folder; held still while another build starts, it keeps the lock, as a build at work would
    running = build_held_mid_way(root, ready=lambda now: left[0] not in now)
    try:
        second = run_builder(root, "build")  # refused at once, nothing touched
    finally:
        running.send_signal(signal.SIGCONT)
    assert second.returncode == 1 and "Traceback" not in second.stderr, second.stderr
    assert second.stderr.splitlines()[0] == f".site-builder.lock:1: {LOCK_MESSAGE.format(running.pid)}"
    _, stderr = running.communicate(timeout=120)
    assert running.returncode == 0, stderr
    assert debris(root) == []
    after = site_state(root)
    assert after.keys() == before.keys() and after["index.html"] == before["index.html"]


def test_a_build_stopped_with_sigterm_cleans_up_and_keeps_the_site(mini_with_site):
    root = mini_with_site
    before = site_state(root)
    stopped = build_held_mid_way(root)
    stopped.send_signal(signal.SIGTERM)  # handled as the build goes on
    stopped.send_signal(signal.SIGCONT)
    _, stderr = stopped.communicate(timeout=60)
    assert (stopped.returncode, stderr.strip()) == (130, "stopped; the previous site was left as it was.")
    assert debris(root) == [] and site_state(root) == before


def test_the_next_build_puts_back_a_site_left_in_the_middle_of_the_swap(tmp_path):
    from site_builder.buildlock import remove_stale

    (tmp_path / "site.old").mkdir()
    (tmp_path / "site.old" / "index.html").write_text("the previous site", encoding="utf-8")
    (tmp_path / ".site.abcd1234").mkdir()  # a stopped build's temporary folder
    (tmp_path / ".site.keep").mkdir()  # not a name the builder makes: not ours to remove
    assert remove_stale(tmp_path / "site") == [".site.abcd1234"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.keep", "site"]
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "the previous site"
