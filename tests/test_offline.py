"""site-offline/ read from disk (file://): pages, links between essays and search, with no request
to another host (the `page` fixture fails the test if one is made)."""
from __future__ import annotations

import hashlib
import json
import re

from site_builder import offline
from conftest import search_results


def test_the_shim_ships_with_the_site(offline_site):
    shim = offline_site / offline.SHIM_PATH
    body = shim.read_bytes().split(b"\n", 1)[1]  # after the licence line
    assert hashlib.sha256(body).hexdigest() == offline.SHIM_SHA256
    for html in offline_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "unpkg.com" not in text, html
    page = (offline_site / "essays" / "pajon-2017.html").read_text(encoding="utf-8")
    assert '<script src="../assets/javascripts/iframe-worker-shim.js"></script>' in page
    assert offline.remote_loads(offline_site) == []


def test_the_offline_index_has_paragraphs_with_html_urls(offline_site):
    index = json.loads((offline_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    inlined = (offline_site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert json.loads(inlined.removeprefix("var __index = ")) == index
    locations = {d["location"] for d in index["docs"]}
    assert "essays/pajon-2017.html#p-17" in locations
    assert not any(loc.startswith("essays/") and "/#" in loc for loc in locations)


def test_remote_loads_are_found(tmp_path):
    (tmp_path / "a.html").write_text('<p>x</p>\n<script src="https://unpkg.com/x"></script>'
                                     '<a href="https://example.org/">a link is fine</a>')
    (tmp_path / "b.css").write_text("body { background: url(//cdn.example/x.png) }")
    problems = offline.remote_loads(tmp_path)
    assert [(p.path, p.line) for p in problems] == [("a.html", 2)]


def test_a_page_renders_and_links_to_another_essay(page, offline_site):
    page.goto((offline_site / "index.html").as_uri())
    assert page.locator("h1").first.is_visible()
    page.locator("article a[href$='essays/pajon-2017.html']").first.click()
    page.wait_for_url(re.compile(r"^file://.*/essays/pajon-2017\.html$"))
    assert "Vladivostok" in page.locator("h1").first.inner_text()
    # and from one essay to another, through a cross-reference to a passage
    link = page.locator("a[href^='streltsov-2012.html#p-']").first
    href = link.get_attribute("href")
    link.evaluate("a => a.closest('details') && (a.closest('details').open = true)")
    link.click()
    page.wait_for_url(re.compile(r"^file://.*/essays/streltsov-2012\.html#p-\d+$"))
    assert page.locator(f"#{href.split('#')[1]}").is_visible()
    assert page.requests_seen and all(u.startswith(("file://", "data:", "blob:", "about:"))
                                      for u in page.requests_seen)


def test_search_works_from_disk(page, offline_site):
    page.goto((offline_site / "essays" / "shvydko-2017.html").as_uri())
    hrefs = search_results(page, "eight-point plan")
    assert any(re.search(r"essays/pajon-2017\.html(\?[^#]*)?#p-17$", h) for h in hrefs), hrefs
    page.evaluate("document.querySelector('.md-search__scrollwrap').scrollTop = 0")
    page.screenshot(path="/tmp/offline-search.png")
    link = page.locator("a.md-search-result__link[href*='pajon-2017.html'][href$='#p-17']").first
    link.evaluate("a => { const more = a.closest('details'); if (more) more.open = true; }")
    link.click()
    page.wait_for_url(re.compile(r"^file://.*/essays/pajon-2017\.html.*#p-17$"))
    assert "eight-point" in page.locator("#p-17").inner_text()
    assert any(u.endswith("search/search_index.js") for u in page.requests_seen)
    assert any("iframe-worker-shim.js" in u for u in page.requests_seen)
