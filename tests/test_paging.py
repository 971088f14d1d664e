"""Issue #14: a theme's list of passages moves to numbered parts above a size
(`theme_page_passages` of the site-builder plugin in mkdocs.yml; 300 by default, so the five
essays keep one page per theme). Checked on the three-essay fixture with a limit of 2, built by
the CLI: MkDocs itself checks every link and anchor (strict), and the offline copy follows."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import copy_project, html_page, run_builder
from site_builder.paging import theme_part_of, theme_parts
from site_builder.validate import load_corpus

TRIO = Path(__file__).resolve().parent / "fixtures" / "trio"


def test_parts_hold_whole_essays_in_date_order_up_to_the_limit():
    trio = load_corpus(TRIO)
    # territorial issue: 2 passages in each of the three essays; sanctions: 1, 1 and 1
    assert theme_parts(trio, "territorial-issue", 2) == (("alpha-2015",), ("beta-2016",), ("gamma-2018",))
    assert theme_parts(trio, "territorial-issue", 4) == (("alpha-2015", "beta-2016"), ("gamma-2018",))
    assert theme_parts(trio, "sanctions", 2) == (("alpha-2015", "beta-2016"), ("gamma-2018",))
    assert theme_parts(trio, "territorial-issue", 6) == ()  # it fits one page
    assert theme_part_of(trio, 4) == {("territorial-issue", "alpha-2015"): 1, ("territorial-issue", "beta-2016"): 1,
                                      ("territorial-issue", "gamma-2018"): 2}


def trio_with(folder: Path, **options: int) -> Path:
    """A copy of the three-essay fixture whose mkdocs.yml gives the site-builder plugin `options`."""
    root = copy_project(folder / "p", TRIO)
    config = root / "mkdocs.yml"
    lines = "".join(f"\n      {key}: {value}" for key, value in options.items())
    config.write_text(re.sub(r"^  - site-builder\b.*$", "  - site-builder:" + lines, config.read_text(encoding="utf-8"),
                             count=1, flags=re.M), encoding="utf-8")
    return root


def built_trio(tmp_path_factory, name: str, **options: int) -> Path:
    root = trio_with(tmp_path_factory.mktemp(name), **options)
    result = run_builder(root, "build")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return root


@pytest.fixture(scope="module")
def paged(tmp_path_factory) -> Path:
    """Theme pages in parts of 2 passages; built with the limits of the mention pages below too
    (one build for both: each part of the site keeps the pages its own limit makes)."""
    return built_trio(tmp_path_factory, "paged", theme_page_passages=2, mentions_on_index=1, mentions_per_page=1)


def page(root: Path, path: str) -> BeautifulSoup:
    return html_page(root / "site" / path)


def test_the_theme_page_lists_its_parts(paged):
    theme = page(paged, "themes/territorial-issue/index.html")
    rows = [[" ".join(td.get_text(" ").split()) for td in tr.select("td")] for tr in theme.select("article table")[0].select("tbody tr")]
    assert rows == [["Part 1", "Example 2015 (2 March 2015)", "2"], ["Part 2", "Second 2016 (May 2016)", "2"],
                    ["Part 3", "Sample 2018 (2018)", "2"]]
    assert [a["href"] for a in theme.select("article table")[0].select("a")] == ["1/", "2/", "3/"]
    assert not theme.select("article h3#beta-2016")  # the passages are on the parts


def test_a_part_lists_its_essays_passages_and_leads_to_the_others(paged):
    part = page(paged, "themes/territorial-issue/2/index.html")
    assert part.select_one("h1").get_text().startswith("Territorial issue, part 2 of 3")
    assert [a["href"] for a in part.select("article a") if a.get_text() in ("← Part 1", "Part 3 →", "Territorial issue")] == [
        "../", "../1/", "../3/"]
    assert part.select_one("article h3")["id"] == "beta-2016"
    assert [a["href"] for a in part.select("article li > a, article li > p > a")] == [
        "../../../essays/beta-2016/#p-1", "../../../essays/beta-2016/#p-3"]


def test_links_to_a_theme_in_an_essay_go_to_its_part(paged):
    home = page(paged, "index.html")
    assert "themes/territorial-issue/2/#beta-2016" in [a["href"] for a in home.select("article a")]
    analysis = page(paged, "analysis/index.html")
    hrefs = [a.get("href") for a in analysis.select("article a")]
    assert "../themes/territorial-issue/3/#gamma-2018" in hrefs  # the table and the figure's bars


def test_the_offline_copy_has_the_parts_with_html_addresses(paged):
    with zipfile.ZipFile(paged / "site" / "data" / "russia-japan-corpus-offline.zip") as archive:
        part = archive.read("site-offline/themes/territorial-issue/2.html").decode("utf-8")
        theme = archive.read("site-offline/themes/territorial-issue.html").decode("utf-8")
    links = [a["href"] for a in BeautifulSoup(part, "html.parser").select("article a")]
    assert "../territorial-issue.html" in links and "1.html" in links and "3.html" in links
    assert "../../essays/beta-2016.html#p-1" in links
    assert "territorial-issue/2.html" in [a["href"] for a in BeautifulSoup(theme, "html.parser").select("article a")]


# --- the analysis of a large corpus: a column per year, the comparison on the theme pages -------

@pytest.fixture(scope="module")
def by_year(tmp_path_factory) -> Path:
    """As if the three essays were more than 24: `essay_columns: 2`."""
    return built_trio(tmp_path_factory, "by-year", essay_columns=2)


def cells(table) -> list[list[str]]:
    return [[" ".join(c.get_text(" ").split()) for c in tr.select("th, td")] for tr in table.select("tr")]


def test_a_large_corpus_is_analysed_by_year(by_year):
    analysis = page(by_year, "analysis/index.html")
    evolution = analysis.select("article table")[0]
    # alpha-2015: 2 passages, both on the islands; beta-2016 and gamma-2018: 2 of 3
    assert cells(evolution)[:2] == [["Theme", "2015 (1 essay)", "2016 (1 essay)", "2018 (1 essay)"],
                                    ["Territorial issue", "100% (2 of 2)", "67% (2 of 3)", "67% (2 of 3)"]]
    # the theme, then its three years: all to the theme page (there is no section per year)
    assert [a["href"] for a in evolution.select("tbody tr")[0].select("td a")] == ["../themes/territorial-issue/"] * 4
    assert analysis.select_one("#an-evolution-title").get_text().startswith(
        "Share of each year’s annotated passages that carry each theme, years in date order")
    assert not analysis.select(".an-compare")  # the passage-by-passage comparison stays on the theme pages
    assert analysis.select_one("#compare-sanctions + p a")["href"] == "../themes/sanctions/"
    most = [r for r in cells(analysis.select("article table")[-1])]
    assert most[0] == ["Year", "Most mentioned"] and most[2] == ["2016 (1 essay)", "Crimea 1, Sochi 1"]


def test_a_large_corpus_home_counts_by_year(by_year):
    home = page(by_year, "index.html")
    essays, matrix = home.select("article table")[:2]
    assert cells(essays) == [["Year", "Essays", "Passages"], ["2015", "1", "2"], ["2016", "1", "3"], ["2018", "1", "3"]]
    assert essays.select_one("a")["href"] == "essays/#2015"
    assert cells(matrix)[0] == ["Theme", "2015", "2016", "2018"]
    assert cells(matrix)[1] == ["Territorial issue", "2", "2", "2"]


def test_the_five_essays_keep_a_column_each():
    from site_builder import analysis
    trio = load_corpus(TRIO)
    assert [c.label for c in analysis.columns(trio)] == ["Example 2015", "Second 2016", "Sample 2018"]


def test_a_pair_of_themes_lists_its_first_passages_and_counts_all():
    from site_builder import analysis
    trio = load_corpus(TRIO)
    [(first, second, shown, total)] = analysis.pair_passages(trio, 0)
    assert (first, second, shown, total) == ("territorial-issue", "sanctions", [], 1)
    [(_, _, shown, total)] = analysis.pair_passages(trio)
    assert [(p.essay_id, p.paragraph) for p in shown] == [("alpha-2015", 2)] and total == 1


# --- entities and glossary terms with many mentions: a page of their own -------------------------

@pytest.fixture(scope="module")
def mentions_paged(paged) -> Path:
    """`mentions_on_index: 1, mentions_per_page: 1`: the build of the theme parts above."""
    return paged


def test_an_entity_named_too_often_for_the_index_gets_a_page(mentions_paged):
    index = page(mentions_paged, "entities/index.html")
    entry = index.select_one("h3#crimea").find_next_sibling("p")
    assert " ".join(entry.get_text(" ").split()) == (
        "A peninsula. Named in 2 paragraphs of 2 essays: every paragraph, essay by essay .")
    assert entry.select_one("a")["href"] == "crimea/"
    # with `mentions_per_page: 1`, one essay's paragraphs a page: part 1, then part 2
    crimea = page(mentions_paged, "entities/crimea/index.html")
    assert crimea.select_one("h1").get_text().startswith("Crimea, part 1 of 2")
    assert " ".join(crimea.select_one("article h1 + p").get_text(" ").split()) == (
        "Crimea is named in 2 paragraphs of 2 essays, listed essay by essay in date order. Its entry: Entities .")
    assert [a["href"] for a in crimea.select("article li a")] == ["../../essays/alpha-2015/#p-2"]
    assert [a["href"] for a in crimea.select("article p a") if a.get_text() == "Part 2 →"] == ["2/"]
    second = page(mentions_paged, "entities/crimea/2/index.html")
    assert [a["href"] for a in second.select("article li a")] == ["../../../essays/beta-2016/#p-2"]
    assert [a["href"] for a in second.select("article p a") if a.get_text() == "← Part 1"] == ["../"]


def test_a_term_used_too_often_for_the_glossary_gets_a_page(mentions_paged):
    glossary = page(mentions_paged, "glossary/index.html")
    assert "peace-treaty/" in [a["href"] for a in glossary.select("article a")]
    term = page(mentions_paged, "glossary/peace-treaty/index.html")
    second = page(mentions_paged, "glossary/peace-treaty/2/index.html")
    assert [a["href"] for a in term.select("article li a") + second.select("article li a")] == [
        "../../essays/alpha-2015/#p-1", "../../../essays/beta-2016/#p-3"]  # "the peace treaty" in both
    assert term.select_one("article h1 + p a")["href"] == "../#peace-treaty"


def test_the_limits_reach_a_renderer_without_the_plugin(tmp_path):
    """`site-builder generate` and Zensical read the same options from mkdocs.yml."""
    from site_builder import pipeline, zensical_engine
    root = trio_with(tmp_path, theme_page_passages=2)
    assert pipeline.configured_page_limits(root) == {"theme_page_passages": 2, "mentions_on_index": 150,
                                                     "mentions_per_page": 4000, "essay_columns": 24}
    _, files, _ = pipeline.render_all(root, raw_links="source")
    assert "themes/territorial-issue/2.md" in files
    generated = zensical_engine.configuration(root, load_corpus(root), root / "build" / "docs", root / "site")
    assert [p for p in generated["plugins"] if "site-builder" in (p if isinstance(p, dict) else {p: 0})] == []
