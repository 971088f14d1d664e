"""The Web Annotations (data/annotations.jsonld) as their clients read them: every annotation passes
the W3C annotation-model test schemas (tests/data/annotation-model/, the Working Group's own
assertions, run with jsonschema), with and without site_url; every id opens the element of an
essay page that shows the annotation; each quote carries the words around it."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from conftest import ROOT, html_page

SCHEMAS = Path(__file__).parent / "data" / "annotation-model"
SITE_URL = "https://example.org/rj/"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"

# Counted by hand with `site-builder stats`: "paragraphs with a panel: 98" (one passage each) and
# "editors' relations: 120".
PASSAGES, RELATIONS = 98, 120


@cache
def registry() -> Registry:
    """The shared definitions, under the ids the assertions refer to them by ("id.json", ...)."""
    resources = []
    for path in sorted((SCHEMAS / "definitions").glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["id"], Resource.from_contents(contents, default_specification=DRAFT4)))
    return Registry().with_resources(resources).crawl()


@cache
def assertions(test_file: str) -> tuple[tuple[str, dict], ...]:
    """The assertion schemas a `.test` file of the suite lists, by their path in the suite."""
    listed = json.loads((SCHEMAS / test_file).read_text(encoding="utf-8"))["assertions"]
    return tuple((name, json.loads((SCHEMAS / name).read_text(encoding="utf-8"))) for name in listed)


@cache
def validator(name: str) -> Draft4Validator:
    """One validator per assertion schema, kept: it keeps the references it has resolved (a new
    one for each annotation resolved them all again, 20 s a run)."""
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return Draft4Validator(schema, registry=registry(), format_checker=Draft4Validator.FORMAT_CHECKER)


def failed(instance: dict, test_file: str) -> list[str]:
    """The assertions of `test_file` that `instance` fails, each with the suite's own message."""
    out = []
    for name, schema in assertions(test_file):
        if validator(name).is_valid(instance) != (schema["expectedResult"] == "valid"):
            out.append(f"{name}: {schema['errorMessage']}")
    return out


@cache
def collection(site_url: str) -> dict:
    """data/annotations.jsonld as the build writes it for `site_url` ("" when none is set)."""
    from site_builder.linking.link import link
    from site_builder.outputs.export import exports
    from site_builder.sources.validate import load_corpus

    corpus = load_corpus(ROOT)
    return json.loads(exports(corpus, link(corpus), site_url)["data/annotations.jsonld"])


def standalone(annotation: dict) -> dict:
    """An annotation of the collection as a client that takes it out reads it: with the context
    it has inside the collection (the suite checks one annotation, which must carry it)."""
    return {"@context": CONTEXT, **annotation}


def items(site_url: str) -> list[dict]:
    return collection(site_url)["first"]["items"]


def by_id(site_url: str, annotation_id: str) -> dict:
    return next(a for a in items(site_url) if a["id"] == annotation_id)


# --- the checks check -----------------------------------------------------------------------


def test_the_suite_refuses_a_site_relative_id():
    """The old form of the ids, a path from the site's root, fails the suite's id assertion with
    its own message: the format checker really checks "uri" (rfc3986-validator is installed)."""
    annotation = standalone({**items(SITE_URL)[0], "id": "/essays/streltsov-2012/#annotation-x"})
    assert failed(annotation, "annotations/annotationMusts.test") == [
        "annotations/3.1-annotationIdValidated.json: ERROR: Annotation is missing id key or its value"
        " is not a single string of format uri."
    ]
    undated = standalone({**items(SITE_URL)[0], "created": "2026-12-07"})
    assert failed(undated, "annotations/annotationMusts.test") == [
        "annotations/3.3.1-annotationCreatedValidated.json: ERROR: Annotation has multiple created key values"
        " or a single created key value that is not of format date-time."
    ]


# --- every annotation passes the suite ------------------------------------------------------


@pytest.mark.parametrize("site_url", [SITE_URL, ""], ids=["site_url", "no-site_url"])
def test_every_annotation_passes_the_musts(site_url):
    annotations = items(site_url)
    assert len(annotations) == PASSAGES + RELATIONS == 218
    problems = {a["id"]: failed(standalone(a), "annotations/annotationMusts.test") for a in annotations}
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.parametrize("site_url", [SITE_URL, ""], ids=["site_url", "no-site_url"])
def test_the_collection_and_its_page_pass_the_musts(site_url):
    whole = collection(site_url)
    assert whole["total"] == 218
    # annotations/changes.yaml: one release, 1.0 of 7 December 2026
    assert (whole["created"], whole["modified"]) == ("2026-12-07T00:00:00Z", "2026-12-07T00:00:00Z")
    assert failed(whole, "collections/collectionMusts.test") == []
    assert failed({"@context": CONTEXT, **whole["first"]}, "collections/pages/pageMusts.test") == []


