"""Layout shift on every kind of page, as Chromium records it while the page opens.

    python benchmarks/layout_shift.py               # site/, a phone (412x823) and a desk (1366x900)
    python benchmarks/layout_shift.py --site site-z # another build

Lighthouse (benchmarks/lighthouse.py) scores four pages; this opens one page of every kind, the
compare view from its address among them, in Debian's Chromium with the CPU slowed four times
(as Lighthouse's mobile preset), served on 127.0.0.1 as a static host serves it. For each it
prints the sum of the layout shifts the browser reports in the 2.5 s after the page's load
event (the Layout Instability API, the measure behind Lighthouse's CLS), and what moved when the
sum is above 0.005. It asserts nothing: tests/test_layout.py checks that nothing moves on an
essay's first screen and in the compare view.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lighthouse import CHROMIUM, ROOT, serve

PAGES = (
    "",
    "essays/",
    "essays/streltsov-2018/",
    "essays/update-2014/",
    "themes/",
    "themes/china/",
    "timeline/",
    "analysis/",
    "debates/",
    "entities/",
    "glossary/",
    "data/",
    "changes/",
    "rights/",
    "essays/streltsov-2012/?compare=streltsov-2018/p-5#p-6",
)
SCREENS = {"phone": {"width": 412, "height": 823}, "desk": {"width": 1366, "height": 900}}
RECORD = """window.__shift = 0; window.__moved = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) { if (e.hadRecentInput) continue;
  window.__shift += e.value;
  for (const s of e.sources || []) window.__moved.push(s.node && s.node.nodeType === 1 ? (s.node.id || s.node.className) : '?');
} }).observe({type: 'layout-shift', buffered: true});"""


def measure(browser, address: str, viewport: dict) -> tuple[float, list[str]]:
    """The layout shift of one opening of `address`, and what moved."""
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.add_init_script(RECORD)
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.goto(address, wait_until="load")
        page.wait_for_timeout(2500)
        return page.evaluate("() => [window.__shift, window.__moved]")
    finally:
        context.close()


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", default="site", help="the built site to measure (default: site)")
    site = ROOT / parser.parse_args().site
    if not (site / "index.html").is_file():
        print(f"no built site in {site}: run `make site` first", file=sys.stderr)
        return 1
    server, base = serve(Path(site))
    print(f"{'page':58} {'phone':>7} {'desk':>7}")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            for path in PAGES:
                found = {name: measure(browser, base + path, viewport) for name, viewport in SCREENS.items()}
                print(f"{'/' + path:58} {found['phone'][0]:7.4f} {found['desk'][0]:7.4f}")
                for name, (shift, moved) in found.items():
                    if shift > 0.005:
                        print(f"    {name}: moved {', '.join(sorted(set(moved)))}")
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
