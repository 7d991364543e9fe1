"""A RAMP warm-up builder for one main lift, a time budget and the plates you have.

RAMP (Jeffreys 2007) splits a warm-up into *raise* (easy cardio), *activate
and mobilise* (drills for the muscles and joints the lift uses) and
*potentiate* (here: ramp-up sets of the lift itself at rising loads). It is a
coaching framework, not a tested protocol.

The plan is built in three steps:

1. **Ramp-up sets.** An empty-bar set, then each step of the scheme
   (a percentage of the working weight with fewer reps as the load rises),
   each rounded to the nearest weight that the bar and plates can make
   (ties go to the lighter weight). Steps that round to the same weight as
   an earlier set, or to the working weight, are left out.
2. **Time.** Each set takes ``setup + reps x seconds_per_rep + rest``; the
   raise takes its full time and every drill for the lift is included.
3. **Fitting the budget.** If that is too long, the builder, in this order,
   shortens the raise (down to its minimum), drops drills from the lowest
   priority up until two are left, drops ramp-up steps that are not
   essential, then drops the second drill (never the first). Each cut is
   reported with its reason. A budget below the shortest possible plan raises
   :class:`InputError`.

Loading assumes a pair of every plate size is always free (a typical gym),
so a weight is loadable when ``(weight - bar) / 2`` is a sum of plate sizes.
The content (drills, scheme, default equipment) comes from
``backsafe/content/warm_up.yaml``; pass ``library=`` to use other content.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import InputError, short_repr

MAX_WORKING_WEIGHT = 500.0
MAX_REPS = 30
MAX_BUDGET_MINUTES = 60.0
MAX_PLATE = 50.0
MAX_BAR = 30.0
MAX_PLATE_SIZES = 12     # a gym rarely has more than eight; each adds work to the table


# -- inputs -------------------------------------------------------------------
def _number(value, name: str, unit: str) -> float:
    """A finite real number, or InputError with one sentence."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer,
                                                                      np.floating)):
        raise InputError(f"{name} must be a number{unit}, not {short_repr(value)}.")
    try:
        value = float(value)
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        raise InputError(f"{name} must be a finite number, not {value}.")
    return value


def _kg(x: float) -> str:
    return f"{x:g} kg"


def parse_plates(text) -> tuple[float, ...]:
    """Plate sizes from text such as ``"25, 20, 10, 5, 2.5"`` (or a list of
    numbers), largest first and without repeats."""
    too_many = (f"List at most {MAX_PLATE_SIZES} plate sizes, for example "
                "25, 20, 15, 10, 5, 2.5, 1.25.")
    if isinstance(text, str):
        if len(text) > MAX_PLATE_SIZES * 10:
            raise InputError(too_many)
        parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p.strip()]
        values = []
        for p in parts:
            try:
                values.append(float(p))
            except ValueError:
                raise InputError(f"Plates must be numbers in kg separated by commas, like "
                                 f"25, 20, 10, 5, 2.5; '{p.strip()[:20]}' is not a "
                                 "number.") from None
    elif isinstance(text, (list, tuple, set, frozenset)):
        if len(text) > MAX_PLATE_SIZES * 4:
            raise InputError(too_many)
        values = [_number(v, "Each plate", " in kg") for v in text]
    else:
        raise InputError(f"Plates must be a list of weights in kg, not {text!r}.")
    if not values:
        raise InputError("Give at least one plate size, for example 20, 10, 5, 2.5.")
    for v in values:
        if not math.isfinite(v) or v <= 0 or v > MAX_PLATE:
            raise InputError(f"Plate sizes must be more than 0 and at most {MAX_PLATE:g} kg; "
                             f"got {v:g}.")
    if len(set(values)) > MAX_PLATE_SIZES:
        raise InputError(too_many)
    return tuple(sorted(set(values), reverse=True))


# -- loading --------------------------------------------------------------------
_GRID = 100      # weights handled in hundredths of a kilogram