# The optional features the collection uses, by the suite's assertion that each is implemented.
USED = [
    "annotations/3.3.1-annotationCreatorImplemented.json",
    "annotations/3.3.1-annotationSingleCreatorImplemented.json",
    "annotations/3.3.2-annotationCreatorAgentTypeImplemented.json",
    "annotations/3.3.2-annotationCreatorAgentNameImplemented.json",
    "annotations/3.3.1-annotationCreatedImplemented.json",
    "annotations/3.3.1-annotationModifiedImplemented.json",
    "annotations/3.3.6-annotationRightsImplemented.json",
    "annotations/3.3.5-annotationSingleMotivationImplemented.json",
    "annotations/bodiesTargets/3.2.1-bodyFormat.json",
    "annotations/bodiesTargets/3.2.1-bodyLanguage.json",
    "annotations/bodiesTargets/3.3.5-bodyPurpose.json",
    "annotations/bodiesTargets/4-targSpecificResource.json",
    "annotations/specificResource/4.2.4-textQuoteSelector.json",
    "annotations/specificResource/4.2.4-prefix.json",
    "annotations/specificResource/4.2.4-suffix.json",
    "annotations/specificResource/4.2.1-fragmentSelector.json",
    "annotations/specificResource/4.2.1-conformsTo.json",
]


@pytest.mark.parametrize("site_url", [SITE_URL, ""], ids=["site_url", "no-site_url"])
def test_every_annotation_implements_the_optional_features_it_claims(site_url):
    problems = {}
    for annotation in items(site_url):
        for name in USED:
            if not validator(name).is_valid(standalone(annotation)):
                problems.setdefault(annotation["id"], []).append(name)
    assert problems == {}


def test_the_homepage_of_the_editors_is_implemented_with_site_url():
    annotation = standalone(items(SITE_URL)[0])
    schema = json.loads(
        (SCHEMAS / "annotations/3.3.2-annotationCreatorAgentHomepageImplemented.json").read_text(encoding="utf-8")
    )
    assert Draft4Validator(schema, registry=registry(), format_checker=Draft4Validator.FORMAT_CHECKER).is_valid(
        annotation
    )


# --- what a client reads, literally ---------------------------------------------------------


def test_a_passage_annotation_as_written():
    """Pajon 2017 ¶4, read against the page: the quote with the 32 characters before and after it
    in the paragraph; the editors, the licence, the dates of the edition's first release."""
    annotation = by_id(
        SITE_URL, "https://example.org/rj/essays/pajon-2017/#annotation-pajon-2017-japan-symbolic-sanctions"
    )
    assert annotation["target"] == {
        "type": "SpecificResource",
        "source": "https://example.org/rj/essays/pajon-2017/",
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": "Abe was keen on improving relations with Russia and imposed belated and mostly symbolic"
                " sanctions while maintaining favourable conditions for dialogue with Moscow",
                "prefix": "ding Japan were initially high: ",
                "suffix": ". Moreover, Russia saw Japan as ",
            },
            {"type": "FragmentSelector", "value": "p-4", "conformsTo": "http://tools.ietf.org/rfc/rfc3986"},
        ],
    }
    assert annotation["creator"] == {
        "type": "Organization",
        "name": "The editors of the Russia–Japan reading edition",
        "homepage": "https://example.org/rj/",
    }
    assert annotation["rights"] == "https://creativecommons.org/licenses/by/4.0/"
    assert (annotation["created"], annotation["modified"]) == ("2026-12-07T00:00:00Z", "2026-12-07T00:00:00Z")
    note = next(b for b in annotation["body"] if b["purpose"] == "commenting")
    assert (note["language"], note["format"]) == ("en", "text/plain")
    assert note["value"].startswith("Moscow initially had high hopes of Japan")


def test_a_quote_that_opens_its_paragraph_has_an_empty_prefix():
    annotation = by_id(
        SITE_URL, "https://example.org/rj/essays/streltsov-2012/#annotation-streltsov-2012-relations-on-hold"
    )
    quote = annotation["target"]["selector"][0]
    assert (quote["exact"], quote["prefix"], quote["suffix"]) == (
        "Russo-Japanese relations are clearly on hold.",
        "",
        " Prime Minister Yoshihiko Noda’s",
    )


