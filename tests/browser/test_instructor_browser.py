"""The answer key and the instructor guide open from file:// in Chromium, render
their headings and tables, and ask for nothing beyond the file itself."""
from __future__ import annotations

import pytest

from backsafe.instructor.answer_key import answer_key_html
from backsafe.instructor.guide import guide_html

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name, build, heading", [
    ("backsafe-answer-key.html", answer_key_html, "Back-Safe Leg Day: answer key"),
    ("backsafe-instructor-guide.html", guide_html, "Back-Safe Leg Day: instructor guide"),
])
def test_page_opens_offline(browser, tmp_path, name, build, heading):
    path = tmp_path / name
    path.write_text(build(), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    requests, errors = [], []
    try:
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri(), wait_until="load")
        assert page.locator("h1").inner_text() == heading
        assert page.locator("table").count() >= 8
        assert page.locator("nav a").count() >= 8
        # A link in the contents goes to a section of the same page.
        first = page.locator("nav a").first
        target = first.get_attribute("href")
        first.click()
        assert page.url.endswith(target)
    finally:
        context.close()
    assert errors == []
    assert requests and all(url.startswith(path.as_uri()) for url in requests), requests
