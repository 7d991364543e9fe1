"""The plan as a one-page gym card: the saved warm-up, this week's trunk
exercises and their retest date, a weekly load line and the red-flag lines.

Pure: it reads a `PlanInputs` snapshot (`backsafe.progress.snapshot`) and the
course's content, and returns plain data that `widgets.gym_card` renders as
HTML and Markdown. Nothing is invented: a section whose input was never saved
carries one sentence that names it and the lesson that makes it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..content.safety import SafetyContent
from . import InputError
from .core_progression import PlanEntry
from .prevention_plan import PlanInputs, warning_sign_notice
from .warm_up import WarmUpPlan

# Where each part's advice comes from, with its evidence tag (shown on the card).
WARM_UP_BASIS = ("A warm-up that is more than stretching helped performance in most "
                 "studies [@fradkin2010]; long static holds before lifting lowered it "
                 "[@behm2016]. RAMP is a coaches' framework [@jeffreys2007].")
CORE_BASIS = ("Low-load trunk exercises after [@mcgill2009]; no one exercise type is "
              "clearly best [@owen2020]. The holds, reps and retest date are the "
              "course's practical rules.")
LOAD_BASIS = ("Big jumps against what you are used to were linked to injury in team "
              "sports [@gabbett2016]; the ratio is a crude, contested warning "
              "[@impellizzeri2020].")
TAGS = {"warm-up": "well supported", "core": "mixed or weak evidence",
        "load": "mixed or weak evidence"}

MISSING = {
    "warm-up": "No warm-up saved yet: build one in lesson 05 and press 'Save as a gym "
               "card'.",
    "core": "No trunk-exercise progression saved yet: plan one in lesson 03 and press "
            "'Save my plan'.",
    "load": "No training sessions logged yet: log them in lesson 06 to see your weekly "
            "load here.",
}
SPIKE, DIP = 1.5, 0.8        # Gabbett's proposed 'danger zone' and the sweet spot's floor


@dataclass(frozen=True)
class WarmUpStep:
    start_s: float
    what: str
    dose: str
    weight_kg: float | None = None             # barbell steps only
    plates_per_side: tuple[float, ...] = ()


@dataclass(frozen=True)
class WarmUpPart:
    plan: WarmUpPlan
    steps: tuple[WarmUpStep, ...]
    note: str = ""               # how the plan was rebuilt, when that matters


@dataclass(frozen=True)
class CorePart:
    week: int                    # this week of the saved plan (1-based, capped at `weeks`)
    weeks: int
    entries: tuple[PlanEntry, ...]
    started: date | None         # None: the save date is not known
    retest_on: date | None
    ended: bool                  # the saved plan's weeks are over
    move_up_rule: str


@dataclass(frozen=True)
class LoadLine:
    acute: float                 # AU in the last 7 days
    chronic: float               # AU per week, averaged over the last 28 days
    ratio: float | None          # None: not defined (see `reason`)
    reason: str
    instruction: str
    history_days: int


@dataclass(frozen=True)
class RedFlagLine:
    tier: str
    heading: str
    text: str


@dataclass(frozen=True)
class GymCard:
    made_on: date
    urgent: str | None
    warm_up: WarmUpPart | None
    core: CorePart | None
    load: LoadLine | None
    red_flags: tuple[RedFlagLine, ...]
    missing: Mapping[str, str]   # section -> the sentence that names what is missing
    references: tuple[str, ...]  # every key the card cites, in order of first use
    safety_basis: str = ""       # where the tiers come from, with [@key] citations
    notices: tuple[str, ...] = ()


# -- the warm-up ----------------------------------------------------------------------

def _lower_first(text: str) -> str:
    """'New weakness' -> 'new weakness', 'A new loss' -> 'a new loss'; an acronym
    ('MRI scan') keeps its capital."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _reps(n: int) -> str:
    return f"{n} rep{'s' if n != 1 else ''}"


