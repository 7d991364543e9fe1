"""The class report opened in a real Chromium from file://: figures shown with
their descriptions, nothing fetched from elsewhere, no learner's script runs."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from backsafe import result_format as rf
from backsafe.content.pre_post import form_questions
from backsafe.instructor.class_report import build_report

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[1] / "data" / "class"
IMG_NAME = '<img src=x onerror="window.__pwned=2">'   # 36 characters: kept whole


@pytest.fixture
def report_file(tmp_path) -> Path:
    folder = tmp_path / "results"
    shutil.copytree(DATA, folder)
    data = json.loads((DATA / "ben.bsld-result.json").read_text())
    data.update(learner="img-learner", name=IMG_NAME)
    (folder / f"img{rf.SUFFIX}").write_text(json.dumps(data))
    # Ana took the parallel forms: form A 1 of 2 before, form B 2 of 2 after.
    ana = json.loads((folder / f"ana{rf.SUFFIX}").read_text())
    for kind, form, marks in (("pre", "a", (True, False)), ("post", "b", (True, True))):
        for (key, q), right in zip(form_questions(form), marks):
            hour = "09" if kind == "pre" else "15"
            ana["responses"].append({
                "question": key, "kind": kind, "at": f"2026-12-01T{hour}:00:00+00:00",
                "response": next(o.id for o in q.options if o.correct is right)})
    (folder / f"ana{rf.SUFFIX}").write_text(json.dumps(ana))
    page, stats = build_report(folder)
    assert len(stats.results.learners) == 4
    out = tmp_path / "report.html"
    out.write_text(page, encoding="utf-8")
    return out


def test_report_in_browser(browser, report_file):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    requests, errors = [], []
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(report_file.as_uri())
        page.wait_for_load_state("load")
        assert page.title().startswith("Class results")
        figures = page.locator("figure.bsld-fig")
        assert figures.count() == 3
        for i in range(3):
            figure = figures.nth(i)
            figure.scroll_into_view_if_needed()
            img = figure.locator("img")
            assert img.is_visible()
            size = img.evaluate("i => [i.complete, i.naturalWidth, i.naturalHeight]")
            assert size[0] and size[1] > 100 and size[2] > 100, size   # the SVG drew
            alt = img.get_attribute("alt")
            caption = figure.locator("figcaption").inner_text()
            assert caption == alt and "%" in caption
        captions = figures.locator("figcaption").all_inner_texts()
        assert "anatomy: 4 learner(s)" in captions[0]
        assert "anatomy: Q1 50% (2 of 4)"   # the copy of Ben typed 4 in captions[1]
        assert "Learner 1: pre 50%, post 100%." in captions[2]
        # The names are shown as text, and neither name's script ran.
        names = page.locator("table").first.inner_text()
        assert "<script>window.__pwned=1</script>" in names and IMG_NAME in names
        assert page.evaluate("window.__pwned") is None
        assert page.locator("body script, body img:not([src^='data:'])").count() == 0
        assert errors == []
        others = [u for u in requests if not u.startswith(("file://", "data:"))]
        assert others == [], f"the report asked for {others}"
    finally:
        context.close()
