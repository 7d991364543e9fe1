"""A week-by-week plan for three low-load trunk exercises.

From the learner's current *pain-free* hold time for each exercise and the
number of training days per week, :func:`plan_progression` lays out, week by
week, the level, the hold time per repetition and the repetitions. The
exercises and the order of their levels come from content data
(``core_progressions.yaml``, after McGill & Karpowicz 2009); the numbers of
the rules (start at half the current hold, add a little each week up to 10 s,
move up after a set number of sessions) are the course's practical rules and
are labelled as such wherever they are shown.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from collections.abc import Mapping

from . import InputError
from .trunk_endurance import parse_time

MAX_WEEKS = 26


@dataclass(frozen=True)
class PlanEntry:
    week: int
    exercise: str        # id
    exercise_name: str
    level: int
    level_name: str
    hold_s: float
    repetitions: tuple[int, ...]
    per_side: bool
    moved_up: bool       # first week at a new level

    @property
    def dose(self) -> str:
        reps = "-".join(str(n) for n in self.repetitions)
        side = " each side" if self.per_side else ""
        return f"{reps} reps of {self.hold_s:.0f} s{side}"


@dataclass(frozen=True)
class ProgressionPlan:
    days_per_week: int
    weeks: int
    current_holds: dict[str, float]
    entries: tuple[PlanEntry, ...]
    move_up_rule: str
    stop_rule: str

    def for_exercise(self, exercise: str) -> tuple[PlanEntry, ...]:
        return tuple(e for e in self.entries if e.exercise == exercise)

    def week(self, week: int) -> tuple[PlanEntry, ...]:
        return tuple(e for e in self.entries if e.week == week)

    def to_dict(self) -> dict:
        """Plain data for saving (JSON-ready)."""
        return {"days_per_week": self.days_per_week, "weeks": self.weeks,
                "current_holds": dict(self.current_holds),
                "entries": [dict(asdict(e), repetitions=list(e.repetitions))
                            for e in self.entries],
                "move_up_rule": self.move_up_rule, "stop_rule": self.stop_rule}


def _whole(value, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            (isinstance(value, float) and (math.isnan(value) or value != int(value))):
        raise InputError(f"{name} must be a whole number from {low} to {high}, "
                         f"not {value!r}.")
    value = int(value)
    if not low <= value <= high:
        raise InputError(f"{name} must be from {low} to {high}; got {value}.")
    return value


def plan_progression(current_holds: Mapping[str, object], days_per_week, progressions,
                     *, weeks=8) -> ProgressionPlan:
    """Week-by-week levels, holds and repetitions for each exercise.

    current_holds: {exercise id: pain-free hold at level 1}, each a time that
        :func:`parse_time` accepts ("20", "20 s", "0:20").
    days_per_week: 1 to 7 training days.
    progressions: the content (exercises with levels, and the rules).
    """
    days = _whole(days_per_week, "Training days per week", 1, 7)
    n_weeks = _whole(weeks, "The number of weeks", 1, MAX_WEEKS)
    if not isinstance(current_holds, Mapping):
        raise InputError("Give the current holds as a mapping of exercise to seconds.")
    rules = progressions.rules
    known = {ex.id for ex in progressions.exercises}
    unknown = [k for k in current_holds if k not in known]
    if unknown:
        raise InputError(f"'{unknown[0]}' is not one of the exercises "
                         f"({', '.join(sorted(known))}).")
    holds = {}
    for ex in progressions.exercises:
        if ex.id not in current_holds:
            raise InputError(f"The current hold for the {ex.name.lower()} is missing.")
        holds[ex.id] = parse_time(current_holds[ex.id], f"{ex.name.lower()} hold")

    entries = []
    for ex in progressions.exercises:
        top = len(ex.levels)
        level = 2 if holds[ex.id] >= rules.level_two_from_s and top >= 2 else 1
        hold = min(rules.hold_max_s, max(rules.hold_min_s,
                                         math.floor(holds[ex.id] * rules.start_fraction)))
        sessions_at_max = 0
        moved = False
        for week in range(1, n_weeks + 1):
            entries.append(PlanEntry(week, ex.id, ex.name, level, ex.levels[level - 1].name,
                                     float(hold), rules.repetitions, ex.per_side, moved))
            moved = False
            if hold < rules.hold_max_s:
                hold = min(rules.hold_max_s, hold + rules.hold_step_s)
                continue
            sessions_at_max += days
            if sessions_at_max >= rules.sessions_to_move_up and level < top:
                level += 1
                # A harder level starts with shorter holds again (course rule).
                hold = max(rules.hold_min_s, rules.hold_max_s - 2 * rules.hold_step_s)
                sessions_at_max = 0
                moved = True
    return ProgressionPlan(days, n_weeks, holds, tuple(entries), rules.move_up, rules.stop)


def describe_plan(plan: ProgressionPlan) -> str:
    """One sentence per exercise: where it starts and where the plan ends."""
    parts = []
    names = []
    for entry in plan.entries:
        if entry.exercise not in names:
            names.append(entry.exercise)
    for ex in names:
        rows = plan.for_exercise(ex)
        first, last = rows[0], rows[-1]
        if last.level > first.level:
            when = next(r.week for r in rows if r.level == last.level)
            parts.append(f"{first.exercise_name}: level {first.level} at {first.hold_s:.0f} s "
                         f"holds, reaching level {last.level} in week {when}.")
        else:
            parts.append(f"{first.exercise_name}: level {first.level}, building from "
                         f"{first.hold_s:.0f} s to {last.hold_s:.0f} s holds.")
    return " ".join(parts)


__all__ = ["PlanEntry", "ProgressionPlan", "plan_progression", "describe_plan", "MAX_WEEKS"]
