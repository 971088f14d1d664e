"""The second line of defence: every page's rendered content goes through an HTML sanitizer
(nh3, the Python binding of the Rust crate ammonia, which parses HTML as browsers do) as the
last step of its Markdown (pages/mdext.py), before either engine puts it into the theme's page.

The validator (policy.py) refuses markup that could run code; whatever it might miss is stripped
here: only the elements and attributes that the builder's templates and Python-Markdown's
extensions produce are kept, links only to http(s) or relative URLs, inline styles only with the
properties the builder writes (colours of the analysis figures, table alignment). Scripts, styles,
event handlers, iframes, objects, embeds, forms and images are removed. Title attributes are
escaped once more: Material shows them as tooltips through innerHTML. The theme's own markup
around the content is not touched (it is not made from the sources).
"""

from __future__ import annotations

import html

import nh3

TAGS = frozenset(
    {
        # text and structure (Python-Markdown, admonition, details, tables, toc, superfences)
        "a",
        "abbr",
        "article",
        "aside",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "ins",
        "kbd",
        "li",
        "mark",
        "nav",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
        # the inline SVG figures (timeline axis, theme strips, analysis)
        "svg",
        "g",
        "title",
        "desc",
        "line",
        "circle",
        "ellipse",
        "path",
        "polyline",
        "polygon",
        "rect",
        "text",
        "tspan",
    }
)

# the timeline's filter form (no <form>: nothing is submitted), kept only on a page whose
# template declares it (pages/mdext.py, FORM_CONTROLS_MARK): never from an essay's body
FORM_TAGS = frozenset({"button", "fieldset", "input", "label", "legend"})
FORM_ATTRIBUTES = {
    "button": {"type"},
    "input": {"type", "name", "value", "checked"},
    "label": {"for"},
}

GENERIC_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role", "hidden", "tabindex"})

ATTRIBUTES = {
    "*": set(GENERIC_ATTRIBUTES),
    "a": {"href", "download", "style"},  # the analysis figure colours its chips
    "abbr": set(),
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "li": {"value"},
    "ol": {"start", "reversed"},
    "span": {"style"},
    "td": {"colspan", "rowspan", "style", "headers"},
    "th": {"colspan", "rowspan", "style", "scope", "headers"},
    "time": {"datetime"},
    "svg": {"viewBox", "preserveAspectRatio", "width", "height", "focusable"},
    "line": {"x1", "y1", "x2", "y2"},
    "circle": {"cx", "cy", "r"},
    "ellipse": {"cx", "cy", "rx", "ry"},
    "path": {"d"},
    "polyline": {"points"},
    "polygon": {"points"},
    "rect": {"x", "y", "width", "height", "rx", "ry", "fill"},
    "text": {"x", "y", "dx", "dy", "text-anchor"},
    "tspan": {"x", "y", "dx", "dy"},
    "g": {"transform"},
}
# inline styles: only the properties the builder writes
STYLE_PROPERTIES = frozenset({"background", "background-color", "color", "border-bottom-color", "text-align"})
URL_SCHEMES = frozenset({"http", "https"})
# the theme's own elements have ids that start with "__" (__config, __search, __drawer, ...):
# content may not take them, or Material's scripts would read the content instead
THEME_ID_PREFIX = "__"


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name in ("id", "for") and value.startswith(THEME_ID_PREFIX):
        return None
    if name == "title":
        # Material's tooltips (content.tooltips) show a title through innerHTML: its text is
        # given as HTML text, so that "<img ...>" in a definition shows as typed
        return html.escape(value, quote=False)
    return value


def clean_html(html: str, form_controls: bool = False) -> str:
    """`html` with everything not on the lists above removed (script and style with their
    content); the timeline's form controls kept only with `form_controls`."""
    tags = TAGS | FORM_TAGS if form_controls else TAGS
    attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
    if form_controls:
        attributes.update({tag: set(names) for tag, names in FORM_ATTRIBUTES.items()})
    return nh3.clean(
        html,
        tags=set(tags),
        clean_content_tags={"script", "style"},
        attributes=attributes,
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,  # the links are the site's own and the author's references: no rel added
        strip_comments=True,
        filter_style_properties=set(STYLE_PROPERTIES),
        attribute_filter=_attribute,
    )
