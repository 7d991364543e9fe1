"""The learning path in JupyterLab: from lesson 00, each lesson's "Next" link opens
the next lesson, up to lesson 07, whose link leads back to lesson 00."""
from __future__ import annotations

import urllib.parse

import pytest

from backsafe.content.catalogue import lessons

pytestmark = pytest.mark.browser

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
CURRENT_TAB = "#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel"
ORDER = [item.notebook for item in lessons() if item.available]


def current_tab(page) -> str:
    return page.locator(CURRENT_TAB).first.text_content().strip()


def next_link(page):
    """The rendered "Next" link of the lesson on show (long notebooks are windowed,
    so scroll to the end until the last cell is attached)."""
    for _ in range(40):
        page.evaluate(
            """(sel) => { const s = document.querySelector(sel + ' .jp-WindowedPanel-outer');
                          if (s) s.scrollTop = s.scrollHeight; }""", PANEL)
        link = page.locator(f"{PANEL} .jp-RenderedMarkdown p:has-text('Next: lesson') a")
        if link.count():
            return link.first
        page.wait_for_timeout(250)
    raise AssertionError(f"{current_tab(page)}: no rendered 'Next: lesson' link")


def test_the_next_links_lead_from_00_to_07_and_back(browser_context, lab_server):
    page = browser_context.new_page()
    try:
        page.goto(lab_server.lab_url(urllib.parse.quote(ORDER[0])))
        page.wait_for_selector(f"{PANEL} .jp-Notebook .jp-Cell", timeout=60_000)
        visited = [current_tab(page)]
        for expected in ORDER[1:] + [ORDER[0]]:
            link = next_link(page)
            # JupyterLab resolves the relative link to the file's URL and opens it
            # as a document when clicked
            assert urllib.parse.urlparse(link.get_attribute("href")).path.endswith(
                "/" + expected)
            link.click()
            page.wait_for_function(
                """([sel, name]) => [...document.querySelectorAll(sel)]
                     .some(e => e.textContent.trim() === name)""", arg=[CURRENT_TAB, expected],
                timeout=30_000)
            page.wait_for_selector(f"{PANEL} .jp-Notebook .jp-Cell", timeout=30_000)
            visited.append(current_tab(page))
        assert visited == ORDER + [ORDER[0]]
    finally:
        page.close()
        lab_server.delete_sessions()
