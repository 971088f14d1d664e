"""The live preview (`site-builder serve`, site_builder/preview.py), as an editor uses it in
Chromium: the pages carry the policy and the sanitizer's output like a built site, the reload
script runs under the policy, a bad edit leaves the last good page served with its problems shown
in the page, and fixing it reloads the page with the change. Under MkDocs an edit renders again
only the pages it changes (live_update.update_preview): which ones, counted here for the mini fixture's
14 pages, and each byte-identical to the same page of a whole build."""

from __future__ import annotations

import dataclasses
import filecmp
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import EPOCH, MINI, ROOT, copy_project, scroll_settled

VIOLATIONS = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.effectiveDirective));"""
BAD_LABEL = "themes:\n  - id: sanctions\n    label: [Sanctions\n"
PROBLEM = "annotations/themes.yaml:4: malformed YAML"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(root: Path, engine: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "--root", str(root), "serve", "--engine", engine, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(root)},
    )
    address = f"http://127.0.0.1:{port}"
    end = time.time() + 120
    while time.time() < end:
        try:
            with urllib.request.urlopen(f"{address}/themes/sanctions/", timeout=2) as response:
                if b"Sanctions" in response.read():
                    return process, address
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("the preview did not start")


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_preview_serves_the_finished_site_and_follows_an_edit(tabs, tmp_path, engine):
    root = copy_project(tmp_path / "p", MINI)
    process, address = start(root, engine)
    tab = tabs.take({"width": 1280, "height": 900}, init_script=VIOLATIONS)
    try:
        with urllib.request.urlopen(f"{address}/themes/sanctions/", timeout=5) as response:
            served = response.read().decode("utf-8")
        assert served.count('<meta http-equiv="Content-Security-Policy"') == 1
        assert '<script src="/__preview__/reload.js" data-build="1" defer></script></head>' in served
        assert not (root / "site").exists()  # the preview has a site of its own

        tab.goto(f"{address}/themes/sanctions/")
        tab.locator("h1").wait_for()
        themes = root / "annotations" / "themes.yaml"
        good = themes.read_text(encoding="utf-8")
        themes.write_text(BAD_LABEL, encoding="utf-8")
        banner = tab.locator("#preview-problems[role=alert]")
        banner.wait_for(timeout=90_000)
        assert banner.locator("li").first.inner_text().startswith(PROBLEM)
        assert tab.locator("h1").inner_text() == "Sanctions"  # the last good page, still served

        themes.write_text(good.replace("label: Sanctions", "label: Sanctions regime"), encoding="utf-8")
        tab.locator("h1", has_text="Sanctions regime").wait_for(timeout=90_000)  # reloaded: no eval under the policy
        assert tab.locator("#preview-problems").count() == 0
        assert tab.evaluate("window.__violations") == []
    finally:
        process.terminate()
        process.wait(timeout=15)
        tabs.give_back(tab)


# The mini fixture's generated pages: the fixed pages (home, essays, themes, analysis, timeline,
# entities, glossary, debates, data, rights, changes), its one essay and its two themes.
EVERY_PAGE = 14
NOTE = ("annotations/passages/alpha-2015.yaml", "note: The dispute continues.", "note: The dispute goes on.")
# The note is shown on its essay's page (the analyst's note), on the page of its one theme
# (templates/_macros.j2, theme_essays) and in the analysis' "Compare the authors, theme by theme".
NOTE_PAGES = ["analysis.md", "essays/alpha-2015.md", "themes/territorial-issue.md"]


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def differing(a: Path, b: Path) -> list[str]:
    """Files that one folder has and the other has not, or has with other bytes."""
    compared = filecmp.dircmp(a, b)
    found = compared.left_only + compared.right_only
    found += [name for name in compared.common_files if (a / name).read_bytes() != (b / name).read_bytes()]
    for folder in compared.common_dirs:
        found += [f"{folder}/{name}" for name in differing(a / folder, b / folder)]
    return sorted(found)


@pytest.mark.parametrize(
    "change, rendered, steps",
    [
        (
            NOTE,
            NOTE_PAGES,
            [(("essays/alpha-2015.md",), True), (("analysis.md", "themes/territorial-issue.md"), False)],
        ),
        (
            ("corpus/alpha-2015.md", "mentioned again here", "named again here"),
            ["essays/alpha-2015.md"],
            [(("essays/alpha-2015.md",), True), ((), False)],
        ),
        (
            ("annotations/glossary.yaml", "The treaty not yet signed.", "The treaty still unsigned."),
            ["glossary.md"],
            [(("glossary.md",), False)],
        ),
    ],
    ids=["note", "paragraph", "term"],
)
def test_an_update_renders_only_the_changed_pages_and_matches_a_whole_build(
    tmp_path, monkeypatch, change, rendered, steps
):
    from site_builder.build import build_preview
    from site_builder.live_update import update_preview

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = copy_project(tmp_path / "p", MINI)
    last = build_preview(root, root / "site-preview")
    assert len(last.rendered_pages) == EVERY_PAGE
    edit(root, *change)
    served = []  # the edited essay's page is served before the rest of the site is generated
    updated = update_preview(root, last, (change[0],), lambda pages, more: served.append((pages, more)))
    assert updated is not None
    assert sorted(updated.rendered_pages) == rendered
    assert served == steps
    build_preview(root, root / "site-whole")
    assert differing(root / "site-preview", root / "site-whole") == []  # pages, search index, data files


def test_a_zensical_update_runs_its_differential_build_and_places_only_the_changed_files(tmp_path, monkeypatch):
    from site_builder.build import build_preview
    from site_builder.live_update import update_preview

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = copy_project(tmp_path / "p", MINI)
    last = build_preview(root, root / "site-preview", "zensical")
    unchanged = (root / "site-preview" / "glossary" / "index.html").stat().st_mtime_ns
    edit(root, *NOTE)
    served = []
    updated = update_preview(root, last, (NOTE[0],), lambda pages, more: served.append((pages, more)))
    assert updated is not None  # not the whole build
    assert served == [(("analysis.md", "essays/alpha-2015.md", "themes/territorial-issue.md"), False)]
    assert "The dispute goes on." in (root / "site-preview" / "essays" / "alpha-2015" / "index.html").read_text()
    # a page the note is not on is left as it was
    assert (root / "site-preview" / "glossary" / "index.html").stat().st_mtime_ns == unchanged
    build_preview(root, root / "site-whole", "zensical")
    assert differing(root / "site-preview", root / "site-whole") == []  # pages, search index, data files


def state(address: str, after: int | None = None) -> dict:
    """The preview's state; with `after`, once it has changed since that version."""
    query = "" if after is None else f"?after={after}"
    with urllib.request.urlopen(f"{address}/__preview__/state{query}", timeout=60) as response:
        return json.loads(response.read())


