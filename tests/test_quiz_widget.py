"""The quiz widget, driven as a learner would: set values, click buttons."""
import sqlite3
import time

import pytest

from backsafe import quiz_widget
from backsafe.widgets.quiz import _Recorder
from backsafe.content.quizzes import load_bank
from backsafe.store import FILENAME, ProgressStore

from .helpers import find


def answer_right(view):
    q = view.question
    if q.type == "multiple":
        for opt in q.options:
            view.boxes[opt.id].value = opt.correct
    elif q.type == "numeric":
        view.control.value = f"{q.answer} {q.unit or ''}"
    else:
        view.control.value = next(o.id for o in q.options if o.correct)


def answer_wrong(view):
    q = view.question
    if q.type == "multiple":
        for opt in q.options:
            view.boxes[opt.id].value = not opt.correct
    elif q.type == "numeric":
        view.control.value = str(q.answer + q.tolerance * 2 + 1)
    else:
        view.control.value = next(o.id for o in q.options if not o.correct)


def parts(quiz):
    return {name: find(quiz, f"bsld-{name}") for name in
            ("question", "feedback", "check", "retry", "score", "store-status", "answer")}


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / FILENAME)


def test_quiz_opens_a_third_of_the_comms_it_used_to(store):
    """Before widgets shared their Layout and Style, the 11-question anatomy quiz
    opened 183 comms (issue 15); a third of that is the budget."""
    import warnings

    import ipywidgets as widgets

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)   # Widget.widgets
        before = set(widgets.Widget.widgets)
        quiz = quiz_widget("anatomy", store=store)
        opened = [w for k, w in widgets.Widget.widgets.items() if k not in before]
    assert len(quiz.views) == 11 and len(opened) <= 183 // 3
    # One Layout for every widget of the quiz, shared with the kernel's other
    # widgets (so it may have been made before this quiz), and no class names
    # sent after a widget was opened.
    assert len({id(w.layout) for w in opened if hasattr(w, "layout")}) == 1
    assert sum(isinstance(w, widgets.Layout) for w in opened) <= 1
    answer_right(quiz.views[0])
    quiz.check.click()
    assert find(quiz, "bsld-feedback") and "Correct." in quiz.views[0].feedback.value


def test_structure_and_labels(store):
    quiz = quiz_widget("start-here", store=store)
    p = parts(quiz)
    n = len(load_bank("start-here").questions)
    controls = sum(len(v.question.options) if v.question.type == "multiple" else 1
                   for v in quiz.views)
    assert len(p["question"]) == n and len(p["answer"]) == controls
    assert p["feedback"] == [], "feedback panes are made when there is feedback"
    assert len(p["check"]) == len(p["retry"]) == len(p["score"]) == 1
    for view in quiz.views:
        controls = (list(view.boxes.values()) if view.question.type == "multiple"
                    else [view.control])
        assert all(c.description for c in controls), "every control needs a label"
        if view.question.type in ("single", "true_false"):
            assert view.control.value is None, "nothing may be preselected"


def test_a_question_is_one_control_under_its_prompt_and_its_feedback_follows_it(store):
    quiz = quiz_widget("anatomy", store=store)
    bank = load_bank("anatomy")
    for n, view in enumerate(quiz.views, 1):
        prompt = bank.question(view.question.id).prompt
        if view.question.type == "multiple":
            assert prompt[:40] in view.box.children[0].value
        else:
            assert view.box is view.control and view.control.description_allow_html
            assert view.control.description.startswith(f"<strong>{n}.</strong> ")
            assert prompt[:40] in view.control.description
    quiz.check.click()
    quiz.check.click()                       # a second check adds no second pane
    kids = list(quiz.children)
    for view in quiz.views:
        if view.question.type == "multiple":
            assert view.box.children[-1] is view.feedback
            assert sum(c is view.feedback for c in view.box.children) == 1
        else:
            assert kids[kids.index(view.box) + 1] is view.feedback
    assert len(find(quiz, "bsld-feedback")) == len(quiz.views)


def test_check_gives_feedback_on_every_question_and_a_score(store):
    quiz = quiz_widget("start-here", store=store)
    views = quiz.views
    answer_right(views[0])
    answer_wrong(views[1])
    parts(quiz)["check"][0].click()
    fb = [v.feedback.value for v in views]
    assert "Correct." in fb[0] and "Source:" in fb[0]
    assert "Not quite." in fb[1] or "Partly right" in fb[1]
    assert all("No answer given yet." in f for f in fb[2:])
    score = parts(quiz)["score"][0].value
    assert f"Score: 1 out of {len(views)}" in score and "not answered yet" in score