def warm_up_steps(plan: WarmUpPlan) -> tuple[WarmUpStep, ...]:
    """Every step of a warm-up in order, with its start time and, for barbell
    sets, the loadable weight and the plates per side."""
    steps = [WarmUpStep(0.0, plan.raise_name, f"{plan.raise_seconds / 60:g} min")]
    t = plan.blocks[1].start
    for d in plan.drills:
        steps.append(WarmUpStep(t, d.name, d.dose))
        t += d.seconds
    for s in plan.ramp:
        what = "empty bar" if s.percent is None else f"{s.label} of working weight"
        steps.append(WarmUpStep(t, f"{plan.lift_name}, {what}", _reps(s.reps), s.weight,
                                s.plates_per_side))
        t += s.seconds
    steps.append(WarmUpStep(t, f"{plan.lift_name}, working sets", _reps(plan.reps),
                            plan.working_weight, plan.working_plates_per_side))
    return tuple(steps)


def _warm_up(saved: Mapping[str, Any]) -> tuple[WarmUpPart | None, str | None]:
    from .warm_up import build_warm_up

    own_bar = "bar_weight" in saved and "plates" in saved
    try:
        plan = build_warm_up(saved.get("lift"), saved.get("working_weight"),
                             saved.get("reps"), saved.get("minutes"),
                             bar_weight=saved.get("bar_weight") if own_bar else None,
                             plates=saved.get("plates") if own_bar else None)
    except (ValueError, TypeError) as exc:        # InputError is a ValueError
        return None, (f"Your saved warm-up could not be rebuilt "
                      f"({_lower_first(str(exc).rstrip('.'))}): "
                      "build it again in lesson 05 and save it as a gym card.")
    note = "" if own_bar else (f"Plates assume a {plan.bar_weight:g} kg bar and a standard "
                               "plate set: save the warm-up again in lesson 05 to use yours.")
    return WarmUpPart(plan, warm_up_steps(plan), note), None


# -- the trunk exercises ----------------------------------------------------------------

def _entry(row) -> PlanEntry:
    if not isinstance(row, Mapping):
        raise TypeError("an entry is not a mapping")
    return PlanEntry(int(row["week"]), str(row["exercise"]), str(row["exercise_name"]),
                     int(row["level"]), str(row["level_name"]), float(row["hold_s"]),
                     tuple(int(n) for n in row["repetitions"]), bool(row["per_side"]),
                     bool(row.get("moved_up", False)))


def _core(saved: Mapping[str, Any], started: date | None,
          today: date) -> tuple[CorePart | None, str | None]:
    unreadable = ("Your saved trunk-exercise progression could not be read: plan it again "
                  "in lesson 03 and press 'Save my plan'.")
    try:
        entries = tuple(_entry(r) for r in saved["entries"])
        weeks = int(saved["weeks"])
    except (KeyError, TypeError, ValueError):
        return None, unreadable
    if not entries or weeks < 1:
        return None, unreadable
    week, ended, retest = 1, False, None
    if started is not None:
        elapsed = max((today - started).days, 0) // 7 + 1
        ended, week = elapsed > weeks, min(elapsed, weeks)
        retest = started + timedelta(weeks=weeks)
    this_week = tuple(e for e in entries if e.week == week)
    if not this_week:
        return None, unreadable
    return CorePart(week, weeks, this_week, started, retest, ended,
                    str(saved.get("move_up_rule", ""))), None


# -- the weekly load --------------------------------------------------------------------

