"""The learner's own copies of the lessons (backsafe/working_copies.py)."""
import json
from datetime import date

import pytest

from backsafe.cli import main
from backsafe.files import WriteFailed
from backsafe.working_copies import ENV_VAR, MANIFEST, update, work_dir

DAY = date(2026, 12, 4)
WIDGET = {"output_type": "display_data", "metadata": {},
          "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "abc"},
                   "text/plain": ["VBox()"]}}
STREAM = {"output_type": "stream", "name": "stdout", "text": ["42\n"]}


def lesson(text: str) -> dict:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "id": "a", "metadata": {}, "source": ["# Title"]},
        {"cell_type": "code", "id": "b", "metadata": {}, "execution_count": None,
         "outputs": [], "source": [text]}]}


def write(path, notebook) -> None:
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def read(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def run_it(path) -> None:
    """What running a lesson and autosave do: outputs, counts, metadata."""
    nb = read(path)
    nb["cells"][1].update(execution_count=1, outputs=[WIDGET, STREAM])
    nb["metadata"]["widgets"] = {"state": {}}
    write(path, nb)


@pytest.fixture
def course(tmp_path):
    source = tmp_path / "notebooks"
    source.mkdir()
    write(source / "00-start.ipynb", lesson("explorer()"))
    write(source / "01-next.ipynb", lesson("quiz()"))
    (source / "README.txt").write_text("not a lesson")
    return source


def test_first_run_copies_every_lesson_and_leaves_the_course_alone(course, tmp_path):
    before = {p.name: p.read_bytes() for p in course.iterdir()}
    mine = tmp_path / "mine"
    changes = update(course, mine, today=DAY)
    assert [(c.lesson, c.what) for c in changes] == [("00-start.ipynb", "copied"),
                                                    ("01-next.ipynb", "copied")]
    assert (mine / "00-start.ipynb").read_bytes() == before["00-start.ipynb"]
    assert sorted(p.name for p in mine.iterdir()) == [MANIFEST, "00-start.ipynb",
                                                      "01-next.ipynb"]
    assert {p.name: p.read_bytes() for p in course.iterdir()} == before
    assert update(course, mine, today=DAY) == []            # nothing new: nothing done


def test_a_lesson_only_run_is_updated_when_the_course_changes(course, tmp_path):
    mine = tmp_path / "mine"
    update(course, mine, today=DAY)
    run_it(mine / "00-start.ipynb")
    write(course / "00-start.ipynb", lesson("explorer(better=True)"))
    changes = update(course, mine, today=DAY)
    assert [(c.lesson, c.what) for c in changes] == [("00-start.ipynb", "updated")]
    assert "explorer(better=True)" in (mine / "00-start.ipynb").read_text()
    assert "you had not changed it" in changes[0].sentence()


def test_a_lesson_the_learner_changed_is_never_overwritten(course, tmp_path):
    mine = tmp_path / "mine"
    update(course, mine, today=DAY)
    nb = read(mine / "01-next.ipynb")
    nb["cells"][1]["source"] = ["quiz()\n", "# my note"]
    write(mine / "01-next.ipynb", nb)
    write(course / "01-next.ipynb", lesson("quiz(v=2)"))
    [change] = update(course, mine, today=DAY)
    assert change.what == "kept-yours" and change.beside == "01-next.update-2026-12-04.ipynb"
    assert change.sentence() == (
        "01-next.ipynb: you changed your copy, so it was kept as it is; the course's new "
        "version is beside it as 01-next.update-2026-12-04.ipynb.")
    assert "# my note" in (mine / "01-next.ipynb").read_text()
    assert "quiz(v=2)" in (mine / change.beside).read_text()
    # the next course update: still theirs, and a second file beside (no overwrite)
    write(course / "01-next.ipynb", lesson("quiz(v=3)"))
    [again] = update(course, mine, today=DAY)
    assert again.beside == "01-next.update-2026-12-04-2.ipynb"
    assert "quiz(v=2)" in (mine / change.beside).read_text()
    assert "# my note" in (mine / "01-next.ipynb").read_text()


def test_old_widget_views_are_cleared_and_the_rest_is_kept(course, tmp_path):
    mine = tmp_path / "mine"
    update(course, mine, today=DAY)
    run_it(mine / "00-start.ipynb")
    [change] = update(course, mine, today=DAY)
    assert change.what == "cleaned"
    cell = read(mine / "00-start.ipynb")["cells"][1]
    assert cell["outputs"] == [STREAM] and cell["execution_count"] == 1


def test_a_deleted_copy_comes_back_and_a_broken_one_is_left_alone(course, tmp_path):
    mine = tmp_path / "mine"
    update(course, mine, today=DAY)
    (mine / "00-start.ipynb").unlink()
    (mine / "01-next.ipynb").write_text("{not json")
    changes = {c.lesson: c.what for c in update(course, mine, today=DAY)}
    assert changes == {"00-start.ipynb": "copied", "01-next.ipynb": "unreadable"}
    assert (mine / "01-next.ipynb").read_text() == "{not json"


def test_odd_files_are_reported_and_never_stop_the_update(course, tmp_path):
    mine = tmp_path / "mine"
    update(course, mine, today=DAY)
    write(mine / "00-start.ipynb", {"cells": [{"cell_type": "code", "outputs": "x"}]})
    manifest = read(mine / MANIFEST)
    manifest["01-next.ipynb"] = "not a mapping"
    write(mine / MANIFEST, manifest)
    (course / "02-broken.ipynb").write_text("{not json")           # the course's own
    changes = {c.lesson: c.what for c in update(course, mine, today=DAY)}
    assert changes["00-start.ipynb"] == "unreadable"
    assert changes["02-broken.ipynb"] == "broken-source"
    assert changes["01-next.ipynb"] == "updated"        # the bad entry is rebuilt
    assert not (mine / "02-broken.ipynb").exists()


def test_a_lesson_folder_under_an_unknown_user_is_one_sentence(course, monkeypatch,
                                                                capsys):
    monkeypatch.setenv(ENV_VAR, "~nosuchuser-bsld/lessons")
    assert main(["lessons", "where"]) == 1
    assert main(["lessons", "update", "--from", str(course)]) == 1
    err = capsys.readouterr().err
    assert "is not a home folder" in err and "Traceback" not in err


def test_a_folder_that_cannot_be_made_is_one_sentence(course, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(WriteFailed, match=f"could not be made .*set {ENV_VAR}"):
        update(course, blocker / "mine")


def test_command_line_update_and_where(course, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "mine"))
    assert work_dir() == tmp_path / "mine"
    assert main(["lessons", "update", "--from", str(course)]) == 0
    err = capsys.readouterr().err
    assert "00-start.ipynb: copied into your folder." in err
    assert f"Your lessons are in {tmp_path / 'mine'}" in err
    assert main(["lessons", "where"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "mine")
    assert main(["lessons", "update", "--from", str(tmp_path / "nowhere")]) == 2
    assert "No lessons found" in capsys.readouterr().err


def test_default_folder_is_outside_the_repository(monkeypatch):
    from pathlib import Path
    monkeypatch.delenv(ENV_VAR, raising=False)
    repo = Path(__file__).resolve().parents[1]
    assert work_dir() == Path.home() / "backsafe-legday"
    assert repo not in work_dir().resolve().parents
