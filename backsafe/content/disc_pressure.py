"""Published disc-pressure measurements (disc_pressure.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, UnknownName, choice, field, keyed_items, load_yaml

FILE = "disc_pressure.yaml"
KINDS = ("posture", "lifting")


@dataclass(frozen=True)
class Measurement:
    id: str
    label: str
    kind: str            # "posture" or "lifting"
    pressure: float      # in the data set's unit (MPa)


@dataclass(frozen=True)
class DiscPressureData:
    source: str          # reference key
    level: str
    subjects: int
    subject: str
    unit: str
    measurements: tuple[Measurement, ...]

    def pressure(self, mid: str) -> float:
        """The pressure for one measurement id, e.g. 'standing'."""
        for m in self.measurements:
            if m.id == mid:
                return m.pressure
        known = ", ".join(m.id for m in self.measurements)
        raise UnknownName(f"No measurement '{mid}'. Measurements: {known}.")

    def ratio(self, mid: str, to: str = "standing") -> float:
        """How many times the pressure of `to` (standing, by default)."""
        return self.pressure(mid) / self.pressure(to)


NEEDED = ("lift-round-back", "hold-close")   # the measurements lesson 01's checker uses


def parse_disc_pressure(data, file: str = FILE) -> DiscPressureData:
    """Validate parsed YAML; a problem raises ContentError (file, item, field)."""
    items = field(data, "measurements", list, file, None)
    if len(items) < 2:
        raise ContentError(file, "needs at least two measurements", None, "measurements")
    measurements = []
    for mid, item in keyed_items(data, "measurements", "id", file, slug=True):
        kind = choice(item, "kind", KINDS, file, mid)
        pressure = field(item, "pressure", float, file, mid)
        if pressure <= 0:
            raise ContentError(file, "must be a positive number", mid, "pressure")
        measurements.append(Measurement(mid, field(item, "label", str, file, mid),
                                        kind, pressure))
    subjects = field(data, "subjects", int, file, None)
    if subjects < 1:
        raise ContentError(file, "must be at least 1", None, "subjects")
    ids = {m.id for m in measurements}
    if "standing" not in ids:
        raise ContentError(file, "a 'standing' measurement is needed as the reference",
                           None, "measurements")
    for needed in NEEDED:
        if needed not in ids:
            raise ContentError(file, f"the measurement '{needed}' is missing; lesson 01's "
                               "practice checker needs it", None, "measurements")
    return DiscPressureData(
        source=field(data, "source", str, file, None),
        level=field(data, "level", str, file, None),
        subjects=subjects,
        subject=field(data, "subject", str, file, None),
        unit=field(data, "unit", str, file, None),
        measurements=tuple(measurements),
    )


@lru_cache(maxsize=1)
def disc_pressure_data() -> DiscPressureData:
    """The Wilke et al. (1999) L4-L5 measurements, loaded and validated."""
    return parse_disc_pressure(load_yaml(FILE))
