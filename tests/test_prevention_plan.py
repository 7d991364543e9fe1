"""The prevention-plan model and the assessment/dashboard helpers, with made-up data."""
from datetime import date, datetime, timedelta, timezone

import pytest

from backsafe.content.safety import safety_content
from backsafe.models import InputError
from backsafe.models.assessment import dashboard_rows
from backsafe.models.prevention_plan import (LessonInfo, PlanInputs, Session, TrunkTest,
                                           build_plan, weekly_loads)
from backsafe.models.review import QuestionRecord, schedule

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 12, tzinfo=timezone.utc)
LESSONS = (
    LessonInfo("start-here", 0, "Start here: how", True, True),
    LessonInfo("anatomy", 1, "Anatomy: the back", True, True),
    LessonInfo("core", 3, "Core: endurance", True, False),
    LessonInfo("hip-flexors", 4, "Hip flexors and pelvic tilt", False, False),
    LessonInfo("warm-up", 5, "Warm-up: preparing", True, False),
    LessonInfo("overtraining", 6, "Overtraining and recovery", True, False),
    LessonInfo("your-plan", 7, "Your plan", True, True),
)


def inputs(**kw):
    return PlanInputs(today=TODAY, lessons=LESSONS, **kw)


def titles(plan, kind=None):
    return [i.title for i in plan.items if kind is None or i.kind == kind]


def test_empty_store_gives_core_advice_and_names_every_missing_input():
    plan = build_plan(inputs())
    assert "Keep exercising, all year" in titles(plan, "keep")
    assert "Know when to get help" in titles(plan)
    text = " ".join(m.text for m in plan.missing)
    assert "safety screen of lesson 00" in text and "self-check of lesson 00" in text
    assert "You have not done lesson 03's trunk-endurance test." in text
    assert "You have not saved a warm-up in lesson 05." in text
    assert "You have not logged any training sessions in lesson 06." in text
    assert "quiz of lesson 01 (Anatomy)" in text
    assert "your-plan" not in {m.lesson for m in plan.missing}   # its own quiz is not an input
    assert plan.urgent is None
    for item in plan.items:
        assert item.kind in ("keep", "change", "consider") and item.references and item.lesson


def test_a_lesson_not_written_yet_is_named_as_such():
    plan = build_plan(inputs(self_check={"sitting": "yes"}))
    assert any("is not available yet" in m.text for m in plan.missing) is False  # 04 not needed
    lessons = LESSONS[:2] + (LessonInfo("core", 3, "Core: x", False),) + LESSONS[3:]
    plan = build_plan(PlanInputs(today=TODAY, lessons=lessons))
    assert "Lesson 03 (Core) is not available yet, so there is no trunk-endurance test to " \
           "use." in [m.text for m in plan.missing]


@pytest.mark.parametrize("tier_id", ["emergency", "prompt"])
def test_ticked_red_flags_come_first_with_their_tier(tier_id):
    tier = safety_content().tier(tier_id)
    plan = build_plan(inputs(safety=("x",), safety_tier=tier))
    assert tier.heading in plan.urgent and tier.action in plan.urgent
    assert plan.items[0].title == "See a clinician first"
    assert plan.items[0].references == tier.references


def test_ticked_flags_the_course_no_longer_knows_send_back_to_the_screen():
    plan = build_plan(inputs(safety=("old-flag",), safety_tier=None))
    assert "run it again in lesson 00" in plan.urgent


def test_clear_safety_screen_is_kept():
    plan = build_plan(inputs(safety=()))
    assert "No warning signs ticked" in titles(plan, "keep")
    assert not any("safety screen" in m.text for m in plan.missing)


def test_self_check_answers_become_items():
    check = {"lifts": ["deadlift"], "warm-up": "stretch", "load-change": "yes",
             "sitting": "yes", "previous-injury": "yes"}
    plan = build_plan(inputs(self_check=check))
    assert {"Keep the load close in the lifts that hurt", "Warm up with movement, not long "
            "stretches", "Raise your training load gradually"} <= set(titles(plan, "change"))
    assert "Sitting and 'tight hip flexors'" in titles(plan, "consider")
    assert "Be patient after your earlier injury" in titles(plan, "keep")
    kinds = [i.kind for i in plan.items]
    assert kinds == sorted(kinds, key=["change", "keep", "consider"].index)


def test_trunk_tests_side_ratio_and_trend():
    tests = (TrunkTest("2026-10-01", 90, 100, 60, 60), TrunkTest("2026-11-01", 95, 130, 70, 50))
    plan = build_plan(inputs(trunk_tests=tests))
    even = next(i for i in plan.items if i.title == "Even out your side bridges")
    assert "Right/left is 1.40" in even.text          # 70 / 50
    trend = next(i for i in plan.items if i.title == "Retest every few weeks")
    assert "up 30 s since 2026-10-01" in trend.text   # 130 - 100


