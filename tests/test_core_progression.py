"""Lesson 03: the progression content, the week-by-week planner and its figure."""
import copy
import json

import pytest

from backsafe.content.core_progressions import FILE, core_progressions, parse_progressions
from backsafe.content.loader import ContentError, load_yaml, parse_yaml
from backsafe.content.references import references
from backsafe.figures.trunk_endurance import PlanFigure
from backsafe.models import InputError
from backsafe.models.core_progression import describe_plan, plan_progression

from .helpers import dump

HOLDS = {"curl-up": 20, "side-bridge": "0:40", "bird-dog": "12 s"}


@pytest.fixture
def prog():
    return core_progressions()


def test_content_has_three_exercises_with_three_levels_each(prog):
    assert [e.id for e in prog.exercises] == ["curl-up", "side-bridge", "bird-dog"]
    assert all(len(e.levels) == 3 for e in prog.exercises)
    assert prog.source == "mcgill2009" and prog.source in references()
    assert [e.per_side for e in prog.exercises] == [False, True, True]
    assert prog.rules.repetitions == (5, 3, 2) and prog.rules.hold_max_s == 10


def test_plan_by_hand(prog):
    plan = plan_progression(HOLDS, 3, prog, weeks=8)
    assert plan.days_per_week == 3 and plan.weeks == 8 and len(plan.entries) == 24
    assert plan.current_holds == {"curl-up": 20.0, "side-bridge": 40.0, "bird-dog": 12.0}
    bird = plan.for_exercise("bird-dog")
    # 12 s -> start at half (6 s), level 1; +2 s a week up to 10 s (weeks 1-3);
    # then 3 sessions a week at 10 s: 6 sessions after weeks 3 and 4, so level 2
    # from week 5, starting again at 6 s.
    assert [(e.level, e.hold_s) for e in bird] == [
        (1, 6), (1, 8), (1, 10), (1, 10), (2, 6), (2, 8), (2, 10), (2, 10)]
    assert [e.moved_up for e in bird] == [False] * 4 + [True] + [False] * 3
    side = plan.for_exercise("side-bridge")
    # 40 s >= 30 s: start at level 2 with 10 s holds (half of 40, capped at 10).
    assert (side[0].level, side[0].hold_s) == (2, 10) and side[2].level == 3
    assert max(e.level for e in side) == 3, "never beyond the last level"
    assert bird[0].dose == "5-3-2 reps of 6 s each side"
    assert plan.for_exercise("curl-up")[0].dose == "5-3-2 reps of 10 s"


def test_more_days_move_up_sooner(prog):
    slow = plan_progression(HOLDS, 1, prog, weeks=12).for_exercise("bird-dog")
    fast = plan_progression(HOLDS, 6, prog, weeks=12).for_exercise("bird-dog")
    week = lambda rows: next((e.week for e in rows if e.level == 2), None)  # noqa: E731
    # 10 s holds from week 3; 6 sessions needed: week 3 alone at 6 days a week,
    # weeks 3-8 at 1 day a week.
    assert (week(fast), week(slow)) == (4, 9)
    short = plan_progression(HOLDS, 1, prog, weeks=8).for_exercise("bird-dog")
    assert {e.level for e in short} == {1}


def test_short_holds_start_at_the_minimum(prog):
    plan = plan_progression({"curl-up": 3, "side-bridge": 5, "bird-dog": 9}, 2, prog)
    assert [plan.for_exercise(e)[0].hold_s for e in ("curl-up", "side-bridge", "bird-dog")] \
        == [5, 5, 5]


def test_describe_and_to_dict(prog):
    plan = plan_progression(HOLDS, 3, prog)
    text = describe_plan(plan)
    assert "Bird dog: level 1 at 6 s holds, reaching level 2 in week 5." in text
    data = json.loads(json.dumps(plan.to_dict()))
    assert data["days_per_week"] == 3 and len(data["entries"]) == 24
    assert data["entries"][0]["repetitions"] == [5, 3, 2]


