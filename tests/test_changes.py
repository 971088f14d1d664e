"""The versioned edition: annotations/changes.yaml validated like every annotation file, the page
/changes/ and its Atom feed (read by feedparser), the data's release zip, and the footer's links
to the rights and the changes on every page, the 404 page included, hosted and offline."""

from __future__ import annotations

import functools
import http.server
import io
import threading
import zipfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from test_address import addressed  # noqa: F401 (the project built with site_url, shared with test_address.py)

from conftest import ROOT, html_page, reported

FIRST_CHANGE = (
    "7 December 2026 · Correction. The relation of Shvydko 2017 ¶4 to Streltsov 2012 ¶11 is an "
    "update, not a disagreement: Shvydko leaves room for talks on the islands' use."
)
FOOTER_EDITION = "Edition 1.0, 7 December 2026"

# --- the data file, validated -------------------------------------------------------------------

GOOD = """\
releases:
  - version: "1.1"
    date: 2016-03-01
    changes:
      - date: 2016-02-20
        kind: correction
        what: Example 2015 ¶2 is dated again.
        essay: alpha-2015
        paragraph: 2
      - date: 2016-02-01
        kind: addition
        what: A passage on the sanctions.
        passage: alpha-2015-sanctions
  - version: "1.0"
    date: 2016-01-15
    changes:
      - date: 2016-01-15
        kind: addition
        what: The first essay.
        essay: alpha-2015
"""


def with_changes(mini: Path, text: str) -> list[str]:
    (mini / "annotations" / "changes.yaml").write_text(text, encoding="utf-8")
    return reported(mini)


def test_the_editors_file_gives_the_edition_its_version_and_dated_changes(mini):
    from site_builder.sources.validate import load_corpus

    assert with_changes(mini, GOOD) == []
    edition = load_corpus(mini).edition
    assert edition is not None
    assert (edition.version, edition.date.human) == ("1.1", "1 March 2016")
    assert [(c.date.iso, c.kind, c.place.kind, c.place.id, c.place.paragraph) for c in edition.current.changes] == [
        ("2016-02-20", "correction", "essay", "alpha-2015", 2),
        ("2016-02-01", "addition", "passage", "alpha-2015-sanctions", 0),
    ]
    assert [r.version for r in edition.releases] == ["1.1", "1.0"]


def test_the_real_edition_is_1_0_of_7_december_2026():
    from site_builder.sources.validate import load_corpus

    edition = load_corpus(ROOT).edition
    assert edition is not None
    assert (edition.version, edition.date.iso, len(edition.releases)) == ("1.0", "2026-12-07", 1)
    first, last = edition.current.changes[0], edition.current.changes[-1]
    assert (first.kind, first.place.id, first.place.to) == (
        "correction",
        "shvydko-2017-moscow-avoids-ally-role",
        "streltsov-2012-russia-needs-japan",
    )
    assert (last.date.iso, last.kind) == ("2026-11-23", "addition")


@pytest.mark.parametrize(
    "old,new,expected",
    [
        (
            "      - date: 2016-02-01\n        kind: addition\n",
            "      - kind: addition\n",
            "annotations/changes.yaml:10: change: missing required field 'date'",
        ),
        (
            "date: 2016-02-20",
            "date: 2016-02-30",
            "annotations/changes.yaml:5: change: 'date': '2016-02-30' is not a real date: February 2016 has 29 days",
        ),
        (
            "date: 2016-02-20",
            "date: 2016-02",
            "annotations/changes.yaml:5: change: 'date' '2016-02' must name the day, e.g. 2016-01-31",
        ),
        (
            "date: 2016-02-20",
            "date: 2016-04-02",
            "annotations/changes.yaml:5: change: the change is dated 2016-04-02, after its release of "
            "2016-03-01; move it to a later release, or correct its date",
        ),
        (
            "        essay: alpha-2015\n        paragraph: 2",
            "        essay: alpha-2016\n        paragraph: 2",
            "annotations/changes.yaml:8: change: unknown essay id 'alpha-2016'; use one of: alpha-2015",
        ),
        (
            "paragraph: 2",
            "paragraph: 9",
            "annotations/changes.yaml:9: change: 'paragraph' must be the number of a paragraph of alpha-2015, 1 to 2",
        ),
        (
            "passage: alpha-2015-sanctions",
            "passage: alpha-2015-sanction",
            "annotations/changes.yaml:13: change: unknown passage id 'alpha-2015-sanction'; use one of: "
            "alpha-2015-dispute, alpha-2015-sanctions",
        ),
        (
            '  - version: "1.1"',
            "  - version: 1.1",
            'annotations/changes.yaml:2: release: write the version in quotes, version: "1.1" '
            "(unquoted, YAML reads it as a number)",
        ),
        (
            "        kind: correction",
            "        kind: erratum",
            "annotations/changes.yaml:6: change: kind 'erratum' is not one of correction, addition, change",
        ),
        (
            "        passage: alpha-2015-sanctions\n",
            "",
            "annotations/changes.yaml:12: change: say where the change applies with one of: essay, "
            "passage, relation, theme, event, debate, page",
        ),
        (
            "    date: 2016-01-15\n    changes:",
            "    date: 2016-06-15\n    changes:",
            "annotations/changes.yaml:14: release 1.0 (2016-06-15) is not older than release 1.1 "
            "(2016-03-01) above it; list the releases newest first, each on its own day",
        ),
        (
            "what: A passage on the sanctions.",
            "what: A passage of alpha-2015 on the sanctions.",
            "annotations/changes.yaml:12: 'what' names the essay 'alpha-2015' by its id, which readers "
            "see; write its label 'Example 2015'",
        ),
    ],
)
def test_a_bad_change_is_refused_at_its_line_with_what_to_write(mini, old, new, expected):
    assert GOOD.count(old) == 1
    assert with_changes(mini, GOOD.replace(old, new)) == [expected]


