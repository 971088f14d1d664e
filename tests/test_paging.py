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

from conftest import OFFLINE_ZIP, built_once, copy_project, html_page, run_builder, serve_folder
from site_builder.pages.paging import theme_part_of, theme_parts
from site_builder.sources.validate import load_corpus

TRIO = Path(__file__).resolve().parent / "fixtures" / "trio"


def test_parts_hold_whole_essays_in_date_order_up_to_the_limit():
    trio = load_corpus(TRIO)
    # territorial issue: 2 passages in each of the three essays; sanctions: 1, 1 and 1
    assert theme_parts(trio, "territorial-issue", 2) == (("alpha-2015",), ("beta-2016",), ("gamma-2018",))
    assert theme_parts(trio, "territorial-issue", 4) == (("alpha-2015", "beta-2016"), ("gamma-2018",))
    assert theme_parts(trio, "sanctions", 2) == (("alpha-2015", "beta-2016"), ("gamma-2018",))
    assert theme_parts(trio, "territorial-issue", 6) == ()  # it fits one page
    assert theme_part_of(trio, 4) == {
        ("territorial-issue", "alpha-2015"): 1,
        ("territorial-issue", "beta-2016"): 1,
        ("territorial-issue", "gamma-2018"): 2,
    }


def trio_with(folder: Path, **options: int) -> Path:
    """A copy of the three-essay fixture whose mkdocs.yml gives the site-builder plugin `options`."""
    root = copy_project(folder / "p", TRIO)
    config = root / "mkdocs.yml"
    lines = "".join(f"\n      {key}: {value}" for key, value in options.items())
    config.write_text(
        re.sub(
            r"^  - site-builder\b.*$",
            "  - site-builder:" + lines,
            config.read_text(encoding="utf-8"),
            count=1,
            flags=re.M,
        ),
        encoding="utf-8",
    )
    return root


def built_trio(tmp_path_factory, name: str, **options: int) -> Path:
    """The trio with `options`, built once for the run (pytest-xdist's workers share it)."""

    def make(folder: Path) -> None:
        root = trio_with(folder, **options)
        result = run_builder(root, "build")
        assert result.returncode == 0, result.stderr
        assert "WARNING" not in result.stderr, result.stderr

    return built_once(tmp_path_factory, f"trio-{name}", make) / "p"


@pytest.fixture(scope="module")
def paged(tmp_path_factory) -> Path:
    """Theme pages in parts of 2 passages; built with the limits of the mention pages below too
    (one build for both: each part of the site keeps the pages its own limit makes)."""
    return built_trio(tmp_path_factory, "paged", theme_page_passages=2, mentions_on_index=1, mentions_per_page=1)


def page(root: Path, path: str) -> BeautifulSoup:
    return html_page(root / "site" / path)


def test_the_theme_page_lists_its_parts(paged):
    theme = page(paged, "themes/territorial-issue/index.html")
    rows = [
        [" ".join(td.get_text(" ").split()) for td in tr.select("td")]
        for tr in theme.select("article table")[0].select("tbody tr")
    ]
    assert rows == [
        ["Part 1", "Example 2015 (2 March 2015)", "2"],
        ["Part 2", "Second 2016 (May 2016)", "2"],
        ["Part 3", "Sample 2018 (2018)", "2"],
    ]
    assert [a["href"] for a in theme.select("article table")[0].select("a")] == ["1/", "2/", "3/"]
    assert not theme.select("article h3#beta-2016")  # the passages are on the parts


def test_a_part_lists_its_essays_passages_and_leads_to_the_others(paged):
    part = page(paged, "themes/territorial-issue/2/index.html")
    assert part.select_one("h1").get_text().startswith("Territorial issue, part 2 of 3")
    assert [
        a["href"] for a in part.select("article a") if a.get_text() in ("← Part 1", "Part 3 →", "Territorial issue")
    ] == ["../", "../1/", "../3/"]
    assert part.select_one("article h3")["id"] == "beta-2016"
    assert [a["href"] for a in part.select("article li > a, article li > p > a")] == [
        "../../../essays/beta-2016/#p-1",
        "../../../essays/beta-2016/#p-3",
    ]


def test_links_to_a_theme_in_an_essay_go_to_its_part(paged):
    home = page(paged, "index.html")
    assert "themes/territorial-issue/2/#beta-2016" in [a["href"] for a in home.select("article a")]
    analysis = page(paged, "analysis/index.html")
    hrefs = [a.get("href") for a in analysis.select("article a")]
    assert "../themes/territorial-issue/3/#gamma-2018" in hrefs  # the table and the figure's bars


