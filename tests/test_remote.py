"""What the remote-load check (site_builder/finishing/remote.py) counts as a URL on another host
and where a refresh sends the reader: literal tables, fast and in-process (mutmut's selection).
The whole check over pages and stylesheets is in tests/test_offline.py (REMOTE_CASES)."""

from __future__ import annotations

import pytest

from site_builder.finishing.remote import css_remote_loads, html_remote_loads, is_remote, refresh_url

URLS = [
    # a host, however it is written
    ("https://evil.example/x", True),
    ("HTTPS://evil.example/x", True),
    ("//evil.example/x", True),
    ("\\\\evil.example\\x", True),  # a browser reads backslashes as slashes
    ("/\\evil.example/x", True),
    ("https:evil.example/bg1", True),  # a special scheme names a host without slashes too
    ("ftp:files.example/a", True),
    ("  https://evil.example/x", True),  # spaces and control characters around are dropped
    ("\x01https://evil.example/x", True),
    ("ht\ttps://evil.example/x", True),  # a tab or line break inside is dropped
    ("https:/\n/evil.example/x", True),
    ("https://evil.example/a:b", True),  # the scheme ends at the first colon
    ("gopher://host.example/", True),  # any scheme with //
    ("h2://host.example/", True),
    # no host
    ("https:", False),
    ("x.png", False),
    ("../assets/site.css", False),
    ("#top", False),
    ("?q=1", False),
    ("data:image/png;base64,AAAA", False),
    ("mailto:a@b.example", False),
    ("javascript:alert(1)", False),
    ("1http://host.example/", False),  # a scheme starts with a letter
    ("a b://host.example/", False),  # and holds letters, digits, + . - only
]


@pytest.mark.parametrize("url, remote", URLS, ids=[f"{i}" for i in range(len(URLS))])
def test_a_url_is_remote_when_it_names_a_host(url, remote):
    assert is_remote(url) is remote


REFRESHES = [
    ("0;url=https://a.example/", "https://a.example/"),
    ("0; URL='https://a.example/'", "https://a.example/"),
    ('0;url="https://a.example/"', "https://a.example/"),
    ("0;  url = 'x.html' ", "x.html"),
    ("0;\turl=x.html", "x.html"),
    ("3;https://a.example/x", "https://a.example/x"),  # without url=
    ("0;url=https://a.example/?a=b", "https://a.example/?a=b"),  # the first = ends the key
    ("0;url=a.html;b", "a.html;b"),  # the first ; ends the delay
    ("5", ""),  # a reload of the page itself
    ("0, url=x.html", "x.html"),  # a comma after the delay, as browsers read it
    ("0;next.html?a=b", "next.html?a=b"),  # no url=: the = is the URL's
    ('1.5 ; URL = "y.html"', "y.html"),
]


@pytest.mark.parametrize("content, url", REFRESHES, ids=[f"{i}" for i in range(len(REFRESHES))])
def test_where_a_refresh_sends_the_reader(content, url):
    assert refresh_url(content) == url


PAGES = [
    ('<object data="https://o.example/x.swf"></object>', [(1, "https://o.example/x.swf", "data of <object>")]),
    ('<embed data="https://o.example/x.swf">', []),  # data loads only on <object>
    (
        '<svg><use xlink:href="https://u.example/s.svg#i"/></svg>',
        [(1, "https://u.example/s.svg#i", "xlink:href of <use>")],
    ),
    (
        '<link rel="preload" as="image" imagesrcset="x.png 1x, https://i.example/b.png 2x">',
        [(1, "https://i.example/b.png", "imagesrcset of <link>")],
    ),
    ('<a href="https://a.example/">a link is followed, not loaded</a>', []),
    # ping: a request to each URL it lists as the link is followed, to whatever host
    (
        '<a href="x.html" ping="/count https://p.example/hit">x</a>',
        [(1, "https://p.example/hit", "ping of <a>")],
    ),
    ('<map><area href="x.html" ping="//p.example/hit"></map>', [(1, "//p.example/hit", "ping of <area>")]),
    (
        '<img src="https://a.example/1.png">\n<style>b { background: url(https://a.example/2.png) }</style>',
        [(1, "https://a.example/1.png", "src of <img>"), (2, "https://a.example/2.png", "url() in CSS, <style>")],
    ),
    (
        '<a href="https://same.example/x.png">x</a>\n<img src="https://same.example/x.png">\n'
        '<img src="https://same.example/x.png">',
        [(2, "https://same.example/x.png", "src of <img>"), (3, "https://same.example/x.png", "src of <img>")],
    ),
    (
        '<template><img src="https://t.example/t.png"></template>',
        [(1, "https://t.example/t.png", "src of <img>")],
    ),
    (
        '<iframe srcdoc="<img src=https://d.example/d.png>"></iframe>',
        [(1, "https://d.example/d.png", "src of <img>, in the srcdoc of <iframe>")],
    ),
    (
        '<meta http-equiv="refresh" content="0;url=next.html">',
        [(1, "next.html", "a refresh <meta>")],  # a refresh is reported wherever it goes
    ),
]


