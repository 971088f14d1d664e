"""The live preview (`site-builder serve`, site_builder/preview.py), as an editor uses it in
Chromium: the pages carry the policy and the sanitizer's output like a built site, the reload
script runs under the policy, a bad edit leaves the last good page served with its problems shown
in the page, and fixing it reloads the page with the change."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import MINI, ROOT, copy_project

VIOLATIONS = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.effectiveDirective));"""
BAD_LABEL = "themes:\n  - id: sanctions\n    label: [Sanctions\n"
PROBLEM = "annotations/themes.yaml:4: malformed YAML"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(root: Path, engine: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "--root", str(root), "serve", "--engine", engine, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(root)},
    )
    address = f"http://127.0.0.1:{port}"
    end = time.time() + 120
    while time.time() < end:
        try:
            with urllib.request.urlopen(f"{address}/themes/sanctions/", timeout=2) as response:
                if b"Sanctions" in response.read():
                    return process, address
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("the preview did not start")


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_preview_serves_the_finished_site_and_follows_an_edit(tabs, tmp_path, engine):
    root = copy_project(tmp_path / "p", MINI)
    process, address = start(root, engine)
    tab = tabs.take({"width": 1280, "height": 900}, init_script=VIOLATIONS)
    try:
        with urllib.request.urlopen(f"{address}/themes/sanctions/", timeout=5) as response:
            served = response.read().decode("utf-8")
        assert served.count('<meta http-equiv="Content-Security-Policy"') == 1
        assert '<script src="/__preview__/reload.js" defer></script></head>' in served
        assert not (root / "site").exists()  # the preview has a site of its own

        tab.goto(f"{address}/themes/sanctions/")
        tab.locator("h1").wait_for()
        themes = root / "annotations" / "themes.yaml"
        good = themes.read_text(encoding="utf-8")
        themes.write_text(BAD_LABEL, encoding="utf-8")
        banner = tab.locator("#preview-problems[role=alert]")
        banner.wait_for(timeout=90_000)
        assert banner.locator("li").first.inner_text().startswith(PROBLEM)
        assert tab.locator("h1").inner_text() == "Sanctions"  # the last good page, still served

        themes.write_text(good.replace("label: Sanctions", "label: Sanctions regime"), encoding="utf-8")
        tab.locator("h1", has_text="Sanctions regime").wait_for(timeout=90_000)  # reloaded: no eval under the policy
        assert tab.locator("#preview-problems").count() == 0
        assert tab.evaluate("window.__violations") == []
    finally:
        process.terminate()
        process.wait(timeout=15)
        tabs.give_back(tab)