def test_a_change_names_a_relation_the_editors_assert():
    from site_builder.problems import Collector
    from site_builder.sources.edition import edition
    from site_builder.sources.validate import load_corpus

    corpus = load_corpus(ROOT)
    text = {
        "releases": [
            {
                "version": "1.0",
                "date": "2026-12-07",
                "changes": [
                    {
                        "date": "2026-12-07",
                        "kind": "correction",
                        "what": "A relation.",
                        "relation": {
                            "from": "pajon-2017-utilitarian-partnership",
                            "to": "streltsov-2012-russia-needs-japan",
                        },
                    }
                ],
            }
        ]
    }
    problems = Collector()
    edition(("annotations/changes.yaml", text), corpus, problems)
    assert [p.message for p in problems.problems] == [
        "relation: annotations/relations.yaml relates no 'pajon-2017-utilitarian-partnership' and "
        "'streltsov-2012-russia-needs-japan'; name a relation it holds"
    ]


# --- the page, the feed, the zip, in the built site ----------------------------------------------


def test_the_changes_page_lists_the_first_change_with_a_link_to_where_it_applies(site: Path):
    page = html_page(site / "changes" / "index.html")
    assert page.find("h1").find(string=True) == "Corrections and changes"
    assert page.find("h2").get_text(" ", strip=True).startswith("Edition 1.0, 7 December 2026")
    first = page.select("article li")[0]
    where = first.select_one("a.change-where")
    assert " ".join(first.get_text(" ", strip=True).replace(where.get_text(), "").split()) == FIRST_CHANGE
    assert (where.get_text(), where["href"]) == (
        "Shvydko 2017 ¶4 and Streltsov 2012 ¶11",
        "../essays/shvydko-2017/#p-4",
    )
    assert len(page.select("article li")) == 20
    links = {a.get_text(" ", strip=True): a["href"] for a in page.select("article a")}
    assert links["the Atom feed of the changes"] == "feed.xml"
    assert links["russia-japan-data-1.0.zip"] == "../data/russia-japan-data-1.0.zip"


