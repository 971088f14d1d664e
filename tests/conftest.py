"""Shared fixtures: copies of the project or of a mini corpus in a temporary folder."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
SHOTS = ROOT / "test-results"  # git-ignored
OFFLINE_ZIP = "data/russia-japan-corpus-offline.zip"  # the offline copy, where the download page links it


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--shots",
        action="store_true",
        help=f"save a screenshot of every kind of page, on a desk and on a phone, in {SHOTS.name}/ "
        "(`make shots`); a screenshot costs Chromium about 0.15 s of CPU, so the suite takes none",
    )


@pytest.fixture(scope="session")
def shots(request) -> Path | None:
    """The folder for screenshots to look at, or None when the run takes none (--shots)."""
    if not request.config.getoption("--shots"):
        return None
    SHOTS.mkdir(exist_ok=True)
    return SHOTS


# The modules whose tests take the longest (Chromium, builds) run first, each module's tests
# together (a module's fixtures are made once): with `--dist worksteal` (make test) each worker
# starts on a half of this order, so the two do not wait for the same shared build at the start,
# and the run ends on short tests rather than one worker finishing a long one alone.
LONGEST_FIRST = [
    "test_accessibility",
    "test_hostile",
    "test_reading",
    "test_crossrefs",
    "test_search",
    "test_engines",
    "test_chunked_search",
    "test_csp",
    "test_offline",
    "test_browser",
    "test_paging",
    "test_robust",
]


def pytest_collection_modifyitems(items) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.module.__name__, len(rank)))  # stable: the rest keep their order


# The run's folder of compiled templates, named to the xdist workers through the environment
# (pytest_configure): every copied project links its build/jinja-cache there, so a template is
# compiled once per run rather than once per copy (about 0.1 s of each build and each render).
COMPILED_TEMPLATES = "SITE_BUILDER_TESTS_COMPILED_TEMPLATES"


def pytest_configure(config) -> None:
    if not hasattr(config, "workerinput"):  # the controller, or a run without xdist
        import tempfile

        os.environ[COMPILED_TEMPLATES] = tempfile.mkdtemp(prefix="site-builder-compiled-")


def pytest_unconfigure(config) -> None:
    if not hasattr(config, "workerinput"):
        shutil.rmtree(os.environ.pop(COMPILED_TEMPLATES, ""), ignore_errors=True)
    else:
        # An xdist worker's interpreter took 1-1.6 s to tear itself down after pytest was done
        # with it, and the controller, so the run, waits for that: the worker leaves at once,
        # as its last exit handler. Its results went to the controller at session finish.
        atexit.register(_leave_now)


def _leave_now() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def copy_project(target: Path, corpus_from: Path = ROOT, own_compiled_templates: bool = False) -> Path:
    """A project folder: templates and mkdocs.yml from the repo, corpus/annotations from `corpus_from`.
    Its compiled templates are the run's (COMPILED_TEMPLATES), unless `own_compiled_templates`."""
    for name in ("corpus", "annotations"):
        shutil.copytree(corpus_from / name, target / name)
    shutil.copytree(ROOT / "templates", target / "templates")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    if not own_compiled_templates and os.environ.get(COMPILED_TEMPLATES):
        (target / "build").mkdir()
        (target / "build" / "jinja-cache").symlink_to(os.environ[COMPILED_TEMPLATES], target_is_directory=True)
    return target


# The date a build takes outside a git checkout (site_builder/build.py, source_date_epoch),
# given to the shared builds below wherever the run's folder is: test_robust.py compares the
# shared site byte for byte with a copy built elsewhere.
EPOCH = "1531094400"


def run_builder(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "site_builder", "--root", str(root), *args],
        capture_output=True,
        text=True,
        cwd=root,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(root), **(env or {})},
    )


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "mini", MINI)


# --- the built site, served on 127.0.0.1, and Chromium ----------------------------------

import functools
import http.server
import threading

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@functools.cache
def _html_page(path: str, mtime_ns: int, size: int):
    from bs4 import BeautifulSoup

    with open(path, encoding="utf-8") as f:
        return BeautifulSoup(f.read(), "html.parser")