def test_the_offline_copy_has_the_parts_with_html_addresses(paged):
    with zipfile.ZipFile(paged / "site" / OFFLINE_ZIP) as archive:
        part = archive.read("site-offline/themes/territorial-issue/2.html").decode("utf-8")
        theme = archive.read("site-offline/themes/territorial-issue.html").decode("utf-8")
    links = [a["href"] for a in BeautifulSoup(part, "html.parser").select("article a")]
    assert "../territorial-issue.html" in links and "1.html" in links and "3.html" in links
    assert "../../essays/beta-2016.html#p-1" in links
    assert "territorial-issue/2.html" in [a["href"] for a in BeautifulSoup(theme, "html.parser").select("article a")]


def test_the_offline_copy_has_the_rights_of_each_year(by_year):
    with zipfile.ZipFile(by_year / "site" / OFFLINE_ZIP) as archive:
        year = archive.read("site-offline/rights/2016.html").decode("utf-8")
        rights = archive.read("site-offline/rights.html").decode("utf-8")
        timeline = archive.read("site-offline/timeline.html").decode("utf-8")
    links = [a["href"] for a in BeautifulSoup(year, "html.parser").select("article p a, article td a")]
    assert links == ["../rights.html", "2015.html", "2018.html", "../essays/beta-2016.html"]
    assert "rights/2016.html" in [a["href"] for a in BeautifulSoup(rights, "html.parser").select("article a")]
    assert "essays/index.html#2016" in [
        a["href"] for a in BeautifulSoup(timeline, "html.parser").select("li.tl-essay a")
    ]


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
    assert cells(evolution)[:2] == [
        ["Theme", "2015 (1 essay)", "2016 (1 essay)", "2018 (1 essay)"],
        ["Territorial issue", "100% (2 of 2)", "67% (2 of 3)", "67% (2 of 3)"],
    ]
    # the theme, then its three years: all to the theme page (there is no section per year)
    assert [a["href"] for a in evolution.select("tbody tr")[0].select("td a")] == ["../themes/territorial-issue/"] * 4
    assert (
        analysis.select_one("#an-evolution-title")
        .get_text()
        .startswith("Share of each year’s annotated passages that carry each theme, years in date order")
    )
    assert not analysis.select(".an-compare")  # the passage-by-passage comparison stays on the theme pages
    assert analysis.select_one("#compare-sanctions + p a")["href"] == "../themes/sanctions/"
    most = list(cells(analysis.select("article table")[-1]))
    assert most[0] == ["Year", "Most mentioned"] and most[2] == ["2016 (1 essay)", "Crimea 1, Sochi 1"]


def test_a_large_corpus_home_counts_by_year(by_year):
    home = page(by_year, "index.html")
    essays, matrix = home.select("article table")[:2]
    assert cells(essays) == [["Year", "Essays", "Passages"], ["2015", "1", "2"], ["2016", "1", "3"], ["2018", "1", "3"]]
    assert essays.select_one("a")["href"] == "essays/#2015"
    assert cells(matrix)[0] == ["Theme", "2015", "2016", "2018"]
    assert cells(matrix)[1] == ["Territorial issue", "2", "2", "2"]


def test_a_large_corpus_timeline_counts_the_essays_of_each_year(by_year):
    timeline = page(by_year, "timeline/index.html")
    years = timeline.select("li.tl-essay")
    assert [" ".join(li.get_text(" ").split()) for li in years] == [
        "2015 1 essay published , listed on the essays page",
        "2016 1 essay published , listed on the essays page",
        "2018 1 essay published , listed on the essays page",
    ]
    assert [li.select_one("a")["href"] for li in years] == ["../essays/#2015", "../essays/#2016", "../essays/#2018"]
    assert not timeline.select("#essay-beta-2016")  # no item per essay
    # a year's count is dated by its year; the events stay as they were (GUIDE: id, date, themes, passages)
    assert [li["id"] for li in timeline.select("#year-2016 li")] == ["essays-2016", "event-sochi-meeting-2016"]
    sochi = timeline.select_one("#event-sochi-meeting-2016")
    assert (sochi["data-date"], sochi["data-themes"], sochi["data-essays"]) == (
        "2016-05-06",
        "territorial-issue",
        "beta-2016 gamma-2018",
    )
    assert [a["href"] for a in sochi.select(".tl-mentions a")] == [
        "../essays/beta-2016/#p-1",
        "../essays/gamma-2018/#p-1",
    ]
    # the overview: a bar per year, linking to the year's count, instead of a diamond per essay
    axis = timeline.select_one("figure.tl-axis")
    assert [(a["href"], a["aria-label"]) for a in axis.select("a.tl-essay-mark")] == [
        ("#essays-2015", "2015: 1 essay published"),
        ("#essays-2016", "2016: 1 essay published"),
        ("#essays-2018", "2018: 1 essay published"),
    ]
    assert not axis.select(".tl-essay-mark path")
    # the essay filter lists no essay (site.js offers the authors and the essays the address names)
    assert not timeline.select("input[name=essay]")
    assert timeline.select_one("#tl-essay-filter legend").get_text() == "Essays"


