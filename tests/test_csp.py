"""The Content-Security-Policy of every page (site_builder/csp.py): scripts from the site itself
and the theme's own inline scripts by hash, nothing else; and the site still works under it, on
127.0.0.1 and from file:// (search, timeline filters, tooltips, cross-reference panels)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import html_page, search_results
from site_builder.finishing import csp
from site_builder.outputs import offline

POLICY_WITHOUT_HASHES = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self'; "
    "style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "connect-src 'self'; worker-src 'self'; frame-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'none'"
)


def material_templates() -> tuple[str, ...]:
    import material

    return (str(Path(material.__file__).parent / "templates"),)


def check_pages(folder: Path, offline_copy: bool) -> int:
    pages = sorted(folder.rglob("*.html"))
    for html in pages:
        text = html.read_text(encoding="utf-8")
        metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', text)
        assert len(metas) == 1, html
        head = text[text.index("<head>") :]
        assert head.index("Content-Security-Policy") < head.index("<script"), html  # before any script
        policy = metas[0]
        hashes = re.findall(r"'sha256-[A-Za-z0-9+/=]+'", policy)
        assert policy == POLICY_WITHOUT_HASHES.format(hashes="".join(f" {h}" for h in hashes)), html
        # every inline script of the page is the theme's and is allowed, so the theme works ...
        page = html_page(html)
        inline = [s.string or "" for s in page.find_all("script") if not s.get("src") and not s.get("type")]
        assert inline and {csp.sha256_source(s) for s in inline} <= set(hashes), html
        # ... and the only other hash is the offline search frame's, in the offline copy only
        extra = set(hashes) - {csp.sha256_source(s) for s in inline}
        if offline_copy:
            url = csp.worker_url(csp.inline_scripts(text)[1])
            assert extra == {csp.sha256_source(offline.worker_frame_script(url))}, html
        else:
            assert extra == set(), html
    return len(pages)


def test_every_hosted_page_carries_the_policy(site):
    assert check_pages(site, offline_copy=False) > 15


def test_every_offline_page_carries_the_policy(offline_site):
    assert check_pages(offline_site, offline_copy=True) > 15


PAGE = """<!doctype html><html><head><meta charset="utf-8">
<script>__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}</script>
<script>window.__injected_in_head=1</script>
<script>__md_scope=new URL("x",location);alert(1)//",location),__md_hash=</script>
</head><body><article>CONTENT</article>
<script id="__config" type="application/json">{"search": "../../assets/javascripts/workers/search.js"}</script>
</body></html>"""
CONTENT = "<p>text</p><script>window.__injected_in_content=1</script>"


def test_only_the_themes_own_inline_scripts_are_hashed():
    page = PAGE.replace("CONTENT", CONTENT)
    theme = csp.theme_script_patterns(material_templates())
    around, config = csp.inline_scripts(page, outside_content=True)
    hashes = csp.theme_script_hashes(around, theme)
    scripts = [s.text for s in csp.inline_scripts(page)[0]]
    assert len(scripts) == 4  # the theme's, two injected into the head, one in the content
    assert [s.text for s in around] == scripts[:3]  # the content's own script is not a candidate
    assert hashes == [csp.sha256_source(scripts[0])]
    assert csp.worker_url(config) == "../../assets/javascripts/workers/search.js"
    out = csp.with_policy(page, theme)
    assert out.startswith(  # the page as the browser parses it, serialized anew
        '<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv='
        "\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' " + hashes[0] + ";"
    )


def test_the_shim_frame_script_is_the_one_the_shim_writes():
    # the shim builds it as `postMessage=${c};importScripts=${d};addEventListener(...)` from its own
    # functions; this is the text Chromium hashes (the offline search test runs it under the policy)
    assert offline.worker_frame_script("../x.js") == (
        'postMessage=function c(s,n){parent.postMessage(s,n||"*")};importScripts=function d(...s){return '
        's.reduce((n,e)=>n.then(()=>new Promise(r=>{let t=document.createElement("script");t.src=e,'
        't.onload=r,document.body.appendChild(t)})),Promise.resolve())};addEventListener("error",'
        '({error})=>{parent.dispatchEvent(new ErrorEvent("error",{filename:"../x.js",error}))})'
    )


VIOLATIONS = """window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.effectiveDirective + ' ' + (e.blockedURI || 'inline')));"""


def test_the_hosted_site_works_under_the_policy(page, server):
    page.add_init_script(VIOLATIONS)
    page.goto(f"{server}/essays/shvydko-2017/")
    hrefs = search_results(page, "eight-point plan")
    assert any(re.search(r"essays/pajon-2017/(\?[^#]*)?#p-17$", h) for h in hrefs), hrefs
    page.goto(f"{server}/essays/streltsov-2012/")
    page.locator('#p-7 a.xref-term[href*="glossary/#hikiwake"]').hover()
    page.locator(".md-tooltip2, .md-tooltip, [role=tooltip]").filter(has_text="compromise").first.wait_for()
    panel = page.locator("details.xref").first
    panel.locator("summary").click()
    assert panel.get_attribute("open") is not None
    assert page.evaluate("window.__violations") == []
    page.goto(f"{server}/timeline/")
    page.get_by_role("checkbox", name="North Korea").check()
    page.wait_for_url(re.compile(r"\?theme=north-korea"))
    assert 0 < page.locator(".tl-event:visible").count() < page.locator(".tl-event").count()
    assert page.evaluate("window.__violations") == []


def test_the_offline_copy_works_under_the_policy(page, offline_site):
    page.add_init_script(VIOLATIONS)
    page.goto((offline_site / "essays" / "shvydko-2017.html").as_uri())
    hrefs = search_results(page, "eight-point plan")
    assert any(re.search(r"essays/pajon-2017\.html(\?[^#]*)?#p-17$", h) for h in hrefs), hrefs
    assert page.evaluate("window.__violations") == []
    page.goto((offline_site / "timeline.html").as_uri())
    page.get_by_role("checkbox", name="North Korea").check()
    assert 0 < page.locator(".tl-event:visible").count() < page.locator(".tl-event").count()
    assert page.evaluate("window.__violations") == []


THEME_SCRIPT = (
    '__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'
)


@pytest.mark.parametrize(
    "text, hashed",
    [
        (THEME_SCRIPT, True),  # the theme's own script, as Material renders it
        (THEME_SCRIPT.replace('"../.."', '"../../.."'), True),  # its base URL filled in for a deeper page
        (THEME_SCRIPT + ";alert(1)", False),  # code appended: a script the theme never wrote
        ("alert(1);" + THEME_SCRIPT, False),  # code prepended
        (THEME_SCRIPT.replace('"../.."', '"x",location);alert(1)//'), False),  # a filled-in part that ends the string
    ],
    ids=["theme", "deeper-page", "appended", "prepended", "escaped-string"],
)
def test_a_script_is_hashed_only_if_the_whole_of_it_is_the_themes(text, hashed):
    theme = csp.theme_script_patterns(material_templates())
    script = csp.inline_scripts(f"<html><head><script>{text}</script></head><body></body></html>")[0]
    assert (csp.theme_script_hashes(script, theme) == [csp.sha256_source(text)]) is hashed


POLICY = (
    "default-src 'self'; script-src 'self'{scripts}; style-src 'self'{styles}; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; frame-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'none'"
)


def test_the_policy_allows_the_sites_own_files_and_the_hashed_scripts_only():
    assert csp.policy(["'sha256-abc'"]) == POLICY.format(scripts=" 'sha256-abc'", styles="")
    # Zensical's search dialog writes a <style>: its pages allow inline styles, never inline scripts
    assert csp.policy([], inline_styles=True) == POLICY.format(scripts="", styles=" 'unsafe-inline'")


def test_every_page_of_a_built_site_gets_one_policy_first_in_its_head(tmp_path):
    page = tmp_path / "essays" / "index.html"
    page.parent.mkdir()
    page.write_text(
        '<!doctype html><html><head><meta charset="utf-8"><title>x</title></head>'
        "<body><script>window.x=1</script></body></html>",
        encoding="utf-8",
    )
    csp.add_policies(tmp_path, ())
    csp.add_policies(tmp_path, (), inline_styles=True)  # a second pass replaces the policy, adds none
    assert page.read_text(encoding="utf-8") == (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
        f'content="{POLICY.format(scripts="", styles=" " + chr(39) + "unsafe-inline" + chr(39))}">'
        "<title>x</title></head><body><script>window.x=1</script></body></html>"
    )


def test_the_chunked_search_adds_webassembly_and_nothing_else():
    page = (
        '<html><head><meta charset="utf-8">\n    <meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'self'; script-src 'self'; object-src 'none'\">\n</head><body></body></html>"
    )
    assert csp.allowing_wasm(page) == page.replace("script-src 'self';", "script-src 'self' 'wasm-unsafe-eval';")
    assert csp.allowing_wasm(csp.allowing_wasm(page)) == csp.allowing_wasm(page)  # once


def test_a_hash_is_the_sha256_of_the_scripts_text_as_openssl_gives_it():
    # printf 'alert(1)' | openssl dgst -sha256 -binary | base64
    assert csp.sha256_source("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    assert csp.policy(["'sha256-a'", "'sha256-b'", "'sha256-a'"]).startswith(
        "default-src 'self'; script-src 'self' 'sha256-a' 'sha256-b'; "
    )


def test_a_theme_template_script_matches_what_jinja_fills_in_and_nothing_more():
    pattern = csp.script_pattern('__md_scope=new URL("{{ base_url }}",location)')
    assert pattern.fullmatch('__md_scope=new URL("../..",location)')
    assert not pattern.fullmatch('__md_scope=new URL("x",location);alert(1)//",location)')


READ = """<html><head><script>a=1</script><script src="x.js"></script>
<script type="module">b=2</script><script type="application/json" id="__config">{"search": "w.js"}</script>
</head><body><article><div><section><script>c=3</script></section></div></article>
<script type="text/javascript">d=4</script></body></html>"""


def test_inline_scripts_are_the_executable_ones_and_the_content_is_every_article():
    everything, config = csp.inline_scripts(READ)
    assert [s.text for s in everything] == ["a=1", "b=2", "c=3", "d=4"]
    assert config == '{"search": "w.js"}'
    outside, _ = csp.inline_scripts(READ, outside_content=True)
    assert [s.text for s in outside] == ["a=1", "b=2", "d=4"]  # c=3 is deep inside <article>


def test_the_offline_policy_also_allows_the_frame_the_shim_writes_for_the_pages_worker():
    page = csp.with_policy(READ, (), frame_script=lambda url: f"importScripts({url!r})")
    assert csp.sha256_source("importScripts('w.js')") in page
    assert csp.sha256_source("importScripts('w.js')") not in csp.with_policy(READ, ())


def test_the_policy_goes_first_in_a_head_without_a_charset_and_into_an_empty_head():
    meta = '<meta http-equiv="Content-Security-Policy" content="'
    first = csp.with_policy("<html><head><title>t</title></head><body></body></html>", ())
    assert first.startswith(f"<html><head>{meta}")
    empty = csp.with_policy("<html><head></head><body><p>x</p></body></html>", ())
    assert empty.startswith(f"<html><head>{meta}") and empty.endswith("'none'\"></head><body><p>x</p></body></html>")
    # a charset written in the body is not the head's: the policy still goes first in <head>
    stray = csp.with_policy('<html><head><title>t</title></head><body><meta charset="utf-8"></body></html>', ())
    assert stray.startswith(f"<html><head>{meta}")


def test_the_webassembly_allowance_reads_the_policy_meta_whatever_its_case():
    page = (
        '<html><head><meta http-equiv="content-security-policy" content="default-src \'self\'; '
        "script-src 'self'\"></head><body></body></html>"
    )
    assert "script-src 'self' 'wasm-unsafe-eval'\"" in csp.allowing_wasm(page)
    assert csp.allowing_wasm("<html><head></head><body></body></html>") == "<html><head></head><body></body></html>"
