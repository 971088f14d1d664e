"""One address, set once: with `site_url` in mkdocs.yml the site carries its published address
where an absolute one belongs (canonical links, the sitemap, robots.txt, the citations, the
annotation ids), under MkDocs + Material and under Zensical; the offline copy carries none; the
remote-load check lets a link that loads nothing name another host and still refuses a real
load. Without `site_url` the site stays relative.

One project copy with site_url set is built once for the run (MkDocs, with the offline zip, and
Zensical); the build without site_url is the run's shared `site`."""

from __future__ import annotations

import functools
import http.server
import threading
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import EPOCH, OFFLINE_ZIP, built_once, copy_project, html_page, run_builder

SITE_URL = "https://example.org/rj/"
SITEMAP_XSD = Path(__file__).parent / "data" / "sitemaps" / "sitemap.xsd"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# links that load nothing, to other hosts, planted in every page's head
# (an alternate link is a link too, tests/test_remote.py, but Material's script fetches the
# sitemap.xml beside every alternate link: one to another host would make the page ask it)
PLANTED_LINKS = (
    '<link rel="license" href="https://creativecommons.org/licenses/by/4.0/">'
    '<link rel="author" href="https://editors.example/">'
)


def set_site_url(root: Path, url: str = SITE_URL) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(f"site_url: {url}\n{text}", encoding="utf-8")


