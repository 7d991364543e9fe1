"""Lesson 07: content loaders, the store snapshot, and the widgets, driven as a
learner would. Store data here is made up; no other lesson's files are used
apart from the lesson-00 bank that every branch has."""
import sqlite3
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import backsafe.store
from backsafe.content.loader import ContentError
from backsafe.content.quizzes import load_bank
from backsafe.content.your_plan import faq, parse_faq
from backsafe.progress import snapshot
from backsafe.store import FILENAME, ProgressStore, StoreUnavailable
from backsafe.widgets.your_plan import (final_assessment_check, plan_explorer,
                                      progress_dashboard_explorer, review_explorer,
                                      when_to_see, your_questions_answered)

from .assessment_fixtures import fixture_final  # noqa: F401 (a fixture)
from .helpers import find

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 28, 12, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / FILENAME)


def record_at(store, monkeypatch, when, lesson, grades_right: dict, kind="quiz"):
    """Record a quiz at a chosen time (question id -> right?)."""
    from backsafe.models.grading import Grade

    monkeypatch.setattr(backsafe.store, "_now", lambda: when.isoformat(timespec="seconds"))
    grades = [Grade(qid, True, ok, float(ok), (), "") for qid, ok in grades_right.items()]
    store.record_quiz(lesson, grades, {qid: "x" for qid in grades_right}, kind=kind)
    monkeypatch.undo()


# -- content ------------------------------------------------------------------

def test_content_loads_the_six_faq_questions():
    assert len(faq()) == 6 and all(item.references for item in faq())


def test_malformed_faq_names_file_item_and_field():
    good = dict(id="why", question="Why?", answer="Because [@nice2016].", lesson="anatomy",
                references=["nice2016"])
    with pytest.raises(ContentError) as err:
        parse_faq({"questions": [dict(good, lesson="nowhere")]}, "faq.yaml",
                  known_refs={"nice2016"}, known_lessons={"anatomy"})
    assert (err.value.file, err.value.item, err.value.field) == ("faq.yaml", "why", "lesson")
    with pytest.raises(ContentError, match="unknown reference key 'x1'"):
        parse_faq({"questions": [dict(good, references=["x1"])]}, "faq.yaml",
                  known_refs={"nice2016"})


def test_static_sections_render_with_citations():
    tiers = when_to_see().data
    assert "Emergency" in tiers and "(Gardner et al. 2011)" in tiers
    answers = your_questions_answered().data
    assert answers.count("<h4>") == 6 and "(Steffens et al. 2016)" in answers


# -- the snapshot ---------------------------------------------------------------

def test_snapshot_of_made_up_store_data(store, monkeypatch):
    store.save_answers("start-here", "safety", ["cancer-history"])
    store.save_answers("start-here", "self-check", {"lifts": ["deadlift"]})
    store.save_answers("warm-up", "plan", {"lift": "back-squat", "minutes": 10})
    store.save_answers("core", "progression-plan", {"summary": "side bridge"})
    store.save_trunk_test({"flexor": 90, "extensor": 110, "side_right": 55, "side_left": 50},
                          norms="mcgill1999-men", tested_on="2026-11-01")
    store.add_sessions([("2026-11-27", 60, 7, ""), ("not a day", 30, 5, "")])
    record_at(store, monkeypatch, NOW - timedelta(days=2), "start-here",
              {"red-flags": False, "recurrence": True})
    snap = snapshot(store, now=NOW)
    assert snap.safety == ("cancer-history",) and snap.safety_tier.id == "prompt"
    assert snap.self_check == {"lifts": ["deadlift"]}
    assert snap.warm_up["minutes"] == 10 and snap.core_plan["summary"] == "side bridge"
    assert snap.trunk_tests[0].extensor == 110
    assert len(snap.sessions) == 1 and snap.sessions[0].load == 420
    assert snap.best_scores == {"start-here": (1.0, 2)}
    assert {(q.question, q.last_correct) for q in snap.questions} == {
        ("red-flags", False), ("recurrence", True)}
    assert snap.today == NOW.date() and not snap.notices