def test_a_relation_as_written():
    """The editors' relation from Streltsov 2018 to Pajon 2017 ¶4 (annotations/relations.yaml, the
    first), by the line of Streltsov 2018's panel that shows it."""
    relation = by_id(
        SITE_URL,
        "https://example.org/rj/essays/streltsov-2018/"
        "#relation-streltsov-2018-sanctions-symbolic--pajon-2017-japan-symbolic-sanctions",
    )
    assert relation["motivation"] == "linking"
    assert relation["body"][0]["source"] == "https://example.org/rj/essays/pajon-2017/"
    assert relation["body"][1:] == [
        {"type": "TextualBody", "purpose": "tagging", "value": "agrees", "format": "text/plain"},
        {
            "type": "TextualBody",
            "purpose": "commenting",
            "value": 'Both call Japan\'s post-Crimea sanctions symbolic: "mostly symbolic" (Pajon), "largely'
            ' symbolic" (Streltsov).',
            "format": "text/plain",
            "language": "en",
        },
    ]
    assert relation["target"]["source"] == "https://example.org/rj/essays/streltsov-2018/"


def test_a_corrected_relation_is_modified_on_the_day_of_its_correction():
    """annotations/changes.yaml: the relation of Shvydko 2017 ¶4 to Streltsov 2012 ¶11, corrected on
    7 December 2026 (a correction, not an addition: created with the first release)."""
    relation = by_id(
        SITE_URL,
        "https://example.org/rj/essays/shvydko-2017/"
        "#relation-shvydko-2017-moscow-avoids-ally-role--streltsov-2012-russia-needs-japan",
    )
    assert (relation["created"], relation["modified"]) == ("2026-12-07T00:00:00Z", "2026-12-07T00:00:00Z")


def test_without_site_url_the_ids_are_urns_of_the_same_paths():
    """No address is known: each IRI is urn:uuid: and the UUID version 5 of the item's path in the
    URL namespace (docs/data.md); the UUIDs below were computed apart, with
    python3 -c 'import uuid; print(uuid.uuid5(uuid.NAMESPACE_URL, "<path>"))'."""
    whole = collection("")
    first = whole["first"]["items"][0]
    assert first["id"] == "urn:uuid:9393c417-98e6-5430-9f01-988deeea5a64"
    # /essays/streltsov-2012/#annotation-streltsov-2012-relations-on-hold
    assert first["target"]["source"] == "urn:uuid:c52ed9b3-a241-52fd-a947-8e03711b453f"  # /essays/streltsov-2012/
    assert whole["id"] == "urn:uuid:dea5eed4-07ea-510f-9109-3160189f6066"  # /data/annotations.jsonld
    assert first["creator"] == {"type": "Organization", "name": "The editors of the Russia–Japan reading edition"}
    assert len({a["id"] for a in whole["first"]["items"]}) == 218


# --- every id opens what shows it -----------------------------------------------------------


def test_every_annotation_id_names_an_element_of_its_page(site):
    """Each of the 218 ids, under site_url, is a page of the built site and the id of an element
    on it: the analyst's note in the passage's panel, or the line of the source's panel that shows
    the relation (with the text the annotation holds)."""
    found = 0
    for annotation in items(SITE_URL):
        path, _, element_id = annotation["id"].removeprefix(SITE_URL).partition("#")
        page = html_page(site / path / "index.html")
        element = page.find(id=element_id)
        assert element is not None, annotation["id"]
        assert len(page.find_all(id=element_id)) == 1, annotation["id"]
        shown = " ".join(element.get_text(" ").split())
        comment = next(b["value"] for b in annotation["body"] if b.get("purpose") == "commenting")
        assert " ".join(comment.split()) in shown, annotation["id"]
        found += 1
    assert found == 218
    note = html_page(site / "essays/pajon-2017/index.html").find(id="annotation-pajon-2017-japan-symbolic-sanctions")
    assert note.get_text(" ").startswith("Analyst’s note:")


def test_an_annotation_id_opens_its_panel_in_the_browser(open_page):
    """A reader who follows an annotation's id lands on the note, its panel opened: Chromium opens a
    closed <details> that holds the target of the address's fragment."""
    tab = open_page("essays/pajon-2017/#annotation-pajon-2017-japan-symbolic-sanctions")
    note = tab.locator("#annotation-pajon-2017-japan-symbolic-sanctions")
    note.wait_for(state="visible")
    assert note.inner_text().startswith("Analyst’s note:")
    line = open_page(
        "essays/streltsov-2018/#relation-streltsov-2018-sanctions-symbolic--pajon-2017-japan-symbolic-sanctions"
    ).locator("#relation-streltsov-2018-sanctions-symbolic--pajon-2017-japan-symbolic-sanctions")
    line.wait_for(state="visible")
    assert line.inner_text().startswith("Pajon 2017, ¶4")