@lru_cache(maxsize=64)
def _loadable_table(plates: tuple[float, ...]):
    """(unit, fewest plates for each multiple of `unit` per side, last plate used),
    up to the heaviest per-side load the builder accepts."""
    cents = [round(p * _GRID) for p in plates]
    unit = math.gcd(*cents)
    steps = [c // unit for c in cents]
    n = int(math.ceil(MAX_WORKING_WEIGHT * _GRID / 2 / unit)) + max(steps) + 1
    count = np.full(n, np.iinfo(np.int32).max, dtype=np.int64)
    last = np.full(n, -1, dtype=np.int64)
    count[0] = 0
    for i in range(1, n):
        for k, s in enumerate(steps):      # largest plate first: ties favour big plates
            if s <= i and count[i - s] + 1 < count[i]:
                count[i] = count[i - s] + 1
                last[i] = k
    return unit, count, last


def plates_per_side(weight: float, bar_weight: float, plates: tuple[float, ...]):
    """The fewest plates (largest first) that load `weight` on the bar, per side,
    or None if it cannot be loaded."""
    unit, count, last = _loadable_table(tuple(plates))
    side = (weight - bar_weight) * _GRID / 2
    if side < -1e-6:
        return None
    idx = side / unit
    i = int(round(idx))
    if abs(idx - i) > 1e-6 or i >= len(count) or last[i] < 0 and i != 0:
        return None
    out = []
    while i > 0:
        k = int(last[i])
        out.append(plates[k])
        i -= round(plates[k] * _GRID) // unit
    return tuple(sorted(out, reverse=True))


def nearest_loadable(weight: float, bar_weight: float,
                     plates: tuple[float, ...]) -> tuple[float, float | None]:
    """The heaviest loadable weight at or below `weight` and the lightest at or
    above it (None above the builder's range)."""
    unit, count, last = _loadable_table(tuple(plates))
    side = max((weight - bar_weight) * _GRID / 2, 0.0)
    ok = (last >= 0)
    ok[0] = True
    i = min(int(math.floor(side / unit + 1e-9)), len(ok) - 1)
    lo = i
    while not ok[lo]:
        lo -= 1
    hi = int(math.ceil(side / unit - 1e-9))
    while hi < len(ok) and not ok[hi]:
        hi += 1
    to_kg = lambda j: round(bar_weight + 2 * j * unit / _GRID, 4)  # noqa: E731
    return to_kg(lo), (to_kg(hi) if hi < len(ok) else None)


def round_to_loadable(target: float, bar_weight: float, plates: tuple[float, ...]) -> float:
    """The loadable weight nearest `target` (ties to the lighter one)."""
    lo, hi = nearest_loadable(target, bar_weight, plates)
    if hi is None or target - lo <= hi - target:
        return lo
    return hi


# -- the plan ---------------------------------------------------------------------
@dataclass(frozen=True)
class RampSet:
    """One ramp-up set (``percent`` is None for the empty-bar set)."""

    percent: float | None
    target: float               # kg before rounding
    weight: float               # kg, loadable
    reps: int
    plates_per_side: tuple[float, ...]
    seconds: float              # set-up, reps and the rest after it

    @property
    def label(self) -> str:
        return "empty bar" if self.percent is None else f"{self.percent:g}%"


@dataclass(frozen=True)
class PlannedDrill:
    id: str
    name: str
    dose: str
    seconds: float
    block: str
    reason: str
    static_hold_seconds: float      # per muscle (per side); 0 for dynamic drills


@dataclass(frozen=True)
class Block:
    key: str                    # "raise", "activate-mobilise", "potentiate"
    title: str
    start: float                # seconds from the start of the warm-up
    seconds: float

    @property
    def minutes(self) -> float:
        return self.seconds / 60


@dataclass(frozen=True)
class Dropped:
    what: str
    why: str


@dataclass(frozen=True)
class WarmUpPlan:
    lift_id: str
    lift_name: str
    working_weight: float
    reps: int
    budget_minutes: float
    bar_weight: float
    plates: tuple[float, ...]
    raise_name: str
    raise_seconds: float
    drills: tuple[PlannedDrill, ...]
    ramp: tuple[RampSet, ...]
    blocks: tuple[Block, ...]
    dropped: tuple[Dropped, ...]
    advice: tuple[str, ...]
    notes: str

    @property
    def total_seconds(self) -> float:
        return sum(b.seconds for b in self.blocks)

    @property
    def total_minutes(self) -> float:
        return self.total_seconds / 60

    @property
    def spare_minutes(self) -> float:
        return self.budget_minutes - self.total_minutes

    @property
    def working_plates_per_side(self) -> tuple[float, ...]:
        return plates_per_side(self.working_weight, self.bar_weight, self.plates) or ()


def _set_seconds(lib, reps: int, rest: float) -> float:
    return lib.setup_seconds + reps * lib.seconds_per_rep + rest


def _ramp_sets(lib, working: float, bar: float, plates) -> list[tuple[RampSet, bool]]:
    """(set, essential) pairs: the empty bar, then the scheme's distinct weights."""
    sets = [(RampSet(None, bar, bar, lib.empty_bar_reps, (),
                     _set_seconds(lib, lib.empty_bar_reps, lib.empty_bar_rest_seconds)), True)]
    for step in lib.steps:
        target = working * step.percent / 100
        weight = round_to_loadable(target, bar, plates)
        if weight <= sets[-1][0].weight or weight >= working:
            continue
        sets.append((RampSet(step.percent, target, weight, step.reps,
                             plates_per_side(weight, bar, plates),
                             _set_seconds(lib, step.reps, step.rest_seconds)), step.essential))
    return sets


def _library(library):
    if library is not None:
        return library
    from ..content.warm_up import warm_up_library   # content is parsed once, cached

    return warm_up_library()


def build_warm_up(lift: str, working_weight, reps, minutes, *, bar_weight=None,
                  plates=None, notes: str = "", library=None) -> WarmUpPlan:
    """Build a RAMP warm-up for `lift` (an id from the course's lift list) that
    fits in `minutes`, ending ready for `reps` reps at `working_weight` kg.

    ``bar_weight`` defaults to the content's standard bar (20 kg) and
    ``plates`` (a list of sizes, or text such as "20, 10, 5, 2.5") to a
    standard gym set. ``notes`` (e.g. "back feels stiff today") may add drills
    and advice. Invalid input raises :class:`InputError` with one sentence.
    """
    lib = _library(library)
    if not isinstance(lift, str) or lift not in lib.lifts:
        choices = ", ".join(lib.lifts)
        raise InputError(f"The builder has no lift {lift!r}; choose one of {choices}.")
    lift_name, drill_ids = lib.lifts[lift]
    bar = lib.default_bar_weight if bar_weight is None else _number(bar_weight, "Bar weight",
                                                                      " in kg")
    if not 0 < bar <= MAX_BAR:
        raise InputError(f"Bar weight must be more than 0 and at most {MAX_BAR:g} kg; "
                         f"got {bar:g}.")
    plates = lib.plates if plates is None else parse_plates(plates)
    weight = _number(working_weight, "Working weight", " in kg")
    if weight < bar:
        raise InputError(f"The working weight ({_kg(weight)}) is less than the empty bar "
                         f"({_kg(bar)}); use a lighter bar or a heavier working weight.")
    if weight > MAX_WORKING_WEIGHT:
        raise InputError(f"The working weight must be at most {_kg(MAX_WORKING_WEIGHT)}; "
                         f"got {_kg(weight)}.")
    n_reps = _number(reps, "Reps", "")
    if n_reps != int(n_reps):
        raise InputError(f"Reps must be a whole number; got {n_reps:g}.")
    if not 1 <= n_reps <= MAX_REPS:
        raise InputError(f"Reps must be between 1 and {MAX_REPS}; got {n_reps:g}.")
    budget = _number(minutes, "The time budget", " of minutes")
    if not 0 < budget <= MAX_BUDGET_MINUTES:
        raise InputError(f"The time budget must be more than 0 and at most "
                         f"{MAX_BUDGET_MINUTES:g} minutes; got {budget:g}.")
    if plates_per_side(weight, bar, plates) is None:
        lo, hi = nearest_loadable(weight, bar, plates)
        nearest = f"{_kg(lo)} and {_kg(hi)}" if hi is not None else _kg(lo)
        raise InputError(f"{_kg(weight)} cannot be loaded on a {_kg(bar)} bar with these "
                         f"plates; the nearest loadable weights are {nearest}.")
    if not isinstance(notes, str):
        raise InputError(f"Notes must be text, not {notes!r}.")

    # Notes: extra drills and advice
    text = notes.lower()
    advice, extra = [], []
    for rule in lib.notes:
        if any(word in text for word in rule.keywords):
            advice.append(rule.advice)
            extra += [d for d in rule.add_drills if d not in drill_ids and d not in extra]
    # Extra drills from notes go right after the first (kept) drill.
    order = [drill_ids[0], *extra, *drill_ids[1:]]
    drills = [lib.drills[d] for d in order]
    protected = 1 + len(extra)

    ramp = _ramp_sets(lib, weight, bar, plates)
    budget_s = budget * 60
    raise_s = lib.raise_full_minutes * 60
    raise_min = lib.raise_min_minutes * 60
    dropped: list[Dropped] = []

    def total():
        return raise_s + sum(d.seconds for d in drills) + sum(s.seconds for s, _ in ramp)

    shortest = (raise_min + sum(d.seconds for d in drills[:protected])
                + sum(s.seconds for s, keep in ramp if keep))
    if budget_s < shortest - 1e-9:
        raise InputError(
            f"A warm-up for {weight:g} kg on the {lift_name.lower()} needs at least "
            f"{math.ceil(shortest / 60 - 1e-9)} minutes here; the budget is {budget:g}.")

    if total() > budget_s:
        new = max(raise_min, raise_s - (total() - budget_s))
        new = min(raise_s, math.ceil(new / 30) * 30)        # whole half-minutes
        if new < raise_s:
            dropped.append(Dropped(
                f"Raise shortened from {raise_s / 60:g} to {new / 60:g} min",
                "the ramp-up sets also raise your temperature"))
            raise_s = new
    def drop_drills(keep: int) -> None:
        while total() > budget_s and len(drills) > keep:
            d = drills.pop()
            dropped.append(Dropped(
                d.name, f"lowest priority of the drills left for the {lift_name.lower()}; "
                        "the ramp-up sets rehearse the lift itself"))

    drop_drills(protected + 1)          # keep the two most useful drills for now
    while total() > budget_s and any(not keep for _, keep in ramp):
        i = next(i for i, (_, keep) in enumerate(ramp) if not keep)
        s = ramp.pop(i)[0]
        dropped.append(Dropped(
            f"The {s.label} ramp-up set ({_kg(s.weight)})",
            "fewer, bigger jumps still reach the working weight"))
    drop_drills(protected)
    if total() > budget_s and raise_s > raise_min:     # pragma: no cover (guarded above)
        raise_s = raise_min

    planned = tuple(PlannedDrill(d.id, d.name, d.dose, d.seconds, d.block, d.reason,
                                 d.stretch.total_seconds if d.stretch else 0.0)
                    for d in drills)
    sets = tuple(s for s, _ in ramp)
    am = sum(d.seconds for d in planned)
    blocks = (Block("raise", "Raise", 0.0, raise_s),
              Block("activate-mobilise", "Activate & mobilise", raise_s, am),
              Block("potentiate", "Potentiate: ramp-up sets", raise_s + am,
                    sum(s.seconds for s in sets)))
    return WarmUpPlan(lift, lift_name, weight, int(n_reps), budget, bar, plates,
                      lib.raise_name, raise_s, planned, sets, blocks, tuple(dropped),
                      tuple(advice), notes.strip())


def describe(plan: WarmUpPlan) -> str:
    """One or two plain sentences summarising the plan."""
    ramp = ", ".join(f"{_kg(s.weight)} × {s.reps}" for s in plan.ramp)
    text = (f"{plan.total_minutes:.1f} of {plan.budget_minutes:g} minutes: "
            f"{plan.raise_seconds / 60:g} min raise, {len(plan.drills)} drill"
            f"{'s' if len(plan.drills) != 1 else ''}, then ramp-up sets {ramp} before "
            f"{plan.reps} × {_kg(plan.working_weight)} on the {plan.lift_name.lower()}.")
    if plan.dropped:
        text += f" To fit the time, {len(plan.dropped)} thing" + \
            ("s were" if len(plan.dropped) != 1 else " was") + " cut."
    return text


__all__ = ["build_warm_up", "describe", "parse_plates", "plates_per_side",
           "nearest_loadable", "round_to_loadable", "WarmUpPlan", "RampSet",
           "PlannedDrill", "Block", "Dropped"]