def test_snapshot_without_a_store_and_with_an_unusable_one():
    empty = snapshot(None, now=NOW)
    assert empty.safety is None and empty.questions == () and not empty.notices

    class Broken:
        def __getattr__(self, name):
            def fail(*a, **k):
                raise StoreUnavailable("Progress is not being saved: the folder is gone.")
            return fail

    snap = snapshot(Broken(), now=NOW)
    assert snap.notices == ("Progress is not being saved: the folder is gone.",)
    assert snap.best_scores == {} and snap.sessions == ()


def test_snapshot_plan_and_dashboard_are_fast_with_100k_answers(tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from bench import fill_store
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    from backsafe.models.assessment import dashboard_rows
    from backsafe.models.prevention_plan import build_plan
    from backsafe.models.review import schedule

    fill_store(tmp_path / "big.sqlite3", 100_000)
    big = ProgressStore(tmp_path / "big.sqlite3")
    assert big.attempt_count() == 100_000

    def build():
        snap = snapshot(big, now=NOW)
        build_plan(snap)
        return dashboard_rows(snap, schedule(snap.questions, NOW))

    build()                                        # content files parsed once
    times = []
    for _ in range(5):
        t = time.perf_counter()
        build()
        times.append(time.perf_counter() - t)
    assert sorted(times)[2] < 0.100, times


# -- the plan explorer ----------------------------------------------------------

def test_plan_explorer_with_an_empty_store_names_what_is_missing(store, tmp_path):
    box = plan_explorer(store=store, folder=str(tmp_path / "out"), now=NOW)
    text = find(box, "bsld-readout")[0].value
    assert "Keep exercising" in text and "What this plan could not use" in text
    assert "safety screen of lesson 00" in text
    assert "bsld-plan-explorer" in box._dom_classes and "bsld-explorer" in box._dom_classes
    assert all(c.description for c in find(box, "bsld-control"))


def test_save_my_plan_writes_standalone_html_and_markdown(store, tmp_path):
    store.save_answers("start-here", "self-check", {"warm-up": "none"})
    box = plan_explorer(store=store, folder=str(tmp_path / "new" / "folder"), now=NOW)
    box.save.click()
    html_file = tmp_path / "new" / "folder" / "back-safe-plan-2026-11-28.html"
    md_file = html_file.with_suffix(".md")
    assert str(html_file) in box.status.value and "Nothing was sent anywhere" in box.status.value
    page, md = html_file.read_text(), md_file.read_text()
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    assert "Warm up with movement" in page and "Warm up with movement" in md
    assert "(Fradkin et al. 2010)" in page and "Fradkin AJ" in md
    for text in (page, md):
        assert "http" not in text and "<script" not in text and "src=" not in text
    assert "<a " not in page                      # no links to follow in the saved page


def test_saving_where_it_cannot_gives_one_sentence_and_keeps_the_plan(store, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    box = plan_explorer(store=store, folder=str(blocker / "inside"), now=NOW)
    before = box.readout.value
    box.save.click()
    msg = box.status.value
    assert "could not be saved" in msg and "still on screen" in msg and "Traceback" not in msg
    assert box.readout.value == before
    assert not list(tmp_path.glob("**/back-safe-plan-*"))


# -- the dashboard --------------------------------------------------------------

def test_dashboard_shows_table_figure_and_resets_one_lesson_after_confirmation(
        store, monkeypatch):
    record_at(store, monkeypatch, NOW - timedelta(days=3), "start-here",
              {"red-flags": False, "recurrence": True})
    record_at(store, monkeypatch, NOW - timedelta(days=3), "anatomy", {"disc-nerves": True})
    box = progress_dashboard_explorer(store=store, now=NOW)
    table = box.readout.value
    assert "1 of 2 (50%)" in table and "2026-11-25 12:00 UTC" in table
    img = box.pane.value
    assert "<img" in img and "lesson 00: best score 1 of 2 (50%), 1 question due" in img
    assert "not finished" not in table
    assert box.confirm.layout.display == "none"
    box.ask.click()                                  # nothing chosen yet
    assert "Choose the lesson" in box.message.value
    box.pick.value = "start-here"
    assert "removes its quiz answers" in box.message.value
    box.ask.click()
    assert "Are you sure?" in box.message.value and box.confirm.layout.display is None
    box.cancel.click()
    assert store.best_scores().keys() == {"start-here", "anatomy"}
    box.ask.click()
    box.confirm.click()
    assert "was reset" in box.message.value
    assert store.best_scores().keys() == {"anatomy"}
    assert "1 of 2" not in box.readout.value


def test_dashboard_shows_a_partly_answered_quiz_as_not_finished(store, monkeypatch):
    from backsafe.models.grading import Grade

    grades = [Grade("red-flags", True, False, 0.0, (), ""),
              Grade("recurrence", False, False, 0.0, (), "")]   # left unanswered
    store.record_quiz("start-here", grades, {"red-flags": "x", "recurrence": None})
    assert store.best_scores() == {"start-here": (0.0, 2)}
    table = progress_dashboard_explorer(store=store, now=NOW).readout.value
    assert "not finished (1 of 2 answered)" in table and "0 of 2" not in table


def test_dashboard_reset_when_the_store_fails(store, monkeypatch):
    box = progress_dashboard_explorer(store=store, now=NOW)
    box.pick.value = "anatomy"
    box.ask.click()

    def fail(_):
        raise StoreUnavailable("Progress is not being saved: the disk is full.")

    monkeypatch.setattr(store, "forget_lesson", fail)
    box.confirm.click()
    assert "the disk is full. Nothing was reset." in box.message.value


# -- review and final assessment --------------------------------------------------

def answer(view, right: bool):
    q = view.question
    if q.type == "multiple":
        for opt in q.options:
            view.boxes[opt.id].value = opt.correct if right else not opt.correct
    elif q.type == "numeric":
        view.control.value = str(q.answer if right else q.answer + q.tolerance * 2 + 1)
    else:
        view.control.value = next(o.id for o in q.options if o.correct is right)


def test_review_brings_back_a_missed_question_and_records_kind_review(store, monkeypatch):
    record_at(store, monkeypatch, NOW - timedelta(days=2), "start-here",
              {"red-flags": False, "recurrence": True})
    box = review_explorer(store=store, now=NOW)
    assert "1 question due for review now" in box.readout.value
    box.start.click()
    quiz = box.quiz
    assert [v.question.id for v in quiz.views] == ["start-here/red-flags"]
    prompt = load_bank("start-here").question("red-flags").prompt
    assert prompt[:30] in find(quiz, "bsld-question")[0].children[0].value
    answer(quiz.views[0], True)
    quiz.check.click()
    assert "Correct." in quiz.views[0].feedback.value
    status = {(r["question"]): r for r in store.question_status()}
    assert status["red-flags"]["streak"] == 1 and status["red-flags"]["attempts"] == 2
    with sqlite3.connect(store.path) as db:
        kinds = [r[0] for r in db.execute("SELECT kind FROM submissions ORDER BY id")]
    assert kinds == ["quiz", "review"]
    assert store.best_scores() == {"start-here": (1.0, 2)}      # a review is not a quiz
    assert "0 questions due for review now, 1 scheduled later" in box.readout.value


def test_review_with_nothing_due_says_so(store, monkeypatch):
    record_at(store, monkeypatch, NOW - timedelta(hours=2), "start-here", {"red-flags": False})
    record_at(store, monkeypatch, NOW - timedelta(days=9), "lesson-x", {"gone": False})
    box = review_explorer(store=store, now=NOW)
    box.start.click()
    assert "Nothing is due for review right now" in box.message.value
    assert "1 missed question(s) are no longer asked" in box.message.value
    assert box.quiz is None


def test_review_todays_misses_practises_without_moving_the_schedule(store, monkeypatch):
    record_at(store, monkeypatch, NOW - timedelta(hours=3), "start-here",
              {"red-flags": False, "recurrence": True})
    box = review_explorer(store=store, now=NOW)
    box.start.click()                                  # a one-day course: nothing due yet
    assert "Nothing is due" in box.message.value and box.quiz is None
    box.today.click()
    assert "misses: 1 of 1 question" in box.message.value
    assert [v.question.id for v in box.quiz.views] == ["start-here/red-flags"]
    answer(box.quiz.views[0], True)
    monkeypatch.setattr(backsafe.store, "_now", lambda: NOW.isoformat(timespec="seconds"))
    box.quiz.check.click()                             # the same day as the miss
    row = {r["question"]: r for r in store.question_status()}["red-flags"]
    assert (row["attempts"], row["last_correct"], row["streak"]) == (2, 1, 0)
    box.today.click()                                  # answered right since: none left
    assert "You have missed no question today" in box.message.value


def test_the_review_command_lists_what_is_due(store, monkeypatch, capsys):
    from backsafe.cli import main

    record_at(store, monkeypatch, datetime.now(timezone.utc) - timedelta(days=2),
              "start-here", {"red-flags": False})
    record_at(store, monkeypatch, datetime.now(timezone.utc), "start-here",
              {"recurrence": False})
    monkeypatch.setenv(backsafe.store.ENV_VAR, str(store.path.parent))
    assert main(["review"]) == 0
    out = capsys.readouterr().out
    prompt = load_bank("start-here").question("red-flags").prompt
    assert "1 question(s) due for review now:" in out and "start-here/red-flags" in out
    assert prompt.split()[0] in out and "1 more scheduled later" in out
    assert main(["review", "--today"]) == 0
    out = capsys.readouterr().out
    assert "1 question(s) you missed today" in out and "start-here/recurrence" in out


def test_final_assessment_asks_its_own_bank_and_records_kind_final(store, fixture_final):
    box = final_assessment_check(store=store, seed=1)
    quiz = box.quiz
    assert [v.question.id for v in quiz.views] == [i.key for i in fixture_final]
    assert all(key.startswith("final-assessment/") for key in
               (v.question.id for v in quiz.views))
    assert "cover all 33 learning objectives" in box.children[0].value
    assert "none of them appears in a lesson quiz" in box.children[0].value
    answer(quiz.views[0], True)
    answer(quiz.views[1], False)
    find(box, "bsld-control")[0].click()
    assert "Score: 1 out of" in quiz.score.value
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT lesson, kind FROM submissions").fetchall() == [
            ("your-plan", "final")]
    status = {(r["lesson"], r["question"]): r for r in store.question_status()}
    first, second = fixture_final[0].question.id, fixture_final[1].question.id
    assert status[("final-assessment", first)]["last_correct"] == 1
    assert status[("final-assessment", second)]["last_correct"] == 0
    assert store.best_scores() == {} and store.completed_lessons() == []
    # a missed final question comes back in the review, under its own id
    later = review_explorer(store=store, now=datetime.now(timezone.utc) + timedelta(days=2))
    later.start.click()
    assert [v.question.id for v in later.quiz.views] == [f"final-assessment/{second}"]


def test_the_final_text_says_how_many_objectives_it_really_covers(store, fixture_final,
                                                                  monkeypatch):
    from backsafe.content import final_assessment

    monkeypatch.setattr(final_assessment, "final_items", lambda: fixture_final[:2])
    box = final_assessment_check(store=store, seed=1)
    assert "cover 6 of the 33 learning objectives" in box.children[0].value


def test_dashboard_without_a_store_cannot_reset():
    box = progress_dashboard_explorer(store=None, now=NOW)
    assert box.pick.disabled and box.ask.disabled
    box.pick.value = "anatomy"
    box.confirm.click()
    assert "nothing to reset" in box.message.value
