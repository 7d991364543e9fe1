"""App mode (`make app`) in a real Chromium: lesson 02 served by Voilà.

Voilà runs exactly as `make app` starts it (``backsafe.delivery.app``: our
settings, our template, app mode on) on a free port of 127.0.0.1, with
throw-away Jupyter folders and progress folder. Every request that would leave
the machine is blocked and recorded, and the test fails on any. A learner
moves a slider of the load explorer and answers a quiz question; the page
says nothing is saved, and no progress file appears.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from backsafe.content.catalogue import lessons
from backsafe.delivery.app import app_env, prepare_app, voila_command
from backsafe.delivery.modes import mode_sentences
from backsafe.store import APP_MODE_NOTICE, FILENAME
from tests.browser.conftest import NOTEBOOKS, _free_port, _write_settings
from tests.browser.test_lessons_in_browser import (answer, explorer_state, feedback_of,
                                                   load_quiz_bank, match_question,
                                                   operate_control, wait_change, wait_text)

pytestmark = pytest.mark.browser

LESSON = "02-causes-and-form"
START_TIMEOUT = 90      # s: Voilà up and its preheated kernel run on 2 busy cores
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


class VoilaApp:
    """`make app` on one lesson folder, stopped (with its kernels) by stop()."""

    def __init__(self, root: Path, base: Path, build: Path | None = None):
        self.root, self.base, self.build = root, base, build
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = base / "voila.log"
        self.data_dir: Path | None = None
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = _write_settings(self.base)
        self.data_dir = Path(env["BACKSAFE_DATA_DIR"])
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(
                voila_command(self.root, port=self.port,
                              extra=[f"--Voila.connection_dir_root={self.base}"]),
                env=app_env(env, build=self.build), cwd=self.base,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Voilà exited ({self.proc.returncode}):\n{self.log()}")
            try:
                urllib.request.urlopen(self.url + "/", timeout=2).close()
                return
            except (urllib.error.URLError, OSError):
                time.sleep(0.25)
        raise RuntimeError(f"Voilà did not answer within {START_TIMEOUT} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def leftovers(self) -> list[int]:
        """Processes still running from this app (Voilà or a kernel whose
        connection file is in our folder)."""
        found = subprocess.run(["pgrep", "-f", str(self.base)], capture_output=True,
                               text=True).stdout.split()
        return [int(pid) for pid in found]

    def stop(self) -> list[int]:
        """SIGTERM, as Ctrl+C would; returns what had to be killed after that."""
        if self.proc is None:
            return []
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)     # Voilà shuts its kernels down
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        deadline = time.monotonic() + 5
        while self.leftovers() and time.monotonic() < deadline:
            time.sleep(0.2)
        stray = self.leftovers()
        for pid in stray:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.proc.poll() is None:
            self.proc.wait(timeout=10)
        return stray


@pytest.fixture(scope="module")
def voila_app(browser, tmp_path_factory):
    build = tmp_path_factory.mktemp("app-build")
    # as `make app` prepares it, with one lesson: one preheated kernel
    root = prepare_app(NOTEBOOKS, build, slugs=[LESSON.split("-", 1)[1]])
    app = VoilaApp(root, tmp_path_factory.mktemp("app-home"), build)
    try:
        app.start()
        yield app
    finally:
        stray = app.stop()
    assert not stray, f"processes left running after Voilà was stopped: {stray}"


@pytest.fixture
def app_page(browser, voila_app):
    """A page in its own context whose every outside request is blocked and kept."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def guard(route):
        host = urllib.parse.urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("websocket", lambda ws: urllib.parse.urlsplit(ws.url).hostname in LOCAL_HOSTS
            or outside.append(ws.url))
    page.on("requestfailed", lambda r: urllib.parse.urlsplit(r.url).hostname not in LOCAL_HOSTS
            and r.url not in outside and outside.append(r.url))
    page.bsld_outside = outside
    page.set_default_timeout(30_000)
    try:
        yield page
    finally:
        context.close()