def test_a_large_corpus_rights_page_has_a_page_per_year(by_year):
    rights = page(by_year, "rights/index.html")
    table = rights.select("article table")[0]
    assert cells(table) == [["Year", "Essays"], ["2015", "1"], ["2016", "1"], ["2018", "1"]]
    assert [a["href"] for a in table.select("a")] == ["2015/", "2016/", "2018/"]
    assert rights.select_one("#corrections-and-removal")  # the general text stays
    year = page(by_year, "rights/2016/index.html")
    assert year.select_one("h1").get_text().startswith("Rights: the essays of 2016")
    assert cells(year.select("article table")[0]) == [
        ["Essay", "Author", "First published", "Rights"],
        [
            "Second 2016 : A second test essay, without an author",
            "not named in the source",
            "not stated in the source",
            "the source carries no copyright notice and no licence; the rights stay with the author or the first publisher",
        ],
    ]
    assert year.select_one("article table a")["href"] == "../../essays/beta-2016/"
    assert [(a.get_text(), a["href"]) for a in year.select("article p a")] == [
        ("Rights and licences", "../"),
        ("← 2015 (1 essay)", "../2015/"),
        ("2018 (1 essay) →", "../2018/"),
    ]
    # every essay's rights one click from the rights page
    essays = [
        a["href"]
        for y in ("2015", "2016", "2018")
        for a in page(by_year, f"rights/{y}/index.html").select("article table a")
    ]
    assert essays == ["../../essays/alpha-2015/", "../../essays/beta-2016/", "../../essays/gamma-2018/"]


@pytest.fixture(scope="module")
def by_year_server(by_year):
    httpd = serve_folder(by_year / "site")
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def shown_events(tab) -> list[str]:
    return tab.locator(".tl-event:visible").evaluate_all("items => items.map(li => li.id)")


def test_a_large_corpus_timeline_filters_by_author_and_by_the_essays_the_address_names(page, by_year_server):
    page.goto(f"{by_year_server}/timeline/?essay=beta-2016")
    chip = page.get_by_role("checkbox", name="Second 2016")
    assert chip.is_checked()
    assert shown_events(page) == ["event-crimea-annexed", "event-sochi-meeting-2016"]
    assert page.locator(".tl-essay:visible").count() == 0  # a year's count is of all its essays
    chip.uncheck()
    page.wait_for_url(re.compile(r"/timeline/$"))
    assert len(shown_events(page)) == 4 and page.locator(".tl-essay:visible").count() == 3
    author = page.locator("#tl-essay-filter").get_by_label("Author")
    assert author.locator("option").all_inner_texts() == ["all authors", "author not named", "Example", "Sample"]
    author.select_option("Sample")
    page.wait_for_url(re.compile(r"\?author=Sample$"))
    assert shown_events(page) == [
        "event-shimoda-treaty-1855",
        "event-joint-declaration-1956",
        "event-sochi-meeting-2016",
    ]
    page.get_by_role("checkbox", name="Sanctions").check()  # with a theme: both must hold
    assert shown_events(page) == [] and page.locator("#tl-count").inner_text() == "Showing 0 of 4 events."
    page.reload()
    assert author.input_value() == "Sample"
    page.get_by_role("button", name="Show all").click()
    assert len(shown_events(page)) == 4 and author.input_value() == ""


@pytest.mark.parametrize("path", ["timeline/", "rights/", "rights/2016/"])
def test_a_large_corpus_pages_pass_axe(tabs, by_year_server, path):
    from test_accessibility import AXE

    tab = tabs.take({"width": 1280, "height": 900}, init_script=AXE.read_text(encoding="utf-8"))
    tab.goto(f"{by_year_server}/{path}")
    result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    tabs.give_back(tab)
    assert [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ] == []


def test_a_year_of_several_essays_is_counted_once(tmp_path):
    """The trio with the 2015 essay moved to March 2016: two essays in 2016 (rendered in this process)."""
    from site_builder.outputs import site_files

    root = copy_project(tmp_path / "p", TRIO)
    alpha = root / "corpus" / "alpha-2015.md"
    alpha.write_text(
        alpha.read_text(encoding="utf-8").replace('date: "2015-03-02"', 'date: "2016-03-02"'), encoding="utf-8"
    )
    _, files, _ = site_files.render_all(root, page_limits={**site_files.PAGE_LIMITS, "essay_columns": 2})
    timeline = files["timeline.md"]
    assert "**[2 essays published](essays/index.md#2016)**, listed on the essays page" in timeline
    assert "**[1 essay published](essays/index.md#2018)**, listed on the essays page" in timeline
    assert timeline.count('class="tl-essay tl-essay-year"') == 2
    bars = BeautifulSoup(timeline, "html.parser").select("a.tl-essay-mark")
    assert [(a["aria-label"], a.rect["height"]) for a in bars] == [
        ("2016: 2 essays published", "30.0"),
        ("2018: 1 essay published", "15.0"),
    ]
    assert "| [2016](rights/2016.md) | 2 |\n| [2018](rights/2018.md) | 1 |\n" in files["rights.md"]
    assert "The rights in the 2 essays published in 2016 (of 3 essays in all)." in files["rights/2016.md"]
    rows = BeautifulSoup(files["rights/2016.md"], "html.parser").select("table.rights-table tbody tr")
    assert [row.td.get_text().split("]")[0] for row in rows] == ["[Example 2016", "[Second 2016"]


