"""Shared fixtures: copies of the project or of a mini corpus in a temporary folder."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def copy_project(target: Path, corpus_from: Path = ROOT) -> Path:
    """A project folder: templates and mkdocs.yml from the repo, corpus/annotations from `corpus_from`."""
    for name in ("corpus", "annotations"):
        shutil.copytree(corpus_from / name, target / name)
    shutil.copytree(ROOT / "templates", target / "templates")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def run_builder(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "site_builder", "--root", str(root), *args],
                          capture_output=True, text=True, cwd=root,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(root)})


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "mini", MINI)


# --- the built site, served on 127.0.0.1, and Chromium ----------------------------------

import functools
import http.server
import os
import threading

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def reported(root: Path) -> list[str]:
    """The lines `site-builder check` prints for the project at `root` ("path:line: message"),
    computed in this process (fast, and seen by mutation testing)."""
    from site_builder.problems import SourceError
    from site_builder.validate import load_corpus
    try:
        load_corpus(root)
    except SourceError as error:
        return [str(p) for p in error.problems]
    return []


def build_site(root: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    result = run_builder(root, "build", "--site-dir", str(site_dir), *extra)
    return result


@pytest.fixture(scope="session")
def project(tmp_path_factory) -> Path:
    """A copy of the real project (so tests never write into the source tree)."""
    return copy_project(tmp_path_factory.mktemp("project") / "p")


@pytest.fixture(scope="session")
def site(project: Path) -> Path:
    site_dir = project / "site"
    result = build_site(project, site_dir)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site_dir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve_folder(folder: Path):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def server(site: Path):
    httpd = serve_folder(site)
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    assert os.path.exists(CHROMIUM), "Chromium is missing: run `make test`, which installs it with apt"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A page that records every request; the test fails if one leaves the site's origin."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests_seen = []
    page.on("request", lambda r: page.requests_seen.append(r.url))
    yield page
    foreign = [u for u in page.requests_seen
               if not (u.startswith("http://127.0.0.1:") or u.startswith("file://")
                       or u.startswith("data:") or u.startswith("blob:") or u.startswith("about:"))]
    context.close()
    assert not foreign, f"requests left the site's origin: {foreign}"


# --- search (tests/test_search.py, tests/test_offline.py) --------------------------------

@pytest.fixture(scope="session")
def offline_site(project: Path, tmp_path_factory) -> Path:
    """site-offline/ built by the builder (`build --offline`) into a temporary folder."""
    site_dir = tmp_path_factory.mktemp("offline") / "site-offline"
    result = build_site(project, site_dir, "--offline")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site_dir


def search_results(page, query: str, timeout: float = 15000) -> list[str]:
    """Type `query` into Material's search box on the open page; return the href of every result
    (articles and their sections, including the folded "more on this page"), loading every
    lazily rendered batch."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    page.keyboard.type(query, delay=20)
    page.wait_for_function(
        """q => { const m = document.querySelector('.md-search-result__meta');
                  const i = document.querySelector('input.md-search__input');
                  return m && i && i.value === q && /matching|No matching/i.test(m.textContent)
                         && !/Initializing|Type to start/i.test(m.textContent); }""",
        arg=query, timeout=timeout)
    count = -1
    while True:  # Material renders 10 results at a time and more on scroll
        links = page.locator("a.md-search-result__link")
        if links.count() == count:
            break
        count = links.count()
        page.evaluate("document.querySelector('.md-search__scrollwrap').scrollTop = 1e9")
        page.wait_for_timeout(150)
    return [links.nth(i).get_attribute("href") for i in range(links.count())]
