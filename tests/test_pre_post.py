"""The pre/post assessment: its content file, the normalised gain, the store's
read-only queries it needs, and the widgets in lessons 00 and 07."""
import shutil
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from backsafe.content.catalogue import lesson, lessons
from backsafe.content.loader import ContentError
from backsafe.content.pre_post import parse_pre_post, pre_post_items, pre_post_questions
from backsafe.content.quizzes import bank_for
from backsafe.models import InputError
from backsafe.models.gain import normalised_gain
from backsafe.store import FILENAME, ProgressStore, StoreUnavailable
from backsafe.widgets.pre_post import gain_sentence, post_test_check, pre_test_check

from .helpers import find

ROOT = Path(__file__).resolve().parents[1]
V1_FILE = ROOT / "tests" / "data" / "progress-v1.sqlite3"


def g(qid, correct, answered=True):
    return SimpleNamespace(question_id=qid, correct=correct, answered=answered,
                           score=float(correct))


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / FILENAME)


# -- content ------------------------------------------------------------------

def test_the_course_test_has_one_question_per_lesson_each_tied_to_an_objective():
    items = pre_post_items()
    assert 6 <= len(items) <= 10
    available = [item.slug for item in lessons() if item.available]
    assert [i.lesson for i in items] == available            # one per lesson, in order
    for item in items:
        assert item.objective in lesson(item.lesson).objectives
        assert bank_for(item.lesson).question(item.key.split("/")[1]) == item.question
    assert [key for key, _ in pre_post_questions()] == [i.key for i in items]


def entry(question="anatomy/disc-nerves", objective=2):
    return {"question": question, "objective": objective}


@pytest.mark.parametrize("bad, item, field, words", [
    (entry("anatomy/no-such-question"), "anatomy/no-such-question", "question",
     "has no question 'no-such-question'"),
    (entry("nowhere/disc-nerves"), "nowhere/disc-nerves", "question",
     "no available lesson 'nowhere'"),
    (entry("disc-nerves"), "disc-nerves", "question", "lesson/question-id"),
    (entry(objective=9), "anatomy/disc-nerves", "objective", "objectives 1 to 4, not 9"),
    (entry(objective="two"), "anatomy/disc-nerves", "objective", "whole number"),
    ({"question": "anatomy/disc-nerves"}, "anatomy/disc-nerves", "objective", "required"),
])
def test_a_bad_entry_names_file_item_and_field(bad, item, field, words):
    with pytest.raises(ContentError) as info:
        parse_pre_post({"questions": [entry("core/single-stabiliser", 1), bad]})
    assert (info.value.file, info.value.item, info.value.field) == \
        ("pre_post.yaml", item, field)
    assert words in str(info.value)


def test_an_empty_or_repeated_test_is_refused():
    with pytest.raises(ContentError, match="no questions"):
        parse_pre_post({"questions": []})
    with pytest.raises(ContentError, match="used twice"):
        parse_pre_post({"questions": [entry(), entry()]})


# -- normalised gain ---------------------------------------------------------------

def test_normalised_gain_is_the_share_of_what_was_left_to_learn():
    assert normalised_gain(0.25, 0.625) == pytest.approx(0.5)     # 3 of 6 missed, now right
    assert normalised_gain(0.0, 1.0) == 1.0
    assert normalised_gain(0.5, 0.5) == 0.0
    assert normalised_gain(0.5, 0.25) == pytest.approx(-0.5)        # worse than before
    assert normalised_gain(1.0, 0.75) is None                       # undefined at full marks


@pytest.mark.parametrize("pre, post", [(-0.1, 0.5), (0.5, 1.2), (float("nan"), 0.5),
                                       (True, 0.5), ("0.5", 0.5)])
def test_normalised_gain_refuses_scores_that_are_not_shares(pre, post):
    with pytest.raises(InputError, match="share between 0 and 1"):
        normalised_gain(pre, post)