def test_lesson_02_works_live_offline_and_saves_nothing(app_page, voila_app):
    page = app_page
    t0 = time.monotonic()
    page.goto(f"{voila_app.url}/voila/render/{LESSON}.ipynb")
    explorer = page.locator(".bsld-explorer").first
    explorer.wait_for(state="visible", timeout=START_TIMEOUT * 1000)
    quiz = page.locator(".bsld-quiz").first
    quiz.wait_for(state="visible")
    shown = time.monotonic() - t0

    # The load explorer reacts to a slider, live (a Python callback in the kernel).
    slider = explorer.locator(".bsld-control:has(.noUi-handle)").first
    before = explorer_state(explorer)
    t1 = time.monotonic()
    assert operate_control(page, slider, "slider", "first slider")
    after = wait_change(page, explorer, before, timeout=15)
    reacted = time.monotonic() - t1
    assert after != before, "moving a slider changed neither the figure nor the read-out"

    # One quiz question answered and checked: the bank's feedback comes back.
    bank = load_quiz_bank(LESSON.split("-", 1)[1])
    question = quiz.locator(".bsld-question").first
    labels = [question.locator("label:has(input)").nth(j).text_content()
              for j in range(question.locator("label:has(input)").count())]
    q = match_question(question.text_content(), labels, bank)
    assert q is not None, "the first question on screen matches no question in the bank"
    expected = answer(question, q, right=True)
    quiz.locator(".bsld-check").first.click()
    feedback = wait_text(feedback_of(question), lambda t: t.strip(), timeout=15)
    assert feedback.strip(), "the quiz gave no feedback after Check"
    if expected:
        assert expected.split(".")[0][:40].lower() in " ".join(feedback.split()).lower()
    score = wait_text(quiz.locator(".bsld-score"), lambda t: "Score" in t, timeout=15)
    assert "Score: 1 out of" in score

    # Shared app: it says nothing is saved, and nothing was.
    status = " ".join(quiz.locator(".bsld-store-status").first.text_content().split())
    assert APP_MODE_NOTICE in status
    assert not list(voila_app.data_dir.rglob(FILENAME + "*")), \
        f"app mode wrote a progress file in {voila_app.data_dir}"
    body = page.locator("body").text_content()
    assert "saved on this computer" not in body and "Saved to your progress" not in body
    plain = " ".join(body.replace("*", "").split())
    assert not [e["lab"] for e in mode_sentences()
                if " ".join(e["lab"].replace("*", "").split()) in plain]
    assert page.get_by_role("link", name="All lessons").count() == 1

    assert page.bsld_outside == [], f"requests that left the machine: {page.bsld_outside}"
    print(f"\napp: lesson shown in {shown:.1f} s, slider to figure {reacted:.2f} s")


def test_voila_home_page_lists_the_catalogue_and_asks_nothing_from_outside(
        app_page, voila_app):
    page = app_page
    page.goto(voila_app.url + "/")
    page.locator(".bsld-home").wait_for(state="visible")
    page.wait_for_load_state("networkidle")
    home = " ".join(page.locator(".bsld-home").text_content().split())
    for lesson in lessons():
        assert f"{lesson.number:02d}. {lesson.title}" in home
        assert f"{lesson.teaching_minutes + lesson.practice_minutes} minutes" in home
    assert "emergency department now" in home and "make lab" in home
    assert page.bsld_outside == [], f"requests that left the machine: {page.bsld_outside}"
    link = page.locator(".bsld-home-lessons a")
    assert link.count() == 1
    link.click()
    page.locator(".bsld-explorer").first.wait_for(state="visible",
                                                  timeout=START_TIMEOUT * 1000)
    assert page.url.endswith(f"/voila/render/{LESSON}.ipynb")
    page.get_by_role("link", name="All lessons").click()
    page.locator(".bsld-home").wait_for(state="visible")
    # Idle kernels of closed pages are culled (pooled, preheated ones are not).
    assert "Culling kernels with idle durations > 600 seconds" in voila_app.log()
