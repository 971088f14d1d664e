"""Search latency in Chromium: from the last key of a query to the results on screen.

    python benchmarks/search_latency.py site/      # the built site, served on 127.0.0.1

For each query the search box is filled one key at a time, each key held 60 ms as a typist
does; the time runs from the last keydown to the last change of the results on screen (the
count and the list: Material's single index, or the chunked one of a large hosted site, whose
results come in after their count). Prints the median and the slowest of the queries, in
milliseconds. Needs Playwright and Debian's Chromium (the test extras); asserts nothing.
"""

from __future__ import annotations

import functools
import json
import statistics
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

QUERIES = ("Kurils", "sanctions Crimea", "Abe Putin Sochi", "Koizumi", "Japanese investment", "Arctic")
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Installed in the page: records when the last key went down and when the count of results changed.
PROBE = """() => {
  window.__lastKey = 0; window.__shown = 0;
  document.querySelector('input.md-search__input').addEventListener('keydown', () => { window.__lastKey = performance.now(); }, true);
  const seen = new MutationObserver(() => { window.__shown = performance.now(); });
  seen.observe(document.querySelector('.md-search-result__meta'), {childList: true, characterData: true, subtree: true});
  seen.observe(document.querySelector('.md-search-result__list'), {childList: true, subtree: true});
}"""


def measure(site: Path, queries=QUERIES) -> dict:
    from playwright.sync_api import sync_playwright

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    times: dict[str, float] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            box = page.locator("input.md-search__input")
            box.click()
            page.wait_for_function(
                "() => !/Initializing/.test(document.querySelector('.md-search-result__meta').textContent)",
                timeout=120000,
            )
            page.keyboard.type("x")  # a first query loads a chunked index's engine (once per reader)
            page.wait_for_timeout(1500)
            page.evaluate(PROBE)
            for query in queries:
                box.fill("")
                page.wait_for_timeout(300)
                page.keyboard.type(query, delay=60)
                page.wait_for_function("() => window.__shown > window.__lastKey", timeout=120000)
                page.wait_for_timeout(600)  # later updates for the same last key count too
                times[query] = page.evaluate("window.__shown - window.__lastKey")
            browser.close()
    finally:
        server.shutdown()
    return {
        "search_ms_median": statistics.median(times.values()),
        "search_ms_max": max(times.values()),
        "search_ms": times,
    }


if __name__ == "__main__":
    result = measure(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))
    print(json.dumps(result, indent=1))
