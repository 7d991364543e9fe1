"""Lesson 05 in a real browser: operate the warm-up builder like a learner
(time budget, an unloadable weight, the plates) and save a gym card to a
folder typed into the builder's folder box."""
from __future__ import annotations

import time

import pytest

from tests.browser.test_lessons_in_browser import (CHANGE_TIMEOUT, PANEL, callback_problems,
                                                   explorer_state, open_and_run, wait_text)

pytestmark = pytest.mark.browser
NOTEBOOK = "05-warm-up.ipynb"


def _text_box(builder, label: str):
    """The <input> of the builder control whose visible label is `label`."""
    control = builder.locator(".bsld-control", has=builder.page.locator(
        ".widget-label", has_text=label))
    return control.locator("input").first


def _figure_html(builder) -> str:
    """The figure pane's markup: the still frame's <img> and the SVG overlay of
    the moving parts (the frame alone stays the same across small changes)."""
    return builder.locator(".bsld-figure").first.inner_html()


def _wait_changed(page, builder, before, timeout=CHANGE_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = explorer_state(builder)
        if now != before:
            return now
        page.wait_for_timeout(100)
    return explorer_state(builder)


def test_builder_operated_and_card_saved(lab_page, lab_server, lab_root, tmp_path):
    page = lab_page
    open_and_run(page, lab_server, lab_root, NOTEBOOK)

    builder = page.locator(f"{PANEL} .bsld-warm-up-builder").first
    builder.scroll_into_view_if_needed()
    assert builder.locator(".bsld-figure img").count() == 1
    assert builder.locator(".bsld-figure svg.bsld-overlay").count() == 1
    readout = builder.locator(".bsld-readout")
    assert "Cut to fit 12 minutes" in readout.text_content()

    # More time: the figure and the plan change, nothing is cut any more.
    before, figure = explorer_state(builder), _figure_html(builder)
    slider = builder.locator(".bsld-control", has=page.locator(
        ".widget-label", has_text="Time budget")).locator(".noUi-handle").first
    slider.focus()
    for _ in range(13):
        page.keyboard.press("ArrowRight")
    after = _wait_changed(page, builder, before)
    assert after != before and _figure_html(builder) != figure, \
        "the figure did not change with the time budget"
    # Thirteen key presses from 12 minutes: wait for the last one, not the first.
    wait_text(readout, lambda t: "of 25 minutes" in t)
    assert "Cut to fit" not in readout.text_content()

    # A weight the plates cannot make: one sentence, the plan stays.
    plan_text = readout.text_content()
    weight = _text_box(builder, "Working weight")
    weight.fill("141")
    weight.press("Enter")
    message = builder.locator(".bsld-message").first
    text = wait_text(message, lambda t: "cannot be loaded" in t)
    assert "nearest loadable weights are 140 kg and 142.5 kg" in text, text
    assert readout.text_content() == plan_text
    weight.fill("140")
    weight.press("Enter")
    wait_text(message, lambda t: not t.strip())
    assert not message.text_content().strip()

    # Save the card into a temporary folder typed into the folder box.
    folder = tmp_path / "gym cards"
    box = _text_box(builder, "Card folder")
    box.fill(str(folder))
    box.press("Enter")
    page.wait_for_timeout(300)          # let the new folder reach the kernel
    builder.locator("button", has_text="Save as a gym card").click()
    status = builder.locator(".bsld-save-status")
    text = wait_text(status, lambda t: "Saved" in t or "could not" in t)
    card = folder / "warm-up-conventional-deadlift-140kg.html"
    assert "Saved" in text and str(card) in text, text
    assert card.is_file()
    html = card.read_text(encoding="utf-8")
    assert "Warm-up for the conventional deadlift" in html and "http" not in html

    # A folder that cannot be written: one sentence, the plan stays on screen.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    box.fill(str(blocker / "cards"))
    box.press("Enter")
    page.wait_for_timeout(300)
    builder.locator("button", has_text="Save as a gym card").click()
    text = wait_text(status, lambda t: "could not be saved" in t)
    assert "could not be saved" in text and "still shown" in text, text
    assert builder.locator(".bsld-figure img").count() == 1
    assert "Working sets" in readout.text_content()
    page.wait_for_timeout(200)
    assert not callback_problems(page)