def load_line(sessions, today: date) -> LoadLine:
    """The last 7 days against the 4-week average, as lesson 06 computes it (the
    coupled 7/28-day ratio), with one plain instruction."""
    from .training_load import CHRONIC_DAYS, OK, REASONS, SHORT_HISTORY, training_load

    rows = [(s.day.isoformat(), s.minutes, s.rpe) for s in sessions if s.day <= today]
    if not rows:
        raise InputError("There are no sessions up to today.")
    ratio = training_load(rows, today=today, end=today.isoformat()).ratio("coupled")
    acute, chronic, code = float(ratio.acute[-1]), float(ratio.chronic[-1]), int(ratio.reason[-1])
    history = len(ratio.acute)
    if code == SHORT_HISTORY:
        value = None
        defined_from = today + timedelta(days=CHRONIC_DAYS - history)
        instruction = (f"The ratio is not defined yet: {REASONS[code]} ({history} so far; "
                       f"it is from {defined_from}). Until then, add load step by step.")
    elif code != OK:
        value = None
        instruction = (f"The ratio is not defined ({REASONS[code]}). Start light and build "
                       "up step by step.")
    else:
        value = float(ratio.value[-1])
        if value >= SPIKE:
            instruction = ("A jump: hold this load steady for a week or two before adding "
                           "more.")
        elif value < DIP:
            instruction = ("Lighter than usual: build back up step by step, not in one "
                           "jump.")
        else:
            instruction = "Steady: keep adding load step by step."
    return LoadLine(acute, chronic, value, REASONS[code], instruction, history)


# -- the red-flag box ---------------------------------------------------------------

def safety_basis(content: SafetyContent) -> str:
    """One line naming the sources of the care tiers, cited from the safety content."""
    keys = dict.fromkeys(k for tier in content.tiers for k in tier.references)
    return ("These tiers are the course's own (lesson 07), built on "
            + ", ".join(f"[@{k}]" for k in keys) + ". Education, not diagnosis.")


def red_flag_lines(content: SafetyContent) -> tuple[RedFlagLine, ...]:
    """Three lines from the one safety source: emergency signs, signs to see a
    doctor soon, and what to do otherwise (keep training, adjusted)."""
    lines = []
    for tier in content.tiers:
        flags = content.flags_of(tier.id)
        if flags:
            text = "Any one of these: " + "; ".join(_lower_first(f.text) for f in flags) + "."
        else:
            text = tier.action
        lines.append(RedFlagLine(tier.id, tier.heading, text))
    return tuple(lines)


# -- the card ---------------------------------------------------------------------------

def build_gym_card(inputs: PlanInputs, *, safety: SafetyContent | None = None) -> GymCard:
    """The card's content from a snapshot (`safety`: the red flags and tiers,
    by default the course's safety.yaml)."""
    if not isinstance(inputs, PlanInputs):
        raise InputError("The gym card needs a PlanInputs snapshot of your progress.")
    if safety is None:
        from ..content.safety import safety_content

        safety = safety_content()
    missing: dict[str, str] = {}
    refs: list[str] = []

    warm = core = load = None
    if isinstance(inputs.warm_up, Mapping):
        warm, problem = _warm_up(inputs.warm_up)
        if problem:
            missing["warm-up"] = problem
    else:
        missing["warm-up"] = MISSING["warm-up"]
    if isinstance(inputs.core_plan, Mapping):
        core, problem = _core(inputs.core_plan, inputs.core_plan_saved, inputs.today)
        if problem:
            missing["core"] = problem
    else:
        missing["core"] = MISSING["core"]
    if not inputs.sessions:
        missing["load"] = MISSING["load"]
    else:
        try:
            load = load_line(inputs.sessions, inputs.today)
        except InputError as exc:
            missing["load"] = (f"Your training log could not be used "
                               f"({_lower_first(str(exc).rstrip('.'))}): check it in lesson 06.")

    from ..content.markup import cited_keys

    for part, basis in ((warm, WARM_UP_BASIS), (core, CORE_BASIS), (load, LOAD_BASIS)):
        if part is not None:
            refs += cited_keys(basis)
    basis = safety_basis(safety)
    refs += cited_keys(basis)
    return GymCard(inputs.today, warning_sign_notice(inputs), warm, core, load,
                   red_flag_lines(safety), missing, tuple(dict.fromkeys(refs)), basis,
                   inputs.notices)


__all__ = ["GymCard", "build_gym_card", "load_line", "red_flag_lines", "warm_up_steps",
           "MISSING", "TAGS"]