# A <link> is followed, not loaded, when every rel token only names another page (the HTML
# Standard's link types whose effect on <link> is "Hyperlink", and sitemap/me); one token that
# fetches, or one this check does not know, makes it a load.
LINKS = [
    ('<link rel="canonical" href="https://example.org/rj/essays/pajon-2017/">', []),
    ('<link rel="alternate" type="application/atom+xml" href="https://example.org/rj/changes/feed.xml">', []),
    ('<link rel="alternate" hreflang="ru" href="https://example.org/ru/">', []),
    ('<link rel="sitemap" type="application/xml" href="https://example.org/rj/sitemap.xml">', []),
    ('<link rel="author" href="https://a.example/">', []),
    ('<link rel="license" href="https://creativecommons.org/licenses/by/4.0/">', []),
    ('<link rel="help" href="https://h.example/">', []),
    ('<link rel="next" href="https://n.example/2/">', []),
    ('<link rel="prev" href="https://n.example/1/">', []),
    ('<link rel="privacy-policy" href="https://p.example/">', []),
    ('<link rel="terms-of-service" href="https://t.example/">', []),
    ('<link rel="me" href="https://m.example/">', []),
    ('<link rel="CANONICAL" href="https://c.example/">', []),  # ASCII case-insensitive
    ('<link rel=" author\tlicense\n" href="https://al.example/">', []),  # split at ASCII whitespace
    ('<link rel="stylesheet" href="https://s.example/x.css">', [(1, "https://s.example/x.css", "href of <link>")]),
    ('<link rel="icon" href="https://i.example/f.png">', [(1, "https://i.example/f.png", "href of <link>")]),
    (
        '<link rel="preload" as="font" href="https://f.example/a.woff2">',
        [(1, "https://f.example/a.woff2", "href of <link>")],
    ),
    (
        '<link rel="prefetch" href="https://f.example/next.html">',
        [(1, "https://f.example/next.html", "href of <link>")],
    ),
    ('<link rel="modulepreload" href="https://m.example/m.js">', [(1, "https://m.example/m.js", "href of <link>")]),
    (
        '<link rel="manifest" href="https://m.example/app.webmanifest">',
        [(1, "https://m.example/app.webmanifest", "href of <link>")],
    ),
    ('<link rel="preconnect" href="https://c.example">', [(1, "https://c.example", "href of <link>")]),
    ('<link rel="dns-prefetch" href="//d.example">', [(1, "//d.example", "href of <link>")]),
    ('<link rel="pingback" href="https://p.example/xmlrpc">', [(1, "https://p.example/xmlrpc", "href of <link>")]),
    # an OpenSearch description: browsers fetch it to offer the site's search engine
    ('<link rel="search" href="https://s.example/os.xml">', [(1, "https://s.example/os.xml", "href of <link>")]),
    # one fetching token is enough
    (
        '<link rel="alternate stylesheet" href="https://s.example/alt.css">',
        [(1, "https://s.example/alt.css", "href of <link>")],
    ),
    ('<link rel="canonical icon" href="https://i.example/c.png">', [(1, "https://i.example/c.png", "href of <link>")]),
    # a token this check does not know, or no rel at all, counts as a load
    ('<link rel="canonicalx" href="https://u.example/">', [(1, "https://u.example/", "href of <link>")]),
    ('<link rel="canonical\u00a0" href="https://nb.example/">', [(1, "https://nb.example/", "href of <link>")]),
    ('<link href="https://r.example/">', [(1, "https://r.example/", "href of <link>")]),
    # the line of a load is where it is loaded, not where a canonical link names the same address
    (
        '<link rel="canonical" href="https://x.example/a.css">\n<link rel="stylesheet" href="https://x.example/a.css">',
        [(2, "https://x.example/a.css", "href of <link>")],
    ),
    ('<base href="https://b.example/">', [(1, "https://b.example/", "href of <base>")]),
]


@pytest.mark.parametrize("page, found", LINKS, ids=[f"{i}" for i in range(len(LINKS))])
def test_a_link_that_fetches_nothing_is_not_a_load(page, found):
    assert html_remote_loads(page) == found


@pytest.mark.parametrize("page, found", PAGES, ids=[f"{i}" for i in range(len(PAGES))])
def test_what_a_page_loads_from_another_host(page, found):
    assert html_remote_loads(page) == found


SHEETS = [
    ('@import url("https://f.example/c.css");', [(1, "https://f.example/c.css", "@import in CSS")]),
    ("@import url(https://f.example/d.css);", [(1, "https://f.example/d.css", "@import in CSS")]),
    (
        "@supports (display: grid) {\n  body { background: url(https://s.example/g.png) }\n}",
        [(2, "https://s.example/g.png", "url() in CSS")],
    ),
    ("b { --pad: (url(https://p.example/a.png)); }", [(1, "https://p.example/a.png", "url() in CSS")]),
    ("b { --pad: [url(https://r.example/r.png)]; }", [(1, "https://r.example/r.png", "url() in CSS")]),
    ("b { --pad: {a: url(https://q.example/q.png)}; }", [(1, "https://q.example/q.png", "url() in CSS")]),
    (
        "b {\n  background: image-set('x.png' 1x, 'https:evil.example/bg2' 2x);\n}",
        [(2, "https:evil.example/bg2", "image-set() in CSS")],
    ),
    ('b { content: "https://not.a.load.example/" }', []),  # a string outside url() and image-set()
]


@pytest.mark.parametrize("css, found", SHEETS, ids=[f"{i}" for i in range(len(SHEETS))])
def test_what_a_stylesheet_loads_from_another_host(css, found):
    assert css_remote_loads(css) == found


def test_a_style_attribute_is_read_as_declarations():
    assert css_remote_loads("background: url(https://b.example/x.png)", declarations=True) == [
        (1, "https://b.example/x.png", "url() in CSS")
    ]
    assert css_remote_loads("background: url(https://b.example/x.png)") == []  # not a stylesheet's rule
