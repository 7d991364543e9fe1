"""`make lab` as a learner meets it: every lesson opened and run in JupyterLab,
autosave left to do its work, and the repository stays exactly as it was
while the learner's own copies keep what they did.

The server is set up the way the Makefile does it: `python -m backsafe lessons
update --from notebooks` makes the copies in $BACKSAFE_WORK_DIR, then JupyterLab
starts in that folder.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time

import pytest

from tests.browser.conftest import NOTEBOOKS, REPO, LabServer, _write_settings
from tests.browser.test_lessons_in_browser import PANEL, open_and_run, scroll_notebook

pytestmark = pytest.mark.browser

AUTOSAVE_SECONDS = 2
NOTE = "# my own note: keep this"


def git_status() -> str:
    return subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=all"],
                          capture_output=True, text=True, check=True).stdout


def lesson_hashes() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(NOTEBOOKS.iterdir())}


def update_copies(env) -> subprocess.CompletedProcess:
    """What `make lab` runs before JupyterLab starts."""
    return subprocess.run([sys.executable, "-m", "backsafe", "lessons", "update",
                           "--from", "notebooks"], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture(scope="module")
def make_lab(browser, tmp_path_factory):
    base = tmp_path_factory.mktemp("make-lab")
    env = _write_settings(base)
    settings = base / "lab-user-settings" / "@jupyterlab" / "docmanager-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "plugin.jupyterlab-settings").write_text(
        json.dumps({"autosave": True, "autosaveInterval": AUTOSAVE_SECONDS}))
    work = base / "backsafe-legday"
    env["BACKSAFE_WORK_DIR"] = str(work)
    first = update_copies(env)
    assert first.returncode == 0, first.stderr
    server = LabServer(work, base)
    try:
        server.start(env)
        yield server, work, env, first.stderr
    finally:
        server.stop()


def saved_runs(path) -> int:
    """Code cells of a saved notebook that carry an execution count (0 while
    JupyterLab is still writing the file)."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except ValueError:            # caught mid-save: an empty or partial file
        return 0
    return sum(c["cell_type"] == "code" and c.get("execution_count") is not None
               for c in cells)


def test_every_lesson_run_and_autosaved_leaves_the_repository_clean(
        make_lab, browser_context):
    server, work, env, report = make_lab
    before, hashes = git_status(), lesson_hashes()
    lessons = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    assert lessons and all(f"{n}: copied into your folder." in report for n in lessons)

    page = browser_context.new_page()
    page.set_default_timeout(20_000)
    try:
        for name in lessons:
            open_and_run(page, server, work, name)
            if name == lessons[0]:
                # The learner writes a note of their own at the end of a code cell.
                scroll_notebook(page, 0)
                cell = page.locator(f"{PANEL} .jp-CodeCell").first
                cell.wait_for(state="attached")
                cell.scroll_into_view_if_needed()
                cell.locator(".jp-InputPrompt").first.click()     # select the cell
                page.keyboard.press("Enter")                       # edit mode
                page.keyboard.press("Control+End")
                page.keyboard.press("Enter")
                page.keyboard.insert_text(NOTE)
                page.keyboard.press("Escape")
                assert NOTE in cell.locator(".cm-content").first.text_content()
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline and NOTE not in (work / name).read_text():
                    page.wait_for_timeout(500)     # autosave writes the note
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and saved_runs(work / name) == 0:
                page.wait_for_timeout(500)         # autosave, as a learner leaves it
            if saved_runs(work / name) == 0:
                # On a loaded machine JupyterLab can put autosave off for minutes (it
                # waits ten times as long as the last save took); save as a learner
                # would. Either way the run must land in the copy, not the repository.
                page.locator(f"{PANEL} .jp-Notebook").first.click()
                page.keyboard.press("Control+s")
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline and saved_runs(work / name) == 0:
                    page.wait_for_timeout(500)
            assert saved_runs(work / name) > 0, (
                f"{name}: neither autosave nor Ctrl+S wrote the copy; dialogs: "
                f"{page.locator('.jp-Dialog').all_text_contents()}")
            server.delete_sessions(name)
    finally:
        page.close()
        server.delete_sessions()

    # The repository's lessons and git status are exactly as before.
    assert lesson_hashes() == hashes
    assert git_status() == before
    # The learner's copy keeps its work, also through the next `make lab`.
    assert NOTE in (work / lessons[0]).read_text(encoding="utf-8")
    again = update_copies(env)
    assert again.returncode == 0, again.stderr
    assert "updated" not in again.stderr and "kept" not in again.stderr
    mine = json.loads((work / lessons[0]).read_text(encoding="utf-8"))
    assert any(NOTE in "".join(c["source"]) for c in mine["cells"])
    # Widget views of the old session are cleared (they could only show "model
    # not found"); the rest of what the learner ran is kept.
    outputs = [o for c in mine["cells"] for o in c.get("outputs", [])]
    assert not any("application/vnd.jupyter.widget-view+json" in (o.get("data") or {})
                   for o in outputs)
    assert saved_runs(work / lessons[0]) > 0
