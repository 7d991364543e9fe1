"""The schedule model: sessions, breaks, and what becomes pre-work or homework."""
import pytest

from backsafe.instructor.schedule import (EVENINGS, FORMATS, HOMEWORK, PRE_WORK, SELF_PACED,
                                          WORKSHOP, Format, LessonPlan, PlanSection, clock,
                                          plan_schedule)
from backsafe.models import InputError


def lesson(slug, teach=30, practice=10, quiz=0, room=0, prompts=0):
    sections = [PlanSection(f"{slug} teaching", teach, room, "activity" if room else "read"),
                PlanSection("Practice", practice, practice, "practice")]
    if quiz:
        sections.append(PlanSection("Quiz", quiz, quiz, "quiz"))
    return LessonPlan(slug, slug.title(), tuple(sections), prompts)


def plain(slug, *sections):
    return LessonPlan(slug, slug.title(), tuple(PlanSection(n, m) for n, m in sections))


def fmt(minutes, sessions=1, **kw):
    kw.setdefault("movable", ("practice", "quiz"))
    return Format("test", minutes, sessions, **kw)


def conserved(schedule, lessons):
    """Every minute is either taught in a session or assigned."""
    return (schedule.class_minutes + schedule.assigned_minutes
            == sum(x.minutes for x in lessons))


def test_everything_fits_in_a_long_enough_session():
    lessons = [lesson("a"), lesson("b")]
    s = plan_schedule(lessons, fmt(80))
    assert s.assigned == () and "Everything fits" in s.summary
    [session] = s.sessions
    assert [(x.start, x.minutes, x.lesson) for x in session.slots] == [
        (0, 30, "a"), (30, 10, "a"), (40, 30, "b"), (70, 10, "b")]
    assert session.used == 80 and conserved(s, lessons)


def test_break_falls_between_lessons_and_never_at_the_end():
    lessons = [lesson("a"), lesson("b")]
    s = plan_schedule(lessons, fmt(100, break_every=50, break_minutes=10))
    slots = s.sessions[0].slots
    assert [x.lesson for x in slots] == ["a", "a", None, "b", "b"]
    assert slots[2].start == 40 and slots[2].minutes == 10 and slots[3].start == 50
    assert not slots[-1].is_break and s.sessions[0].used == 90
    assert s.sessions[0].break_minutes == 10 and s.class_minutes == 80


def test_a_lesson_longer_than_the_teaching_stretch_gets_a_break_inside():
    lessons = [plain("long", ("one", 40), ("two", 40), ("three", 40))]
    s = plan_schedule(lessons, fmt(200, break_every=90, break_minutes=15))
    kinds = [x.section or "break" for x in s.sessions[0].slots]
    assert kinds == ["one", "two", "break", "three"]


def test_lessons_are_not_split_across_sessions_when_they_fit_in_one():
    lessons = [lesson("a", 30, 10), lesson("b", 30, 10)]
    s = plan_schedule(lessons, fmt(60, sessions=2))
    assert [{x.lesson for x in ses.slots} for ses in s.sessions] == [{"a"}, {"b"}]
    assert s.assigned == ()


def test_practice_of_the_last_lesson_becomes_homework_first():
    lessons = [lesson("a", 30, 10), lesson("b", 30, 10)]
    s = plan_schedule(lessons, fmt(70))
    assert [(a.when, a.lesson, a.sections) for a in s.assigned] == [
        (HOMEWORK, "b", (("Practice", 10),))]
    assert "practice and quiz do not fit" in s.assigned[0].reason
    assert "10 min do not fit and are homework" in s.summary
    assert conserved(s, lessons) and s.sessions[0].used == 70