def test_a_year_count_opens_its_year(tmp_path):
    """The five essays with `essay_columns: 2`, rendered in this process: 2014 has four events known
    only to the year, which come before an essay of 2014 by date; the year's count comes first."""
    from site_builder.outputs import site_files

    _, files, _ = site_files.render_all(
        copy_project(tmp_path / "p"), page_limits={**site_files.PAGE_LIMITS, "essay_columns": 2}
    )
    year = BeautifulSoup(files["timeline.md"], "html.parser").select_one("#year-2014")
    assert [li["id"] for li in year.select("li")][:3] == [
        "essays-2014",
        "event-ldp-wins-2014-general-election",
        "event-putin-expected-visit-to-japan-2014",
    ]
    assert " ".join(year.select_one("li").get_text(" ").split()) == (
        "2014 **[1 essay published](essays/index.md#2014)**, listed on the essays page"
    )


def test_the_five_essays_keep_a_column_each():
    from site_builder.pages import analysis

    trio = load_corpus(TRIO)
    assert [c.label for c in analysis.columns(trio)] == ["Example 2015", "Second 2016", "Sample 2018"]


def test_a_pair_of_themes_lists_its_first_passages_and_counts_all():
    from site_builder.pages import analysis

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
        "A peninsula. Named in 2 paragraphs of 2 essays: every paragraph, essay by essay ."
    )
    assert entry.select_one("a")["href"] == "crimea/"
    # with `mentions_per_page: 1`, one essay's paragraphs a page: part 1, then part 2
    crimea = page(mentions_paged, "entities/crimea/index.html")
    assert crimea.select_one("h1").get_text().startswith("Crimea, part 1 of 2")
    assert " ".join(crimea.select_one("article h1 + p").get_text(" ").split()) == (
        "Crimea is named in 2 paragraphs of 2 essays, listed essay by essay in date order. Its entry: Entities ."
    )
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
        "../../essays/alpha-2015/#p-1",
        "../../../essays/beta-2016/#p-3",
    ]  # "the peace treaty" in both
    assert term.select_one("article h1 + p a")["href"] == "../#peace-treaty"


def test_the_limits_reach_a_renderer_without_the_plugin(tmp_path):
    """`site-builder generate` and Zensical read the same options from mkdocs.yml."""
    from site_builder.engines import zensical_engine
    from site_builder.outputs import site_files

    root = trio_with(tmp_path, theme_page_passages=2)
    assert site_files.configured_page_limits(root) == {
        "theme_page_passages": 2,
        "mentions_on_index": 150,
        "mentions_per_page": 4000,
        "essay_columns": 24,
    }
    _, files, _ = site_files.render_all(root, raw_links="source")
    assert "themes/territorial-issue/2.md" in files
    generated = zensical_engine.configuration(root, load_corpus(root), root / "build" / "docs", root / "site")
    assert [p for p in generated["plugins"] if "site-builder" in (p if isinstance(p, dict) else {p: 0})] == []


def test_each_limit_holds_up_to_and_including_its_value():
    """A page splits past its limit, not at it: three essays fit a limit of 3 and count by year
    past it; a page of mentions takes exactly its limit of paragraphs."""
    from site_builder.pages.paging import essay_years, mention_parts

    trio = load_corpus(TRIO)
    assert essay_years(trio, 3) == ()
    assert essay_years(trio, 2) == ((2015, ("alpha-2015",)), (2016, ("beta-2016",)), (2018, ("gamma-2018",)))
    places = [("alpha-2015", [1, 2]), ("beta-2016", [3]), ("gamma-2018", [4, 5])]
    assert mention_parts(places, 3) == [[("alpha-2015", [1, 2]), ("beta-2016", [3])], [("gamma-2018", [4, 5])]]
    assert mention_parts(places, 2) == [[("alpha-2015", [1, 2])], [("beta-2016", [3])], [("gamma-2018", [4, 5])]]
    assert mention_parts(places, 5) == [places]
