"""The metrics of the text face's fallback (templates/assets/fonts.css, "Source Serif 4 fallback").

    python3 -m venv /tmp/fonts && /tmp/fonts/bin/pip install fonttools brotli
    /tmp/fonts/bin/python benchmarks/font_metrics.py

Until Source Serif 4 is in, or where it does not come in time (font-display: optional), the text
is set in a local serif: Times New Roman, or a face with the same metrics (Liberation Serif,
Tinos). So that the fallback takes the room Source Serif 4 would, its @font-face scales it to
the same average width (size-adjust) and gives it Source Serif 4's ascent, descent and line gap.
The average width is weighted by how often each character occurs in the essays' text
(corpus/*.md), so that a line of the fallback holds about as many characters. Read with fontTools
(PyPI; brotli for the WOFF2 files): Source Serif 4 from templates/assets/fonts/, the fallback
from Debian's Liberation Serif (fonts-liberation), metric-compatible with Times New Roman.
Prints the descriptors of each style (regular, italic, bold, bold italic) to copy into fonts.css. The formula is the one of Next.js's and
fontaine's fallback faces: size-adjust is the ratio of the average widths (per em), and the
overrides are Source Serif 4's metrics (per em) divided by it, since the browser scales them by
size-adjust too.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
WEB_FONTS = ROOT / "templates" / "assets" / "fonts"
FALLBACKS = Path("/usr/share/fonts/truetype/liberation")
STYLES = (  # (Source Serif 4's file, the fallback's file)
    ("source-serif-4-latin-400-normal.woff2", "LiberationSerif-Regular.ttf"),
    ("source-serif-4-latin-400-italic.woff2", "LiberationSerif-Italic.ttf"),
    ("source-serif-4-latin-700-normal.woff2", "LiberationSerif-Bold.ttf"),
    ("source-serif-4-latin-700-italic.woff2", "LiberationSerif-BoldItalic.ttf"),
)


def text_frequencies() -> Counter[str]:
    """How often each character occurs in the essays' text (after each file's front matter)."""
    counts: Counter[str] = Counter()
    for path in sorted((ROOT / "corpus").glob("*.md")):
        counts.update(path.read_text(encoding="utf-8").split("---\n", 2)[-1])
    return counts


def average_width(font: TTFont, counts: Counter[str]) -> float:
    """The advance width per em of an average character of the text (characters the font lacks
    are left out)."""
    cmap, advances = font.getBestCmap(), font["hmtx"].metrics
    widths = {ch: advances[cmap[ord(ch)]][0] for ch in counts if ord(ch) in cmap}
    total = sum(counts[ch] for ch in widths)
    return sum(widths[ch] * counts[ch] for ch in widths) / total / font["head"].unitsPerEm


def vertical(font: TTFont) -> tuple[float, float, float]:
    """(ascent, descent, line gap) per em, as browsers read them: the typographic metrics when
    the font asks for them (OS/2 fsSelection bit 7), else the hhea table's."""
    em, os2, hhea = font["head"].unitsPerEm, font["OS/2"], font["hhea"]
    if os2.fsSelection & (1 << 7):
        return os2.sTypoAscender / em, -os2.sTypoDescender / em, os2.sTypoLineGap / em
    return hhea.ascent / em, -hhea.descent / em, hhea.lineGap / em


def main() -> int:
    counts = text_frequencies()
    for web_name, fallback_name in STYLES:
        web, fallback = TTFont(str(WEB_FONTS / web_name)), TTFont(str(FALLBACKS / fallback_name))
        size_adjust = average_width(web, counts) / average_width(fallback, counts)
        ascent, descent, gap = vertical(web)
        print(
            f"/* {web_name} over {fallback_name} */ size-adjust: {size_adjust * 100:.2f}%; "
            f"ascent-override: {ascent / size_adjust * 100:.2f}%; descent-override: {descent / size_adjust * 100:.2f}%; "
            f"line-gap-override: {gap / size_adjust * 100:.2f}%;"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