@pytest.mark.parametrize("holds, days, weeks, words", [
    (HOLDS, 0, 8, "from 1 to 7"), (HOLDS, 8, 8, "from 1 to 7"), (HOLDS, 2.5, 8, "whole number"),
    (HOLDS, "3", 8, "whole number"), (HOLDS, True, 8, "whole number"),
    (HOLDS, float("nan"), 8, "whole number"), (HOLDS, 3, 0, "from 1 to 26"),
    (dict(HOLDS, **{"bird-dog": "-4"}), 3, 8, "cannot be negative"),
    (dict(HOLDS, **{"bird-dog": 0}), 3, 8, "is 0 s"),
    (dict(HOLDS, **{"bird-dog": "nan"}), 3, 8, "real number"),
    (dict(HOLDS, **{"bird-dog": "lots"}), 3, 8, "is not a time"),
    (dict(HOLDS, **{"bird-dog": "30:00"}), 3, 8, "over 20 minutes"),
    ({"curl-up": 20, "side-bridge": 20}, 3, 8, "bird dog is missing"),
    (dict(HOLDS, plank=20), 3, 8, "'plank' is not one of the exercises"),
    ([20, 20, 20], 3, 8, "mapping"),
])
def test_bad_input_raises_one_sentence(prog, holds, days, weeks, words):
    with pytest.raises(InputError) as info:
        plan_progression(holds, days, prog, weeks=weeks)
    assert words in str(info.value) and str(info.value).endswith(".")


@pytest.fixture
def raw():
    return copy.deepcopy(load_yaml(FILE))


@pytest.mark.parametrize("change, item, field", [
    (lambda d: d["exercises"][0].pop("name"), "curl-up", "name"),
    (lambda d: d["exercises"][1].update(levels=[{"name": "x", "how": "y"}]), "side-bridge",
     "levels"),
    (lambda d: d["exercises"][2]["levels"][1].pop("how"), "bird-dog level 2", "how"),
    (lambda d: d["exercises"][2].update(per_side="yes"), "bird-dog", "per_side"),
    (lambda d: d["exercises"][1].update(id="curl-up"), "curl-up", "id"),
    (lambda d: d["rules"].update(own_rule=False), "rules", "own_rule"),
    (lambda d: d["rules"].update(repetitions=[5, 0]), "rules", "repetitions"),
    (lambda d: d["rules"].update(hold_min_s=20), "rules", "hold_min_s"),
    (lambda d: d["rules"].update(start_fraction=2), "rules", "start_fraction"),
    (lambda d: d["rules"].update(sessions_to_move_up=0), "rules", "sessions_to_move_up"),
    (lambda d: d.pop("source"), None, "source"),
])
def test_malformed_progressions_name_file_item_and_field(raw, change, item, field):
    change(raw)
    with pytest.raises(ContentError) as info:
        parse_progressions(parse_yaml(dump(raw), FILE), FILE)
    assert (info.value.file, info.value.item, info.value.field) == (FILE, item, field)


def test_plan_figure_alt_text_and_update(prog):
    figure = PlanFigure([e.name for e in prog.exercises])
    one = figure.update(plan_progression(HOLDS, 3, prog, weeks=8))
    assert "8-week plan with 3 training days a week" in one.alt
    assert "Bird dog: week 1 level 1 6 s" in one.alt and "week 5 level 2 6 s" in one.alt
    two = figure.update(plan_progression(HOLDS, 1, prog, weeks=6))
    assert two.overlay != one.overlay and "6-week plan with 1 training day a week" in two.alt
    assert two.frame is one.frame                                # the axis never shrinks
    assert one.frame.panels["holds"].xlim == (0.5, 12.5)
    longer = figure.update(plan_progression(HOLDS, 1, prog, weeks=20))
    assert longer.frame.panels["holds"].xlim == (0.5, 20.5)
    assert figure.update(plan_progression(HOLDS, 1, prog, weeks=6)).frame is longer.frame


def test_plan_figure_marks_land_on_their_week_level_and_hold(prog):
    plan = plan_progression(HOLDS, 3, prog, weeks=8)
    live = PlanFigure([e.name for e in prog.exercises]).update(plan)
    levels, holds = live.frame.panels["levels"], live.frame.panels["holds"]
    first = plan.for_exercise(prog.exercises[0].id)[0]        # drawn 0.06 low, with circles
    assert (f'<circle cx="{levels.x(first.week):.1f}" cy="{levels.y(first.level - 0.06):.1f}"'
            in live.overlay)
    assert (f'<circle cx="{holds.x(first.week):.1f}" cy="{holds.y(first.hold_s - 0.18):.1f}"'
            in live.overlay)
    # the level line steps half-way between weeks (matplotlib's "steps-mid")
    assert f"{levels.x(1.5):.1f},{levels.y(first.level - 0.06):.1f}" in live.overlay
