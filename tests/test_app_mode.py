"""App mode (`make app`): one shared Voilà server records nobody's progress.

The switch is one environment variable, read in one place
(`backsafe.store.try_open_store`); every widget that saves shows the plain
sentence and still works.
"""
from __future__ import annotations

import pytest

import backsafe
from backsafe.store import (APP_MODE_FILES, APP_MODE_NOTICE, APP_MODE_VAR, FILENAME, app_mode,
                          try_open_store)
from backsafe.widgets.quiz import quiz_widget

from .helpers import find
from .test_quiz_widget import answer_right, answer_wrong

SAVING_WIDGETS = [
    "safety_screen", "self_check", "trunk_endurance_explorer",
    "core_progression_explorer", "training_load_explorer", "plan_explorer",
    "progress_dashboard_explorer", "review_explorer", "final_assessment_check",
]


def texts(widget) -> str:
    """Every string a widget tree shows (values, descriptions)."""
    out = [v for a in ("value", "description") if isinstance(v := getattr(widget, a, None), str)]
    out += [texts(child) for child in getattr(widget, "children", ())]
    return " ".join(out)


@pytest.fixture
def app(tmp_path, monkeypatch):
    """App mode on, with an empty data folder of its own."""
    monkeypatch.setenv(APP_MODE_VAR, "1")
    monkeypatch.setenv("BACKSAFE_DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("value, expected", [
    ("1", True), ("yes", True), ("", False), ("0", False), (" 0 ", False)])
def test_the_switch_is_one_environment_variable(monkeypatch, value, expected):
    monkeypatch.setenv(APP_MODE_VAR, value)
    assert app_mode() is expected


def test_switch_absent_means_the_learners_own_store(tmp_path, monkeypatch):
    monkeypatch.delenv(APP_MODE_VAR, raising=False)
    monkeypatch.setenv("BACKSAFE_DATA_DIR", str(tmp_path))
    store, notice = try_open_store()
    assert store is not None and notice is None
    assert (tmp_path / FILENAME).exists()


def test_app_mode_opens_no_store_and_says_why_in_one_sentence(app):
    store, notice = try_open_store()
    assert store is None
    assert notice == APP_MODE_NOTICE
    assert notice.count(". ") == 1 and notice.endswith(")."), "two short sentences"
    assert "nothing you enter is saved" in notice and "make lab" in notice
    assert list(app.iterdir()) == [], "app mode must not even create the data folder's file"


def test_quiz_in_app_mode_gives_feedback_says_nothing_is_saved_and_writes_nothing(app):
    quiz = quiz_widget("causes-and-form")
    assert APP_MODE_NOTICE in find(quiz, "bsld-store-status")[0].value
    views = quiz.views
    answer_right(views[0])
    answer_wrong(views[1])
    find(quiz, "bsld-check")[0].click()
    feedback = [f.value for f in find(quiz, "bsld-feedback")]
    assert feedback[0] and feedback[1], "both answered questions get feedback"
    assert "Score: 1 out of" in find(quiz, "bsld-score")[0].value
    assert APP_MODE_NOTICE in find(quiz, "bsld-store-status")[0].value, \
        "after Check the quiz must not claim it saved"
    assert not (app / FILENAME).exists()


@pytest.mark.parametrize("name", SAVING_WIDGETS)
def test_every_widget_that_saves_shows_the_sentence_and_writes_nothing(app, name):
    widget = getattr(backsafe, name)()
    assert APP_MODE_NOTICE in texts(widget), f"{name} does not say nothing is saved"
    assert not (app / FILENAME).exists()


def test_warm_up_card_is_not_written_and_the_plan_not_remembered(app):
    explorer = backsafe.warm_up_explorer()
    find(explorer, "bsld-save-status")  # present before saving
    save = [w for w in _walk(explorer) if getattr(w, "description", "") ==
            "Save as a gym card"]
    assert save, "the warm-up explorer has a save button"
    save[0].click()
    status = find(explorer, "bsld-save-status")[0].value.replace("&#x27;", "'")
    assert APP_MODE_FILES in status
    assert not (app / FILENAME).exists() and not list(app.iterdir())


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_a_shared_app_writes_and_reads_no_files_on_the_server(app, tmp_path):
    """The gym card, the saved plan and a CSV import by path would touch the
    server's disk, which is not the visitor's: each says so in one sentence."""
    from backsafe.store import APP_MODE_FILES
    from backsafe.widgets.training_log import TrainingLogExplorer
    from backsafe.widgets.warm_up_builder import WarmUpBuilder

    cards = tmp_path / "cards"
    builder = WarmUpBuilder(folder=str(cards))
    builder.save.click()
    assert APP_MODE_FILES in builder.save_status.value.replace("&#x27;", "'")
    assert not cards.exists()

    plans = tmp_path / "plans"
    box = backsafe.plan_explorer(folder=str(plans))
    [save] = find(box, "bsld-save-plan")
    [status] = find(box, "bsld-save-status")
    save.click()
    assert APP_MODE_FILES in status.value.replace("&#x27;", "'") and not plans.exists()

    secret = tmp_path / "server.csv"
    secret.write_text("date,minutes,rpe\n2026-11-01,60,7\n", encoding="utf-8")
    log = TrainingLogExplorer(store=None)
    log.path.value = str(secret)
    log.import_.click()
    assert APP_MODE_FILES in log.message.value.replace("&#x27;", "'") and not log.rows
