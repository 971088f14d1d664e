"""Errors in the page templates (templates/*.j2), reported as `path:line: message` like every
other problem in the sources, never as a Jinja traceback.

Jinja gives a syntax error its file and line; for an error while a template runs (an undefined
name, a missing include, a failing filter, a division by zero ...) it rewrites the traceback so
that its frames name the template file and line: the innermost such frame is the place to fix.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError

from ..problems import Problem
from ..sources.limits import inside


def _display(filename: str, root: Path) -> str:
    try:
        return Path(filename).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return filename


def _what(error: BaseException) -> str:
    if isinstance(error, TemplateNotFound):
        return f"it includes '{error.name}', which is not in templates/; create it or fix the name"
    if isinstance(error, UndefinedError):
        return f"{error.message}; define it or fix the name"
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}{': ' + text if text else ''}; fix the template"


def template_problem(error: BaseException, templates: Path, root: Path) -> Problem | None:
    """The `Problem` for an error raised while loading or rendering the templates in `templates`,
    or None when the error did not come from a template (a bug of the builder: let it raise)."""
    if isinstance(error, TemplateSyntaxError) and error.filename and error.lineno:
        return Problem(
            _display(error.filename, root), error.lineno, f"template syntax error: {error.message}; fix the template"
        )
    frames = [
        f for f in traceback.extract_tb(error.__traceback__) if f.filename and inside(Path(f.filename), templates)
    ]
    if frames:
        frame = frames[-1]
        return Problem(_display(frame.filename, root), frame.lineno or 1, f"template error: {_what(error)}")
    if isinstance(error, TemplateError):  # e.g. the template asked for does not exist
        name = getattr(error, "name", None) or "templates"
        return Problem(
            f"templates/{name}" if name != "templates" else name,
            1,
            f"template error: {error.message or type(error).__name__}; fix the templates",
        )
    return None