def html_page(path: Path):
    """The HTML file at `path` parsed by BeautifulSoup (html.parser), once per worker while the
    file is unchanged: many tests read the same built pages. Read it; do not change the tree."""
    stat = path.stat()
    return _html_page(str(path), stat.st_mtime_ns, stat.st_size)


def reported(root: Path) -> list[str]:
    """The lines `site-builder check` prints for the project at `root` ("path:line: message"),
    computed in this process (fast, and seen by mutation testing)."""
    from site_builder.problems import SourceError
    from site_builder.sources.validate import load_corpus

    try:
        load_corpus(root)
    except SourceError as error:
        return [str(p) for p in error.problems]
    return []


def build_site(
    root: Path, site_dir: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`site-builder build --site-dir site_dir`. The builder writes only inside its project: a
    site wanted elsewhere (a run's shared sites) is built in a new folder of the project, then
    moved there."""
    if site_dir.resolve().is_relative_to(root.resolve()):
        return run_builder(root, "build", "--site-dir", str(site_dir), *extra, env=env)
    inside = root / f"site-for-tests-{os.getpid()}"
    result = run_builder(root, "build", "--site-dir", str(inside), *extra, env=env)
    if result.returncode == 0:
        shutil.move(inside, site_dir)
    return result


def built_once(tmp_path_factory, name: str, make) -> Path:
    """`make(folder)` run once for the whole test run: pytest-xdist's workers share the result
    (the first one builds it under a lock, the others wait and read it). Returns the folder."""
    import fcntl

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above every worker's own
    folder, done = shared / f"shared-{name}", shared / f"shared-{name}.done"
    with open(shared / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def project(tmp_path_factory) -> Path:
    """A copy of the real project (so tests never write into the source tree)."""
    return built_once(tmp_path_factory, "project", lambda folder: copy_project(folder / "p")) / "p"


def build_from_project(project: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    """build_site on the shared copy of the project, one build at a time: pytest-xdist's workers
    share it, and the builder refuses a second build of a project while one runs."""
    import fcntl

    with open(project.parent / "builds.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return build_site(project, site_dir, *extra, env={"SOURCE_DATE_EPOCH": EPOCH})


def _build(project: Path, site_dir: Path, *extra: str) -> None:
    result = build_from_project(project, site_dir, *extra)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr


@pytest.fixture(scope="session")
def site(project: Path, tmp_path_factory) -> Path:
    return built_once(tmp_path_factory, "site", lambda folder: _build(project, folder / "site")) / "site"


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


class Tabs:
    """Chromium tabs kept open from test to test. Opening a tab (a context) costs Chromium about
    1 s of CPU with its cold cache and a page in an open one 0.2–0.5 s, and the suite opens some
    125 pages: a test takes a tab here rather than opening a context of its own. A tab
    is handed back blank: about:blank, its storage cleared (the local storage of every origin it
    opened also from outside the page), the pointer in the corner, the light scheme. Tabs differ by context options (touch, a phone) and init script."""

    def __init__(self, browser) -> None:
        self.browser = browser
        self.free: dict[tuple, list] = {}

    def take(self, viewport: dict, init_script: str | None = None, **options):
        key = (init_script, tuple(sorted(options.items())))
        if self.free.get(key):
            tab = self.free[key].pop()
            tab.set_viewport_size(viewport)
        else:
            tab = self.browser.new_context(viewport=viewport, **options).new_page()
            if init_script:
                tab.add_init_script(init_script)
            tab.requests_seen = []
            tab.on("request", lambda r: tab.requests_seen.append(r.url))
            tab.pool_key = key
            tab.devtools = tab.context.new_cdp_session(tab)  # kept: one per hand-back cost 0.01 s
        tab.requests_seen.clear()
        return tab

    def give_back(self, tab) -> None:
        try:
            tab.evaluate("() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }")
            tab.goto("about:blank")  # before the scheme, which the page follows while it is open
            # and the local storage of every origin the test opened, once more from outside: a page
            # may write to it as it goes (the header's toggle, the reading mode), after the clearing above
            origins = {"/".join(u.split("/")[:3]) for u in tab.requests_seen if u.startswith("http://127.0.0.1:")}
            for origin in [*sorted(origins), "file://"]:
                tab.devtools.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "local_storage"})
            tab.emulate_media(color_scheme="light")
            tab.mouse.move(0, 0)
        except Exception:  # a tab that a test broke is closed, not reused
            tab.context.close()
            return
        self.free.setdefault(tab.pool_key, []).append(tab)


@pytest.fixture(scope="session")
def tabs(browser):
    return Tabs(browser)


def foreign_requests(tab) -> list[str]:
    return [
        u
        for u in tab.requests_seen
        if not (
            u.startswith("http://127.0.0.1:")
            or u.startswith("file://")
            or u.startswith("data:")
            or u.startswith("blob:")
            or u.startswith("about:")
        )
    ]


@pytest.fixture
def page(tabs):
    """A tab that records every request; the test fails if one leaves the site's origin."""
    tab = tabs.take({"width": 1280, "height": 900})
    yield tab
    foreign = foreign_requests(tab)
    tabs.give_back(tab)
    assert not foreign, f"requests left the site's origin: {foreign}"


@pytest.fixture
def take_tab(tabs):
    """Take tabs (at 1366x900 unless a viewport is given, with Playwright's context options); the
    test fails if one of them made a request to another host."""
    taken = []

    def take(viewport=None, **options):
        page = tabs.take(viewport or {"width": 1366, "height": 900}, **options)
        taken.append(page)
        return page

    yield take
    foreign = [u for page in taken for u in foreign_requests(page)]
    for page in taken:
        tabs.give_back(page)
    assert not foreign, f"requests left the site's origin: {foreign}"


@pytest.fixture
def open_page(take_tab, server):
    """Open pages of the shared site in tabs (take_tab), in the light scheme unless another is
    asked for."""

    def opener(url: str, viewport=None, scheme: str = "light", **options):
        page = take_tab(viewport, **options)
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{server}/{url}")
        page.wait_for_load_state("load")
        return page

    return opener


def quotes_settled(page) -> None:
    """Wait until every open cross-reference panel has its quotes (site.js fills them in as it
    opens; the items below move down meanwhile), as a reader sees the panel before clicking."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('details.xref[open]')].every(d => d.dataset.quoted === 'done')",
        timeout=10000,
    )


# The text and apparatus below the first screen are laid out only as they near it (site.css,
# content-visibility: auto); until then a browser reports no text for them (innerText) and axe
# reads no colour. A check of the whole page as a reader sees each part on screen shows all.
SHOW_ALL = (
    "document.querySelectorAll('p[id^=\"p-\"], details.xref').forEach(e => { e.style.contentVisibility = 'visible'; })"
)


def show_all(page) -> None:
    """Every part of the page laid out, as each is when the reader scrolls to it."""
    page.evaluate(SHOW_ALL)


def scroll_settled(page, frames: int = 5) -> None:
    """Wait until the page has stopped moving: the same scroll position for `frames` animation
    frames in a row (after a jump to an anchor, or a panel opened by the page's script)."""
    page.evaluate(
        """frames => new Promise(done => {
        let last = null, still = 0;
        const look = () => {
            const now = window.scrollY + ':' + document.documentElement.scrollHeight;
            still = now === last ? still + 1 : 0;
            last = now;
            if (still >= frames) done(); else requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
    })""",
        frames,
    )


@pytest.fixture(scope="session")
def marked_up_mini(tmp_path_factory) -> Path:
    """The mini fixture with markup in a passage's note and an entity's description
    (test_site.py, mark_up_note_and_description) and in a theme's label (test_analysis.py,
    mark_up_theme_label), built by the CLI once for the run; each test reads its own."""

    def make(folder: Path) -> None:
        from test_analysis import mark_up_theme_label
        from test_site import mark_up_note_and_description

        root = copy_project(folder / "mini", MINI)
        mark_up_note_and_description(root)
        mark_up_theme_label(root)
        result = build_site(root, root / "site")
        assert result.returncode == 0, result.stderr

    return built_once(tmp_path_factory, "marked-up-mini", make) / "mini"


# --- the real project with hostile text in it (tests/test_hostile.py, tests/test_crossrefs.py) ---


@pytest.fixture(scope="session")
def hostile_project(tmp_path_factory) -> Path:
    """The real project with hostile text planted, built by the CLI (the production path) once
    for the run: a payload in every kind of plain-text field (test_hostile.py,
    plant_field_payloads) and a script in a note and a relation's reason (test_crossrefs.py,
    plant_note_and_reason); each test reads its own. The offline copy is unzipped from the
    download page into offline/. Returns the project folder, site/ in it."""
    import zipfile

    def make(folder: Path) -> None:
        from test_crossrefs import plant_note_and_reason
        from test_hostile import plant_field_payloads

        root = copy_project(folder / "p")
        plant_field_payloads(root)
        plant_note_and_reason(root)
        result = run_builder(root, "build")
        assert result.returncode == 0, result.stderr
        with zipfile.ZipFile(root / "site" / OFFLINE_ZIP) as archive:
            archive.extractall(root / "offline")

    return built_once(tmp_path_factory, "hostile", make) / "p"


# --- search (tests/test_search.py, tests/test_offline.py) --------------------------------


@pytest.fixture(scope="session")
def offline_site(site: Path, tmp_path_factory) -> Path:
    """site-offline/ as a reader gets it: unzipped from the shared site's download page. What
    `build --offline` writes is the same (test_offline.py checks it on the mini project)."""
    import zipfile

    def unzip(folder: Path) -> None:
        with zipfile.ZipFile(site / OFFLINE_ZIP) as archive:
            archive.extractall(folder)

    return built_once(tmp_path_factory, "offline", unzip) / "site-offline"


@pytest.fixture(scope="session")
def built_mini(tmp_path_factory) -> Path:
    """The mini project built once for the run (pytest-xdist's workers share it; each test
    works on its own copy, mini_with_site)."""

    def make(folder: Path) -> None:
        result = run_builder(copy_project(folder / "p", MINI), "build")
        assert result.returncode == 0, result.stderr

    return built_once(tmp_path_factory, "built-mini", make) / "p"


@pytest.fixture
def mini_with_site(built_mini, tmp_path) -> Path:
    """A copy of the built mini project, so each test may break it."""
    return Path(shutil.copytree(built_mini, tmp_path / "p", symlinks=True))


def search_results(page, query: str, timeout: float = 15000) -> list[str]:
    """Type `query` into Material's search box on the open page; return the href of every result
    (articles and their sections, including the folded "more on this page"), loading every
    lazily rendered batch."""
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_timeout(10)  # the focus event's own search (of the previous value) comes first
    page.evaluate("() => { const m = document.querySelector('.md-search-result__meta'); if (m) m.textContent = ''; }")
    box.fill(query)  # one input event, as a paste: the meta line is written again with this query's results
    page.wait_for_function(
        """q => { const m = document.querySelector('.md-search-result__meta');
                  const i = document.querySelector('input.md-search__input');
                  return m && i && i.value === q && /matching|No matching/i.test(m.textContent)
                         && !/Initializing|Type to start/i.test(m.textContent); }""",
        arg=query,
        timeout=timeout,
    )
    if page.evaluate("() => Boolean(window.__chunkedSearch)"):  # site.js renders both groups, then says so
        page.wait_for_function(
            "q => document.querySelector('.md-search-result__list').dataset.answered === q", arg=query, timeout=timeout
        )
    else:  # Material renders 10 results at a time, and more when the list is scrolled to its end
        page.evaluate("""() => new Promise(done => {
            const wrap = document.querySelector('.md-search__scrollwrap');
            const frame = () => new Promise(next => requestAnimationFrame(next));
            const count = () => document.querySelectorAll('.md-search-result__item').length;
            (async () => {
                for (let seen = -1, still = 0; still < 3; ) {  // three frames with no new batch
                    wrap.scrollTop = 1e9;
                    await frame();
                    still = count() === seen ? still + 1 : 0;
                    seen = count();
                }
                done();
            })();
        })""")
    return page.eval_on_selector_all("a.md-search-result__link", "links => links.map(a => a.getAttribute('href'))")
