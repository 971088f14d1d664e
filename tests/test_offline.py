"""site-offline/ read from disk (file://): pages, links between essays and search, with no request
to another host (the `page` fixture fails the test if one is made)."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile

import pytest

from conftest import OFFLINE_ZIP, quotes_settled, run_builder, search_results
from site_builder.outputs import offline


def test_build_offline_writes_the_files_of_the_download(mini_with_site):
    """`site-builder build --offline` (`make offline`) writes site-offline/ with the files of the
    zip on the download page, byte for byte: the other tests read the copy from the zip."""
    root = mini_with_site
    result = run_builder(root, "build", "--offline")
    assert result.returncode == 0, result.stderr
    written = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "site-offline").rglob("*"))
        if p.is_file()
    }
    with zipfile.ZipFile(root / "site" / OFFLINE_ZIP) as archive:
        zipped = {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}
    assert {
        "site-offline/index.html",
        "site-offline/essays/alpha-2015.html",
        "site-offline/search/search_index.js",
    } <= written.keys()
    assert sorted(written) == sorted(zipped)
    assert [name for name in written if written[name] != zipped[name]] == []


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
    assert "index.html" in locations  # the home page
    assert not any(loc.startswith("essays/") and "/#" in loc for loc in locations)
    assert not any(loc == "" or loc.endswith("/") for loc in locations)


REMOTE_CASES = [
    # (file, its text, the problems expected as "path:line: message"; [] where nothing loads)
    (
        "a.html",
        '<p>x</p>\n<script src="https://unpkg.com/x.js"></script>',
        ["a.html:2: loads https://unpkg.com/x.js from another host (src of <script>); serve it from the site itself"],
    ),
    (
        "a.html",
        '<link rel="stylesheet" href="https://fonts.example/css">',
        ["a.html:1: loads https://fonts.example/css from another host (href of <link>); serve it from the site itself"],
    ),
    (
        "a.html",
        '<img src="x.png"\n srcset="x.png 1x, https://cdn.example/x2.png 2x">',
        [
            "a.html:2: loads https://cdn.example/x2.png from another host (srcset of <img>); serve it from the site "
            "itself"
        ],
    ),  # the line where the URL is written
    (
        "a.html",
        '<iframe src="//player.example/v"></iframe>',
        ["a.html:1: loads //player.example/v from another host (src of <iframe>); serve it from the site itself"],
    ),
    (
        "a.html",
        '<video poster="https://img.example/p.jpg"></video>',
        [
            "a.html:1: loads https://img.example/p.jpg from another host (poster of <video>); serve it from the site "
            "itself"
        ],
    ),
    # a refresh moves the reader, wherever it goes, with or without "url="
    (
        "a.html",
        '<meta http-equiv="refresh" content="0; url=https://elsewhere.example/">',
        [
            "a.html:1: a refresh <meta> sends the reader to https://elsewhere.example/ unasked; no page may move "
            "the reader: remove it"
        ],
    ),
    (
        "a.html",
        '<p>x</p>\n<meta http-equiv="Refresh" content="3;https://evil.example/refresh">',
        [
            "a.html:2: a refresh <meta> sends the reader to https://evil.example/refresh unasked; no page may move "
            "the reader: remove it"
        ],
    ),
    (
        "a.html",
        '<meta http-equiv="refresh" content="0; url=../essays/">',
        ["a.html:1: a refresh <meta> sends the reader to ../essays/ unasked; no page may move the reader: remove it"],
    ),
    # a scheme that always names a host, written without slashes or with backslashes
    (
        "a.html",
        "<p style=\"background: image-set('https:evil.example/bg1' 1x)\">x</p>",
        [
            "a.html:1: loads https:evil.example/bg1 from another host (image-set() in CSS, style attribute of <p>); "
            "serve it from the site itself"
        ],
    ),
    (
        "a.html",
        '<script src="https:cdn.example.com/lib.js"></script>',
        [
            "a.html:1: loads https:cdn.example.com/lib.js from another host (src of <script>); serve it from the "
            "site itself"
        ],
    ),
    (
        "a.html",
        '<img src="\\\\img.example\\x.png">',
        ["a.html:1: loads \\\\img.example\\x.png from another host (src of <img>); serve it from the site itself"],
    ),
    (
        "a.html",
        '<div style="background: url(https://bg.example/b.png)"></div>',
        [
            "a.html:1: loads https://bg.example/b.png from another host (url() in CSS, style attribute of <div>); "
            "serve it from the site itself"
        ],
    ),
    (
        "a.html",
        '<style>\nb { color: red }\nbody { background: url("//s.example/y.png") }\n</style>',
        ["a.html:3: loads //s.example/y.png from another host (url() in CSS, <style>); serve it from the site itself"],
    ),
    (
        "b.css",
        "body { background: url(//cdn.example/x.png) }",
        ["b.css:1: loads //cdn.example/x.png from another host (url() in CSS); serve it from the site itself"],
    ),
    (
        "b.css",
        '@charset "utf-8";\n@import url(https://fonts.example/a.css);',
        [
            "b.css:2: loads https://fonts.example/a.css from another host (@import in CSS); serve it from the site "
            "itself"
        ],
    ),
    (
        "b.css",
        '@import "https://fonts.example/b.css";',
        [
            "b.css:1: loads https://fonts.example/b.css from another host (@import in CSS); serve it from the site "
            "itself"
        ],
    ),
    (
        "b.css",
        '@media print {\n  @font-face { font-family: X; src: url("https://f.example/x.woff2") }\n}',
        ["b.css:2: loads https://f.example/x.woff2 from another host (url() in CSS); serve it from the site itself"],
    ),
    (
        "b.css",
        'p { background: image-set("https://i.example/a.png" 1x, "a2.png" 2x) }',
        [
            "b.css:1: loads https://i.example/a.png from another host (image-set() in CSS); serve it from the site "
            "itself"
        ],
    ),
    (
        "c.js",
        'var shim = "https://unpkg.com/iframe-worker/shim";',
        [
            "c.js:1: loads https://unpkg.com/iframe-worker/shim from another host (a script); serve it from the site "
            "itself"
        ],
    ),
    (
        "a.html",
        '<svg><image href="https://img.example/i.svg"/></svg>',
        [
            "a.html:1: loads https://img.example/i.svg from another host (href of <image>); serve it from the site "
            "itself"
        ],
    ),
    (
        "a.html",
        '<head>\n<base href="//elsewhere.example/">\n</head>',
        ["a.html:2: loads //elsewhere.example/ from another host (href of <base>); serve it from the site itself"],
    ),
    (
        "a.html",
        '<iframe srcdoc="&lt;img src=&quot;//in.example/f.png&quot;&gt;"></iframe>',
        [
            "a.html:1: loads //in.example/f.png from another host (src of <img>, in the srcdoc of <iframe>); serve it "
            "from the site itself"
        ],
    ),
    (
        "a.html",
        '<template>\n<img src="//t.example/t.png">\n</template>',
        ["a.html:2: loads //t.example/t.png from another host (src of <img>); serve it from the site itself"],
    ),
    # the same address as a link first, then loaded: the line of the load
    (
        "a.html",
        '<a href="https://x.example/a.png">see</a>\n<img src="https://x.example/a.png">',
        ["a.html:2: loads https://x.example/a.png from another host (src of <img>); serve it from the site itself"],
    ),
    (
        "a.html",
        '<p>\n<img src="https://q.example/i?a=1&amp;b=2">',
        ["a.html:2: loads https://q.example/i?a=1&b=2 from another host (src of <img>); serve it from the site itself"],
    ),
    (
        "a.html",
        '<div style="background: url(\\2f\\2f esc.example/b.png)"></div>',
        [
            "a.html:1: loads //esc.example/b.png from another host (url() in CSS, style attribute of <div>); serve it "
            "from the site itself"
        ],
    ),
    # nothing loads from another host here
    ("a.html", '<a href="https://example.org/">a link the reader follows</a>', []),
    ("a.html", '<img src="data:image/png;base64,AAAA"><img src="../x.png" srcset="x.png 1x, y.png 2x">', []),
    ("a.html", '<form action="https://example.org/post"></form><p>see https://example.org/ and //x</p>', []),
    ("b.css", 'body { background: url(data:image/png;base64,AAAA) } a { b: url("../fonts/x.woff2") }', []),
    # read as a browser reads it: the text of a <textarea> or a comment is not markup
    ("a.html", '<textarea><img src="//t.example/x.png"></textarea><!-- <script src="//c.example/x.js"> -->', []),
]


@pytest.mark.parametrize(
    "name,text,expected", REMOTE_CASES, ids=[f"{i}-{case[0]}" for i, case in enumerate(REMOTE_CASES)]
)
def test_remote_loads_are_found_in_pages_stylesheets_and_scripts(tmp_path, name, text, expected):
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert [f"{p.path}:{p.line}: {p.message}" for p in offline.remote_loads(tmp_path)] == expected


def test_a_stylesheet_is_checked_once_and_again_when_it_changes(tmp_path):
    (tmp_path / "b.css").write_text("body { background: url(//cdn.example/x.png) }", encoding="utf-8")
    seen: dict = {}
    first = offline.remote_loads(tmp_path, {}, seen)
    assert [f"{p.path}:{p.line}" for p in first] == ["b.css:1"]
    [key] = seen
    # what an earlier build found in the same text is reused (here a record of line 7, not parsed again) ...
    again = offline.remote_loads(tmp_path, {key: [[7, "//cdn.example/x.png", "url() in CSS"]]})
    assert [f"{p.path}:{p.line}" for p in again] == ["b.css:7"]
    # ... and a changed stylesheet is read anew, whatever the record says
    (tmp_path / "b.css").write_text("body { margin: 0 }\na { background: url(//cdn.example/y.png) }", encoding="utf-8")
    changed = offline.remote_loads(tmp_path, {key: []})
    assert [f"{p.path}:{p.line}: {p.message}" for p in changed] == [
        "b.css:2: loads //cdn.example/y.png from another host (url() in CSS); serve it from the site itself"
    ]


def test_a_page_renders_and_links_to_another_essay(page, offline_site):
    failed: list[str] = []
    # (a file asked for by a page that the test then leaves is aborted, not failed)
    page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED" and failed.append(f"{r.url} {r.failure}"))
    page.goto((offline_site / "index.html").as_uri())
    assert page.locator("h1").first.is_visible()
    page.locator("article a[href$='essays/pajon-2017.html']").first.click()
    page.wait_for_url(re.compile(r"^file://.*/essays/pajon-2017\.html$"))
    assert "Vladivostok" in page.locator("h1").first.inner_text()
    # and from one essay to another, through a cross-reference to a passage
    link = page.locator("a[href^='streltsov-2012.html#p-']").first
    href = link.get_attribute("href")
    link.evaluate("a => a.closest('details') && (a.closest('details').open = true)")
    quotes_settled(page)
    link.click()
    page.wait_for_url(re.compile(r"^file://.*/essays/streltsov-2012\.html#p-\d+$"))
    assert page.locator(f"#{href.split('#')[1]}").is_visible()
    assert page.requests_seen and all(u.startswith(("file://", "data:", "blob:", "about:")) for u in page.requests_seen)
    # every file the pages asked for came (a font preload from disk failed on every page), and
    # the text face is in
    assert failed == []
    assert page.evaluate("document.fonts.check('16px \"Source Serif 4\"')")


def test_search_works_from_disk(page, offline_site, shots):
    page.goto((offline_site / "essays" / "shvydko-2017.html").as_uri())
    hrefs = search_results(page, "eight-point plan")
    assert any(re.search(r"essays/pajon-2017\.html(\?[^#]*)?#p-17$", h) for h in hrefs), hrefs
    page.evaluate("document.querySelector('.md-search__scrollwrap').scrollTop = 0")
    if shots:
        page.screenshot(path=str(shots / "offline-search.png"))
    link = page.locator("a.md-search-result__link[href*='pajon-2017.html'][href$='#p-17']").first
    link.evaluate("a => { const more = a.closest('details'); if (more) more.open = true; }")
    link.click()
    page.wait_for_url(re.compile(r"^file://.*/essays/pajon-2017\.html.*#p-17$"))
    assert "eight-point" in page.locator("#p-17").inner_text()
    assert any(u.endswith("search/search_index.js") for u in page.requests_seen)
    assert any("iframe-worker-shim.js" in u for u in page.requests_seen)


MOVED = {
    "essays/pajon-2017/index.html": "essays/pajon-2017.html",
    "essays/streltsov-2012/index.html": "essays/streltsov-2012.html",
    "themes/china/index.html": "themes/china.html",
    "timeline/index.html": "timeline.html",
}
FOLDERS = frozenset({"essays", "essays/pajon-2017", "essays/streltsov-2012", "data", "themes/china", "timeline"})
ESSAY = ("essays/pajon-2017/index.html", "essays/pajon-2017.html")  # where the page was, and is


@pytest.mark.parametrize(
    "url, page, expected",
    [
        ("../..", ESSAY, "../index.html"),
        ("../streltsov-2012/#p-3", ESSAY, "streltsov-2012.html#p-3"),
        ("../../themes/china/?h=x#p", ESSAY, "../themes/china.html?h=x#p"),
        ("../../timeline/#event-x", ESSAY, "../timeline.html#event-x"),
        ("../", ESSAY, "index.html"),  # the essay list, essays/index.html
        ("../../data/", ESSAY, "../data/index.html"),
        ("../../assets/site.css", ESSAY, "../assets/site.css"),
        ("../../data/corpus.json", ESSAY, "../data/corpus.json"),
        ("#p-2", ESSAY, "#p-2"),
        ("https://example.org/a/", ESSAY, "https://example.org/a/"),
        ("mailto:x@example.org", ESSAY, "mailto:x@example.org"),
        ("./", ("index.html", "index.html"), "index.html"),
        ("essays/pajon-2017/#p-17", ("index.html", "index.html"), "essays/pajon-2017.html#p-17"),
        ("data/", ("index.html", "index.html"), "data/index.html"),
        ("../pajon-2017/", ("essays/streltsov-2012/index.html", "essays/streltsov-2012.html"), "pajon-2017.html"),
    ],
)
def test_links_are_written_anew_for_the_html_urls(url, page, expected):
    assert offline.offline_url(url, page[0], page[1], MOVED, FOLDERS) == expected


def test_every_link_of_the_copy_opens_a_file(offline_site):
    """From disk a link to a folder shows a folder listing: every relative href and src of every
    page names a file of the copy."""
    broken = []
    for html in sorted(offline_site.rglob("*.html")):
        if html == offline_site / "404.html":  # for a web server's errors (root-relative links): unused from disk
            continue
        text = html.read_text(encoding="utf-8")
        for url in re.findall(r'\b(?:href|src)="([^"#?]+)[^"]*"', text):
            if re.match(r"^[a-z]+:|^//", url):
                continue
            if not (html.parent / url).is_file():
                broken.append(f"{html.relative_to(offline_site)}: {url}")
    assert broken == []
    data_page = (offline_site / "data" / "index.html").read_text(encoding="utf-8")
    assert "You are reading the offline copy of the site" in data_page
    assert "russia-japan-corpus-offline.zip" not in data_page


def test_the_theme_source_maps_stay_on_the_hosted_site(site, offline_site):
    """A browser reads a source map only for its developer tools: the download leaves them out."""
    hosted = sorted(p.name for p in site.rglob("*.map"))
    assert any(name.startswith("bundle.") for name in hosted), hosted  # Material's, on the hosted site
    assert sorted(p.name for p in offline_site.rglob("*.map")) == []
    assert list((offline_site / "assets" / "javascripts").glob("bundle.*.min.js"))  # the script itself is there