def next_build(address: str, seen: dict, served: list | None = None) -> dict:
    """The state once the next build after `seen` is whole (failed builds skipped); its first
    pages, served before the rest was rendered, are added to `served`."""
    now = seen
    end = time.time() + 120
    while (now["generation"] == seen["generation"] or now["more"]) and time.time() < end:
        now = state(address, now["version"])
        if now["more"] and served is not None:
            served.append(now["rendered"])
    return now


def test_the_served_preview_renders_a_note_edit_on_3_pages_a_label_or_template_edit_on_all(tmp_path):
    root = copy_project(tmp_path / "p", MINI)
    process, address = start(root, "mkdocs")
    try:
        seen = state(address)
        assert len(seen["rendered"]) == EVERY_PAGE  # the first build

        edit(root, *NOTE)
        served: list = []
        seen = next_build(address, seen, served)
        assert served == [["essays/alpha-2015.md"]]  # served first, on its own
        assert sorted(seen["rendered"]) == NOTE_PAGES
        with urllib.request.urlopen(f"{address}/essays/alpha-2015/", timeout=5) as response:
            assert "The dispute goes on." in response.read().decode("utf-8")

        edit(root, "annotations/themes.yaml", "label: Sanctions", "label: Sanctions regime")  # in the navigation
        seen = next_build(address, seen)
        assert len(seen["rendered"]) == EVERY_PAGE
        with urllib.request.urlopen(f"{address}/themes/sanctions/", timeout=5) as response:
            assert 'id="sanctions-regime">Sanctions regime<' in response.read().decode("utf-8")

        glossary = root / "templates" / "glossary.md.j2"
        glossary.write_text(glossary.read_text(encoding="utf-8") + "\nA word from the template.\n", encoding="utf-8")
        seen = next_build(address, seen)
        assert len(seen["rendered"]) == EVERY_PAGE
        with urllib.request.urlopen(f"{address}/glossary/", timeout=5) as response:
            assert "A word from the template." in response.read().decode("utf-8")
    finally:
        process.terminate()
        process.wait(timeout=15)