def test_whole_lessons_from_the_end_become_homework_when_practice_is_not_enough():
    lessons = [lesson("a", 30, 10), lesson("b", 30, 10), lesson("c", 30, 10)]
    s = plan_schedule(lessons, fmt(60))
    assigned = {(a.lesson, a.minutes, a.reason.startswith("the lesson's class time"))
                for a in s.assigned}
    assert assigned == {("a", 10, False), ("b", 10, False), ("c", 40, True)}
    assert s.lesson_minutes("a") == 30 and s.lesson_minutes("b") == 30
    assert s.lesson_minutes("c") == 0 and conserved(s, lessons)


def test_pre_work_is_assigned_with_its_reason():
    lessons = [lesson("start"), lesson("a")]
    s = plan_schedule(lessons, fmt(60, pre_work=("start",)))
    assert [(a.when, a.lesson, a.minutes) for a in s.assigned] == [(PRE_WORK, "start", 40)]
    assert "before the first session" in s.assigned[0].reason
    assert "40 min are pre-work" in s.summary and conserved(s, lessons)


def test_self_paced_uses_as_many_weeks_as_needed():
    lessons = [lesson(x, 40, 20) for x in "abcde"]
    s = plan_schedule(lessons, fmt(120, sessions=None, session_label="Week"))
    assert [ses.label for ses in s.sessions] == ["Week 1", "Week 2", "Week 3"]
    assert all(ses.clock is None for ses in s.sessions) and s.assigned == ()


def test_a_section_longer_than_any_session_is_assigned_not_lost():
    lessons = [plain("huge", ("all of it", 200)), lesson("a", 20, 10)]
    s = plan_schedule(lessons, fmt(90, sessions=None))
    assert [(a.lesson, a.minutes) for a in s.assigned] == [("huge", 200)]
    assert "longer than a whole" in s.assigned[0].reason
    assert s.lesson_minutes("a") == 30 and conserved(s, lessons)


def test_start_times_follow_the_clock():
    s = plan_schedule([lesson("a")], fmt(60, starts=(9 * 60 + 30,)))
    assert s.sessions[0].clock == 570 and clock(570 + 40) == "10:10"
    assert clock(24 * 60 + 5) == "00:05"


@pytest.mark.parametrize("bad, message", [
    (dict(minutes=0), "at least one minute"),
    (dict(minutes=60, sessions=0), "at least one session"),
    (dict(minutes=60, break_every=0, break_minutes=5), "Breaks"),
])
def test_bad_formats_are_one_sentence(bad, message):
    with pytest.raises(InputError, match=message):
        plan_schedule([lesson("a")], fmt(bad.pop("minutes"), **bad))


def test_bad_lessons_are_refused():
    with pytest.raises(InputError, match="only once"):
        plan_schedule([lesson("a"), lesson("a")], fmt(60))
    with pytest.raises(InputError, match="zero or more"):
        plan_schedule([plain("a", ("x", -5))], fmt(60))


def test_flipped_format_sends_reading_to_pre_work_and_keeps_activities_in_class():
    lessons = [lesson("a", 30, 10, quiz=5, room=8, prompts=2)]
    s = plan_schedule(lessons, fmt(60, flipped=True, discussion=3, prompts=1,
                                   movable=("quiz",)))
    assert [(a.when, a.sections) for a in s.assigned] == [(PRE_WORK, (("a teaching", 22),))]
    assert "reading" in s.assigned[0].reason
    slots = s.sessions[0].slots
    assert [(x.section, x.minutes, x.kind) for x in slots] == [
        ("a teaching", 8, "activity"), ("Discussion", 3, "discussion"),
        ("Practice", 10, "practice"), ("Quiz", 5, "quiz")]
    assert s.discussion_minutes == 3 and s.class_minutes == 23
    assert conserved(s, lessons) and "3 min of discussion" in s.summary


