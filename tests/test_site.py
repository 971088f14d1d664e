"""The built site as a reader gets it: contract URLs, paragraph markup, links, escaping, determinism."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from bs4 import BeautifulSoup

from conftest import OFFLINE_ZIP, html_page
from site_builder.sources.validate import load_corpus

ESSAYS = ["streltsov-2012", "update-2014", "shvydko-2017", "pajon-2017", "streltsov-2018"]
THEMES = ["territorial-issue", "sanctions", "china", "north-korea", "economic-cooperation"]


def soup(site: Path, url: str) -> BeautifulSoup:
    return html_page(site / url.strip("/") / "index.html" if url.strip("/") else site / "index.html")


def test_contract_urls_exist(site):
    urls = (
        ["", "timeline", "entities", "glossary", "data"]
        + [f"essays/{e}" for e in ESSAYS]
        + [f"themes/{t}" for t in THEMES]
    )
    for url in urls:
        assert (site / url / "index.html").is_file(), url
    for name in [
        "corpus.json",
        "annotations.jsonld",
        "events.json",
        "events.csv",
        "entities.json",
        "citations.bib",
        "timelinejs.json",
    ]:
        assert (site / "data" / name).stat().st_size > 100, name


def test_every_paragraph_has_its_id_and_themes(site, project):
    corpus = load_corpus(project)
    for essay in corpus.essays:
        page = soup(site, f"essays/{essay.id}")
        numbered = page.select('article p[id^="p-"]')
        assert [p["id"] for p in numbered] == [f"p-{b.number}" for b in essay.paragraphs]
        for block, p in zip(essay.paragraphs, numbered, strict=False):
            # the paragraph shows the author's words, in order, unchanged
            assert " ".join(p.get_text().replace("¶", "").split()) == block.text
            expected = next(
                (q.themes for q in corpus.passages if q.essay_id == essay.id and q.paragraph == block.number), ()
            )
            assert p.get("data-themes", "").split() == list(expected)


def all_links(site: Path):
    for html in sorted(site.rglob("*.html")):
        if html.name == "404.html":  # served at any depth, so MkDocs gives it root-absolute links
            continue
        page = html_page(html)
        for a in page.select("a[href]"):
            yield html, a


def test_no_link_to_a_missing_page_or_paragraph(site):
    ids_cache: dict[Path, set[str]] = {}
    for html, a in all_links(site):
        href = a["href"]
        if href.startswith(("http://", "https://", "mailto:", "javascript:")) or (
            href.startswith("#") and len(href) == 1
        ):
            continue
        base = "file://" + str(html)
        target = urlparse(urljoin(base, href))
        path = Path(unquote(target.path))
        if path.is_dir():
            path = path / "index.html"
        assert path.exists(), f"{html.relative_to(site)}: broken link {href}"
        if target.fragment and path.suffix == ".html":
            if path not in ids_cache:
                ids_cache[path] = {t["id"] for t in html_page(path).select("[id]")}
            assert target.fragment in ids_cache[path], f"{html.relative_to(site)}: missing anchor {href}"


def test_passage_links_point_at_paragraphs(site):
    count = 0
    for html, a in all_links(site):
        if not a["href"].startswith("#") and "#p-" in a["href"]:
            # a "Compare" link names, in its query, the passage it is shown beside (features/compare.js)
            assert re.search(
                r"essays/[a-z0-9-]+/(\?compare=[a-z0-9-]+/p-\d+)?#p-\d+$", urljoin("file://" + str(html), a["href"])
            )
            count += 1
    assert count > 200


def test_inserted_links_never_in_headings_links_or_references(site):
    for essay in ESSAYS:
        page = soup(site, f"essays/{essay}")
        article = page.select_one("article")
        for heading in article.select("h1, h2, h3, h4, h5, h6"):
            assert not heading.select("a.xref"), heading
        for link in article.select("a.xref"):
            assert not link.find_parent("a"), link
            assert link.find_parent("p") and link.find_parent("p").get("id", "").startswith("p-")
        for item in article.select("li"):
            assert not item.select("a.xref") or item.find_parent("details"), item
        # at most once per paragraph per target
        for p in article.select('p[id^="p-"]'):
            refs = [a["data-ref"] for a in p.select("a.xref")]
            assert len(refs) == len(set(refs)), p["id"]


def test_mentions_link_to_themes_entities_glossary_and_timeline(site):
    page = soup(site, "essays/streltsov-2012")
    kinds = {a["class"][1] for a in page.select("a.xref")}
    assert {"xref-theme", "xref-entity", "xref-term", "xref-event"} <= kinds
    hikiwake = page.select_one('a.xref-term[href$="glossary/#hikiwake"]')
    assert hikiwake is not None and hikiwake["data-ref"] == "term:hikiwake"
    # its preview's text, in the one script of previews of names (a title on every link weighed 12 KB)
    tips = json.loads(
        (site / "assets" / "tips.js").read_text(encoding="utf-8").removeprefix("window.__tips = ").removesuffix(";\n")
    )
    assert "compromise" in tips["term:hikiwake"].lower()


def test_cross_references_list_other_essays_closed_by_default(site):
    page = soup(site, "essays/update-2014")
    panels = page.select("details.xref")
    assert panels and all(not d.has_attr("open") for d in panels)
    targets = {
        a["href"].split("/")[1] for d in panels for a in d.select('a[href*="#p-"]') if a["href"].startswith("../")
    }
    assert {"streltsov-2012", "shvydko-2017", "pajon-2017", "streltsov-2018"} <= targets


def test_theme_page_lists_essays_in_date_order(site):
    page = soup(site, "themes/sanctions")
    headings = [h.get("id") for h in page.select("article h3")]
    order = [e for e in ESSAYS if e in headings]
    assert headings[: len(order)] == order and "update-2014" in order


def test_no_third_party_requests_in_markup(site):
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for match in re.finditer(r'(?:src|href)="(https?:)?//([^/"]+)', text):
            host = match.group(2)
            tag_start = text.rfind("<", 0, match.start())
            tag = text[tag_start : tag_start + 6]
            assert tag.startswith("<a "), f"{html}: loads from {host}"
    assert "fonts.googleapis" not in (site / "index.html").read_text(encoding="utf-8")


def mark_up_note_and_description(root: Path) -> None:
    path = root / "annotations/passages/alpha-2015.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "note: The dispute continues.", 'note: "<script>alert(1)</script> *bold* [x](http://evil) {: #p-1 }"'
        ),
        encoding="utf-8",
    )
    ent = root / "annotations/entities.yaml"
    ent.write_text(
        ent.read_text(encoding="utf-8").replace(
            "description: A peninsula.", 'description: "<img src=x onerror=alert(2)>"'
        )
    )


def test_annotation_markup_is_escaped(marked_up_mini):
    root = marked_up_mini  # the mini fixture with the edits above (conftest.py)
    for html in (root / "site").rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, html
        assert 'href="http://evil"' not in text, html
    theme = (root / "site/themes/territorial-issue/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in theme


def test_alias_not_linked_where_the_annotations_say_it_means_something_else(site):
    page = soup(site, "essays/streltsov-2012")
    paragraph = next(p for p in page.select('p[id^="p-"]') if "territorial dispute is interfering" in p.get_text())
    assert not [a for a in paragraph.select("a.xref-theme") if a.get_text() == "territorial dispute"]


def debate_on(site, debate: str):
    """(verdict sentence with summary, {stance: [passage links' text]}) of a debate on the page
    "Where the authors disagree"."""
    heading = soup(site, "debates").select_one(f"#debate-{debate}")
    assert heading is not None, f"no debate {debate} on /debates/"
    stances = {}
    for column in heading.find_next("div", class_="debate-stances").select("section.debate-stance"):
        stance = column.select_one(".debate-stance-head").get_text(" ", strip=True)
        stances[stance] = [p.select_one("a").get_text(" ", strip=True) for p in column.select("p.debate-position")]
    return heading.find_next("p").get_text(" ", strip=True), stances


def test_the_debates_page_sets_each_debates_stances_side_by_side(site):
    page = soup(site, "debates")
    assert len(page.select("h3[id^=debate-]")) == 16
    summary, stances = debate_on(site, "does-moscow-need-japan")
    assert summary.startswith("The authors disagree. Streltsov 2012 already finds both countries less interested")
    assert stances == {
        "Less and less; Moscow is losing interest in Japan": [
            "Streltsov 2012, ¶3",
            "Update 2014, ¶8",
            "Shvydko 2017, ¶10",
            "Shvydko 2017, ¶11",
            "Shvydko 2017, ¶14",
            "Streltsov 2018, ¶20",
        ],
        "Yes, as an energy market and a strategic partner in Asia": ["Streltsov 2012, ¶11"],
        "Yes; Moscow seeks long-term economic cooperation with Japan": ["Pajon 2017, ¶16"],
        "Only as a hedge against dependence on China": ["Streltsov 2018, ¶19"],
    }
    # a debate sits under its theme's heading: this one moved from China to Economic cooperation
    assert page.select_one("#debate-does-moscow-need-japan").find_previous("h2").contents[0] == "Economic cooperation"
    # one author in two stances says whether he changed his view or nuanced it
    hedge = (
        page.select_one("#debate-does-moscow-need-japan")
        .find_next("a", href="../essays/streltsov-2018/#p-19")
        .parent.get_text(" ", strip=True)
    )
    assert "Nuanced, not changed:" in hedge

    _, stances = debate_on(site, "is-moscow-ready-to-discuss-the-islands")
    assert stances["Hardly; Russian support for a territorial compromise appears shallow"] == ["Pajon 2017, ¶9"]
    summary, stances = debate_on(site, "russia-japan-and-north-korea")
    assert summary.startswith("The authors agree.")
    assert (
        list(stances) == ["No; they stand apart on North Korea"]
        and len(stances["No; they stand apart on North Korea"]) == 4
    )
    summary, _ = debate_on(site, "japan-and-western-unity")
    assert summary.startswith("The view changed over time. A risk foreseen in 2014")


def test_each_position_quotes_the_sentence_that_states_its_stance(site):
    """Pajon 2017 ¶18's position on the United States quotes its own sentence, not the passage's key one."""
    heading = soup(site, "debates").select_one("#debate-does-the-us-alliance-hold-back-rapprochement")
    positions = heading.find_next("div", class_="debate-stances").select("p.debate-position")
    pajon = next(p for p in positions if p.select_one("a")["href"] == "../essays/pajon-2017/#p-18")
    assert pajon.get_text(" ", strip=True) == (
        "Pajon 2017, ¶18 “The first bone of contention concerns the two countries’ relationship with Washington.”"
    )


def test_theme_pages_put_their_debates_before_the_passages(site):
    page = soup(site, "themes/economic-cooperation")
    headings = [h.contents[0] for h in page.select("h2")]  # without the permalink
    assert headings.index("Where the authors agree and disagree") < headings.index("How the argument moved")
    link = page.select_one("a[href='../../debates/#debate-does-moscow-need-japan']")
    assert link.get_text() == "Does Moscow need Japan?"


def test_the_analysis_table_names_each_stance_once_and_links_each_position(site):
    row = next(
        tr
        for tr in soup(site, "analysis").select("#debates ~ table tr")
        if tr.select_one("a[href='../debates/#debate-does-moscow-need-japan']")
    )
    cell = row.select("td")[3]
    assert cell.get_text(" ", strip=True).count("Less and less; Moscow is losing interest in Japan") == 1
    assert [a["href"] for a in cell.select("a")] == [
        "../essays/streltsov-2012/#p-3",
        "../essays/update-2014/#p-8",
        "../essays/shvydko-2017/#p-10",
        "../essays/shvydko-2017/#p-11",
        "../essays/shvydko-2017/#p-14",
        "../essays/streltsov-2018/#p-20",
        "../essays/streltsov-2012/#p-11",
        "../essays/pajon-2017/#p-16",
        "../essays/streltsov-2018/#p-19",
    ]


def test_download_page_offers_the_offline_copy_as_a_zip(site):
    import io
    import zipfile

    page = soup(site, "data")
    link = page.select_one('a[href="russia-japan-corpus-offline.zip"]')
    assert link is not None
    archive = zipfile.ZipFile(io.BytesIO((site / OFFLINE_ZIP).read_bytes()))
    names = set(archive.namelist())
    assert {
        "site-offline/index.html",
        "site-offline/essays/pajon-2017.html",
        "site-offline/search/search_index.js",
    } <= names
    offline_data = archive.read("site-offline/data/index.html").decode("utf-8")
    assert "offline copy" in offline_data and "russia-japan-corpus-offline.zip" not in offline_data


def test_no_text_shows_a_doubly_escaped_character(site):
    # e.g. "West&amp;#39;s" would show the reader "West&#39;s" (in the table of contents)
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not re.search(r"&amp;(#\d+|[a-z]+);", text), html
