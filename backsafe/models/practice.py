"""The right answers of each lesson's practice task, worked out by the course's models,
and the checker's verdict on one answer: right, close or not quite."""
from __future__ import annotations

import math
from collections.abc import Callable


def _start_here() -> dict:
    from ..content.catalogue import lessons
    from ..content.start_here import self_check_questions
    from .triage import recommend_lessons

    sam = {"lifts": ["deadlift"], "timing": "during", "load-change": "yes", "warm-up": "none"}
    first = recommend_lessons(sam, self_check_questions(), lessons())[0]
    return {"first-lesson": first.lesson.number}


def _anatomy() -> dict:
    from ..content.disc_pressure import disc_pressure_data

    data = disc_pressure_data()
    rounded, close = data.pressure("lift-round-back"), data.pressure("hold-close")
    return {"times-standing": data.ratio("lift-round-back"),
            "percent-lower": 100 * (rounded - close) / rounded,
            "normal-low": 49.8 - 2 * 11.2, "normal-high": 49.8 + 2 * 11.2}


def _causes_and_form() -> dict:
    from .spine_load import lumbar_load

    r = lumbar_load(body_mass=75, bar_mass=120, trunk_angle_deg=40, bar_distance=0.40)
    return {"moment": r.moment, "muscle-force": r.extensor_force, "compression": r.compression}


def _core() -> dict:
    from .trunk_endurance import trunk_ratios

    r = trunk_ratios(150, 100, 70, 55)
    return {"flexor-extensor": r["flexor_extensor"], "right-left": r["right_left"],
            "right-extensor": r["right_extensor"], "left-extensor": r["left_extensor"]}


def _hip_flexors() -> dict:
    from .pelvis import pelvis_state, thomas_test

    before, after = pelvis_state(60, 25), pelvis_state(60, 15)
    return {"sacral-slope": before.sacral_slope, "tilt-after": after.tilt,
            "slope-after": after.sacral_slope,
            "knee-shortfall": thomas_test("above", 70).knee_shortfall}


def _warm_up() -> dict:
    from .warm_up import round_to_loadable

    plates = (20, 10, 5, 2.5, 1.25)
    return {f"ramp-{p}": round_to_loadable(112.5 * p / 100, 20, plates)
            for p in (40, 60, 75, 85)}


def _overtraining() -> dict:
    from .training_load import week_table

    week = week_table([7 * 60, 0, 6 * 45, 0, 8 * 70, 4 * 30, 0])
    return {"weekly-load": week["load"], "monotony": week["monotony"],
            "strain": week["strain"]}


EXPECTED: dict[str, Callable[[], dict]] = {
    "start-here": _start_here, "anatomy": _anatomy, "causes-and-form": _causes_and_form,
    "core": _core, "hip-flexors": _hip_flexors, "warm-up": _warm_up,
    "overtraining": _overtraining, "your-plan": dict}


def _number(mine) -> float | None:
    """A typed answer as a finite number: a number, or text that starts with one
    ('4.6', '4,6', '4.6 times'); None for anything else (lists, NaN, words)."""
    from .grading import _TooLarge, parse_number

    if isinstance(mine, bool):
        return None
    if isinstance(mine, (int, float)):
        try:
            value = float(mine)
        except OverflowError:
            return math.inf
        return value if not math.isnan(value) else None
    if not isinstance(mine, str) or len(mine) > 100:
        return None
    try:
        parsed = parse_number(mine)
    except _TooLarge:
        return math.inf
    return None if parsed is None else parsed[0]


def judge(mine, right, *, tolerance: float = 0, close: float = 0,
          choice: tuple[str, ...] = ()) -> str:
    """'missing', 'right', 'close', 'not quite' or 'not a number' for one answer."""
    if mine is None or (isinstance(mine, str) and not mine.strip()):
        return "missing"
    if choice:
        words = str(mine).strip().lower().replace("_", "-").replace(" ", "-")
        return "right" if any(words == c or words.startswith(c) for c in choice) \
            else "not quite"
    value = _number(mine)
    if value is None:
        return "not a number"
    gap = abs(value - right)
    if gap <= tolerance + 1e-9:
        return "right"
    return "close" if gap <= close + 1e-9 else "not quite"