def test_gain_sentences_cover_every_case():
    assert "not taken the pre-test" in gain_sentence(None, 0.5)
    assert "Take the post-test" in gain_sentence(0.5, None)
    assert "undefined" in gain_sentence(1.0, 1.0)
    assert "negative" in gain_sentence(0.75, 0.5)
    assert "You learnt 50%" in gain_sentence(0.5, 0.75)


# -- store: read-only queries --------------------------------------------------------

def test_latest_submission_of_a_kind(store):
    assert store.latest_submission("pre") is None
    store.record_quiz("start-here", [g("anatomy/a", True), g("core/b", False)], {}, kind="pre")
    store.record_quiz("start-here", [g("anatomy/a", True), g("core/b", True)], {}, kind="pre")
    store.record_quiz("your-plan", [g("anatomy/a", False), g("core/b", False)], {},
                      kind="post")
    latest = store.latest_submission("pre")
    assert (latest["lesson"], latest["kind"], latest["score"], latest["max_score"]) == \
        ("start-here", "pre", 2.0, 2)
    assert store.latest_submission("post")["score"] == 0.0
    assert store.best_scores() == {}                 # pre and post are not lesson quizzes
    with pytest.raises(ValueError, match="Unknown kind"):
        store.latest_submission("homework")


def test_quiz_responses_lists_every_kind_and_skips_unreadable_rows(store):
    for kind in ("quiz", "review", "final", "pre", "post"):
        store.record_quiz("anatomy", [g("disc-nerves", True)], {"disc-nerves": kind},
                          kind=kind)
    store.record_quiz("your-plan", [g("core/side-ratio", False)], {"core/side-ratio": "1.1"},
                      kind="final")
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE attempts SET response='{not json' WHERE id=1")
    rows = store.quiz_responses()
    assert [(r["lesson"], r["question"], r["kind"], r["response"]) for r in rows] == [
        ("anatomy", "disc-nerves", k, k) for k in ("review", "final", "pre", "post")] + [
        ("core", "side-ratio", "final", "1.1")]
    assert all(r["created_at"] for r in rows)


def test_a_version_1_file_read_without_migrating_has_only_lesson_quizzes(tmp_path):
    path = tmp_path / FILENAME
    shutil.copy(V1_FILE, path)
    store = ProgressStore(path, read_only=True)
    rows = store.quiz_responses()
    assert rows and {r["kind"] for r in rows} == {"quiz"}
    assert store.latest_submission("quiz")["lesson"]
    assert store.latest_submission("pre") is None
    assert store.learner_id(create=False) is None
    with pytest.raises(StoreUnavailable):
        store.learner_id()                          # a read-only store cannot make one


def test_learner_id_is_made_once_and_kept(store, tmp_path):
    assert store.learner_id(create=False) is None
    first = store.learner_id()
    assert len(first) == 32 and int(first, 16) >= 0
    assert store.learner_id() == first
    assert ProgressStore(store.path, read_only=True).learner_id(create=False) == first
    assert ProgressStore(tmp_path / "other.sqlite3").learner_id() != first


# -- widgets -------------------------------------------------------------------------

def answer_all(quiz, right: int):
    """Answer the first `right` questions right and the rest wrong."""
    for n, view in enumerate(quiz.views):
        view.control.value = next(o.id for o in view.question.options
                                  if o.correct is (n < right))


def test_pre_test_records_kind_pre_at_each_question_lesson(store):
    box = pre_test_check(store=store, seed=1)
    assert box.quiz is None and "bsld-start-pre-test" in box.start._dom_classes
    box.start.click()                           # built when the learner starts it
    quiz = box.quiz
    assert box.start not in box.children and quiz in box.children
    assert [v.question.id for v in quiz.views] == [k for k, _ in pre_post_questions()]
    answer_all(quiz, 2)
    find(box, "bsld-control")[0].click()
    n = len(quiz.views)
    assert f"Recorded as your pre-test: 2 of {n}" in box.message.value
    latest = store.latest_submission("pre")
    assert (latest["lesson"], latest["score"], latest["max_score"]) == ("start-here", 2, n)
    lessons_answered = {r["lesson"] for r in store.quiz_responses()}
    assert lessons_answered == {i.lesson for i in pre_post_items()}
    assert store.best_scores() == {} and store.completed_lessons() == []
    again = pre_test_check(store=store, seed=1)
    assert "You took the pre-test before (2 of" in again.readout.value