def test_all_right_scores_full_marks_and_is_recorded(store):
    quiz = quiz_widget("start-here", store=store)
    for view in quiz.views:
        answer_right(view)
    parts(quiz)["check"][0].click()
    n = len(quiz.views)
    assert f"Score: {n} out of {n} (100%)" in parts(quiz)["score"][0].value
    assert store.best_scores() == {"start-here": (float(n), n)}
    assert store.completed_lessons() == ["start-here"]
    assert "Saved" in parts(quiz)["store-status"][0].value


def test_wrong_answers_are_recorded_as_missed(store):
    quiz = quiz_widget("start-here", store=store)
    answer_wrong(quiz.views[0])
    parts(quiz)["check"][0].click()
    assert store.missed_questions("start-here") == [("start-here", quiz.views[0].question.id)]
    assert store.completed_lessons() == []      # not every question answered


def test_try_again_clears_everything(store):
    quiz = quiz_widget("start-here", store=store)
    for view in quiz.views:
        answer_wrong(view)
    parts(quiz)["check"][0].click()
    parts(quiz)["retry"][0].click()
    assert parts(quiz)["score"][0].value == ""
    for view in quiz.views:
        assert view.feedback.value == "" and view.response() in (None, [])


def test_non_numeric_answer_gets_a_plain_message(store):
    quiz = quiz_widget("start-here", store=store)
    view = next(v for v in quiz.views if v.question.type == "numeric")
    view.control.value = "about twenty"
    parts(quiz)["check"][0].click()
    assert "is not a number" in view.feedback.value
    assert "Traceback" not in view.feedback.value
    assert store.attempt_count() == 0


def test_seeded_shuffle_is_stable(store):
    a = quiz_widget("start-here", seed=3, store=store).views[0].control.options
    b = quiz_widget("start-here", seed=3, store=store).views[0].control.options
    assert a == b and sorted(a) == sorted(quiz_widget("start-here", store=store)
                                          .views[0].control.options)


def test_corrupt_store_is_announced_and_quiz_still_records(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKSAFE_DATA_DIR", str(tmp_path))
    (tmp_path / FILENAME).write_bytes(b"\x00garbage" * 64)
    quiz = quiz_widget("start-here")
    status = parts(quiz)["store-status"][0].value
    assert "could not be read" in status and "kept as" in status
    answer_right(quiz.views[0])
    parts(quiz)["check"][0].click()
    assert ProgressStore(tmp_path / FILENAME).attempt_count() == 1


def test_a_locked_store_keeps_every_check_and_saves_it_when_free(tmp_path, monkeypatch):
    monkeypatch.setattr(_Recorder, "RETRY_SECONDS", 0.2)
    store = ProgressStore(tmp_path / FILENAME, timeout=0.05)
    quiz = quiz_widget("start-here", store=store)
    holder = sqlite3.connect(store.path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        for _ in range(3):
            answer_right(quiz.views[0])
            start = time.monotonic()
            parts(quiz)["check"][0].click()
            assert time.monotonic() - start < 1.0
        assert "Correct." in quiz.views[0].feedback.value
        status = parts(quiz)["store-status"][0].value
        assert "busy" in status and "3 checks are waiting" in status
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    deadline = time.monotonic() + 10          # saved by the background retry
    while store.waiting and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.1)
    assert store.attempt_count() == 3
    status = parts(quiz)["store-status"][0].value
    assert "Saved" in status and "3 checks that had to wait" in status
    answer_right(quiz.views[0])
    parts(quiz)["check"][0].click()          # and saving simply goes on
    assert store.attempt_count() == 4


def test_no_store_says_so(tmp_path):
    quiz = quiz_widget("start-here", store=None)
    assert "not recording" in parts(quiz)["store-status"][0].value


def test_building_and_checking_is_fast(store):
    start = time.perf_counter()
    quiz = quiz_widget("start-here", store=store)
    for view in quiz.views:
        answer_right(view)
    parts(quiz)["check"][0].click()
    assert time.perf_counter() - start < 2.0
