"""The pre/post assessment: its content file, the normalised gain, the store's
read-only queries it needs, and the widgets in lessons 00 and 07."""
import shutil
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from backsafe.content.catalogue import lesson, lessons
from backsafe.content.loader import ContentError
from backsafe.content.pre_post import form_questions, parse_forms, pre_post_groups
from backsafe.content.quizzes import bank_for
from backsafe.models import InputError
from backsafe.models.gain import normalised_gain
from backsafe.store import FILENAME, ProgressStore, StoreUnavailable
from backsafe.widgets.pre_post import gain_sentence, post_test_check, pre_test_check

from .assessment_fixtures import fixture_forms, forms_data, single, true_false  # noqa: F401
from .helpers import find

ROOT = Path(__file__).resolve().parents[1]
V1_FILE = ROOT / "tests" / "data" / "progress-v1.sqlite3"
OLD_PRE = ROOT / "tests" / "data" / "progress-v2-old-pre-test.sqlite3"  # before issue 21


def g(qid, correct, answered=True):
    return SimpleNamespace(question_id=qid, correct=correct, answered=answered,
                           score=float(correct))


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / FILENAME)


# -- content ------------------------------------------------------------------

def test_the_course_forms_have_one_group_per_lesson_and_no_lesson_quiz_item():
    groups = pre_post_groups()
    available = [item.slug for item in lessons() if item.available]
    assert [grp.objective.lesson for grp in groups] == available   # one per lesson, in order
    bank_prompts = {" ".join(q.prompt.lower().split()) for slug in available
                    for q in (bank_for(slug).questions if bank_for(slug) else ())}
    for grp in groups:
        assert grp.objective.text in lesson(grp.objective.lesson).objectives
        assert grp.a.id != grp.b.id and grp.a.prompt != grp.b.prompt
        for q in (grp.a, grp.b):
            assert " ".join(q.prompt.lower().split()) not in bank_prompts, q.id
    assert [k for k, _ in form_questions("a")] == [f"pre-post/{grp.a.id}" for grp in groups]
    assert [k for k, _ in form_questions("b")] == [f"pre-post/{grp.b.id}" for grp in groups]


def forms_with(**changes):
    data = forms_data()
    data["groups"][1].update(changes)
    return data


@pytest.mark.parametrize("data, item, field, words", [
    (forms_with(objective="anatomy/9"), "groups[2]", "objective", "objectives 1 to 4, not 9"),
    (forms_with(objective="nowhere/1"), "groups[2]", "objective", "no available lesson"),
    (forms_with(objective="anatomy"), "groups[2]", "objective", "lesson/number"),
    (forms_with(objective="start-here/2"), "groups[2]", "objective", "already has a group"),
    (forms_with(b=None), "groups[2]", "b", "needs item 'b'"),
    (forms_with(b=true_false("anatomy-form-b", True)), "groups[2]", "b.type", "one type"),
    (forms_with(b=single("start-here-form-a", 1)), "start-here-form-a", "id", "used twice"),
])
def test_a_bad_group_names_file_item_and_field(data, item, field, words):
    with pytest.raises(ContentError) as info:
        parse_forms(data)
    assert (info.value.file, info.value.item, info.value.field) == \
        ("pre_post_forms.yaml", item, field)
    assert words in str(info.value)


def test_empty_forms_and_unknown_forms_are_refused(fixture_forms):
    with pytest.raises(ContentError, match="no groups"):
        parse_forms({"groups": []})
    with pytest.raises(ValueError, match="no form 'c'"):
        form_questions("c")


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


def test_pre_test_asks_form_a_and_records_it_apart_from_the_lessons(store, fixture_forms):
    box = pre_test_check(store=store, seed=1)
    assert box.quiz is None and "bsld-start-pre-test" in box.start._dom_classes
    assert "never enters your review" in box.readout.value
    box.start.click()                           # built when the learner starts it
    quiz = box.quiz
    assert box.start not in box.children and quiz in box.children
    assert [v.question.id for v in quiz.views] == [k for k, _ in form_questions("a")]
    answer_all(quiz, 2)
    find(box, "bsld-control")[0].click()
    n = len(quiz.views)
    assert f"Recorded as your pre-test: 2 of {n}" in box.message.value
    latest = store.latest_submission("pre", of="pre-post")
    assert (latest["lesson"], latest["score"], latest["max_score"]) == ("start-here", 2, n)
    assert {r["lesson"] for r in store.quiz_responses()} == {"pre-post"}
    assert store.best_scores() == {} and store.completed_lessons() == []
    assert store.question_status() == []            # wrong guesses never enter review
    again = pre_test_check(store=store, seed=1)
    assert "You took the pre-test before (2 of" in again.readout.value


