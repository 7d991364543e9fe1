"""Lesson 07 in a real browser: the plan is saved to a folder typed into the
text box, a due review question is answered, and the dashboard is shown."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.browser.test_lessons_in_browser import (PANEL, click_option, load_quiz_bank,
                                                   open_and_run, wait_text)

pytestmark = pytest.mark.browser
NOTEBOOK = "07-your-plan.ipynb"


def seed_missed_question(lab_server, monkeypatch) -> dict:
    """A single-choice lesson-00 question answered wrongly three days ago, in the
    progress file the lab's kernels use."""
    import backsafe.store
    from backsafe.models.grading import Grade
    from backsafe.store import FILENAME, ProgressStore

    question = next(q for q in load_quiz_bank("start-here") if q["type"] == "single")
    store = ProgressStore(lab_server.base / "backsafe-data" / FILENAME)
    when = (datetime.now(timezone.utc) - timedelta(days=3)).isoformat(timespec="seconds")
    monkeypatch.setattr(backsafe.store, "_now", lambda: when)
    store.record_quiz("start-here", [Grade(question["id"], True, False, 0.0, (), "")],
                      {question["id"]: "wrong"})
    monkeypatch.undo()
    return question


def test_plan_saved_review_answered_dashboard_shown(lab_page, lab_server, lab_root,
                                                     tmp_path, monkeypatch):
    page = lab_page
    question = seed_missed_question(lab_server, monkeypatch)
    open_and_run(page, lab_server, lab_root, NOTEBOOK)

    # The plan, saved to a folder typed into the text box.
    plan = page.locator(f"{PANEL} .bsld-plan-explorer")
    plan.scroll_into_view_if_needed()
    text = plan.locator(".bsld-readout").text_content()
    # Earlier browser tests may have saved answers in this progress file, so the
    # plan may or may not list missing inputs; it always cites its lessons.
    assert "(Lesson 0" in text and "Traceback" not in text, text
    folder = tmp_path / "my plans"
    box = plan.locator(".bsld-plan-folder input")
    box.fill(str(folder))
    box.press("Enter")
    page.wait_for_timeout(200)
    plan.locator(".bsld-save-plan").click()
    status = wait_text(plan.locator(".bsld-save-status"), lambda t: "Saved your plan" in t
                       or "could not" in t)
    assert "Saved your plan" in status, status
    saved = sorted(p.suffix for p in folder.glob("back-safe-plan-*"))
    assert saved == [".html", ".md"], saved
    assert "http" not in next(folder.glob("*.html")).read_text()

    # The review: the seeded question is due; answer it right.
    review = page.locator(f"{PANEL} .bsld-review")
    review.scroll_into_view_if_needed()
    assert "1 question due for review now" in review.locator(".bsld-readout").text_content()
    review.locator(".bsld-review-now").click()
    shown = review.locator(".bsld-question")
    shown.first.wait_for(state="attached")
    assert shown.count() == 1
    click_option(shown.first, next(o["text"] for o in question["options"] if o["correct"]))
    review.locator(".bsld-check").click()
    feedback = wait_text(review.locator(".bsld-feedback"), lambda t: "Correct." in t)
    assert "Correct." in feedback, feedback
    summary = wait_text(review.locator(".bsld-readout"), lambda t: "scheduled later" in t)
    # (the generic lesson test may have missed a question of its own a moment ago)
    assert summary.startswith("0 questions due for review now,"), summary

    # The dashboard: a table and a figure with its text description.
    dash = page.locator(f"{PANEL} .bsld-dashboard")
    dash.scroll_into_view_if_needed()
    assert "Start here" in dash.locator(".bsld-readout").text_content()
    img = dash.locator(".bsld-figure img")
    caption = dash.locator(".bsld-figure .bsld-caption").text_content()
    assert img.count() == 1 and "best quiz score per lesson" in caption
