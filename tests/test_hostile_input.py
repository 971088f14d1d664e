"""Bad input that hung, crashed or reached the reader (issue 26): each refused at once, as
`path:line: what is wrong and what to do`, never a traceback.

1. A table of literal inputs with the literal problems they give (tests/test_hostile.py's
   `problems_after`: validation, then the templates): YAML that could explode (anchors and
   aliases, nesting, numbers, lists inside a record), characters that are not text, labels that
   a theme could turn into markup or reorder, one syntax error reported alone, a link in a loop.
   The anchor bomb that ran past 300 s is refused: that can only happen at once.
2. Folders and templates the builder may not read, as a user who is not root (the test runs the
   builder as `nobody` when it is root).
3. Labels that pass (ampersands, quotes, markup written as entities) stay text in Chromium: every
   navigation link, table-of-contents entry and the header's title hovered, under both engines;
   no element from a label appears in a tooltip, nothing navigates, nothing runs.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from test_hostile import BODY_LINE, ENTITIES, ESSAY, EVENTS, GLOSSARY, PASSAGES, README, THEMES, problems_after

from conftest import MINI, ROOT, build_site, built_once, copy_project, serve_folder

DEBATES = "annotations/debates.yaml"

NOT_TEXT = (
    "holds {}, a control character or noncharacter, not text; delete it (most editors do not show it): "
    "it can break the page it is shown on"
)
ANGLE = (
    "'{}' may not hold '<' or '>': a label goes into the navigation, the table of contents, tooltips or the "
    "search, where the theme would read it as markup; write it in words (e.g. 'less than'), or use other brackets"
)
BIDI = (
    "'{}' holds {}, an invisible control that reorders how the label reads in the navigation, the table of "
    "contents, tooltips or the search; delete it (the letters give the text its direction)"
)
ALIASES = "(anchors and aliases can make a few lines stand for millions of values)"
ANCHOR = "an anchor (&{}) is not allowed: write the value out in full where it is needed " + ALIASES
ALIAS = "an alias (*{}) is not allowed: write the value out in full where it is needed " + ALIASES
DEPTH = (
    "lists and mappings are nested more than 20 deep (no record needs more than 6); check the brackets and "
    f"the indentation ({README})"
)
LOOP = (
    "is a symbolic link that leads back to itself (a loop of links); replace it with the file, or with a "
    "link to a file inside the project"
)


# --- 1. literal inputs, literal problems ---------------------------------------------------


def edit_text(path: str, old: str, new: str):
    def edit(root: Path) -> None:
        text = (root / path).read_text(encoding="utf-8")
        assert text.count(old) == 1, (path, old)
        (root / path).write_text(text.replace(old, new), encoding="utf-8")

    return edit


def write(path: str, text: str):
    def edit(root: Path) -> None:
        (root / path).write_text(text, encoding="utf-8")

    return edit


def append(path: str, text: str):
    def edit(root: Path) -> None:
        with open(root / path, "a", encoding="utf-8") as f:
            f.write(text)

    return edit


def anchor_bomb(levels: int) -> str:
    """`a: &a [x, ×10]`, `b: &b [*a, ×10]` ... `themes: *i`: 10**9 values from 330 bytes."""
    names = "abcdefghijklmnopqrstuvwxyz"[:levels]
    lines = ["a: &a [" + ",".join("x" * 10) + "]"]
    lines += [f"{name}: &{name} [" + ",".join([f"*{before}"] * 10) + "]" for before, name in itertools.pairwise(names)]
    return "\n".join([*lines, f"themes: *{names[-1]}"]) + "\n"


def symlink_loop(path: str):
    def edit(root: Path) -> None:
        (root / path).unlink(missing_ok=True)
        (root / path).symlink_to(root / path)

    return edit


DEBATE = (
    "debates:\n  - id: the-question\n    theme: sanctions\n    question: {}\n    verdict: agree\n"
    "    summary: S.\n    positions:\n      - {{passage: alpha-2015-dispute, stance: A}}\n"
)
ONE_ESSAY = (DEBATES, 7, "debate: a debate needs positions from at least two essays")

CASES = [
    # YAML that could explode: anchors and aliases are refused before anything is built
    ("themes-anchor-bomb", write(THEMES, anchor_bomb(9)), [(THEMES, 1, ANCHOR.format("a"))]),
    (
        "front-matter-anchor",
        edit_text(ESSAY, "keywords: [test]", "keywords: &k [test]\nsummary: *k"),
        [(ESSAY, 11, ANCHOR.format("k"))],
    ),
    (
        "passages-alias",
        edit_text(PASSAGES, "note: The dispute continues.", "note: *note"),
        [(PASSAGES, 7, ALIAS.format("note"))],
    ),
    # nesting, numbers, lists inside a record
    (
        "glossary-250-brackets",
        edit_text(GLOSSARY, "term: peace treaty", "term: " + "[" * 250 + "]" * 250),
        [(GLOSSARY, 3, DEPTH)],
    ),
    (
        "themes-5000-digit-id",
        edit_text(THEMES, "id: sanctions", "id: " + "9" * 5000),
        [
            (
                THEMES,
                6,
                f"'id' is a number of 5,000 characters, more than the 100 a number may have; shorten it ({README})",
            )
        ],
    ),
    (
        "events-tagged-long-integer",
        edit_text(EVENTS, "title: Crimea annexed", "title: !!int '" + "1" * 101 + "'"),
        [
            (
                EVENTS,
                4,
                f"'title' is a number of 101 characters, more than the 100 a number may have; shorten it ({README})",
            )
        ],
    ),
    (
        "entities-200000-aliases",
        edit_text(ENTITIES, "aliases: [Crimea]", "aliases: [" + ", ".join(f"alias-{i}" for i in range(200_000)) + "]"),
        [
            (
                ENTITIES,
                5,
                "'aliases' lists 200,000 items, more than the 200 allowed in one record; check that the file was "
                f"not generated by mistake ({README})",
            )
        ],
    ),
    # characters that are not text: in any field, written as escapes or as they are, and in a body
    (
        "essay-title-del-and-noncharacter",
        edit_text(ESSAY, 'title: "A small test essay"', 'title: "A small\\x7F test\\uFFFE essay"'),
        [(ESSAY, 3, "'title' " + NOT_TEXT.format("U+007F"))],
    ),
    (
        "essay-title-raw-del",
        edit_text(ESSAY, 'title: "A small test essay"', 'title: "A small\x7f test essay"'),
        [(ESSAY, 3, "this line " + NOT_TEXT.format("U+007F"))],
    ),
    (
        "every-kind-of-not-text",
        edit_text(
            PASSAGES,
            "note: The dispute continues.",
            'note: "carriage\\rreturn"\n    claim: "\\uFDD0 and \\U0010FFFF"\n    themes_note: "\\x85 \\L"',
        ),
        [
            (PASSAGES, 7, "'note' " + NOT_TEXT.format("U+000D")),
            (PASSAGES, 8, "'claim' " + NOT_TEXT.format("U+FDD0")),
            (PASSAGES, 9, "'themes_note' " + NOT_TEXT.format("U+0085")),
            (PASSAGES, 9, "passage: unknown field 'themes_note'; did you mean 'themes'?"),
        ],
    ),
    (
        "a-key-and-a-list-item",
        edit_text(
            THEMES,
            "aliases: [Sanctions, sanctions]",
            'aliases: [Sanctions, "sanc\\u2028tions"]\n    "not\\x1bwhen": []',
        ),
        [
            (THEMES, 9, "an item of 'aliases' " + NOT_TEXT.format("U+2028 (LINE SEPARATOR)")),
            (THEMES, 10, "a key " + NOT_TEXT.format("U+001B")),
            (THEMES, 10, "theme: unknown field 'not\x1bwhen'; did you mean 'not_when'?"),
        ],
    ),
    (
        "body-controls",
        append(ESSAY, "\nA form feed \x0c here.\n\nA DEL \x7f and a noncharacter \ufffe.\n\nTabs\tand CR LF stay.\r\n"),
        [
            (ESSAY, BODY_LINE, "this line " + NOT_TEXT.format("U+000C")),
            (ESSAY, BODY_LINE + 2, "this line " + NOT_TEXT.format("U+007F")),
        ],
    ),
    # labels: no '<' or '>' (the glossary term, and each kind of label) ...
    (
        "glossary-term-refresh",
        edit_text(
            GLOSSARY,
            "term: peace treaty",
            'term: \'Northern Territories <meta http-equiv="refresh" content="0;url=https://evil.example/tt">\'',
        ),
        [(GLOSSARY, 3, "term: " + ANGLE.format("term"))],
    ),
    (
        "essay-title-and-author",
        edit_text(
            ESSAY,
            'title: "A small test essay"\nauthors:\n  - name: Ann Example',
            'title: "</title><script>window.__hostile_1=1</script>"\nauthors:\n  - name: "Ann <img src=x>"',
        ),
        [(ESSAY, 3, "front matter: " + ANGLE.format("title")), (ESSAY, 5, "author: " + ANGLE.format("name"))],
    ),
    (
        "theme-label-and-alias",
        lambda root: (
            edit_text(THEMES, "label: Sanctions", "label: <b>Sanctions</b>")(root),
            edit_text(THEMES, "aliases: [Sanctions, sanctions]", "aliases: [Sanctions, a > b]")(root),
        ),
        [(THEMES, 7, "theme: " + ANGLE.format("label")), (THEMES, 9, "theme: " + ANGLE.format("aliases"))],
    ),
    (
        "entity-name-event-title-debate-question",
        lambda root: (
            edit_text(ENTITIES, "name: Crimea", "name: </h3><script>x</script>")(root),
            edit_text(EVENTS, "title: Crimea annexed", "title: <img src=x onerror=alert(1)>")(root),
            write(DEBATES, DEBATE.format("'<i>Who</i> is right?'"))(root),
        ),
        [
            (DEBATES, 4, "debate: " + ANGLE.format("question")),
            ONE_ESSAY,
            (ENTITIES, 4, "entity: " + ANGLE.format("name")),
            (EVENTS, 4, "event: " + ANGLE.format("title")),
        ],
    ),
    # ... and no control that reorders them
    (
        "bidi-author-and-theme",
        lambda root: (
            edit_text(ESSAY, "name: Ann Example", "name: Ann \u202eelpmaxE")(root),
            edit_text(THEMES, "label: Sanctions", "label: \u2066Sanctions\u2069")(root),
        ),
        [
            (ESSAY, 5, "author: " + BIDI.format("name", "U+202E (RIGHT-TO-LEFT OVERRIDE)")),
            (THEMES, 7, "theme: " + BIDI.format("label", "U+2066 (LEFT-TO-RIGHT ISOLATE)")),
        ],
    ),
    # what labels may hold: ampersands, quotes, markup written as entities, the direction marks
    (
        "labels-that-pass",
        lambda root: (
            edit_text(THEMES, "label: Sanctions", "label: 'Sanctions & \"counter-sanctions\" &lt;b&gt;'")(root),
            edit_text(ESSAY, "name: Ann Example", 'name: "Ann O\'Example \u200f"')(root),
            edit_text(GLOSSARY, "term: peace treaty", "term: peace treaty &amp; 3 &lt; 4")(root),
        ),
        [],
    ),
    # one syntax error, reported alone: none of the unknown themes it would leave behind
    (
        "themes-syntax-error",
        edit_text(THEMES, "label: Sanctions", "label: [Sanctions"),
        [
            (
                THEMES,
                8,
                "malformed YAML: while parsing a flow sequence, did not find expected ',' or ']'; fix the syntax "
                "(indentation, quotes, colons)",
            )
        ],
    ),
    # a link in a loop
    ("corpus-symlink-loop", symlink_loop("corpus/loop.md"), [("corpus/loop.md", 1, LOOP)]),
    (
        "themes-symlink-loop",
        symlink_loop(THEMES),
        [(THEMES, 1, LOOP), (EVENTS, 6, "<ignored>"), (PASSAGES, 6, "<ignored>"), (PASSAGES, 11, "<ignored>")],
    ),
]


@pytest.mark.parametrize("name, edit, expected", CASES, ids=[c[0] for c in CASES])
def test_refused_at_once_with_path_line_and_what_to_do(tmp_path, name, edit, expected):
    root = copy_project(tmp_path / "p", MINI)
    edit(root)
    found = problems_after(root)
    # "<ignored>": a consequence reported elsewhere in the same run (an unknown id ...), not the point
    ignored = {(path, line) for path, line, message in expected if message == "<ignored>"}
    assert [f for f in found if (f[0], f[1]) not in ignored] == sorted(e for e in expected if e[2] != "<ignored>")


def test_a_message_prints_no_character_that_acts_on_the_terminal():
    """A message may quote a source (an unknown key, an id): `site-builder check` prints an escape
    in a key as text, not as the start of a terminal escape sequence, nor a bidirectional control
    that would reorder the line."""
    from site_builder.problems import Problem

    problem = Problem(THEMES, 10, "theme: unknown field 'not\x1b[2Jwhen\u202e'; did you mean 'not_when'?")
    assert str(problem) == f"{THEMES}:10: theme: unknown field 'not\\u001b[2Jwhen\\u202e'; did you mean 'not_when'?"


# --- 2. what the builder may not read -----------------------------------------------------


def as_reader(command: list[str]) -> list[str]:
    """`command` as a user who is not root: root reads a file whatever its mode."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]