def test_post_test_asks_form_b_and_shows_latest_pre_post_and_gain(store, fixture_forms):
    n = len(fixture_forms)
    pre = pre_test_check(store=store, seed=1)
    pre.start.click()
    answer_all(pre.quiz, 0)
    pre.quiz.check.click()
    answer_all(pre.quiz, 2)                        # a later pre-test is the one that counts
    pre.quiz.check.click()
    box = post_test_check(store=store, seed=2)
    assert [v.question.id for v in box.quiz.views] == [k for k, _ in form_questions("b")]
    assert not {v.question.id for v in box.quiz.views} & {v.question.id
                                                          for v in pre.quiz.views}
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
    assert store.question_status() == []


def test_an_old_pre_test_is_kept_but_gives_no_gain(tmp_path, fixture_forms):
    """A learner who took the pre-test before the parallel forms existed: their
    answers to the lesson-quiz questions stay, but a gain against form B would
    compare two different tests, so none is shown."""
    path = tmp_path / FILENAME
    shutil.copy(OLD_PRE, path)
    store = ProgressStore(path)
    assert store.latest_submission("pre") is not None             # the old one is kept
    assert store.latest_submission("pre", of="pre-post") is None
    box = post_test_check(store=store, seed=2)
    assert "earlier version of the pre-test" in box.readout.value
    answer_all(box.quiz, 3)
    box.quiz.check.click()
    assert "no gain is computed" in box.readout.value
    assert "Normalised gain" not in box.readout.value
    pre = pre_test_check(store=store, seed=1)                     # form A can still be taken
    pre.start.click()
    assert pre.quiz.views[0].question.id.startswith("pre-post/")


def test_post_test_without_a_pre_test_says_what_to_do(store, fixture_forms):
    box = post_test_check(store=store, seed=2)
    assert "not taken the pre-test" in box.readout.value
    answer_all(box.quiz, 3)
    box.quiz.check.click()
    assert "not taken the pre-test" in box.readout.value
    assert "Normalised gain" not in box.readout.value


def test_full_marks_before_means_the_gain_is_undefined(store, fixture_forms):
    pre = pre_test_check(store=store, seed=1)
    pre.start.click()
    answer_all(pre.quiz, len(pre.quiz.views))
    pre.quiz.check.click()
    box = post_test_check(store=store, seed=2)
    answer_all(box.quiz, len(box.quiz.views))
    box.quiz.check.click()
    assert "undefined" in box.readout.value


def test_without_a_store_the_post_test_still_shows_the_score(fixture_forms):
    box = post_test_check(store=None, seed=2)
    answer_all(box.quiz, 3)
    box.quiz.check.click()
    assert f"3 of {len(box.quiz.views)}" in box.readout.value


def test_pre_test_reads_no_forms_until_started(store, monkeypatch, fixture_forms):
    import backsafe.widgets.pre_post as pre_post_widget

    calls = []
    monkeypatch.setattr(pre_post_widget, "form_questions",
                        lambda form: calls.append(form) or form_questions(form))
    box = pre_test_check(store=store, seed=1)
    assert calls == [] and box.quiz is None          # Run All: nothing parsed
    box.start.click()
    assert calls == ["a"] and box.quiz is not None


def test_a_damaged_forms_file_is_one_sentence_on_start(store, monkeypatch):
    import backsafe.widgets.pre_post as pre_post_widget

    def broken(form):
        raise ContentError("pre_post_forms.yaml", "there is no available lesson 'x'",
                           "groups[1]", "objective")

    monkeypatch.setattr(pre_post_widget, "form_questions", broken)
    box = pre_test_check(store=store, seed=1)
    box.start.click()
    assert box.quiz is None and box.start in box.children
    assert "pre_post_forms.yaml" in box.message.value
    assert "no available lesson" in box.message.value