BAD_QUOTE = (
    "annotations/passages/alpha-2015.yaml:4: passage: quote 'the peace treaty is not yet signed' matches "
    "nowhere in essay 'alpha-2015' (anywhere); copy the words exactly as the essay has them"
)


def test_the_banner_shows_a_bad_passage_edit_over_the_last_good_page_and_leaves_on_the_fix(tabs, tmp_path):
    root = copy_project(tmp_path / "p", MINI)
    process, address = start(root, "mkdocs")
    tab = tabs.take({"width": 390, "height": 500}, init_script=VIOLATIONS)
    other = tabs.take({"width": 1280, "height": 900})  # a page the note is not on
    try:
        other.goto(f"{address}/glossary/")
        other.locator('html[data-preview-build="1"]').wait_for(state="attached")
        other.evaluate("window.__kept = 'the same page'")
        tab.goto(f"{address}/essays/alpha-2015/")
        note = tab.locator("text=The dispute continues.").first
        note.wait_for(state="attached")
        # a place well above the page's end (which moves by 100 px or more as the page loads)
        place = 200
        assert tab.evaluate("document.documentElement.scrollHeight - window.innerHeight") > place + 50
        tab.evaluate(f"window.scrollTo(0, {place})")
        passages = root / "annotations" / "passages" / "alpha-2015.yaml"
        good = passages.read_text(encoding="utf-8")
        passages.write_text(good.replace("is not signed", "is not yet signed"), encoding="utf-8")
        banner = tab.locator("#preview-problems[role=alert]")
        banner.wait_for(timeout=90_000)
        assert banner.locator("li").first.inner_text().startswith(BAD_QUOTE)
        assert banner.locator("strong").inner_text() == (
            "The last edit was not built; this is the last good site. Fix:"
        )
        assert note.count() == 1  # the last good page, still there under the banner
        tab.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        footer, box = tab.locator("footer.md-footer").bounding_box(), banner.bounding_box()
        assert footer is not None and box is not None
        assert footer["y"] + footer["height"] <= box["y"] + 1  # the page's end scrolls above the banner
        tab.evaluate(f"window.scrollTo(0, {place})")

        passages.write_text(good.replace("The dispute continues.", "The dispute goes on."), encoding="utf-8")
        tab.locator("text=The dispute goes on.").first.wait_for(state="attached", timeout=90_000)
        assert tab.locator("#preview-problems").count() == 0
        scroll_settled(tab)
        assert tab.evaluate("window.scrollY") == place  # the reload kept the reader's place
        assert tab.evaluate("window.__violations") == []
        # the fix is served in two builds: its essay page (2), then its theme page and the analysis (3)
        other.locator('html[data-preview-build="3"]').wait_for(state="attached", timeout=90_000)
        assert other.evaluate("window.__kept") == "the same page"  # told of the builds, not reloaded
    finally:
        process.terminate()
        process.wait(timeout=15)
        tabs.give_back(tab)
        tabs.give_back(other)


def test_an_editors_swap_and_backup_files_are_not_sources(tmp_path):
    from site_builder.preview import changed_files, sources_state

    root = copy_project(tmp_path / "p", MINI)
    before = sources_state(root)
    for name in ("corpus/.alpha-2015.md.swp", "corpus/alpha-2015.md~", "templates/4913", "annotations/.#themes.yaml"):
        (root / name).write_text("an editor's file", encoding="utf-8")
    assert changed_files(before, sources_state(root)) == ()
    (root / "corpus" / "beta-2016.md").write_text("a new essay", encoding="utf-8")
    assert changed_files(before, sources_state(root)) == ("corpus/beta-2016.md",)


