"""Illustrative lift positions (lift_presets.yaml) for the lumbar-load model."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, UnknownName, field, keyed_items, load_yaml

FILE = "lift_presets.yaml"


@dataclass(frozen=True)
class LiftPreset:
    """A typical (illustrative, not measured) position at the hardest point."""

    id: str
    name: str
    trunk_angle_deg: float
    bar_distance: float      # m along the trunk from L4/L5
    note: str


def parse_presets(data, file: str = FILE) -> tuple[str, tuple[LiftPreset, ...]]:
    """Validate the file's contents; return (caveat, presets)."""
    caveat = field(data, "caveat", str, file, None)
    if not field(data, "presets", list, file, None):
        raise ContentError(file, "there are no presets", None, "presets")
    presets = []
    for pid, item in keyed_items(data, "presets", "id", file):
        item_id = pid
        angle = field(item, "trunk_angle_deg", float, file, item_id)
        if not 0 <= angle <= 90:
            raise ContentError(file, "must be between 0 and 90 degrees", item_id,
                               "trunk_angle_deg")
        distance = field(item, "bar_distance", float, file, item_id)
        if not 0 <= distance <= 1:
            raise ContentError(file, "must be between 0 and 1 metre", item_id,
                               "bar_distance")
        presets.append(LiftPreset(pid, field(item, "name", str, file, item_id), angle,
                                  distance, field(item, "note", str, file, item_id)))
    return caveat, tuple(presets)


@lru_cache(maxsize=1)
def _load() -> tuple[str, tuple[LiftPreset, ...]]:
    return parse_presets(load_yaml(FILE))


def lift_presets() -> tuple[LiftPreset, ...]:
    """Every preset, in file order."""
    return _load()[1]


def presets_caveat() -> str:
    """The sentence that says these values are illustrative."""
    return _load()[0]


def lift_preset(preset_id: str) -> LiftPreset:
    """One preset by id; a clear error lists the ids that exist."""
    for preset in lift_presets():
        if preset.id == preset_id:
            return preset
    known = ", ".join(p.id for p in lift_presets())
    raise UnknownName(f"There is no lift preset '{preset_id}'. Presets: {known}.")