def test_flipped_format_moves_the_quiz_home_before_any_practice_and_says_why():
    lessons = [lesson("a", 30, 10, quiz=8, room=5), lesson("b", 30, 10, quiz=8, room=5)]
    s = plan_schedule(lessons, fmt(40, flipped=True, movable=("quiz",)))
    home = [(a.lesson, a.sections) for a in s.assigned if a.when == HOMEWORK]
    assert home == [("b", (("Quiz", 8),))]
    assert "short checks asked its questions in class" in s.assigned[-1].reason
    assert {x for x in s.in_class("practice")} == {("a", "Practice"), ("b", "Practice")}
    assert conserved(s, lessons)


def test_discussion_needs_prompts_and_never_counts_as_lesson_time():
    lessons = [lesson("a", room=5, prompts=0), lesson("b", room=5, prompts=3)]
    s = plan_schedule(lessons, fmt(200, flipped=True, discussion=4, prompts=2))
    assert s.in_class("discussion") == [("b", "Discussion")]
    assert s.discussion_minutes == 8 and s.lesson_minutes("b") == 15
    with pytest.raises(InputError, match="Discussion"):
        plan_schedule(lessons, fmt(60, discussion=-1))


def test_an_in_class_part_larger_than_its_section_is_refused():
    bad = LessonPlan("a", "A", (PlanSection("x", 5, 6),))
    with pytest.raises(InputError, match="in-class part"):
        plan_schedule([bad], fmt(60))


def test_course_formats_fit_their_sessions_and_keep_every_minute():
    from backsafe.instructor.guide import lesson_plans
    from backsafe.instructor.notes import load_notes

    plans = lesson_plans(load_notes())
    total = sum(p.minutes for p in plans)
    for f in FORMATS:
        s = plan_schedule(plans, f)
        assert conserved(s, plans), f.name
        assert all(ses.used <= ses.length for ses in s.sessions), f.name
        if f.sessions is not None:
            assert len(s.sessions) <= f.sessions
    for f in (WORKSHOP, EVENINGS):
        s = plan_schedule(plans, f)
        assert s.sessions[0].break_minutes >= f.break_minutes
        # Only a quiz may go home (its questions were asked in class by the short
        # checks): the one-day workshop sends lesson 07's quiz home since the final
        # assessment is timed honestly (27 questions, 27 minutes).
        home = {(a.lesson, name) for a in s.assigned if a.when == HOMEWORK
                for name, _ in a.sections}
        assert all(name == "Quiz" for _, name in home), f.name
        room = {(p.slug, x.name) for p in plans if p.slug not in f.pre_work
                for x in p.sections if x.room} - home
        placed = {(x.lesson, x.section) for ses in s.sessions for x in ses.slots
                  if x.is_lesson_time}
        assert room == placed, f.name              # every activity is in the room
        practice = {p.slug for p in plans if p.slug not in f.pre_work}
        assert {lesson for lesson, _ in s.in_class("practice")} == practice
        assert ("your-plan", "When to see a professional") in placed
        assert s.discussion_minutes == f.discussion * (len(plans) - len(f.pre_work))
        reading = sum(x.reading for p in plans if p.slug not in f.pre_work
                      for x in p.sections)
        pre = sum(a.minutes for a in s.assigned if a.when == PRE_WORK)
        assert pre == reading + sum(p.minutes for p in plans if p.slug in f.pre_work)
    paced = plan_schedule(plans, SELF_PACED)
    assert paced.assigned == () and paced.class_minutes == total


def test_one_three_hour_slot_cannot_hold_the_activities_and_the_model_says_what_moves():
    from backsafe.instructor.guide import lesson_plans
    from backsafe.instructor.notes import load_notes

    plans = lesson_plans(load_notes())
    three_hours = Format("3 hours", 180, 1, break_every=90, break_minutes=15,
                         pre_work=("start-here",), movable=("quiz",), flipped=True,
                         discussion=3, prompts=1)
    s = plan_schedule(plans, three_hours)
    home = [a for a in s.assigned if a.when == HOMEWORK]
    assert home and all(a.reason for a in home)
    assert conserved(s, plans) and s.sessions[0].used <= 180