def test_an_update_that_breaks_gives_way_to_a_whole_build(tmp_path, monkeypatch):
    from site_builder.engines.mkdocs_engine import LiveSite
    from site_builder.preview import PREVIEW, PreviewState, Session

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = copy_project(tmp_path / "p", MINI)
    session = Session(root, "mkdocs", PreviewState())
    session.build()
    edit(root, *NOTE)

    def broken(self, files, changed):
        raise RuntimeError("a renderer's own failure")

    monkeypatch.setattr(LiveSite, "render", broken)
    session.build((NOTE[0],))
    assert (session.state.generation, len(session.state.rendered), session.state.problems) == (2, EVERY_PAGE, [])
    assert "The dispute goes on." in (root / PREVIEW / "essays" / "alpha-2015" / "index.html").read_text("utf-8")


def test_an_update_gives_way_to_a_newer_edit_once_the_page_is_served_and_the_next_makes_all_whole(
    tmp_path, monkeypatch
):
    """A note edited, and a term edited while the note's update runs: the note's essay page is
    served, the update stops there (its theme page keeps the old note), and the term's update
    renders the rest of both edits: the site is then a whole build's."""
    from site_builder.build import build_preview
    from site_builder.preview import PREVIEW, PreviewState, Session

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = copy_project(tmp_path / "p", MINI)
    newer = []  # an edit saved while the update runs, as serve's watcher reports it
    session = Session(root, "mkdocs", PreviewState(), superseded=lambda: bool(newer))
    session.build()
    edit(root, *NOTE)
    newer.append("annotations/glossary.yaml")
    session.build((NOTE[0],))
    page = root / PREVIEW / "essays" / "alpha-2015" / "index.html"
    theme = root / PREVIEW / "themes" / "territorial-issue" / "index.html"
    assert "The dispute goes on." in page.read_text("utf-8")
    assert "The dispute continues." in theme.read_text("utf-8")
    assert session.pending == (NOTE[0],)
    edit(root, "annotations/glossary.yaml", "The treaty not yet signed.", "The treaty still unsigned.")
    newer.clear()
    session.build(("annotations/glossary.yaml",))
    assert session.pending == ()
    assert sorted(session.last.rendered_pages) == [
        "analysis.md",
        "essays/alpha-2015.md",
        "glossary.md",
        "themes/territorial-issue.md",
    ]
    assert "The dispute goes on." in theme.read_text("utf-8")
    build_preview(root, root / "site-whole")
    assert differing(root / PREVIEW, root / "site-whole") == []


def test_a_newer_edit_stops_the_generation_after_the_page_under_way_and_the_next_update_makes_all_whole(
    tmp_path, monkeypatch
):
    """A newer edit seen once the note's essay page is served and the generation of the rest has
    begun: the generation stops after its first page, and the next update makes the whole site."""
    import site_builder.outputs.site_files as site_files
    from site_builder.build import build_preview
    from site_builder.live_update import Superseded, update_preview

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = copy_project(tmp_path / "p", MINI)
    last = build_preview(root, root / "site-preview")
    generated = []
    stream = site_files.page_stream

    def counted(*args, **kwargs):
        for page in stream(*args, **kwargs):
            generated.append(page[0])
            yield page

    monkeypatch.setattr(site_files, "page_stream", counted)
    asked = []  # the first question comes before the generation, the next after its first page

    def newer() -> bool:
        asked.append(True)
        return len(asked) > 1

    edit(root, *NOTE)
    with pytest.raises(Superseded):
        update_preview(root, last, (NOTE[0],), superseded=newer)
    assert generated == ["index.md"]
    edit(root, "annotations/glossary.yaml", "The treaty not yet signed.", "The treaty still unsigned.")
    updated = update_preview(root, last, (NOTE[0], "annotations/glossary.yaml"))
    assert updated is not None
    build_preview(root, root / "site-whole")
    assert differing(root / "site-preview", root / "site-whole") == []


def test_a_check_after_an_edit_reads_again_only_the_edited_file_and_finds_what_a_whole_check_finds(tmp_path):
    from site_builder.problems import SourceError
    from site_builder.sources.validate import load_corpus, load_corpus_again

    root = copy_project(tmp_path / "p", MINI)
    _, readings = load_corpus_again(root)
    edit(root, *NOTE)
    corpus, again = load_corpus_again(root, readings)
    assert corpus == load_corpus(root)
    assert corpus.passage("alpha-2015-dispute").note == "The dispute goes on."
    assert sorted(key[:2] for key in again if key not in readings) == [("yaml", "annotations/passages/alpha-2015.yaml")]

    edit(root, NOTE[0], "is not signed", "is not yet signed")  # a quote no longer in the essay
    with pytest.raises(SourceError) as refused:
        load_corpus_again(root, again)
    assert str(refused.value).startswith(BAD_QUOTE)

    edit(root, NOTE[0], "is not yet signed", "is not signed")
    edit(root, "corpus/alpha-2015.md", "mentioned again here.", "mentioned again here. <script>alert(1)</script>")
    with pytest.raises(SourceError) as refused:
        load_corpus_again(root, again)
    assert str(refused.value).splitlines() == [
        "corpus/alpha-2015.md:19: <script> is not allowed in an essay: no source may run code in the reader's "
        "browser; delete it (to show the word, write &lt;script&gt;)"
    ]