def test_saved_warm_up_and_core_plan_are_used():
    plan = build_plan(inputs(warm_up={"lift": "back-squat", "minutes": 12},
                             core_plan={"summary": "bird dog 3 x 10 s"}))
    warm = next(i for i in plan.items if i.title == "Use your saved warm-up")
    assert "12-minute warm-up for the back squat" in warm.text
    core = next(i for i in plan.items if i.title == "Follow your trunk-exercise progression")
    assert "(bird dog 3 x 10 s)" in core.text


def test_weekly_loads_by_hand():
    s = (Session(TODAY, 60, 5), Session(TODAY - timedelta(days=7), 30, 4),
         Session(TODAY - timedelta(days=28), 99, 9))          # outside the 4 weeks
    assert weekly_loads(s, TODAY) == [0.0, 0.0, 120.0, 300.0]


def test_a_load_spike_is_flagged_with_its_numbers():
    s = tuple(Session(TODAY - timedelta(days=d), 60, 5) for d in (8, 15, 27)) + \
        tuple(Session(TODAY - timedelta(days=d), 60, 8) for d in (0, 2, 4))
    plan = build_plan(inputs(sessions=s))
    # last week 3 x 480 = 1440 AU; 4-week average (300 * 3 + 1440) / 4 = 585 AU
    spike = next(i for i in plan.items if i.title == "Your last week was a jump")
    assert "1,440 AU" in spike.text and "2.5 times" in spike.text and "585 AU" in spike.text


def test_no_recent_session_asks_to_get_back_to_exercise():
    plan = build_plan(inputs(sessions=(Session(TODAY - timedelta(days=40), 60, 6),)))
    assert "Get back to regular exercise" in titles(plan, "change")


def answered(lesson, n, wrong=0):
    """Records for n answered questions of a lesson, the first `wrong` of them missed."""
    return tuple(QuestionRecord(lesson, f"q{i}", 1, i >= wrong, NOW, int(i >= wrong))
                 for i in range(n))


def test_quiz_scores_and_missed_questions():
    qs = answered("start-here", 10) + answered("anatomy", 10, wrong=1)
    plan = build_plan(inputs(best_scores={"start-here": (9, 10), "anatomy": (5, 10)},
                             questions=qs))
    revisit = next(i for i in plan.items if i.title == "Revisit lesson 01 (Anatomy)")
    assert "5 of 10" in revisit.text and "1 question(s) still missed" in revisit.text
    assert not any("quiz of lesson 00" in m.text for m in plan.missing)


def test_a_partly_answered_quiz_is_not_a_score_of_the_whole_quiz():
    # one check of three questions, all wrong, recorded against the 8-question quiz
    plan = build_plan(inputs(best_scores={"anatomy": (0, 8)},
                             questions=answered("anatomy", 3, wrong=3)))
    assert not any("Revisit lesson 01" in t for t in titles(plan))
    assert any(m.text == "You have answered 3 of the 8 questions in the quiz of lesson 01 "
               "(Anatomy)." for m in plan.missing)


def test_no_jump_warning_before_28_days_of_history():
    # lesson 06: the acute:chronic ratio is undefined with under 28 days of history
    plan = build_plan(inputs(sessions=(Session(TODAY, 60, 7),)))
    assert "Your last week was a jump" not in titles(plan)
    item = next(i for i in plan.items if i.title == "Keep logging your sessions")
    assert "covers 1 day so far" in item.text and "28 days" in item.text
    older = (Session(TODAY - timedelta(days=26), 30, 3), Session(TODAY, 90, 9))
    assert "Your last week was a jump" not in titles(build_plan(inputs(sessions=older)))
    oldest = (Session(TODAY - timedelta(days=27), 30, 3), Session(TODAY, 90, 9))
    assert "Your last week was a jump" in titles(build_plan(inputs(sessions=oldest)))


def test_plan_needs_a_snapshot():
    with pytest.raises(InputError, match="PlanInputs"):
        build_plan({"today": TODAY})


def test_dashboard_rows():
    qs = (QuestionRecord("anatomy", "q", 2, False, NOW - timedelta(days=2), 0),
          QuestionRecord("anatomy", "r", 1, True, NOW - timedelta(days=5), 1))
    snap = inputs(best_scores={"anatomy": (6, 10), "start-here": (1, 2)},
                  completed=frozenset({"start-here"}),
                  questions=qs + answered("start-here", 2, wrong=1))
    rows = {r.slug: r for r in dashboard_rows(snap, schedule(qs, NOW))}
    # two of ten questions answered: not a score of the whole quiz yet
    assert rows["anatomy"].status == "started" and rows["anatomy"].best is None
    assert rows["anatomy"].unfinished == (2, 10)
    assert rows["start-here"].best_share == 0.5 and rows["start-here"].unfinished is None
    assert rows["anatomy"].last_activity == NOW - timedelta(days=2)
    assert (rows["anatomy"].due, rows["anatomy"].later) == (1, 0)
    assert rows["start-here"].status == "completed"
    assert rows["hip-flexors"].status == "not written yet"
    assert rows["core"].status == "not started" and rows["core"].best is None
