"""Published trunk-endurance norm sets and ratio rules of thumb (trunk_norms.yaml)."""
from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from functools import lru_cache
from types import MappingProxyType
from collections.abc import Mapping

from .loader import ContentError, UnknownName, check_slug, choice, field, keyed_items, load_yaml

FILE = "trunk_norms.yaml"
TESTS = ("flexor", "extensor", "side_right", "side_left")
RATIOS = ("flexor_extensor", "right_left", "right_extensor", "left_extensor")
GROUP_RATIOS = ("side_extensor", "side_flexor")
SEXES = ("men", "women", "mixed")


@dataclass(frozen=True)
class TimeNorm:
    mean: float      # seconds
    sd: float        # seconds


@dataclass(frozen=True)
class NormSet:
    """One published reference group: where it comes from and what it reports."""

    id: str
    name: str
    source: str                      # a reference key
    sample: str
    sex: str
    times: Mapping[str, TimeNorm] = dc_field(default_factory=dict)
    ratios: Mapping[str, float] = dc_field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True)
class RuleOfThumb:
    """A band for one ratio (either bound may be open)."""

    id: str
    ratio: str
    label: str
    low: float | None
    high: float | None
    meaning: str

    def band_text(self) -> str:
        if self.low is not None and self.high is not None:
            return f"{self.low:.2f} to {self.high:.2f}"
        if self.high is not None:
            return f"below {self.high:.2f}"
        return f"above {self.low:.2f}"


def _number(item, name, file, item_id, *, positive=True) -> float:
    value = field(item, name, float, file, item_id)
    if value != value or (positive and value <= 0):
        raise ContentError(file, "must be a number above 0", item_id, name)
    return value


NEEDED_SETS = ("mcgill1999-men", "mcgill1999-women")   # lesson 03's explorer and prediction


def parse_norms(data, file: str = FILE) -> tuple[tuple[NormSet, ...], tuple[RuleOfThumb, ...]]:
    """Validate the file's contents; return (norm sets, rules of thumb)."""
    sets = []
    for set_id, item in keyed_items(data, "norm_sets", "id", file, slug=True):
        source = check_slug(field(item, "source", str, file, set_id), file, set_id, "source")
        times = {}
        raw_times = field(item, "times", dict, file, set_id, required=False, default={})
        for test, norm in raw_times.items():
            if test not in TESTS:
                raise ContentError(file, f"unknown test '{test}'; use {', '.join(TESTS)}",
                                   set_id, "times")
            where = f"{set_id}/{test}"
            times[test] = TimeNorm(_number(norm, "mean", file, where),
                                   _number(norm, "sd", file, where))
        ratios = {}
        for name, value in field(item, "ratios", dict, file, set_id, required=False,
                                 default={}).items():
            if name not in GROUP_RATIOS:
                raise ContentError(file, f"unknown ratio '{name}'; use "
                                   f"{', '.join(GROUP_RATIOS)}", set_id, "ratios")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ContentError(file, f"ratio '{name}' must be a number above 0",
                                   set_id, "ratios")
            ratios[name] = float(value)
        if not times and not ratios:
            raise ContentError(file, "a norm set needs per-test times or group ratios",
                               set_id, "times")
        sets.append(NormSet(
            set_id, field(item, "name", str, file, set_id), source,
            field(item, "sample", str, file, set_id),
            choice(item, "sex", SEXES, file, set_id),
            MappingProxyType(times), MappingProxyType(ratios),
            field(item, "note", str, file, set_id, required=False)))
    if not sets:
        raise ContentError(file, "there are no norm sets", None, "norm_sets")
    for needed in NEEDED_SETS:
        if needed not in {s.id for s in sets}:
            raise ContentError(file, f"the norm set '{needed}' is missing; lesson 03's "
                               "explorer starts from it", None, "norm_sets")
    rules = []
    for rule_id, item in keyed_items(data, "rules_of_thumb", "id", file, slug=True):
        ratio = choice(item, "ratio", RATIOS, file, rule_id)
        low = field(item, "low", float, file, rule_id, required=False)
        high = field(item, "high", float, file, rule_id, required=False)
        if low is None and high is None:
            raise ContentError(file, "give a low or a high bound (or both)", rule_id, "high")
        if low is not None and high is not None and low >= high:
            raise ContentError(file, "low must be below high", rule_id, "low")
        rules.append(RuleOfThumb(rule_id, ratio, field(item, "label", str, file, rule_id),
                                 low, high, field(item, "meaning", str, file, rule_id)))
    return tuple(sets), tuple(rules)


@lru_cache(maxsize=1)
def _load():
    return parse_norms(load_yaml(FILE))


def norm_sets() -> tuple[NormSet, ...]:
    """Every norm set, in file order."""
    return _load()[0]


def norm_set(set_id: str) -> NormSet:
    """One norm set by id; a clear error lists the ids that exist."""
    for item in norm_sets():
        if item.id == set_id:
            return item
    known = ", ".join(s.id for s in norm_sets())
    raise UnknownName(f"There is no norm set '{set_id}'. Norm sets: {known}.")


def rules_of_thumb() -> tuple[RuleOfThumb, ...]:
    return _load()[1]
