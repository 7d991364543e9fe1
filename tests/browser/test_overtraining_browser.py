"""Lesson 06 in a real browser: a session added, the ratio method switched,
and a CSV imported (from a path and from an upload), in JupyterLab."""
from __future__ import annotations

import time

import pytest

from tests.browser.test_lessons_in_browser import (CHANGE_TIMEOUT, PANEL, callback_problems,
                                                   open_and_run)

pytestmark = pytest.mark.browser

NOTEBOOK = "06-overtraining.ipynb"
CSV = ("date,minutes,rpe,note\n2026-09-01,60,7,browser import\n2026-09-02,0,7,\n"
       "2026-09-03,45,12,\n2026-09-04,30,4,browser walk\n")


def wait_for(locator, predicate, timeout: float = CHANGE_TIMEOUT) -> str:
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = " ".join(locator.nth(i).text_content() or "" for i in range(locator.count()))
        if predicate(text):
            return text
        locator.page.wait_for_timeout(100)
    return text


def wait_for_html(locator, predicate, timeout: float = CHANGE_TIMEOUT) -> str:
    deadline = time.monotonic() + timeout
    html = locator.inner_html()
    while not predicate(html) and time.monotonic() < deadline:
        locator.page.wait_for_timeout(100)
        html = locator.inner_html()
    return html


def control(explorer, label: str):
    return explorer.locator(".bsld-control", has_text=label).first


def test_session_added_method_switched_csv_imported(lab_page, lab_server, lab_root):
    page = lab_page
    (lab_root / "bsld_import_check.csv").write_text(CSV, encoding="utf-8")
    (lab_root / "bsld_upload_check.csv").write_text(
        "date,minutes,rpe,note\n2026-08-15,50,5,browser upload\n", encoding="utf-8")
    open_and_run(page, lab_server, lab_root, NOTEBOOK)
    explorer = page.locator(f"{PANEL} .bsld-training-log")
    assert explorer.count() == 1, "the training-log explorer did not render"
    message = explorer.locator(".bsld-message")
    readout = explorer.locator(".bsld-readout")
    caption = explorer.locator(".bsld-figure .bsld-caption").first
    assert "Made-up example log" in caption.text_content()

    # 1. Add a session.
    control(explorer, "Date (YYYY-MM-DD)").locator("input").fill("2026-11-02")
    control(explorer, "Date (YYYY-MM-DD)").locator("input").press("Enter")
    minutes = control(explorer, "Minutes").locator("input")
    minutes.fill("75")
    minutes.press("Enter")
    rpe = control(explorer, "Session RPE (0-10)").locator("input")
    rpe.fill("6")
    rpe.press("Enter")
    assert "450 AU" in wait_for(readout, lambda t: "450 AU" in t)
    explorer.locator("button.bsld-control", has_text="Add session").click()
    text = wait_for(message, lambda t: "Added 2026-11-02" in t)
    assert "Added 2026-11-02: 75 min × RPE 6 = 450 AU" in text, text
    alt = wait_for(caption, lambda t: t.startswith("Your log"))
    assert alt.startswith("Your log"), alt

    # 2. Switch the ratio method: the img is the still frame, the ratio lines
    #    and their label are in the SVG overlay over it.
    overlay = explorer.locator(".bsld-figure svg.bsld-overlay").first
    before = overlay.inner_html()
    explorer.locator(".widget-toggle-button", has_text="exponentially weighted").click()
    text = wait_for(readout, lambda t: "exponentially weighted (EWMA)" in t)
    assert "Acute:chronic ratio, exponentially weighted (EWMA)" in text, text
    after = wait_for_html(overlay, lambda h: h != before)
    assert after != before and ">EWMA</tspan>" in after, after[-300:]

    # 3a. Import a CSV from a path (relative to the notebook's folder).
    path = control(explorer, "CSV file path").locator("input")
    path.fill("bsld_import_check.csv")
    path.press("Enter")
    explorer.locator("button.bsld-control", has_text="Import CSV").click()
    text = wait_for(message, lambda t: "Imported 2 sessions" in t)
    assert "Imported 2 sessions from bsld_import_check.csv" in text, text
    assert "Line 3: the duration must be more than 0 minutes" in text
    assert "Line 4: the RPE must be between 0 and 10" in text
    assert "Added" not in text
    sessions = explorer.locator(".bsld-control", has_text="Session").locator("select")
    listed = sessions.first.evaluate(
        "(s) => Array.from(s.options).map(o => o.text).join('|')").replace("\xa0", " ")
    assert "2026-11-02: 75 min × RPE 6 = 450 AU" in listed, listed   # nothing lost
    assert "2026-09-01: 60 min × RPE 7 = 420 AU (browser import)" in listed, listed

    # 3b. Import a CSV from an upload.
    path.fill("")
    path.press("Enter")
    with page.expect_file_chooser() as chooser:
        explorer.locator(".bsld-upload").first.click()
    chooser.value.set_files(str(lab_root / "bsld_upload_check.csv"))
    page.wait_for_timeout(300)
    explorer.locator("button.bsld-control", has_text="Import CSV").click()
    text = wait_for(message, lambda t: "from bsld_upload_check.csv" in t)
    assert "Imported 1 session from bsld_upload_check.csv" in text, text

    page.wait_for_timeout(200)
    problems = callback_problems(page)
    assert not problems, problems
