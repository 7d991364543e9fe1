"""The learners' setup and troubleshooting page: SETUP.md is written from setup.yaml."""

import pytest
import yaml

from backsafe.content.setup_page import FILE, parse_setup, setup_markdown, setup_page

from .helpers import content_error, ROOT

RAW = yaml.safe_load((ROOT / "backsafe" / "content" / FILE).read_text(encoding="utf-8"))


def test_setup_md_is_the_page_written_from_content_data():
    committed = (ROOT / "SETUP.md").read_text(encoding="utf-8")
    assert committed == setup_markdown(), (
        "SETUP.md is out of date: run `.venv/bin/python -m backsafe.content.setup_page "
        "> SETUP.md`")


def test_the_page_covers_install_offline_use_privacy_and_common_problems():
    page = setup_markdown()
    assert page.startswith("# Setting up Back-Safe Leg Day\n")
    for needed in ("Python 3.10", "`make lab`", "Run > Run All Cells", "## Troubleshooting",
                   "progress where", "needs no network", "VBox(...)"):
        assert needed in page, needed
    assert len(setup_page().troubleshooting) >= 6


def test_the_guide_prints_the_same_page():
    from backsafe.instructor.guide import guide_html, note

    page = guide_html()
    for problem, fix in setup_page().troubleshooting:
        assert note(problem) in page and note(fix) in page


@pytest.mark.parametrize("change, item, field, message", [
    (lambda d: d.update(troubleshooting=[]), None, "troubleshooting", "needs setup steps"),
    (lambda d: d["steps"][0].update(lines=[]), "steps[1]", "lines", "at least one line"),
    (lambda d: d["troubleshooting"][0].pop("fix"), "troubleshooting[1]", "fix", "required"),
    (lambda d: d.pop("title"), None, "title", "required"),
])
def test_bad_setup_files_name_file_item_and_field(change, item, field, message):
    err = content_error(parse_setup, RAW, change)
    assert (err.file, err.item, err.field) == (FILE, item, field)
    assert message in str(err)


def test_lesson_00_can_show_the_same_page_in_a_learners_own_copy():
    import backsafe

    shown = backsafe.setup_help().data
    assert "<code>make lab</code>" in shown and "<h3>Troubleshooting</h3>" in shown
    for heading, _ in setup_page().steps:
        assert f"<h3>{heading}</h3>" in shown
    assert len(shown.split("<dt>")) - 1 == len(setup_page().troubleshooting)
    assert "<script" not in shown and "VBox(...)" in shown
