"""`backsafe pdf` with Debian's Chromium: one printable PDF per lesson, offline."""
from __future__ import annotations

import re

import pytest

from backsafe.content.catalogue import lessons
from backsafe.delivery import pdf
from tests.browser.conftest import _unavailable, chromium_path
from tests.delivery_build import built

pytestmark = pytest.mark.browser


def test_every_lesson_prints_to_a_pdf_of_several_pages(tmp_path, monkeypatch):
    exe = chromium_path()
    if exe is None:
        _unavailable("Chromium is not installed")
    monkeypatch.setattr(pdf, "find_browser", lambda: exe)
    site = built()
    monkeypatch.setattr(pdf, "build_site", lambda root, build, **kw: site["index"])
    written = pdf.build_pdfs(tmp_path, tmp_path / "build", log=lambda _: None)
    wanted = [f"{lesson.number:02d}-{lesson.slug}.pdf" for lesson in lessons()
              if lesson.available]
    assert [p.name for p in written] == wanted
    for path in written:
        data = path.read_bytes()
        assert data.startswith(b"%PDF")
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
        assert pages >= 3, f"{path.name} has {pages} page(s)"
