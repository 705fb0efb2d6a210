"""The feedback pages open in a real headless browser, without errors, with their plots shown."""
from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_feedback import FLIPPED_SIGMOID, SHARED_HISTORY, TINY_H, UNGUARDED_SOFTMAX, class_out, submission

from autograder.feedback import render_feedback_html, write_class_report, write_student_feedback
from autograder.grading import grade_submission
from autograder.results import CheckResult, Failure, FunctionResult, GradingResult

CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))),
                "/usr/bin/chromium")  # Debian's chromium, Ubuntu's, or the Chrome GitHub's runners have
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-pipe"]
CHECK_IMAGES = """JSON.stringify(Array.from(document.images).map(
    i => ({complete: i.complete, width: i.naturalWidth, height: i.naturalHeight})))"""


class Browser:
    """Headless Chromium driven over the DevTools protocol on a pipe (fds 3 and 4): no downloads."""

    def __init__(self, profile: Path) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        command = (f'exec "$0" "$@" 3<&{to_browser_r} 4>&{from_browser_w} '
                   f"{to_browser_r}<&- {from_browser_w}>&-")
        self.process = subprocess.Popen(
            ["bash", "-c", command, CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(to_browser_r, from_browser_w), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30.0) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        reply = self.wait(lambda m: m.get("id") == self._next_id, timeout)
        assert "error" not in reply, reply
        return reply.get("result", {})

    def wait(self, wanted, timeout: float = 30.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "method" in message:
                    self.events.append(message)
                if wanted(message):
                    return message
            remaining = deadline - time.monotonic()
            assert remaining > 0, "the browser did not answer in time"
            if select.select([self._from_browser], [], [], remaining)[0]:
                chunk = os.read(self._from_browser, 1 << 20)
                assert chunk, "the browser closed the pipe"
                self._buffer += chunk

    def open(self, path: Path) -> tuple[list[dict], list[str]]:
        """Load a page; return its images' sizes and every error it logged or threw."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable", session=session)
        self.events.clear()
        self.send("Page.navigate", {"url": path.resolve().as_uri()}, session=session)
        self.wait(lambda m: m.get("method") == "Page.loadEventFired" and m.get("sessionId") == session)
        images = json.loads(self.send("Runtime.evaluate", {"expression": CHECK_IMAGES, "returnByValue": True},
                                      session=session)["result"]["value"])
        errors = [json.dumps(e["params"])[:300] for e in self.events if e.get("sessionId") == session and (
            e["method"] == "Runtime.exceptionThrown"
            or (e["method"] == "Runtime.consoleAPICalled" and e["params"].get("type") == "error")
            or (e["method"] == "Log.entryAdded" and e["params"]["entry"].get("level") == "error"))]
        self.send("Target.closeTarget", {"targetId": target})
        return images, errors

    def close(self) -> None:
        try:
            os.write(self._to_browser, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        for fd in (self._to_browser, self._from_browser):
            os.close(fd)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (.ci/run installs it)")
    running = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield running
    running.close()


@pytest.fixture(scope="module")
def mistaken_result(tmp_path_factory) -> tuple[Path, GradingResult]:
    folder = submission(tmp_path_factory.mktemp("h"), "mistaken", {
        "activations.py": UNGUARDED_SOFTMAX + FLIPPED_SIGMOID,
        "gradients.py": SHARED_HISTORY + TINY_H})
    return folder, grade_submission(folder, plots=True)


def test_check_html_writes_a_page_that_opens_without_errors_and_shows_its_plots(
        mistaken_result, browser, tmp_path):
    folder, _ = mistaken_result
    page = tmp_path / "feedback.html"
    done = subprocess.run([sys.executable, "-m", "autograder", "check", str(folder), "--html", str(page)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and page.is_file(), done.stderr
    text = page.read_text()
    assert "Smallest failing input" in text and "Likely mistake" in text
    assert "http://" not in text and "https://" not in text  # works offline
    images, errors = browser.open(page)
    assert errors == []
    assert len(images) == 7  # four activations, softmax, numerical_diff, gradient_descent
    assert all(i["complete"] and i["width"] > 0 and i["height"] > 0 for i in images), images


def test_the_student_page_of_bulk_grading_hides_hidden_inputs(mistaken_result, tmp_path):
    _, result = mistaken_result
    path = write_student_feedback(result, tmp_path / "s002_lee", cache_dir=tmp_path / ".plots")
    text = path.read_text()
    assert path.name == "feedback.html" and "s002_lee" in text
    hidden = next(c for c in result.functions["sigmoid"].checks if c.id == "sigmoid.random")
    assert hidden.failure.counterexample.call in text
    assert hidden.failure.call not in text
    assert len(list((tmp_path / ".plots").glob("*.png"))) == 7


def test_the_class_report_opens_without_errors_and_shows_its_charts(browser, tmp_path):
    images, errors = browser.open(write_class_report(class_out(tmp_path)))
    assert errors == []
    assert len(images) == 2 and all(i["width"] > 0 for i in images), images


def test_a_broken_image_would_be_caught(browser, tmp_path):
    """The browser check itself: an undecodable image has naturalWidth 0, a script error is seen."""
    page = tmp_path / "broken.html"
    junk = base64.b64encode(b"not a png").decode()
    page.write_text(f'<!DOCTYPE html><img src="data:image/png;base64,{junk}">'
                    "<script>undefinedFunction()</script>")
    images, errors = browser.open(page)
    assert images[0]["width"] == 0 and errors


def test_every_text_on_the_page_is_escaped():
    failure = Failure("returned <b>bold</b>", call="f(x=<script>alert(1)</script>)",
                      expected="1 < 2", actual="a & b", hint="use <code>")
    check = CheckResult("relu.x", "relu", "relu <works>", 0.0, 1.0, "public", failure)
    result = GradingResult({"relu": FunctionResult("relu", [check])})
    page = render_feedback_html(result, title="<i>t</i>")
    assert "<script>" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "1 &lt; 2" in page and "a &amp; b" in page