def plant_in_head(root: Path, markup: str) -> None:
    """`markup` in the head of every page, through the project's own template override."""
    main = root / "templates" / "overrides" / "main.html"
    text = main.read_text(encoding="utf-8")
    assert "{% block extrahead %}" in text
    main.write_text(text.replace("{% block extrahead %}", "{% block extrahead %}" + markup, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def addressed(tmp_path_factory) -> Path:
    """The project with site_url set: site/ (MkDocs, with the offline zip), offline/ (the zip
    unpacked), site-z/ (Zensical) and offline-z/ (its zip unpacked)."""

    def make(folder: Path) -> None:
        root = copy_project(folder / "p")
        set_site_url(root)
        plant_in_head(root, PLANTED_LINKS)
        env = {"SOURCE_DATE_EPOCH": EPOCH}
        result = run_builder(root, "build", env=env)
        assert result.returncode == 0, result.stderr
        with zipfile.ZipFile(root / "site" / OFFLINE_ZIP) as archive:
            archive.extractall(root / "offline")
        result = run_builder(root, "build", "--engine", "zensical", "--site-dir", str(root / "site-z"), env=env)
        assert result.returncode == 0, result.stderr
        with zipfile.ZipFile(root / "site-z" / OFFLINE_ZIP) as archive:
            archive.extractall(root / "offline-z")

    return built_once(tmp_path_factory, "addressed", make) / "p"


def canonical(page: Path) -> list[str]:
    return [link["href"] for link in html_page(page).select('link[rel="canonical"]')]


# --- with site_url: the published address ---------------------------------------------------


@pytest.mark.parametrize("engine_site", ["site", "site-z"])
def test_every_page_names_its_published_address(addressed, engine_site):
    site = addressed / engine_site
    assert canonical(site / "essays" / "pajon-2017" / "index.html") == ["https://example.org/rj/essays/pajon-2017/"]
    assert canonical(site / "index.html") == ["https://example.org/rj/"]
    assert canonical(site / "themes" / "china" / "index.html") == ["https://example.org/rj/themes/china/"]
    assert canonical(site / "timeline" / "index.html") == ["https://example.org/rj/timeline/"]


# the 22 pages, counted by hand from the GUIDE's URLs: the home page, analysis, debates,
# entities, glossary, rights, timeline, changes, data (9); the essays page and 5 essays (6);
# the themes page and 6 themes (7)
PAGES = [
    "https://example.org/rj/",
    "https://example.org/rj/analysis/",
    "https://example.org/rj/changes/",
    "https://example.org/rj/data/",
    "https://example.org/rj/debates/",
    "https://example.org/rj/entities/",
    "https://example.org/rj/essays/",
    "https://example.org/rj/essays/pajon-2017/",
    "https://example.org/rj/essays/shvydko-2017/",
    "https://example.org/rj/essays/streltsov-2012/",
    "https://example.org/rj/essays/streltsov-2018/",
    "https://example.org/rj/essays/update-2014/",
    "https://example.org/rj/glossary/",
    "https://example.org/rj/rights/",
    "https://example.org/rj/themes/",
    "https://example.org/rj/themes/china/",
    "https://example.org/rj/themes/economic-cooperation/",
    "https://example.org/rj/themes/north-korea/",
    "https://example.org/rj/themes/political-dialogue/",
    "https://example.org/rj/themes/sanctions/",
    "https://example.org/rj/themes/territorial-issue/",
    "https://example.org/rj/timeline/",
]


@pytest.mark.parametrize("engine_site", ["site", "site-z"])
def test_the_sitemap_lists_every_page_by_its_address_and_is_valid(addressed, engine_site):
    sitemap = etree.parse(str(addressed / engine_site / "sitemap.xml"))
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    assert schema.validate(sitemap), schema.error_log
    locations = sitemap.xpath("//s:url/s:loc/text()", namespaces=SITEMAP_NS)
    assert len(locations) == 22
    assert sorted(locations) == PAGES
    # and every page the site has
    assert (
        sorted(page_url(addressed / engine_site, index) for index in (addressed / engine_site).rglob("index.html"))
        == PAGES
    )


def page_url(site: Path, index: Path) -> str:
    folder = index.parent.relative_to(site).as_posix()
    return SITE_URL + ("" if folder == "." else f"{folder}/")


def test_an_empty_sitemap_fails_the_schema():
    """The schema, as brought in, refuses what MkDocs writes without a site_url."""
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    empty = b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n</urlset>'
    assert not schema.validate(etree.fromstring(empty))
    relative = empty.replace(b"\n</urlset>", b"<url><loc>/essays/</loc></url></urlset>")
    assert not schema.validate(etree.fromstring(relative))  # a location is 12 characters at least


@pytest.mark.parametrize("engine_site", ["site", "site-z"])
def test_robots_txt_names_the_sitemap(addressed, engine_site):
    assert (addressed / engine_site / "robots.txt").read_text(encoding="utf-8") == (
        "User-agent: *\nDisallow:\n\nSitemap: https://example.org/rj/sitemap.xml\n"
    )


def test_the_citations_and_annotation_ids_carry_the_address(addressed):
    data = addressed / "site" / "data"
    bibtex = (data / "citations.bib").read_text(encoding="utf-8")
    assert "url = {https://example.org/rj/essays/pajon-2017/}" in bibtex
    assert bibtex.count("url = {https://example.org/rj/essays/") == 5
    csl = (data / "citations.json").read_text(encoding="utf-8")
    assert '"URL": "https://example.org/rj/essays/pajon-2017/"' in csl
    assert csl.count('"URL": "https://example.org/rj/essays/') == 5
    annotations = (data / "annotations.jsonld").read_text(encoding="utf-8")
    assert '"id": "https://example.org/rj/data/annotations.jsonld"' in annotations
    assert '"id": "https://example.org/rj/essays/streltsov-2012/#annotation-' in annotations
    assert '"id": "/essays/' not in annotations


def test_links_that_load_nothing_may_name_another_host(addressed):
    """The planted license and author links passed the remote-load check: the site was built."""
    head = html_page(addressed / "site" / "essays" / "pajon-2017" / "index.html").head
    assert head.select_one('link[rel="license"]')["href"] == "https://creativecommons.org/licenses/by/4.0/"
    assert head.select_one('link[rel="author"]')["href"] == "https://editors.example/"


def test_a_real_load_from_another_host_stops_the_build(tmp_path):
    root = copy_project(tmp_path / "p")
    set_site_url(root)
    # the whole head override replaced, so that the line is the template's, not the project's
    (root / "templates" / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n'
        '{% block site_meta %}<link rel="stylesheet" href="https://evil.example/x.css">{{ super() }}{% endblock %}\n',
        encoding="utf-8",
    )
    result = run_builder(root, "build")
    assert result.returncode != 0
    message = "loads https://evil.example/x.css from another host (href of <link>); serve it from the site itself"
    lines = result.stderr.splitlines()
    assert f"essays/pajon-2017/index.html:2: {message}" in lines
    assert f"404.html:2: {message}" in lines
    assert len([line for line in lines if line.endswith(message)]) == 23  # the 22 pages and the 404 page
    assert "nothing was built" in result.stderr
    assert not (root / "site").exists()


# --- the offline copy: no absolute address -----------------------------------------------------


@pytest.mark.parametrize("copy", ["offline", "offline-z"])
def test_the_offline_copy_carries_no_absolute_address(addressed, copy):
    offline = addressed / copy / "site-offline"
    named = sorted(
        p.relative_to(offline).as_posix()
        for p in offline.rglob("*")
        if p.is_file() and b"example.org" in p.read_bytes()
    )
    assert named == []
    assert not (offline / "sitemap.xml").exists()
    assert not (offline / "robots.txt").exists()
    assert canonical(offline / "essays" / "pajon-2017.html") == []
    assert "url = {" not in (offline / "data" / "citations.bib").read_text(encoding="utf-8")


def failed_requests(page, url: str) -> list[str]:
    """The requests that failed as the page at `url` opened, as (path from its folder, error).
    Aborted ones do not count: a navigation cancels the favicon that the page before may still be
    fetching, which says nothing about a file missing."""
    failed: list[str] = []
    folder = url.rsplit("/", 1)[0] + "/"

    def note_failure(request) -> None:
        if request.failure != "net::ERR_ABORTED":
            failed.append(f"{request.url.removeprefix(folder)} {request.failure}")

    page.on("requestfailed", note_failure)
    try:
        page.goto(url)
        page.wait_for_load_state("load")
    finally:
        page.remove_listener("requestfailed", note_failure)
    return sorted(failed)


def test_the_offline_404_page_loads_its_assets_from_its_own_folder(addressed, page):
    """From disk, the error page loads what the home page beside it loads (it asked the disk's
    root for /assets/...: 11 files not found), and its links lead into the copy."""
    offline = addressed / "offline" / "site-offline"
    home = failed_requests(page, (offline / "index.html").as_uri())
    assert failed_requests(page, (offline / "404.html").as_uri()) == home
    assert page.locator("header.md-header").evaluate("e => getComputedStyle(e).position") == "sticky"  # Material's CSS
    assert page.locator("link[rel=stylesheet]").first.get_attribute("href").startswith("assets/stylesheets/main.")
    tabs = page.locator("nav.md-tabs a.md-tabs__link")
    hrefs = [tabs.nth(i).get_attribute("href") for i in range(tabs.count())]
    assert "essays/index.html" in hrefs and "timeline.html" in hrefs
    page.locator("nav.md-tabs a.md-tabs__link", has_text="Timeline").click()
    page.wait_for_url((offline / "timeline.html").as_uri())


# --- hosted: the 404 page at any depth -----------------------------------------------------------


class _StaticHost(http.server.SimpleHTTPRequestHandler):
    """A static host that answers a missing file with the site's 404.html, as hosts do."""

    error_page: Path

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = self.error_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def hosted_under_rj(addressed, tmp_path_factory):
    """The site served at http://127.0.0.1:<port>/rj/, the path of its site_url."""
    folder = tmp_path_factory.mktemp("host")
    (folder / "rj").symlink_to(addressed / "site", target_is_directory=True)
    handler = type("Host", (_StaticHost,), {"error_page": addressed / "site" / "404.html"})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("missing", ["rj/nowhere", "rj/essays/pajon-2017/a/b/c/"])
def test_the_hosted_404_page_works_at_any_depth(hosted_under_rj, page, missing):
    responses: list[tuple[int, str]] = []
    listener = lambda response: responses.append((response.status, response.url))  # noqa: E731
    page.on("response", listener)
    try:
        answer = page.goto(f"{hosted_under_rj}/{missing}")
        page.wait_for_load_state("load")
        position = page.locator("header.md-header").evaluate("e => getComputedStyle(e).position")
        page.locator("nav.md-tabs a.md-tabs__link", has_text="Timeline").click()
        page.wait_for_url(f"{hosted_under_rj}/rj/timeline/")
    finally:
        page.remove_listener("response", listener)
    assert answer is not None and answer.status == 404
    assert position == "sticky"
    assert [url for status, url in responses if status >= 400] == [f"{hosted_under_rj}/{missing}"]


# --- without site_url: relative, as before ---------------------------------------------------


def test_without_site_url_the_site_stays_relative(site):
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow:\n"
    # MkDocs' sitemap, with no URL (a sitemap's URLs are absolute): Material's script reads it
    # on every page, so it stays, though the schema refuses a sitemap without a URL
    assert (site / "sitemap.xml").read_text(encoding="utf-8") == (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n</urlset>'
    )
    assert canonical(site / "essays" / "pajon-2017" / "index.html") == []
    essay = html_page(site / "essays" / "pajon-2017" / "index.html")
    assert essay.select_one('nav.md-tabs a[href="../../timeline/"]') is not None
    assert essay.select_one('link[rel="stylesheet"][href="../../assets/site.css"]') is not None
    assert "url = {" not in (site / "data" / "citations.bib").read_text(encoding="utf-8")
