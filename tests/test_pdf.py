"""`backsafe pdf` without a real browser: what the learner is told when printing
cannot happen, and that nothing half-written is left behind."""
from __future__ import annotations

import pytest

from backsafe.delivery import pdf
from backsafe.delivery.execute import BuildError


def _fake_browser(tmp_path, script: str):
    exe = tmp_path / "fake-chromium"
    exe.write_text("#!/bin/sh\n" + script)
    exe.chmod(0o755)
    return str(exe)


def test_missing_chromium_is_one_sentence(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(BuildError, match=r"^Printing to PDF needs Chromium, which was not "
                                         r"found: install it .*apt-get install chromium"):
        pdf.find_browser()


def test_a_browser_that_prints_nothing_leaves_nothing(tmp_path):
    page = tmp_path / "00-start-here.html"
    page.write_text("<h1>Start</h1>")
    target = tmp_path / "pdf" / "00-start-here.pdf"
    with pytest.raises(BuildError, match="could not print 00-start-here.html"):
        pdf.print_page(page, target, _fake_browser(tmp_path, "exit 0\n"))
    assert list(target.parent.iterdir()) == []


def test_a_browser_that_hangs_is_stopped_and_named(tmp_path):
    page = tmp_path / "01-anatomy.html"
    page.write_text("<h1>Anatomy</h1>")
    with pytest.raises(BuildError, match="did not finish printing 01-anatomy.html within 1 s"):
        pdf.print_page(page, tmp_path / "a.pdf", _fake_browser(tmp_path, "sleep 30\n"),
                       timeout=1)
    assert not (tmp_path / "a.pdf").exists()


def test_the_pdf_replaces_an_older_one_only_when_complete(tmp_path):
    page = tmp_path / "02-x.html"
    page.write_text("<p>x</p>")
    target = tmp_path / "02-x.pdf"
    target.write_bytes(b"%PDF-old")
    # The fake browser writes a PDF to the --print-to-pdf= path it is given.
    script = ('for a in "$@"; do case "$a" in --print-to-pdf=*) '
              'printf "%%PDF-1.4 new" > "${a#--print-to-pdf=}";; esac; done\n')
    pdf.print_page(page, target, _fake_browser(tmp_path, script))
    assert target.read_bytes() == b"%PDF-1.4 new"
    assert not list(tmp_path.glob("*.part"))
