"""Problems found in the sources, reported together as `path:line: message`."""

from __future__ import annotations

import re
from dataclasses import dataclass

# What a message may quote from a source (an unknown key, an id) but must not print as it is: a
# control character would act on the terminal (ESC starts an escape sequence), a bidirectional
# control would reorder the line
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        """`path:line: message`, with what would act on a terminal written as an escape (\\u001b)."""
        return _printable(f"{self.path}:{self.line}: {self.message}")


class SourceError(Exception):
    """Raised when the sources have problems; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class Collector:
    """Accumulates problems so that one run reports all of them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise SourceError(self.problems)
