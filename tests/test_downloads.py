"""The data downloads open cleanly in the tools they are made for: the CSV files as Excel expects
them (UTF-8 with a byte-order mark, CRLF), read back by Python's csv module; the TimelineJS file
rendered by TimelineJS 3 itself in Chromium (from npm, in the git-ignored .test-tools/), its rows
named by the themes' labels; the data page links every file and says which CSV is for Excel."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, html_page, serve_folder

TIMELINEJS = ROOT / ".test-tools" / "node_modules" / "@knight-lab" / "timelinejs" / "dist"

# The first rows, read against the events and relations files of annotations/ and the essays'
# pages (Streltsov 2018 ¶21 and Pajon 2017 ¶4 are the passages of the first relation).
FIRST_ROWS = {
    "events.csv": [
        ["id", "date", "precision", "end", "title", "description", "themes", "entities", "mentioned_in", "date_note"],
        [
            "soviet-takeover-of-islands-1945",
            "1945",
            "year",
            "",
            "The Soviet Union takes the islands at the end of the Second World War",
            'The southern Kuril Islands (Japan\'s "Northern Territories") pass to the Soviet Union as a result of'
            " the Second World War, the origin of the territorial dispute.",
        ],
    ],
    "relations.csv": [
        ["from", "from_paragraph", "to", "to_paragraph", "kind", "why"],
        [
            "streltsov-2018-sanctions-symbolic",
            "streltsov-2018#p-21",
            "pajon-2017-japan-symbolic-sanctions",
            "pajon-2017#p-4",
            "agrees",
            'Both call Japan\'s post-Crimea sanctions symbolic: "mostly symbolic" (Pajon), "largely symbolic"'
            " (Streltsov).",
        ],
    ],
    "crossrefs.csv": [["at", "at_paragraph", "shows", "shows_paragraph", "basis", "reason"]],
}


@pytest.mark.parametrize("name", sorted(FIRST_ROWS))
def test_every_csv_is_utf8_with_a_byte_order_mark_and_crlf(site, name):
    raw = (site / "data" / name).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b""), "a line ends without CR"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    expected = FIRST_ROWS[name]
    assert [row[: len(want)] for row, want in zip(rows, expected, strict=False)] == expected
    assert len({len(row) for row in rows}) == 1  # every row has the header's columns


def test_the_dashes_and_quotes_of_a_csv_come_back_as_written(site):
    """What Excel garbled without the byte-order mark: "–" in an event's title, "’" in a reason."""
    raw = (site / "data" / "events.csv").read_bytes().decode("utf-8-sig")
    rows = {row[0]: row for row in csv.reader(io.StringIO(raw, newline=""))}
    assert rows["vladivostok-summit-2017"][4] == "Abe–Putin summit at the Eastern Economic Forum in Vladivostok"
    relations = (site / "data" / "relations.csv").read_bytes().decode("utf-8-sig")
    assert "’" in relations or "–" in relations


# --- TimelineJS -----------------------------------------------------------------------------

# The themes' labels (annotations/themes.yaml) that name the rows, and the row of the one event the
# editors gave no theme (russia-japan-cross-years-2018).
ROWS = {"Territorial issue", "Economic cooperation", "China", "Sanctions", "North Korea", "Other events"}


def test_timelinejs_rows_and_links_as_written(site):
    data = json.loads((site / "data" / "timelinejs.json").read_text(encoding="utf-8"))
    assert {e["group"] for e in data["events"]} == ROWS
    islands = next(e for e in data["events"] if e["unique_id"] == "soviet-takeover-of-islands-1945")
    assert islands["group"] == "Territorial issue"
    assert islands["text"]["text"] == (
        '<p>The southern Kuril Islands (Japan\'s "Northern Territories") pass to the Soviet Union as a result'
        " of the Second World War, the origin of the territorial dispute.</p>"
        '<p>Mentioned in <a href="/essays/shvydko-2017/#p-2">Shvydko 2017, ¶2</a>,'
        ' <a href="/essays/streltsov-2018/#p-5">Streltsov 2018, ¶5</a>.</p>'
    )
    other = next(e for e in data["events"] if e["unique_id"] == "russia-japan-cross-years-2018")
    assert other["group"] == "Other events"


# The page that shows the file with TimelineJS, as a reuser would embed it: the library from npm,
# its script path on this server (it would fetch its parts from its CDN), no web font.
TIMELINE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TimelineJS</title>
<link rel="stylesheet" href="tl/css/timeline.css">
<script src="tl/js/timeline.js"></script></head>
<body><div id="timeline" style="width: 1300px; height: 800px"></div>
<script src="start.js"></script></body></html>
"""
START = """fetch("timelinejs.json").then((r) => r.json()).then((data) => {
  window.timeline = new TL.Timeline("timeline", data, {script_path: "tl/js/", font: null});
});
"""


@pytest.fixture
def timeline_folder(site, tmp_path) -> Path:
    assert (TIMELINEJS / "js" / "timeline.js").exists(), "TimelineJS is missing: run `make test`"
    folder = tmp_path / "timelinejs"
    shutil.copytree(TIMELINEJS, folder / "tl")
    shutil.copy(site / "data" / "timelinejs.json", folder / "timelinejs.json")
    (folder / "index.html").write_text(TIMELINE_PAGE, encoding="utf-8")
    (folder / "start.js").write_text(START, encoding="utf-8")
    return folder


def test_timelinejs_renders_every_event_in_rows_named_by_theme(page, timeline_folder):
    """TimelineJS 3.9 itself: a marker and a slide for each of the 59 events (annotations/events.yaml
    holds 59), a row per theme named by its label; nothing is asked of another host."""
    httpd = serve_folder(timeline_folder)
    elsewhere = []

    def local_only(route):
        if route.request.url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", local_only)
    try:
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/index.html")
        page.locator(".tl-timemarker").nth(58).wait_for(state="attached")
        assert page.locator(".tl-timemarker").count() == 59
        assert page.locator(".tl-slide").count() == 60  # the title's slide, then one per event
        labels = {t.strip() for t in page.locator(".tl-timegroup-message").all_inner_texts()}
        assert labels == ROWS
        links = page.locator("#soviet-takeover-of-islands-1945.tl-slide a")
        assert [(a.get_attribute("href"), a.text_content()) for a in links.all()] == [
            ("/essays/shvydko-2017/#p-2", "Shvydko 2017, ¶2"),
            ("/essays/streltsov-2018/#p-5", "Streltsov 2018, ¶5"),
        ]
    finally:
        page.unroute("**/*")
        httpd.shutdown()
    assert elsewhere == []


# --- the data page --------------------------------------------------------------------------


def test_the_data_page_links_citations_json_and_says_which_csv_is_for_excel(site):
    page = html_page(site / "data" / "index.html")
    row = page.find("a", href="citations.json").find_parent("tr")
    assert " ".join(row.get_text(" ").split()) == (
        "citations.json The same citations in CSL-JSON, which Zotero imports and Pandoc (citeproc) formats in any"
        " citation style."
    )
    text = " ".join(page.get_text(" ").split())
    assert (
        "The CSV files are made for Excel as they are: UTF-8 with a byte-order mark and lines ended by CRLF (RFC 4180)"
        in text
    )
