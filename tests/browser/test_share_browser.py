"""Lesson 07 in a real browser: the learner types a name, writes the result file,
and downloads it through the link (what a learner on a JupyterHub does)."""
from __future__ import annotations

import json

import pytest

from tests.browser.test_lessons_in_browser import PANEL, open_and_run, wait_text

pytestmark = pytest.mark.browser
NOTEBOOK = "07-your-plan.ipynb"


def test_result_file_written_and_downloaded(lab_page, lab_server, lab_root, tmp_path):
    from backsafe.result_format import SUFFIX
    from backsafe.sharing import NEVER_SHARED

    page = lab_page
    open_and_run(page, lab_server, lab_root, NOTEBOOK)

    box = page.locator(f"{PANEL} .bsld-share")
    box.scroll_into_view_if_needed()
    assert NEVER_SHARED in box.locator(".bsld-share-contents").text_content()
    name = box.locator(".bsld-share-name input")
    name.fill("<b>Sam</b>")
    name.press("Enter")
    page.wait_for_timeout(200)
    box.locator(".bsld-share-write").click()
    status = wait_text(box.locator(".bsld-share-status"), lambda t: "Wrote" in t
                       or "could not" in t)
    assert "Wrote your result file" in status, status
    written = lab_server.base / "backsafe-data" / "results" / f"b-Sam-b{SUFFIX}"
    assert written.is_file(), status
    assert box.locator(".bsld-share-status b").count() == 0     # the name is escaped

    link = box.locator(".bsld-share-link a[download]")
    assert link.get_attribute("download") == written.name
    assert link.get_attribute("href").startswith("data:application/json;base64,")
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / "downloaded.json"
    info.value.save_as(saved)
    assert saved.read_bytes() == written.read_bytes()
    assert json.loads(saved.read_text())["name"] == "<b>Sam</b>"
