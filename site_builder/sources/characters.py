"""Characters a source may not hold, and what to say when it does.

- Everywhere (every key and value of front matter and annotations, every line of an essay
  body): control characters (C0 but tab and newline, DEL, C1), the line and paragraph
  separators U+2028/U+2029 and the noncharacters (U+FDD0–U+FDEF, U+FFFE and U+FFFF of every
  plane). None is text a reader could see; an editor shows none of them, and they break what
  is made of the text: a title with U+007F in it broke the YAML header of its generated page,
  which then printed as body text, and U+000C, U+000B, U+001C–U+001E, U+0085 or U+2028 in an
  essay (Python reads each as a line break) made the search marks of its page fail. An essay
  body may keep its carriage returns (line ends written CR LF); a field may not.
- In labels (names and titles that reach the navigation, the tables of contents, tooltips,
  page titles and the search filters, listed in schema.py): '<' and '>', which Material's
  tooltips turn back into markup (it copies a cut-off navigation entry's text into a tooltip
  as HTML), and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
  U+2066–U+2069), which reorder how the label reads: U+202E in an author's name reversed the
  essay's label in the search filters. The marks U+200E, U+200F and U+061C stay allowed: they
  only give a direction to the characters next to them, never reorder a run of letters, and a
  name in a right-to-left script may need one.

Lone surrogates cannot occur: the UTF-8 decoder refuses them in a file and YAML in an escape.
"""

from __future__ import annotations

import re
import unicodedata

_PLANE_NONCHARACTERS = "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
_NOT_TEXT = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef" + _PLANE_NONCHARACTERS
FIELD_NOT_TEXT = re.compile(f"[{_NOT_TEXT}\r]")
BODY_NOT_TEXT = re.compile(f"[{_NOT_TEXT}]")
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
ANGLE_BRACKETS = re.compile("[<>]")

LABEL_WHERE = "the navigation, the table of contents, tooltips or the search"


def code_point(char: str) -> str:
    """U+007F; U+202E (RIGHT-TO-LEFT OVERRIDE) for a character Unicode names."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def not_text(char: str) -> str:
    """What to say of a character that is not text, found in a source."""
    return (
        f"holds {code_point(char)}, a control character or noncharacter, not text; delete it "
        "(most editors do not show it): it can break the page it is shown on"
    )


def may_hold_not_text(yaml_text: str) -> bool:
    """Whether a value read from `yaml_text` may hold a character that is not text: only where
    the text holds one (a carriage return is a line break to YAML, not a character of a value),
    or a backslash (an escape in double quotes, "\\x7F")."""
    return "\\" in yaml_text or BODY_NOT_TEXT.search(yaml_text) is not None


def field_problem(value: str) -> str | None:
    """What a key or value of front matter or annotations holds that is not text, if anything."""
    found = FIELD_NOT_TEXT.search(value)
    return not_text(found.group()) if found else None


def body_problem(line: str) -> str | None:
    """What a line of an essay body holds that is not text, if anything."""
    found = BODY_NOT_TEXT.search(line)
    return not_text(found.group()) if found else None


def label_problem(key: str, value: str) -> str | None:
    """Why `value`, the label in field `key`, may not be shown as it is, if it may not."""
    if ANGLE_BRACKETS.search(value):
        return (
            f"'{key}' may not hold '<' or '>': a label goes into {LABEL_WHERE}, where the theme would "
            "read it as markup; write it in words (e.g. 'less than'), or use other brackets"
        )
    found = BIDI_CONTROLS.search(value)
    if found:
        return (
            f"'{key}' holds {code_point(found.group())}, an invisible control that reorders how the "
            f"label reads in {LABEL_WHERE}; delete it (the letters give the text its direction)"
        )
    return None
