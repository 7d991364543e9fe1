"""What the course's models say for each prediction (predictions.yaml).

Each answer is computed from the same model the explorer uses, so the learner
compares their prediction with what the explorer shows, not with a stored key.
"""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable

from . import InputError


@dataclass(frozen=True)
class ModelAnswer:
    option: str          # the option id the model supports
    shown: str           # one sentence: what the model computed


def _behind_the_spine() -> ModelAnswer:
    from ..content.anatomy import atlas
    from ..content.predictions import prediction

    offered = {oid for oid, _ in prediction("behind-the-spine").options}
    behind = [s for s in atlas().structures
              if s.group == "trunk muscles" and s.id in offered]
    return ModelAnswer(behind[0].id, f"The explorer lists {behind[0].name} with the trunk "
                       "muscles, behind the spine; iliopsoas lies beside and in front of "
                       "it, and the other two act at the hip or knee.")


def _double_the_bar() -> ModelAnswer:
    from .spine_load import lumbar_load

    light, heavy = (lumbar_load(body_mass=80, bar_mass=m, trunk_angle_deg=30).moment
                    for m in (70, 140))
    ratio = heavy / light
    option = ("exactly-double" if abs(ratio - 2) < 0.01 else
              "less-than-double" if ratio < 2 else "more-than-double")
    return ModelAnswer(option, f"The moment goes from {light:,.0f} to {heavy:,.0f} N·m, "
                       f"{ratio:.2f} times as much: the upper body's own weight does not "
                       "double with the bar.")


def _norms_men_women() -> ModelAnswer:
    from ..content.trunk_norms import norm_set, rules_of_thumb
    from .trunk_endurance import assess_trunk

    holds = {"flexor": 120, "extensor": 140, "side_right": 90, "side_left": 85}
    men, women = (assess_trunk(holds, norm_set(n), rules_of_thumb()).ratios
                  for n in ("mcgill1999-men", "mcgill1999-women"))
    same = all(abs(men[k] - women[k]) < 1e-9 for k in men)
    return ModelAnswer("same" if same else "rise", "Your ratios come from your four holds "
                       "only; the norm set changes the group figures you are compared "
                       "with, not your own numbers.")


def _more_days() -> ModelAnswer:
    from ..content.core_progressions import core_progressions
    from .core_progression import plan_progression

    holds = {"curl-up": 10, "side-bridge": 10, "bird-dog": 10}
    two, four = (plan_progression(holds, days, core_progressions()).week(8)[0]
                 for days in (2, 4))
    option = ("longer" if four.hold_s > two.hold_s else
              "same" if four.hold_s == two.hold_s else "shorter")
    return ModelAnswer(option, f"In week 8 the curl-up is {two.dose} with 2 days a week "
                       f"and {four.dose} with 4: more sessions let it move up sooner.")


def _incidence_up() -> ModelAnswer:
    from .pelvis import pelvis_state

    low, high = (pelvis_state(incidence_deg=i, tilt_deg=13.5).sacral_slope for i in (45, 65))
    change = high - low
    option = "up-20" if change > 10 else "down-20" if change < -10 else "same"
    return ModelAnswer(option, f"The sacral slope goes from {low:.1f}° to {high:.1f}°: with "
                       "the tilt fixed, every degree of incidence adds a degree of slope.")


def _first_cut() -> ModelAnswer:
    from .warm_up import build_warm_up

    full = build_warm_up("conventional-deadlift", working_weight=140, reps=5, minutes=20)
    short = build_warm_up("conventional-deadlift", working_weight=140, reps=5, minutes=12)
    if not short.dropped:
        return ModelAnswer("fits", "At 12 minutes the builder keeps everything.")
    first = short.dropped[0].what
    if first.lower().startswith("raise"):
        option = "raise"
    elif len(short.ramp) < len(full.ramp):
        option = "ramp"
    else:
        option = "hinge"
    return ModelAnswer(option, f"First change: {first}. All {len(short.ramp)} ramp-up sets "
                       "stay, because they are the most specific part of the warm-up.")


def _monotony_weeks() -> ModelAnswer:
    from .training_load import week_table

    a = week_table([300, 250, 300, 250, 300, 0, 0])["monotony"]
    b = week_table([700, 0, 0, 700, 0, 0, 0])["monotony"]
    option = "equal" if abs(a - b) < 0.01 else "week-a" if a > b else "week-b"
    return ModelAnswer(option, f"Monotony is {a:.2f} for week A and {b:.2f} for week B: "
                       "similar days every day make a week monotonous, whatever its total.")


def _empty_plan() -> ModelAnswer:
    from datetime import date

    from ..content.catalogue import lessons
    from .prevention_plan import LessonInfo, PlanInputs, build_plan

    nothing_saved = PlanInputs(today=date(2026, 1, 1), lessons=tuple(
        LessonInfo(i.slug, i.number, i.title, i.available, i.available) for i in lessons()))
    plan = build_plan(nothing_saved)
    option = "general" if plan.items and plan.missing else "refuse" if not plan.items \
        else "guess"
    return ModelAnswer(option, f"With nothing saved the plan still gives {len(plan.items)} "
                       f"pieces of general advice and lists {len(plan.missing)} missing "
                       "inputs, each with the lesson that fills it.")


ANSWERS: dict[str, Callable[[], ModelAnswer]] = {
    "behind-the-spine": _behind_the_spine, "double-the-bar": _double_the_bar,
    "norms-men-women": _norms_men_women, "more-days": _more_days,
    "incidence-up": _incidence_up, "first-cut": _first_cut,
    "monotony-weeks": _monotony_weeks, "empty-plan": _empty_plan,
}


def model_answer(pid: str) -> ModelAnswer:
    """The model's answer to one prediction."""
    if pid not in ANSWERS:
        raise InputError(f"No model answer is known for the prediction '{pid}'.")
    return ANSWERS[pid]()
