"""The timeline page: every event with its date at its precision, themes and passage links."""

from __future__ import annotations

import json

from conftest import html_page
from site_builder.sources.validate import load_corpus


def timeline(site):
    return html_page(site / "timeline" / "index.html")


def test_every_event_is_on_the_timeline_with_date_themes_and_mentions(site, project):
    corpus = load_corpus(project)
    page = timeline(site)
    for event in corpus.events:
        element = page.select_one(f"#event-{event.id}")
        assert element is not None, event.id
        assert element["data-date"] == event.date.iso
        assert element.get("data-themes", "").split() == list(event.themes)
        hrefs = {a["href"] for a in element.select("a[href]")}
        for mention in event.mentions:
            assert f"../essays/{mention.anchor.essay_id}/#p-{mention.anchor.paragraph}" in hrefs
        # the date as a reader reads it, at the precision of the source
        assert event.date.human in element.select_one(".tl-date").get_text()


def test_events_in_date_order_and_essays_on_their_dates(site, project):
    corpus = load_corpus(project)
    page = timeline(site)
    dates = [li["data-date"] for li in page.select(".tl-event")]
    padded = [d + "-00" * (2 - d.count("-")) for d in dates]
    assert padded == sorted(padded)
    for essay in corpus.essays:
        marker = page.select_one(f"#essay-{essay.id}")
        assert marker["data-date"] == essay.date.iso
    assert "(inferred)" in page.select_one("#essay-pajon-2017").get_text()
    assert page.select_one("#event-noda-visit-cancelled-2012 .tl-date").get_text().strip() == "8 November 2012"


def test_differing_dates_are_shown_and_flagged(site, project):
    corpus = load_corpus(project)
    page = timeline(site)
    differing = [e for e in corpus.events if e.dated_differently]
    assert differing
    for event in differing:
        flag = page.select_one(f"#event-{event.id} .tl-conflict")
        assert flag is not None, event.id
        for mention in event.dated_differently:
            assert mention.date.human in flag.get_text()


def test_timelinejs_export_has_every_event(site, project):
    corpus = load_corpus(project)
    data = json.loads((site / "data" / "timelinejs.json").read_text(encoding="utf-8"))
    assert [e["unique_id"] for e in data["events"]] == [e.id for e in corpus.events]
    noda = next(e for e in data["events"] if e["unique_id"] == "noda-visit-cancelled-2012")
    assert noda["start_date"] == {"year": "2012", "month": "11", "day": "8"}


def test_each_precision_is_shown_as_the_source_gives_it(site):
    """Literals a reader checks: a month is never shown as the 1st of the month, a year never as
    1 January; the exports keep the precision too."""
    page = timeline(site)
    shown = {
        event: (
            page.select_one(f"#event-{event}")["data-date"],
            page.select_one(f"#event-{event} .tl-date").get_text(strip=True),
        )
        for event in ("noda-visit-cancelled-2012", "g7-hague-meeting-g8-suspension-2014", "western-sanctions-2014")
    }
    assert shown == {
        "noda-visit-cancelled-2012": ("2012-11-08", "8 November 2012"),
        "g7-hague-meeting-g8-suspension-2014": ("2014-03", "March 2014"),
        "western-sanctions-2014": ("2014", "2014"),
    }
    data = json.loads((site / "data" / "timelinejs.json").read_text(encoding="utf-8"))
    g7 = next(e for e in data["events"] if e["unique_id"] == "g7-hague-meeting-g8-suspension-2014")
    assert g7["start_date"] == {"year": "2014", "month": "3"}
    rows = (site / "data" / "events.csv").read_text(encoding="utf-8").splitlines()
    assert next(r for r in rows if r.startswith("g7-hague-meeting-g8-suspension-2014,")).startswith(
        "g7-hague-meeting-g8-suspension-2014,2014-03,month,,G7 meeting in The Hague suspends Russia from the G8,"
    )
