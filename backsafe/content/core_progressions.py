"""Low-load trunk exercises, their levels and the course's progression rules
(core_progressions.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, check_slug, field, keyed_items, load_yaml

FILE = "core_progressions.yaml"


@dataclass(frozen=True)
class Level:
    number: int
    name: str
    how: str


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    per_side: bool
    levels: tuple[Level, ...]


@dataclass(frozen=True)
class ProgressionRules:
    """The course's own practical rules (not from a study)."""

    hold_max_s: float
    hold_min_s: float
    hold_step_s: float
    start_fraction: float
    level_two_from_s: float
    repetitions: tuple[int, ...]
    sessions_to_move_up: int
    move_up: str
    stop: str


@dataclass(frozen=True)
class Progressions:
    source: str
    exercises: tuple[Exercise, ...]
    rules: ProgressionRules


def _positive(item, name, file, item_id, kind=float):
    value = field(item, name, kind, file, item_id)
    if value <= 0:
        raise ContentError(file, "must be above 0", item_id, name)
    return value


def parse_progressions(data, file: str = FILE) -> Progressions:
    source = check_slug(field(data, "source", str, file, None), file, None, "source")
    exercises = []
    for ex_id, item in keyed_items(data, "exercises", "id", file, slug=True):
        raw_levels = field(item, "levels", list, file, ex_id)
        if len(raw_levels) < 2:
            raise ContentError(file, "an exercise needs at least two levels", ex_id, "levels")
        levels = tuple(Level(n, field(lv, "name", str, file, f"{ex_id} level {n}"),
                             field(lv, "how", str, file, f"{ex_id} level {n}"))
                       for n, lv in enumerate(raw_levels, start=1))
        exercises.append(Exercise(ex_id, field(item, "name", str, file, ex_id),
                                  field(item, "per_side", bool, file, ex_id), levels))
    if not exercises:
        raise ContentError(file, "there are no exercises", None, "exercises")
    r = field(data, "rules", dict, file, None)
    if field(r, "own_rule", bool, file, "rules") is not True:
        raise ContentError(file, "these numbers are the course's own rules; say so with "
                           "own_rule: true", "rules", "own_rule")
    reps = field(r, "repetitions", list, file, "rules")
    if not reps or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0
                           for n in reps):
        raise ContentError(file, "give a list of whole numbers above 0", "rules",
                           "repetitions")
    low, high = (_positive(r, "hold_min_s", file, "rules"),
                 _positive(r, "hold_max_s", file, "rules"))
    if low > high:
        raise ContentError(file, "must not be above hold_max_s", "rules", "hold_min_s")
    fraction = _positive(r, "start_fraction", file, "rules")
    if fraction > 1:
        raise ContentError(file, "must be between 0 and 1", "rules", "start_fraction")
    rules = ProgressionRules(
        hold_max_s=high, hold_min_s=low,
        hold_step_s=_positive(r, "hold_step_s", file, "rules"),
        start_fraction=fraction,
        level_two_from_s=_positive(r, "level_two_from_s", file, "rules"),
        repetitions=tuple(reps),
        sessions_to_move_up=_positive(r, "sessions_to_move_up", file, "rules", int),
        move_up=field(r, "move_up", str, file, "rules"),
        stop=field(r, "stop", str, file, "rules"))
    return Progressions(source, tuple(exercises), rules)


@lru_cache(maxsize=1)
def core_progressions() -> Progressions:
    """The exercises, their levels and the progression rules (parsed once)."""
    return parse_progressions(load_yaml(FILE))