def test_feedparser_reads_the_feed_without_an_error(site: Path):
    feed = feedparser.parse((site / "changes" / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Russia and Japan, 2012–2018 — an annotated corpus: corrections and changes"
    assert feed.feed.updated == "2026-12-07T00:00:00Z"
    assert len(feed.entries) == 20
    first, last = feed.entries[0], feed.entries[-1]
    assert first.title == (
        "Correction: The relation of Shvydko 2017 ¶4 to Streltsov 2012 ¶11 is an update, not a "
        "disagreement: Shvydko leaves room for talks on the islands' use."
    )
    assert first.updated == "2026-12-07T00:00:00Z"
    assert first.link == "../essays/shvydko-2017/#p-4"
    assert first.id.startswith("urn:uuid:")
    assert (
        last.title
        == "Addition: The five essays, with their themes, passages, 59 events, the entities and the glossary."
    )
    assert (last.updated, last.link) == ("2026-11-23T00:00:00Z", "../")
    assert len({e.id for e in feed.entries}) == 20


def test_with_a_site_url_the_feed_links_are_absolute_and_its_ids_do_not_change():
    from site_builder.outputs.edition import feed, page_titles
    from site_builder.sources.validate import load_corpus

    corpus = load_corpus(ROOT)
    hosted = feedparser.parse(feed(corpus, page_titles(), "T", "https://example.org/rj/"))
    relative = feedparser.parse(feed(corpus, page_titles(), "T"))
    assert hosted.bozo == 0
    assert hosted.entries[0].link == "https://example.org/rj/essays/shvydko-2017/#p-4"
    assert [link.href for link in hosted.feed.links] == [
        "https://example.org/rj/changes/",
        "https://example.org/rj/changes/feed.xml",
    ]
    assert [e.id for e in hosted.entries] == [e.id for e in relative.entries]


def test_the_data_page_offers_the_release_zip_of_the_data(site: Path):
    page = html_page(site / "data" / "index.html")
    link = page.select_one('a[href="russia-japan-data-1.0.zip"]')
    assert link is not None and link.get_text() == "russia-japan-data-1.0.zip"
    with zipfile.ZipFile(io.BytesIO((site / "data" / "russia-japan-data-1.0.zip").read_bytes())) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {n.rsplit("/", 1)[1] for n in names} >= {
            "README.txt",
            "LICENCE.txt",
            "RIGHTS.txt",
            "corpus.json",
            "annotations.jsonld",
            "events.csv",
            "relations.csv",
            "citations.bib",
        }
        assert not [n for n in names if n.endswith((".md", ".zip", ".html"))]
        assert {info.date_time for info in archive.infolist()} == {(2026, 12, 7, 0, 0, 0)}  # the release's day
        readme = archive.read("russia-japan-data-1.0/README.txt").decode("utf-8")
    assert readme.splitlines()[0] == (
        "Russia and Japan, 2012–2018 — an annotated corpus: data files, edition 1.0 (7 December 2026)"
    )
    assert "Licence: Annotations and data: CC BY 4.0, https://creativecommons.org/licenses/by/4.0/." in readme


# --- the footer -----------------------------------------------------------------------------------


def footer_links(page) -> dict[str, str]:
    return {a.get_text(" ", strip=True): a["href"] for a in page.select(".md-copyright__highlight a")}


def test_every_page_footer_names_the_edition_and_links_pages_that_exist(site: Path):
    pages = sorted(site.rglob("*.html"))
    # the home, essays, themes, debates, timeline, analysis, entities, glossary, data, rights and
    # changes pages, the five essays, the six themes and the 404 page
    assert len(pages) == 23
    for path in pages:
        here = "/" + path.relative_to(site).as_posix()
        links = footer_links(html_page(path))
        assert list(links) == ["Rights, licences and corrections", FOOTER_EDITION], here
        for href in links.values():
            target = urlsplit(urljoin(here, href)).path  # the 404 page is served at any address
            assert (site / target.lstrip("/") / "index.html").is_file(), (here, href)
    assert footer_links(html_page(site / "404.html")) == {
        "Rights, licences and corrections": "/rights/",
        FOOTER_EDITION: "/changes/",
    }
    assert footer_links(html_page(site / "essays" / "pajon-2017" / "index.html")) == {
        "Rights, licences and corrections": "../../rights/",
        FOOTER_EDITION: "../../changes/",
    }


def test_the_offline_copy_footer_links_its_own_files(site: Path):
    from bs4 import BeautifulSoup

    with zipfile.ZipFile(site / "data" / "russia-japan-corpus-offline.zip") as archive:
        prefix = "site-offline/"
        essay = BeautifulSoup(archive.read(prefix + "essays/pajon-2017.html"), "html.parser")
        assert footer_links(essay) == {
            "Rights, licences and corrections": "../rights.html",
            FOOTER_EDITION: "../changes/index.html",
        }
        assert prefix + "changes/index.html" in archive.namelist()
        # the error page, at the copy's root, with the paths it names from the server's root made relative
        error_page = BeautifulSoup(archive.read(prefix + "404.html"), "html.parser")
        assert footer_links(error_page) == {
            "Rights, licences and corrections": "rights.html",
            FOOTER_EDITION: "changes/index.html",
        }


class _NotFoundHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: a missing address gets the site's 404.html, with status 404."""

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None) -> None:
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def static_host(site: Path):
    handler = functools.partial(_NotFoundHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_from_a_missing_address_the_footer_leads_to_the_rights_and_the_changes(page, static_host):
    response = page.goto(f"{static_host}/essays/no-such-essay/deeper/")
    assert response is not None and response.status == 404
    assert page.locator("h1").first.inner_text() == "404 - Not found"
    page.locator(".md-copyright a", has_text="Rights, licences and corrections").click()
    page.wait_for_url(f"{static_host}/rights/")
    assert page.locator("h1").first.inner_text() == "Rights and licences"
    page.go_back()
    page.locator(".md-copyright a", has_text=FOOTER_EDITION).click()
    page.wait_for_url(f"{static_host}/changes/")
    assert page.locator("h1").first.inner_text() == "Corrections and changes"


def test_a_change_leads_to_the_paragraph_it_applies_to(page, server):
    page.goto(f"{server}/changes/")
    page.locator("a.change-where", has_text="Shvydko 2017 ¶4 and Streltsov 2012 ¶11").click()
    page.wait_for_url(f"{server}/essays/shvydko-2017/#p-4")
    target = page.locator("#p-4")
    target.wait_for()
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < 900


def test_with_a_site_url_the_footer_and_the_feed_carry_the_address(addressed):  # noqa: F811
    hosted, zensical = addressed / "site", addressed / "site-z"
    for site in (hosted, zensical):
        assert footer_links(html_page(site / "404.html")) == {
            "Rights, licences and corrections": "/rj/rights/",
            FOOTER_EDITION: "/rj/changes/",
        }, site.name
    feed = feedparser.parse((hosted / "changes" / "feed.xml").read_bytes())
    assert feed.bozo == 0
    assert feed.entries[0].link == "https://example.org/rj/essays/shvydko-2017/#p-4"
    offline = html_page(addressed / "offline" / "site-offline" / "404.html")
    assert footer_links(offline) == {
        "Rights, licences and corrections": "rights.html",
        FOOTER_EDITION: "changes/index.html",
    }
