"""The static site and a slide deck in a real Chromium with the outside world cut
off: every request that is not file:// fails the test, every explorer must be
drawn from its saved state, and the quiz must mark answers with feedback."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from backsafe.content.catalogue import lessons
from backsafe.delivery.site import page_name
from backsafe.delivery.snapshot import explorer_count, static_copy
from tests.browser.conftest import CHROMIUM_ARGS
from tests.delivery_build import built
from tests.helpers import ROOT

pytestmark = pytest.mark.browser

AVAILABLE = [lesson for lesson in lessons() if lesson.available]
# Name lookups for anything but localhost fail inside Chromium itself, so even a
# request Playwright did not see could not leave the machine.
OFFLINE_ARGS = CHROMIUM_ARGS + ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost']


@pytest.fixture(scope="module")
def site():
    return built()


@pytest.fixture(scope="module")
def offline_browser(playwright_api):
    pw, exe = playwright_api
    browser = pw.chromium.launch(executable_path=exe, args=OFFLINE_ARGS, headless=True)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def page(offline_browser):
    """A page that aborts, and records, every request that is not a local file."""
    context = offline_browser.new_context(viewport={"width": 1200, "height": 900})
    outside, errors = [], []

    def route(r):
        url = r.request.url
        if url.startswith(("file://", "data:", "blob:", "about:")):
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    context.route("**/*", route)
    p = context.new_page()
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    p.on("requestfailed", lambda req: errors.append(f"failed: {req.url}")
         if req.url.startswith("file://") else None)
    p.outside, p.errors = outside, errors
    try:
        yield p
    finally:
        context.close()


def _expected_explorers(lesson) -> int:
    import nbformat
    nb = nbformat.read(ROOT / "build" / "executed" / lesson.notebook, as_version=4)
    return explorer_count(static_copy(nb, lesson.slug))


def _wait_for_explorers(page, expected: int) -> int:
    if expected:
        page.wait_for_function(
            "n => document.querySelectorAll('.bsld-explorer').length >= n", arg=expected,
            timeout=30_000)
    return page.locator(".bsld-explorer").count()


@pytest.mark.parametrize("lesson", AVAILABLE, ids=lambda lesson: lesson.slug)
def test_lesson_page_renders_offline_with_every_explorer(page, site, lesson):
    page.goto((site["site"] / page_name(lesson)).as_uri())
    expected = _expected_explorers(lesson)
    assert expected == page.locator(".bsld-snapshot-note").count()
    assert _wait_for_explorers(page, expected) == expected
    # Drawn means more than a placeholder: each explorer has visible size and text.
    for box in page.locator(".bsld-explorer").all():
        assert box.bounding_box()["height"] > 40 and box.inner_text().strip()
    # The lesson quiz, and one form for each short check placed in the lesson.
    assert page.locator(f"form#bsld-quiz-{lesson.slug}.bsld-static-quiz").count() == 1
    checks = page.locator(f"form.bsld-static-quiz[id^='bsld-quiz-{lesson.slug}-check-']")
    assert page.locator(".bsld-static-quiz").count() == 1 + checks.count()
    assert checks.count() >= 2
    assert page.outside == [], page.outside
    assert page.errors == [], page.errors


def test_index_links_every_lesson_and_nothing_outside(page, site):
    page.goto(site["index"].as_uri())
    hrefs = page.eval_on_selector_all("a", "els => els.map(a => a.getAttribute('href'))")
    assert [h for h in hrefs if h.endswith(".html")] == [page_name(x) for x in AVAILABLE]
    page.click(f"text={AVAILABLE[1].title}")
    page.wait_for_load_state()
    assert page.url.endswith(page_name(AVAILABLE[1]))
    assert page.outside == []


def test_quiz_gives_feedback_and_a_score(page, site):
    lesson = next(x for x in AVAILABLE if x.slug == "causes-and-form")
    page.goto((site["site"] / page_name(lesson)).as_uri())
    quiz = page.locator(f"form#bsld-quiz-{lesson.slug}")
    numeric = quiz.locator("fieldset.bsld-question").nth(0)
    numeric.locator("input[type=text]").fill("294.3 N·m")     # 100 kg x 9.81 x 0.30 m
    choice = quiz.locator("fieldset.bsld-question:has(input[type=radio])").first
    choice.locator("input[type=radio]").first.check()
    quiz.locator(".bsld-check").click()
    first = numeric.locator(".bsld-feedback")
    assert "Correct." in first.inner_text()
    assert "Source:" in first.inner_text()
    assert choice.locator(".bsld-feedback").inner_text().strip()
    unanswered = quiz.locator("fieldset.bsld-question").last.locator(".bsld-feedback")
    assert "No answer given yet." in unanswered.inner_text()
    score = quiz.locator(".bsld-score").inner_text()
    assert score.startswith("Score: ") and "not answered yet" in score
    numeric.locator("input[type=text]").fill("3 parsecs")
    quiz.locator(".bsld-check").click()
    assert "should be in N·m" in first.inner_text()
    quiz.locator(".bsld-retry").click()
    assert first.inner_text() == "" and quiz.locator(".bsld-score").inner_text() == ""
    assert page.outside == [] and page.errors == []


def test_deck_renders_offline_with_its_widgets(page, site):
    lesson = next(x for x in AVAILABLE if x.slug == "causes-and-form")
    page.goto(site["deck"].as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady && Reveal.isReady()",
                           timeout=30_000)
    total = page.evaluate("() => Reveal.getTotalSlides()")
    headings = sum(1 for c in json.loads((ROOT / "notebooks" / lesson.notebook).read_text())[
        "cells"] if c["cell_type"] == "markdown" and "".join(c["source"]).lstrip()
        .startswith(("# ", "## ", "### ")))
    assert total == headings                      # one slide per heading
    expected = _expected_explorers(lesson)
    assert _wait_for_explorers(page, expected) == expected
    # Move to the slide with the explorer: it is drawn, sized and visible there.
    page.evaluate("() => { const s = document.querySelector('.bsld-explorer')"
                  ".closest('section'); const i = Reveal.getIndices(s); "
                  "Reveal.slide(i.h, i.v); }")
    page.wait_for_timeout(600)
    assert page.locator(".bsld-explorer").first.is_visible()
    fonts = page.evaluate("() => [...document.fonts].map(f => f.family)")
    assert not [f for f in fonts if "Source Sans" in f]
    assert page.outside == [], page.outside
    assert page.errors == [], page.errors


def test_build_is_reused_and_timed(site):
    # The session builds once; report how long it took (pytest -rA shows it).
    print(f"site and slides built in {site['seconds']:.1f} s")
    assert Path(site["index"]).is_file() and site["deck"].is_file()