# A quote with what Markdown and HTML act on, and the element the analysis page had when its
# link was Markdown, [Example 2015, ¶2](../essays/alpha-2015/#p-2 "..."), through the site's
# Markdown and its sanitizer (which writes a title as HTML text for Material's tooltips)
QUOTE = 'A `tick`, [brackets] & "quotes",\n *stars* <b>_x_</b> \\ back'
AS_MARKDOWN_GAVE = (
    '<p class="an-pair"><strong>A and B</strong> (2): <a href="../essays/alpha-2015/#p-2" title="A `tick`, '
    '[brackets] &amp;amp; &quot;quotes&quot;, *stars* &amp;lt;b&amp;gt;_x_&amp;lt;/b&amp;gt; \\ back">'
    "Example 2015, ¶2</a> · next</p>"
)


def test_the_analysis_page_writes_a_passage_link_as_html_that_gives_the_element_markdown_gave():
    import markdown

    from site_builder.pages.analysis import passage_link
    from site_builder.sources.validate import load_corpus

    link = passage_link(load_corpus(MINI), "analysis.md", "published", "alpha-2015", 2, title=QUOTE)
    page = f'<p class="an-pair" markdown="span">**A and B** (2): {link} · next</p>'
    table = {"site_builder.pages.mdext": {"targets": {"phrases": [], "not_when": {}}}}
    extensions = ["md_in_html", "attr_list", "site_builder.pages.mdext"]
    assert markdown.markdown(page, extensions=extensions, extension_configs=table) == AS_MARKDOWN_GAVE


def test_an_essay_label_edit_serves_no_page_early_and_builds_the_whole_preview(tmp_path, monkeypatch):
    from site_builder.build import build_preview
    from site_builder.live_update import update_preview

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = copy_project(tmp_path / "p", MINI)
    last = build_preview(root, root / "site-preview")
    edit(root, "corpus/alpha-2015.md", "name: Ann Example", "name: Ann Sample")  # "Example 2015" in the navigation
    served = []
    assert update_preview(root, last, ("corpus/alpha-2015.md",), lambda pages, more: served.append(pages)) is None
    assert served == []
    assert "Example 2015" in (root / "site-preview" / "essays" / "alpha-2015" / "index.html").read_text("utf-8")


# --- the links kept by an edit the link stage does not read (linking/basis.py) ----------------

TRIO = Path(__file__).resolve().parent / "fixtures" / "trio"


def test_the_link_stage_reads_no_field_of_the_corpus_that_link_fields_leaves_out(monkeypatch):
    """Every field of the model that link() reads on the three-essay fixture (its panels, events,
    names, terms, relations) is one that LINK_FIELDS names: otherwise an edit of that field would
    keep links made from its old value."""
    import functools

    from site_builder.linking.basis import LINK_FIELDS
    from site_builder.linking.link import link
    from site_builder.sources import model
    from site_builder.sources.validate import load_corpus

    corpus = load_corpus(TRIO)
    for holder in (corpus, *corpus.essays):  # what the check cached is read again, field by field
        for name, value in vars(type(holder)).items():
            if isinstance(value, functools.cached_property):
                vars(holder).pop(name, None)
    read: set[tuple[str, str]] = set()
    for kind in [k for k in vars(model).values() if isinstance(k, type) and dataclasses.is_dataclass(k)]:
        names = {f.name for f in dataclasses.fields(kind)}

        def reading(self, name, names=names):
            if name in names:
                read.add((type(self).__name__, name))
            return object.__getattribute__(self, name)

        monkeypatch.setattr(kind, "__getattribute__", reading)
    link(corpus)
    monkeypatch.undo()
    named = {(kind.__name__, name) for kind, names in LINK_FIELDS.items() for name in names}
    assert read - named == set()
    assert ("Block", "text") in read and ("Passage", "themes") in read  # the recording saw the stage read
    assert ("Passage", "note") not in read  # a note's edit keeps the links