def test_post_test_shows_latest_pre_post_and_gain(store):
    n = len(pre_post_questions())
    pre = pre_test_check(store=store, seed=1)
    pre.start.click()
    answer_all(pre.quiz, 0)
    pre.quiz.check.click()
    answer_all(pre.quiz, 2)                        # a later pre-test is the one that counts
    pre.quiz.check.click()
    box = post_test_check(store=store, seed=2)
    assert f"2 of {n}" in box.readout.value and "not taken yet" in box.readout.value
    assert "Take the post-test below" in box.readout.value
    answer_all(box.quiz, 5)
    box.quiz.check.click()
    g = (5 - 2) / (n - 2)
    assert f"5 of {n}" in box.readout.value and f"{g:.2f}" in box.readout.value
    assert f"You learnt {g:.0%}" in box.readout.value
    assert store.latest_submission("post")["lesson"] == "your-plan"
    answer_all(box.quiz, 1)
    box.quiz.check.click()
    assert "negative" in box.readout.value


def test_post_test_without_a_pre_test_says_what_to_do(store):
    box = post_test_check(store=store, seed=2)
    assert "not taken the pre-test" in box.readout.value
    answer_all(box.quiz, 3)
    box.quiz.check.click()
    assert "not taken the pre-test" in box.readout.value
    assert "Normalised gain" not in box.readout.value


def test_full_marks_before_means_the_gain_is_undefined(store):
    pre = pre_test_check(store=store, seed=1)
    pre.start.click()
    answer_all(pre.quiz, len(pre.quiz.views))
    pre.quiz.check.click()
    box = post_test_check(store=store, seed=2)
    answer_all(box.quiz, len(box.quiz.views))
    box.quiz.check.click()
    assert "undefined" in box.readout.value


def test_without_a_store_the_post_test_still_shows_the_score():
    box = post_test_check(store=None, seed=2)
    answer_all(box.quiz, 3)
    box.quiz.check.click()
    assert f"3 of {len(box.quiz.views)}" in box.readout.value


def test_options_are_shuffled_the_same_way_in_pre_and_post(store):
    """The banks often list the right option first; the test must not reward that."""
    def order(box):
        return [[value for _, value in v.control.options] for v in box.quiz.views]

    pre, post = pre_test_check(store=store), post_test_check(store=store)
    pre.start.click()
    first_right = [next(o.id for o in v.question.options if o.correct) == opts[0]
                   for v, opts in zip(pre.quiz.views, order(pre))]
    assert sum(first_right) <= len(first_right) // 2
    assert order(pre) == order(post)


def test_pre_test_reads_no_question_bank_until_started(store, monkeypatch):
    import backsafe.widgets.pre_post as pre_post_widget

    calls = []
    monkeypatch.setattr(pre_post_widget, "pre_post_questions",
                        lambda: calls.append(1) or pre_post_questions())
    box = pre_test_check(store=store, seed=1)
    assert calls == [] and box.quiz is None          # Run All: nothing parsed
    box.start.click()
    assert calls == [1] and box.quiz is not None


def test_a_damaged_pre_test_file_is_one_sentence_on_start(store, monkeypatch):
    import backsafe.widgets.pre_post as pre_post_widget

    def broken():
        raise ContentError("pre_post.yaml", "there is no available lesson 'x'", "x/y",
                           "question")

    monkeypatch.setattr(pre_post_widget, "pre_post_questions", broken)
    box = pre_test_check(store=store, seed=1)
    box.start.click()
    assert box.quiz is None and box.start in box.children
    assert "pre_post.yaml" in box.message.value and "no available lesson" in box.message.value
