"""The pages pass axe-core's WCAG 2.1 AA rules in headless Chromium, in English and in Korean.

axe-core comes from the npm registry (`npm install axe-core` into tests/.node, done here when it
is missing); the browser is driven over the DevTools protocol as in test_feedback_html. Set
AUTOGRADER_SCREENSHOTS=DIR to keep a screenshot of every page checked (to look at them).
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import test_feedback_html
from test_feedback import FLIPPED_SIGMOID, SHARED_HISTORY, TINY_H, UNGUARDED_SOFTMAX, class_out, submission
from test_feedback_html import Browser

from autograder.ecosystem.notebook_check import render_html
from autograder.feedback import render_feedback_html, write_class_report
from autograder.grading import grade_submission
from autograder.i18n import using_language

NODE_DIR = Path(__file__).parent / ".node"
AXE = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """axe.run(document, {runOnly: {type: 'tag', values: WCAG}}).then(r => JSON.stringify({
    violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)})),
    passes: r.passes.length}))""".replace("WCAG", json.dumps(WCAG_21_AA))


@pytest.fixture(autouse=True, scope="module")
def _plots_drawn_here_stay_here():
    """Leave autograder.feedback.plots' memory as it was: other tests count the files it writes."""
    from autograder.feedback import plots

    before = dict(plots._drawn)
    yield
    plots._drawn.clear()
    plots._drawn.update(before)


def _browser_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            if os.environ.get("CI") == "true":
                pytest.fail("npm is needed on CI to install axe-core")
            pytest.skip("npm is not installed: axe-core cannot be fetched")
        NODE_DIR.mkdir(exist_ok=True)
        subprocess.run([npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(NODE_DIR),
                        "axe-core@4"], check=True, capture_output=True, timeout=300)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def chrome(tmp_path_factory):
    path = _browser_path()
    if path is None:
        pytest.skip("no chromium or google-chrome (.ci/run installs chromium)")
    test_feedback_html.CHROMIUM = path
    running = Browser(tmp_path_factory.mktemp("axe-profile"))
    yield running
    running.close()


def audit(browser: Browser, page: Path, axe: str) -> dict:
    """axe-core's WCAG 2.1 A and AA results for one page, and its screenshot when asked for."""
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    browser.send("Page.enable", session=session)
    browser.send("Emulation.setDeviceMetricsOverride", {"width": 1100, "height": 900,
                                                         "deviceScaleFactor": 1, "mobile": False},
                 session=session)
    browser.send("Page.navigate", {"url": page.resolve().as_uri()}, session=session)
    browser.wait(lambda m: m.get("method") == "Page.loadEventFired" and m.get("sessionId") == session)
    browser.send("Runtime.evaluate", {"expression": axe}, session=session)
    reply = browser.send("Runtime.evaluate", {"expression": RUN_AXE, "awaitPromise": True,
                                              "returnByValue": True}, session=session, timeout=120)
    result = json.loads(reply["result"]["value"])
    screens = os.environ.get("AUTOGRADER_SCREENSHOTS")
    if screens:
        shot = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True},
                            session=session, timeout=60)
        Path(screens).mkdir(parents=True, exist_ok=True)
        (Path(screens) / f"{page.parent.name}-{page.stem}.png").write_bytes(base64.b64decode(shot["data"]))
    browser.send("Target.closeTarget", {"targetId": target})
    return result


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = submission(tmp_path_factory.mktemp("a11y"), "mistaken", {
        "activations.py": UNGUARDED_SOFTMAX + FLIPPED_SIGMOID,
        "gradients.py": SHARED_HISTORY + TINY_H})
    return grade_submission(folder, plots=True)


def _page(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_student_page_passes_wcag_21_aa(chrome, axe_source, graded, tmp_path, lang):
    with using_language(lang):
        page = _page(tmp_path / f"student-{lang}", "feedback.html", render_feedback_html(graded))
    result = audit(chrome, page, axe_source)
    assert result["passes"] > 10  # axe ran its rules
    assert result["violations"] == []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_class_report_passes_wcag_21_aa(chrome, axe_source, tmp_path, lang):
    out = class_out(tmp_path)
    with using_language(lang):
        page = write_class_report(out)
    (out / f"report-{lang}.html").write_bytes(page.read_bytes())
    result = audit(chrome, out / f"report-{lang}.html", axe_source)
    assert result["passes"] > 10
    assert result["violations"] == []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_report_check_shows_in_jupyter_passes_wcag_21_aa(chrome, axe_source, graded, tmp_path, lang):
    with using_language(lang):
        body = render_html(graded, show_hidden_details=False)
    page = _page(tmp_path / f"check-{lang}", "check.html",
                 f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>check()</title>'
                 f"</head><body><main>{body}</main></body></html>")
    result = audit(chrome, page, axe_source)
    assert result["passes"] > 5
    assert result["violations"] == []