def test_kept_links_hold_the_edited_passage_and_equal_a_new_link_stage():
    from site_builder.linking.basis import relink
    from site_builder.linking.link import link
    from site_builder.sources.validate import load_corpus

    before = load_corpus(TRIO)
    last = relink(before, None)
    sochi = before.passage("beta-2016-sochi-meeting")
    edited = dataclasses.replace(sochi, note="A friendly meeting; the islands did not move.")
    after = dataclasses.replace(before, passages=tuple(edited if p == sochi else p for p in before.passages))
    kept = relink(after, last)
    assert kept.reused
    assert kept.links == link(after)
    panel = {ref.passage.id: ref.passage.note for ref in kept.links.related["gamma-2018-nothing-moved"]}
    assert panel["beta-2016-sochi-meeting"] == "A friendly meeting; the islands did not move."
    moved = dataclasses.replace(edited, themes=("territorial-issue", "sanctions"))
    again = dataclasses.replace(after, passages=tuple(moved if p == edited else p for p in after.passages))
    assert not relink(again, kept).reused


SOCHI_NOTE = (
    "annotations/passages/beta-2016.yaml",
    "note: A friendly meeting that did not move the islands.",
    "note: A friendly meeting; the islands did not move.",
)
# A second theme for Gamma's passage on the 1956 declaration: Example 2015's panel at ¶2 counts
# Sample 2018's passages on Sanctions (on_theme.py), 1 before the edit
DECLARATION_THEMES = (
    "annotations/passages/gamma-2018.yaml",
    "themes: [territorial-issue]\n    note: The 1956",
    "themes: [territorial-issue, sanctions]\n    note: The 1956",
)


@pytest.mark.parametrize(
    "change, link_runs, page, shown",
    [
        (
            SOCHI_NOTE,
            0,
            "essays/beta-2016",
            "Analyst’s note: A friendly meeting; the islands did not move. "
            "Claim: The Sochi meeting changed nothing on the islands.",
        ),
        (
            DECLARATION_THEMES,
            1,
            "essays/alpha-2015",
            "More in Sample 2018 on Sanctions (2 passages), Territorial issue (2 passages)",
        ),
    ],
    ids=["note: links kept", "themes: linked again"],
)
def test_an_update_keeps_the_links_only_where_the_edit_leaves_them_and_matches_a_whole_build(
    tmp_path, monkeypatch, change, link_runs, page, shown
):
    from bs4 import BeautifulSoup

    from site_builder.build import build_preview
    from site_builder.linking import basis
    from site_builder.live_update import update_preview

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = copy_project(tmp_path / "p", TRIO)
    last = build_preview(root, root / "site-preview")
    runs = []
    monkeypatch.setattr(basis, "link", lambda corpus: runs.append(1) or link_stage(corpus))
    edit(root, *change)
    assert update_preview(root, last, (change[0],)) is not None
    assert len(runs) == link_runs
    served = BeautifulSoup((root / "site-preview" / page / "index.html").read_text("utf-8"), "html.parser")
    assert shown in [" ".join(item.get_text().split()) for item in served.select("li, p")]
    build_preview(root, root / "site-whole")
    assert differing(root / "site-preview", root / "site-whole") == []


def link_stage(corpus):
    from site_builder.linking.link import link

    return link(corpus)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_preview_s_first_build_links_the_corpus_once_and_keeps_those_links(tmp_path, monkeypatch, engine):
    import site_builder.linking.basis as basis
    import site_builder.outputs.site_files as site_files
    from site_builder.build import build_preview
    from site_builder.linking.link import link

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    calls = []

    def counted(corpus):
        calls.append(corpus)
        return link(corpus)

    monkeypatch.setattr(basis, "link", counted)
    monkeypatch.setattr(site_files, "link", counted)
    root = copy_project(tmp_path / "p", MINI)
    built = build_preview(root, root / "site-preview", engine)
    assert len(calls) == 1  # the pages and the kept links come from one link stage
    assert built.linked is not None and built.linked.links == link(built.corpus)
