"""Drills, ramp-up scheme and default equipment for the warm-up builder
(warm_up.yaml), checked against the course's lift list (lift_presets.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .lift_presets import lift_presets
from .loader import ContentError, choice, field, keyed_items, load_yaml

FILE = "warm_up.yaml"
BLOCKS = ("activate", "mobilise")
MAX_STATIC_HOLD_SECONDS = 60
"""Static stretching of 60 s or more per muscle costs more strength and power
(Behm et al. 2016); every stretch the builder uses stays under this."""


@dataclass(frozen=True)
class Stretch:
    muscle: str
    hold_seconds: float
    sets_per_side: int

    @property
    def total_seconds(self) -> float:
        """Static hold per muscle (per side)."""
        return self.hold_seconds * self.sets_per_side


@dataclass(frozen=True)
class Drill:
    id: str
    name: str
    dose: str
    seconds: float
    block: str              # "activate" or "mobilise"
    reason: str
    stretch: Stretch | None = None


@dataclass(frozen=True)
class RampStep:
    percent: float          # of the working weight
    reps: int
    rest_seconds: float
    essential: bool


@dataclass(frozen=True)
class NoteRule:
    id: str
    keywords: tuple[str, ...]
    add_drills: tuple[str, ...]
    advice: str


@dataclass(frozen=True)
class WarmUpLibrary:
    bar_weights: tuple[float, ...]
    default_bar_weight: float
    plates: tuple[float, ...]
    raise_name: str
    raise_reason: str
    raise_full_minutes: float
    raise_min_minutes: float
    seconds_per_rep: float
    setup_seconds: float
    empty_bar_reps: int
    empty_bar_rest_seconds: float
    steps: tuple[RampStep, ...]
    ramp_reason: str
    drills: dict            # id -> Drill
    lifts: dict             # lift id -> (name, tuple of drill ids in priority order)
    notes: tuple[NoteRule, ...]


def _positive(item, name, file, item_id, *, kind=float, top=None):
    value = field(item, name, kind, file, item_id)
    if value <= 0 or (top is not None and value > top):
        limit = f" and at most {top:g}" if top is not None else ""
        raise ContentError(file, f"must be more than 0{limit}", item_id, name)
    return value


def _numbers(item, name, file, item_id) -> tuple[float, ...]:
    values = field(item, name, list, file, item_id)
    if not values:
        raise ContentError(file, "must list at least one weight", item_id, name)
    out = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v <= 0:
            raise ContentError(file, f"weights must be positive numbers, not {v!r}",
                               item_id, name)
        out.append(float(v))
    return tuple(out)


def _stretch(raw, file, item_id) -> Stretch | None:
    if raw is None:
        return None
    muscle = field(raw, "muscle", str, file, item_id)
    hold = _positive(raw, "hold_seconds", file, item_id)
    sets = _positive(raw, "sets_per_side", file, item_id, kind=int)
    if hold * sets >= MAX_STATIC_HOLD_SECONDS:
        raise ContentError(file, f"a static stretch must total under "
                           f"{MAX_STATIC_HOLD_SECONDS} s per muscle, not {hold * sets:g} s",
                           item_id, "stretch")
    return Stretch(muscle, hold, sets)


def parse_warm_up(data, file: str = FILE, lift_names: dict | None = None) -> WarmUpLibrary:
    """Validate warm_up.yaml's contents. `lift_names` maps the course's lift ids
    to names (default: lift_presets.yaml)."""
    if lift_names is None:
        # "Conventional deadlift (lift-off)" -> "Conventional deadlift"
        lift_names = {p.id: p.name.split(" (")[0] for p in lift_presets()}
    eq = field(data, "equipment", dict, file, None)
    bars = _numbers(eq, "bar_weights", file, "equipment")
    default_bar = _positive(eq, "default_bar_weight", file, "equipment")
    if default_bar not in bars:
        raise ContentError(file, "must be one of bar_weights", "equipment",
                           "default_bar_weight")
    plates = tuple(sorted(set(_numbers(eq, "plates", file, "equipment")), reverse=True))

    rz = field(data, "raise", dict, file, None)
    full = _positive(rz, "full_minutes", file, "raise")
    least = _positive(rz, "min_minutes", file, "raise")
    if least > full:
        raise ContentError(file, "must not be more than full_minutes", "raise", "min_minutes")

    ramp = field(data, "ramp_up", dict, file, None)
    empty = field(ramp, "empty_bar", dict, file, "ramp_up")
    steps, last = [], 0.0
    for index, raw in enumerate(field(ramp, "steps", list, file, "ramp_up")):
        sid = f"ramp_up step {index + 1}"
        pct = _positive(raw, "percent", file, sid, top=99)
        if pct <= last:
            raise ContentError(file, "percentages must rise from step to step", sid, "percent")
        last = pct
        steps.append(RampStep(pct, _positive(raw, "reps", file, sid, kind=int),
                              _positive(raw, "rest_seconds", file, sid),
                              field(raw, "essential", bool, file, sid)))
    if not any(s.essential for s in steps):
        raise ContentError(file, "at least one step must be essential", "ramp_up", "steps")

    drills = {}
    for did, item in keyed_items(data, "drills", "id", file, slug=True):
        drills[did] = Drill(did, field(item, "name", str, file, did),
                            field(item, "dose", str, file, did),
                            _positive(item, "seconds", file, did),
                            choice(item, "block", BLOCKS, file, did),
                            field(item, "reason", str, file, did),
                            _stretch(item.get("stretch"), file, did))

    def drill_ids(values, item_id, name):
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ContentError(file, "should be a list of drill ids", item_id, name)
        for v in values:
            if v not in drills:
                raise ContentError(file, f"unknown drill '{v}'", item_id, name)
        if len(set(values)) != len(values):
            raise ContentError(file, "a drill is listed twice", item_id, name)
        return tuple(values)

    lifts = {}
    for lift_id, ids in field(data, "lifts", dict, file, None).items():
        if lift_id not in lift_names:
            raise ContentError(file, "not a lift in lift_presets.yaml", lift_id, "lifts")
        ids = drill_ids(ids, lift_id, "lifts")
        if not ids:
            raise ContentError(file, "list at least one drill", lift_id, "lifts")
        lifts[lift_id] = (lift_names[lift_id], ids)
    if not lifts:
        raise ContentError(file, "there are no lifts", None, "lifts")

    notes = []
    for nid, item in keyed_items(data, "notes", "id", file, slug=True):
        words = field(item, "keywords", list, file, nid)
        if not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise ContentError(file, "should be a list of words", nid, "keywords")
        notes.append(NoteRule(nid, tuple(w.lower() for w in words),
                              drill_ids(item.get("add_drills") or [], nid, "add_drills"),
                              field(item, "advice", str, file, nid)))

    return WarmUpLibrary(
        bar_weights=bars, default_bar_weight=default_bar, plates=plates,
        raise_name=field(rz, "name", str, file, "raise"),
        raise_reason=field(rz, "reason", str, file, "raise"),
        raise_full_minutes=full, raise_min_minutes=least,
        seconds_per_rep=_positive(ramp, "seconds_per_rep", file, "ramp_up"),
        setup_seconds=_positive(ramp, "setup_seconds", file, "ramp_up"),
        empty_bar_reps=_positive(empty, "reps", file, "ramp_up empty_bar", kind=int),
        empty_bar_rest_seconds=_positive(empty, "rest_seconds", file, "ramp_up empty_bar"),
        steps=tuple(steps), ramp_reason=field(ramp, "reason", str, file, "ramp_up"),
        drills=drills, lifts=lifts, notes=tuple(notes))


@lru_cache(maxsize=1)
def warm_up_library() -> WarmUpLibrary:
    """The builder's content, parsed once."""
    return parse_warm_up(load_yaml(FILE))