@pytest.fixture
def readable_project():
    """A folder for a project that `nobody` may own and read (pytest's own folders are root's alone)."""
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: no user for whom a mode 000 folder is unreadable")
    folder = Path(tempfile.mkdtemp(prefix="site-builder-unreadable-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)


def run_unreadable(folder: Path, source: Path, unreadable: str, command: str) -> tuple[int, list[str]]:
    """The builder's `command` on a copy of `source` whose `unreadable` file or folder has mode 000;
    return its exit status and what it printed on stderr."""
    root = copy_project(folder / "p", source, own_compiled_templates=True)
    if os.geteuid() == 0:
        subprocess.run(["chown", "-R", "nobody:nogroup", str(root)], check=True)
    (root / unreadable).chmod(0)
    result = subprocess.run(
        as_reader([sys.executable, "-m", "site_builder", "--root", str(root), command]),
        capture_output=True,
        text=True,
        cwd=root,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(root)},
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stderr.splitlines()


UNREADABLE = [
    # the real corpus: its debates and relations name 149 passages, each unknown if the folder is empty
    (
        ROOT,
        "annotations/passages",
        "check",
        ["annotations/passages:1: cannot be read (Permission denied); check the folder's permissions"],
    ),
    (ROOT, "corpus", "check", ["corpus:1: cannot be read (Permission denied); check the folder's permissions"]),
    (
        MINI,
        "annotations",
        "check",
        ["annotations:1: cannot be read (Permission denied); check the folder's permissions"],
    ),
    (
        MINI,
        "templates/glossary.md.j2",
        "generate",
        ["templates/glossary.md.j2:1: cannot be read (Permission denied); check the file's permissions"],
    ),
]


@pytest.mark.parametrize("source, unreadable, command, expected", UNREADABLE, ids=[u[1] for u in UNREADABLE])
def test_what_cannot_be_read_is_named(readable_project, source, unreadable, command, expected):
    code, stderr = run_unreadable(readable_project, source, unreadable, command)
    problems = stderr[: stderr.index("")] if "" in stderr else stderr  # a blank line, then the count
    assert (code, problems) == (1, expected)


# --- 3. labels that pass stay text, whatever the theme does with them -----------------------

# (file, as written in the fixture, the label that replaces it): ampersands, quotes and markup
# written as entities, each with a long word that the navigation and the tables of contents must
# cut (attributes separated by '/', as HTML allows), which is when the theme copies the label's
# text into a tooltip as HTML
PASSING_LABELS = [
    (
        THEMES,
        "label: Territorial issue",
        'label: \'Territorial issue & the "Northern Territories"&lt;meta/http-equiv="refresh"/'
        'content="0;url=/away/"&gt;\'',
    ),
    (
        THEMES,
        "label: Sanctions",
        "label: \"Sanctions &amp; counter-sanctions, 'quoted',&lt;img/src=x/onerror=window.__label_1=1&gt;\"",
    ),
    (
        ESSAY,
        "name: Ann Example",
        "name: 'Ann Example&lt;b&gt;O''Brien&amp;Co&lt;/b&gt;&lt;meta/http-equiv=\"refresh\"/content=\"0;url=/away/\"&gt;'",
    ),
    (
        ESSAY,
        'title: "A small test essay"',
        "title: 'A small test essay: \"quotes\" &&lt;script&gt;window.__label_2=1&lt;/script&gt;'",
    ),
    (
        ENTITIES,
        "name: Crimea",
        "name: 'Crimea &amp; \"Krym\"&lt;img/src=x/onerror=window.__label_3=1&gt;'",
    ),
    (
        GLOSSARY,
        "term: peace treaty",
        'term: \'peace treaty&lt;meta/http-equiv="refresh"/content="0;url=/away/"&gt;\'',
    ),
    (EVENTS, "title: Crimea annexed", "title: 'Crimea annexed & \"reunited\" &lt;i&gt;'"),
]
# what the tooltips of the cut labels show, under both engines: each label whole, as the editor
# typed it and as the navigation shows it, in the title the theme gives a cut label (the browser's
# own tooltip: the theme's content.tooltips is off), which no markup can come out of (the essay's
# label, its author's surname and the year, is also the start of a heading in a theme page's
# table of contents)
TOOLTIPS = {
    'Territorial issue & the "Northern Territories"&lt;meta/http-equiv="refresh"/content="0;url=/away/"&gt;',
    "Sanctions &amp; counter-sanctions, 'quoted',&lt;img/src=x/onerror=window.__label_1=1&gt;",
    'Example&lt;b&gt;O\'Brien&amp;Co&lt;/b&gt;&lt;meta/http-equiv="refresh"/content="0;url=/away/"&gt; 2015',
    'Example&lt;b&gt;O\'Brien&amp;Co&lt;/b&gt;&lt;meta/http-equiv="refresh"/content="0;url=/away/"&gt; 2015: A small'
    ' test essay: "quotes" &&lt;script&gt;window.__label_2=1&lt;/script&gt;',
    'Crimea &amp; "Krym"&lt;img/src=x/onerror=window.__label_3=1&gt;',
    'peace treaty&lt;meta/http-equiv="refresh"/content="0;url=/away/"&gt;',
}
LABEL_PAGES = ["", "themes/sanctions/", "essays/alpha-2015/", "glossary/", "entities/"]


@pytest.fixture(scope="module")
def label_sites(tmp_path_factory) -> Path:
    """The mini fixture with PASSING_LABELS, built once for the run by each engine (site-mkdocs/,
    site-zensical/)."""

    def make(folder: Path) -> None:
        root = copy_project(folder / "p", MINI)
        for path, old, new in PASSING_LABELS:
            edit_text(path, old, new)(root)
        for engine in ("mkdocs", "zensical"):
            result = build_site(root, root / f"site-{engine}", "--engine", engine)
            assert result.returncode == 0, result.stderr

    return built_once(tmp_path_factory, "hostile-labels", make) / "p"


# After a hover: where the page is, any flag a label's script would set, any element a label
# became (inside a tooltip, or a refresh or a handler anywhere), and the text of the tooltips
# and of the titles the theme gives the cut labels
LABEL_TRACES = """() => ({
  url: location.href,
  flags: Object.keys(window).filter(k => k.startsWith('__label')),
  live: [...document.querySelectorAll(
      '[role=tooltip] :not([class*=tooltip]), [class*=tooltip__inner] *, meta[http-equiv=refresh], [onerror]')]
    .map(e => e.outerHTML),
  tips: [...document.querySelectorAll('[class*=tooltip__inner], [role=tooltip]')]
    .map(t => t.textContent.trim()),
  titles: [...document.querySelectorAll('.md-ellipsis')]
    .map(e => (e.closest('a') || e).getAttribute('title')).filter(t => t),
})"""
NAVIGATION = ".md-tabs a, .md-nav a, .md-header__topic .md-ellipsis"


def hover_every_navigation_link(tab, url: str) -> set[str]:
    """Hover every visible link of the navigation, the table of contents and the header's title of
    the page at `url`; fail if a label became an element, ran or sent the page elsewhere. Return
    the texts the tooltips showed."""
    tab.goto(url, wait_until="load")
    links = tab.locator(NAVIGATION)
    shown: set[str] = set()
    hovered = 0
    for i in range(links.count()):
        if links.nth(i).is_visible():
            links.nth(i).hover(force=True)  # the header's two titles overlap: hover the one shown
            tab.wait_for_timeout(40)
            traces = tab.evaluate(LABEL_TRACES)
            assert (traces["url"], traces["flags"], traces["live"]) == (url, [], []), (url, i, traces)
            shown.update(traces["tips"] + traces["titles"])
            hovered += 1
    tab.wait_for_timeout(300)  # a refresh after 0 s would have left by now
    assert tab.url == url and hovered > 5, (url, tab.url, hovered)
    return shown


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_labels_that_pass_stay_text_in_chromium(tabs, label_sites, engine):
    server = serve_folder(label_sites / f"site-{engine}")
    tab = tabs.take({"width": 1280, "height": 720})
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        shown = set().union(*(hover_every_navigation_link(tab, base + page) for page in LABEL_PAGES))
    finally:
        tabs.give_back(tab)
        server.shutdown()
    assert shown == TOOLTIPS
