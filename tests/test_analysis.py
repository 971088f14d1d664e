"""The analysis page and the essays' theme maps: every number recounted here from the corpus."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from conftest import html_page
from site_builder.linking.link import find_entity_mentions
from site_builder.sources.validate import load_corpus


def page(site, url: str) -> BeautifulSoup:
    return html_page(site / url / "index.html")


@pytest.fixture(scope="module")
def corpus(project):
    return load_corpus(project)


@pytest.fixture(scope="module")
def analysis(site):
    return page(site, "analysis")


def section(soup: BeautifulSoup, heading_id: str) -> list:
    """The elements after the h2 with this id, up to the next h2."""
    out = []
    for sibling in soup.find(id=heading_id).find_next_siblings():
        if sibling.name == "h2":
            break
        out.append(sibling)
    return out


def cells(row) -> list[str]:
    return [" ".join(c.get_text().split()) for c in row.find_all(["th", "td"])]


def test_page_is_in_the_navigation(site):
    nav = [a.get_text(strip=True) for a in page(site, "").select("nav.md-tabs a")]
    assert nav.index("Analysis") == nav.index("Timeline") + 1


def test_theme_evolution_numbers(analysis, corpus):
    parts = section(analysis, "theme-evolution")
    figure = next(p for p in parts if p.name == "figure")
    panels = figure.select("svg.an-evolution")  # a panel per theme
    assert [p.find("title").get_text() for p in panels] == [t.label for t in corpus.themes]
    assert all(p["role"] == "group" for p in panels)
    assert figure.find("figcaption").get_text().startswith("Share of each essay’s annotated passages")
    table = next(p for p in parts if p.name == "table")
    rows = table.select("tbody tr")
    assert [r.find("td").get_text(strip=True) for r in rows] == [t.label for t in corpus.themes]
    bars = figure.select("g.an-bar")
    assert len(bars) == len(corpus.themes) * len(corpus.essays)
    bar = iter(bars)
    for theme, row in zip(corpus.themes, rows, strict=False):
        shown = cells(row)[1:]
        for essay, text in zip(corpus.essays, shown, strict=False):
            total = sum(1 for p in corpus.passages if p.essay_id == essay.id)
            count = sum(1 for p in corpus.passages if p.essay_id == essay.id and theme.id in p.themes)
            share = round(100 * count / total) if total else 0
            assert text == f"{share}% ({count} of {total})", (theme.id, essay.id)
            mark = next(bar)
            assert mark.find("text").get_text() == f"{share}%"
            assert f"{count} of {total} passages" in mark.find("title").get_text()
        links = [a["href"] for a in row.select("td a")]
        expected = [
            f"../themes/{theme.id}/#{e.id}"
            for e in corpus.essays
            if any(p.essay_id == e.id and theme.id in p.themes for p in corpus.passages)
        ]
        assert links[1:] == expected


def test_cooccurrence_numbers(analysis, corpus):
    table = analysis.select_one("table.an-cooc")
    rows = table.select("tbody tr")
    assert len(rows) == len(corpus.themes)
    for a, row in zip(corpus.themes, rows, strict=False):
        numbers = cells(row)[1:]
        for b, text in zip(corpus.themes, numbers, strict=False):
            both = sum(1 for p in corpus.passages if a.id in p.themes and b.id in p.themes)
            assert text == str(both), (a.id, b.id)
        diagonal = row.select_one("td.an-diagonal a")
        assert diagonal["href"] == f"../themes/{a.id}/"


def test_a_cell_of_themes_that_go_together_leads_to_the_passages_it_counts(analysis):
    """Each off-diagonal number links to the list of the passages carrying both themes."""
    row = analysis.select("table.an-cooc tbody tr")[0]  # Territorial issue
    cell = row.select("td")[1].a  # and Sanctions
    assert (cell.get_text(), cell["href"]) == ("4", "#pair-territorial-issue--sanctions")
    mirror = analysis.select("table.an-cooc tbody tr")[1].select("td")[0].a  # Sanctions x Territorial issue
    assert mirror["href"] == "#pair-territorial-issue--sanctions"
    listed = analysis.find(id="pair-territorial-issue--sanctions")
    assert [(a.get_text(), a["href"]) for a in listed.select("a")] == [
        ("Update 2014, ¶1", "../essays/update-2014/#p-1"),
        ("Update 2014, ¶6", "../essays/update-2014/#p-6"),
        ("Update 2014, ¶7", "../essays/update-2014/#p-7"),
        ("Streltsov 2018, ¶11", "../essays/streltsov-2018/#p-11"),
    ]


def test_compare_columns_hold_every_passage(analysis, corpus):
    for theme in corpus.themes:
        grid = analysis.find(id=f"compare-{theme.id}").find_next_sibling("div", class_="an-compare")
        columns = grid.select("section.an-column")
        assert [c.select_one(".an-column-head strong").get_text() for c in columns] == [e.label for e in corpus.essays]
        for essay, column in zip(corpus.essays, columns, strict=False):
            expected = sorted(p.paragraph for p in corpus.passages if p.essay_id == essay.id and theme.id in p.themes)
            hrefs = [a["href"] for a in column.select("li > a")]
            assert hrefs == [f"../essays/{essay.id}/#p-{n}" for n in expected]
            claims = [li.find("strong").get_text() for li in column.select("li") if li.find("strong")]
            assert claims == [
                next(
                    p.claim
                    for p in corpus.passages
                    if p.essay_id == essay.id and p.paragraph == n and theme.id in p.themes
                )
                for n in expected
            ]


def test_entities_over_time_numbers(analysis, corpus):
    counts = {e.id: Counter() for e in corpus.essays}
    for m in find_entity_mentions(corpus):
        counts[m.essay_id][m.entity_id] += 1
    names = {e.id: e.name for e in corpus.entities}
    table = analysis.select_one("table.an-entities")
    rows = table.select("tbody tr")
    top = {essay: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:5] for essay, c in counts.items()}
    assert {r.find("th").get_text(strip=True) for r in rows} == {names[e] for t in top.values() for e, _ in t}
    by_name = {v: k for k, v in names.items()}
    for row in rows:
        entity = by_name[row.find("th").get_text(strip=True)]
        assert cells(row)[1:] == [str(counts[e.id][entity]) for e in corpus.essays]
        assert all(a["href"] == f"../entities/#{entity}" for a in row.select("a"))
    summary = table.find_next_sibling("table")
    for essay, row in zip(corpus.essays, summary.select("tbody tr"), strict=False):
        links = row.find_all("td")[1].find_all("a")
        shown = [(a["href"], a.get_text(), a.next_sibling.strip(" ,")) for a in links]
        assert shown == [(f"../entities/#{e}", names[e], str(n)) for e, n in top[essay.id]]


def test_essay_theme_strip(site, corpus):
    labels = {t.id: t.label for t in corpus.themes}
    for essay in corpus.essays:
        soup = page(site, f"essays/{essay.id}")
        strip = soup.select_one("nav.an-strip")
        meta = soup.select_one("div.essay-meta")
        # behind a button, among the closed boxes between the header and the text
        assert strip is not None and strip.find_parent("details")["class"] == ["essay-map"]
        assert strip.find_parent("div", class_="essay-front") is meta.find_next_sibling()
        paragraphs: dict[int, list[str]] = {}
        for p in corpus.passages:
            if p.essay_id == essay.id:
                themes = paragraphs.setdefault(p.paragraph, [])
                themes.extend(t for t in p.themes if t not in themes)
        marks = strip.select("a.an-mark")
        assert [m["href"] for m in marks] == [f"#p-{n}" for n in sorted(paragraphs)]
        for mark, n in zip(marks, sorted(paragraphs), strict=False):
            assert mark.get_text() == str(n)
            assert mark["aria-label"] == f"¶{n}: " + ", ".join(labels[t] for t in paragraphs[n])
            assert f"theme-{paragraphs[n][0]}" in mark["class"]  # coloured by its first theme (assets/themes.css)
            assert soup.find(id=f"p-{n}") is not None
        # the legend names every theme whose colour the strip shows (first or second of a paragraph)
        shown = {t for themes in paragraphs.values() for t in themes[:2]}
        assert [k.get_text() for k in strip.select(".an-key")] == [t.label for t in corpus.themes if t.id in shown]
    pajon = page(site, "essays/pajon-2017").select_one("nav.an-strip")
    assert [k.get_text() for k in pajon.select(".an-key")] == [
        "Territorial issue",
        "Sanctions",
        "China",
        "North Korea",
        "Economic cooperation",
        "Political dialogue",
    ]  # ¶18: North Korea; ¶19: Political dialogue first


def mark_up_theme_label(root) -> None:
    themes = root / "annotations/themes.yaml"
    text = themes.read_text(encoding="utf-8")
    label = re.search(r"label: *(.+)", text).group(1)
    # '<' and '>' are refused in a label (the theme would revive them in tooltips): entities typed
    # as text are shown as typed
    themes.write_text(text.replace(f"label: {label}", 'label: "&lt;b&gt;Bold & co"', 1), encoding="utf-8")


def test_figures_escape_text(marked_up_mini):
    root = marked_up_mini  # the mini fixture with the edit above (conftest.py)
    for url in ["analysis", "essays/alpha-2015"]:
        html = (root / "site" / url / "index.html").read_text(encoding="utf-8")
        assert "&lt;b&gt;Bold &amp; co" not in html, url
        assert "&amp;lt;b&amp;gt;Bold &amp; co" in html, url


def test_every_bar_of_the_evolution_figure_leads_to_the_passages_it_counts(analysis, corpus):
    """A bar links to the essay's section of the theme page; a bar of 0 % is not a link."""
    figure = analysis.select_one("figure.an-figure")
    china = figure.select_one('a[aria-label="26%: China in Pajon 2017, 5 passages"]')
    assert china["href"] == "../themes/china/#pajon-2017"
    assert china.select_one("rect")["class"] == ["theme-china"]
    shares = [
        (t.id, e.id)
        for t in corpus.themes
        for e in corpus.essays
        if any(p.essay_id == e.id and t.id in p.themes for p in corpus.passages)
    ]
    assert sorted(a["href"] for a in figure.select("a")) == sorted(f"../themes/{t}/#{e}" for t, e in shares)
