"""Glossary links in JupyterLab: after Run All, clicking a term's first mention in
a lesson's rendered Markdown brings the term's entry in the lesson's glossary (the
glossary_list output at the end) into view, and the link keeps the definition as
its hover text."""
from __future__ import annotations

import pytest

from tests.browser.test_lessons_in_browser import PANEL, open_and_run

pytestmark = pytest.mark.browser

NOTEBOOK = "01-anatomy.ipynb"
TERM = "term-annulus-fibrosus"
ON_SCREEN = """([panel, id]) => {
    const el = document.getElementById(id);
    const box = document.querySelector(panel + ' .jp-WindowedPanel-outer');
    if (!el || !box) return false;
    const r = el.getBoundingClientRect(), b = box.getBoundingClientRect();
    return r.height > 0 && r.top >= b.top - 1 && r.bottom <= b.bottom + 1;
}"""


def test_a_glossary_link_jumps_to_the_term_in_the_lesson_glossary(lab_page, lab_server,
                                                                  lab_root):
    page = lab_page
    open_and_run(page, lab_server, lab_root, NOTEBOOK)
    link = page.locator(f'{PANEL} .jp-RenderedMarkdown a[href="#{TERM}"]').first
    link.wait_for(state="attached")
    link.scroll_into_view_if_needed()
    assert link.get_attribute("title").startswith("The tough outer ring")
    assert not page.evaluate(ON_SCREEN, [PANEL, TERM])   # far below the first mention
    link.click()
    # The entry is in the last cells' output: it must end up attached and on screen.
    page.wait_for_function(ON_SCREEN, arg=[PANEL, TERM], timeout=10_000)
    assert page.locator(f"{PANEL} dt#{TERM}").text_content().strip() == "annulus fibrosus"
