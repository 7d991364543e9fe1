"""The gym card printed by Debian's Chromium (print to PDF, as a learner's
"Print" does) on A4 and on Letter, with a full store and with an empty one,
and read at a phone's width. No JupyterLab needed: the card is a standalone
page, loaded with `page.set_content`.

How pages are counted: Chromium writes one `/Type /Page` object per printed
page (the page tree itself is `/Type /Pages`, with `/Count` = the total). The
card is printed twice:
1. as saved: exactly 2 pages, because the sources start a new page
   (`break-before: page`) and fit on it;
2. with the sources hidden: exactly 1 page. This is the card part alone, so a
   card that spilled onto a second page fails here even if the whole document
   still happened to be 2 pages.
"""
from __future__ import annotations

import dataclasses
import re
from datetime import timedelta

import pytest

from backsafe.models.gym_card import build_gym_card
from backsafe.progress import snapshot
from backsafe.store import FILENAME, ProgressStore
from backsafe.widgets.gym_card import gym_card_html
from tests.test_gym_card import NOW, WARM_UP, fill

pytestmark = pytest.mark.browser
PHONE_WIDTH = 375          # CSS px: a small phone held upright


def pdf_pages(data: bytes) -> int:
    """Printed pages in a PDF from Chromium (see the module docstring)."""
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", data))
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)] + \
        [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)]
    assert counts and max(counts) == pages, (pages, counts)
    return pages


def _full_card(tmp_path):
    """The longest card a learner can make: heaviest ramp, 30 reps, an old
    warm-up save (the bar-and-plates note), a finished core plan, a load jump,
    two ticked warning signs and a notice about the store."""
    store = ProgressStore(tmp_path / FILENAME)
    mp = pytest.MonkeyPatch()
    old_save = {k: v for k, v in WARM_UP.items() if k not in ("bar_weight", "plates")}
    fill(store, mp, warm_up=dict(old_save, working_weight=487.5, reps=30),
         core_saved=NOW - timedelta(days=80), flags=("saddle-numbness", "cancer-history"))
    snap = dataclasses.replace(snapshot(store, now=NOW), notices=(
        "Progress is not being saved: the folder /home/learner/.local/share/backsafe "
        "is read-only, so nothing new is kept.",))
    card = build_gym_card(snap)
    assert card.warm_up and card.core and card.load and card.urgent and card.notices
    return card


def _empty_card(tmp_path):
    card = build_gym_card(snapshot(ProgressStore(tmp_path / FILENAME), now=NOW))
    assert len(card.missing) == 3
    return card


@pytest.mark.parametrize("make", [_full_card, _empty_card], ids=["full", "empty"])
def test_the_card_prints_on_one_page_with_sources_on_the_second(browser, tmp_path, make):
    page = browser.new_page()
    try:
        page.set_content(gym_card_html(make(tmp_path)))
        for paper in ("A4", "Letter"):
            assert pdf_pages(page.pdf(format=paper)) == 2, f"card and sources on {paper}"
        page.add_style_tag(content=".citations { display: none; }")
        for paper in ("A4", "Letter"):
            assert pdf_pages(page.pdf(format=paper)) == 1, f"the card alone on {paper}"
    finally:
        page.close()


def test_the_card_reads_on_a_phone_without_sideways_scrolling(browser, tmp_path):
    page = browser.new_page(viewport={"width": PHONE_WIDTH, "height": 700})
    try:
        page.set_content(gym_card_html(_full_card(tmp_path)))
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
        widest = page.evaluate(
            "Math.max(...[...document.querySelectorAll('table')].map(t => t.scrollWidth))")
        assert widest <= PHONE_WIDTH
        size = page.evaluate("getComputedStyle(document.querySelector('.flag')).fontSize")
        assert float(size.rstrip("px")) >= 12, size     # red flags legible on a phone
    finally:
        page.close()
