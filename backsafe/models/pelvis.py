"""Sagittal pelvic geometry, the clinical pelvic-tilt reading, and the modified
Thomas test, as small pure functions.

Relations and where they come from
----------------------------------
* **Pelvic incidence = pelvic tilt + sacral slope** (Legaye et al. 1998). All
  three are X-ray angles seen from the side. *Incidence* is fixed by the shape
  of a person's pelvis once they are grown; *tilt* (the angle between the
  vertical and the line from the hip joints to the middle of the top of the
  sacrum) changes as the pelvis rotates; *sacral slope* (the angle of the top
  of the sacrum to the horizontal) changes by the same amount the other way.
  Note the sign: on this X-ray measure a pelvis that rotates **forward** has
  a **smaller** tilt.
* **Pain-free spread of tilt.** In 709 pain-free adults, mean +/- 2 SD of tilt
  was 0-27 degrees, incidence 32-74 degrees and sacral slope 24-55 degrees
  (Mac-Thiong et al. 2011). We read that as mean 13.5, SD 6.75 for tilt and
  assume a normal distribution.
* **Lordosis (an estimate).** In 126 healthy Japanese volunteers aged 20-69,
  lumbar lordosis was predicted by LL = 32.9 + 0.60 x PI - 0.23 x age
  (Hasegawa et al. 2016). We treat that as the lordosis at the average tilt,
  and shift it degree for degree as the tilt moves away from 13.5 degrees:
  with the trunk kept upright and the top of the lumbar spine unmoved, the
  lordosis must change by as much as the sacral slope does. Both steps are
  approximations for teaching, not a measurement of anyone's spine.
* **The clinical reading** is the angle of the line from the back (PSIS) to
  the front (ASIS) of the pelvis to the horizontal, front lower = positive =
  "anterior tilt". In 120 pain-free young adults, 85% of men and 75% of women
  read as anterior tilt (Herrington 2011). Bone shape alone spreads this angle
  from 0 to 23 degrees (mean 13, SD 5) in 30 cadaver pelves held in the same
  position (Preece et al. 2008), so the reading mixes posture with anatomy.
* **Modified Thomas test.** The shin hanging straight down from a level thigh
  means 90 degrees of knee bend. Knee-angle measurements in this test have a
  standard error of about 7 degrees (Peeler & Anderson 2008), so we call a
  knee angle "clearly less" than 90 only when it is more than two standard
  errors (14 degrees) short. That cut-off is derived here, not validated.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

from . import InputError

# -- published numbers ------------------------------------------------------
TILT_MEAN = 13.5
"""Mean X-ray pelvic tilt (degrees), centre of the 0-27 degree mean +/- 2 SD
range in 709 pain-free adults (Mac-Thiong et al. 2011)."""
TILT_SD = 6.75
"""SD of X-ray pelvic tilt (degrees): a quarter of that 27-degree range."""
INCIDENCE_RANGE_PAIN_FREE = (32.0, 74.0)
"""Mean +/- 2 SD of pelvic incidence in the same cohort (degrees)."""
SACRAL_SLOPE_RANGE_PAIN_FREE = (24.0, 55.0)
"""Mean +/- 2 SD of sacral slope in the same cohort (degrees)."""

LORDOSIS_INTERCEPT, LORDOSIS_PER_PI, LORDOSIS_PER_YEAR = 32.9, 0.60, -0.23
"""Hasegawa et al. (2016) regression: LL = 32.9 + 0.60 PI - 0.23 age."""
LORDOSIS_AGE_RANGE = (20, 69)
"""Ages of the volunteers behind that regression."""
LORDOSIS_ESTIMATE_NOTE = (
    "Estimate: typical lordosis for this incidence and age from a regression in 126 "
    "healthy Japanese adults (Hasegawa et al. 2016), shifted degree for degree as the "
    "tilt moves away from the pain-free average. Not a measurement of your spine.")

HERRINGTON_ANTERIOR = {"men": 85, "women": 75}
"""Per cent of 120 pain-free young adults read as anterior tilt (Herrington 2011)."""
HERRINGTON_NEUTRAL = {"men": 9, "women": 18}
HERRINGTON_POSTERIOR = {"men": 6, "women": 7}
BONE_SHAPE_MEAN, BONE_SHAPE_SD, BONE_SHAPE_RANGE = 13.0, 5.0, (0.0, 23.0)
"""ASIS-PSIS angle from bone shape alone in 30 cadaver pelves (Preece et al. 2008)."""

THOMAS_KNEE_SEM = 7.0
"""Standard error of measurement of the knee angle in the modified Thomas test
(Peeler & Anderson 2008)."""
THOMAS_KNEE_REFERENCE = 90.0
"""Knee bend when the shin hangs straight down from a level thigh (geometry)."""

# -- input limits (anatomically possible, generous) ---------------------------
INCIDENCE_LIMITS = (20.0, 100.0)
TILT_LIMITS = (-20.0, 60.0)
CLINICAL_LIMITS = (-30.0, 40.0)
KNEE_LIMITS = (0.0, 160.0)
THIGH_POSITIONS = ("above", "level", "below")


def _number(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputError(f"{name} must be a number of degrees, not {value!r}.")
    value = float(value)
    if not math.isfinite(value):
        raise InputError(f"{name} must be a finite number of degrees, not {value}.")
    return value


def _within(value: float, limits: tuple, name: str) -> float:
    low, high = limits
    if not low <= value <= high:
        raise InputError(f"{name} must be between {low:g} and {high:g} degrees; "
                         f"got {value:g}.")
    return value


def _normal_cdf(x: float, mean: float, sd: float) -> float:
    return 0.5 * (1.0 + math.erf((x - mean) / (sd * math.sqrt(2.0))))


def sacral_slope(incidence_deg, tilt_deg) -> float:
    """Sacral slope = pelvic incidence - pelvic tilt (Legaye et al. 1998).

    A standing pelvis cannot tip so far back that the top of the sacrum slopes
    backwards, so a negative result raises ``InputError``.
    """
    pi = _within(_number(incidence_deg, "Pelvic incidence"), INCIDENCE_LIMITS,
                 "Pelvic incidence")
    pt = _within(_number(tilt_deg, "Pelvic tilt"), TILT_LIMITS, "Pelvic tilt")
    ss = pi - pt
    if ss < 0:
        raise InputError(
            f"A tilt of {pt:g}° with an incidence of {pi:g}° would leave the top of the "
            f"sacrum sloping backwards ({ss:g}°), which a standing pelvis cannot do; "
            f"use a tilt of {pi:g}° or less.")
    return ss


def typical_lordosis(incidence_deg, age_years=39) -> float:
    """Estimated lumbar lordosis (degrees) for an incidence and age.

    Hasegawa et al. (2016) regression in 126 healthy Japanese adults aged
    20-69: LL = 32.9 + 0.60 x PI - 0.23 x age. An estimate for a population,
    not a target or a measurement.
    """
    pi = _within(_number(incidence_deg, "Pelvic incidence"), INCIDENCE_LIMITS,
                 "Pelvic incidence")
    if isinstance(age_years, bool) or not isinstance(age_years, numbers.Real):
        raise InputError(f"Age must be a number of years, not {age_years!r}.")
    low, high = LORDOSIS_AGE_RANGE
    if not low <= age_years <= high:
        raise InputError(f"The lordosis estimate was made in adults aged {low} to {high}; "
                         f"got {age_years:g}.")
    return LORDOSIS_INTERCEPT + LORDOSIS_PER_PI * pi + LORDOSIS_PER_YEAR * age_years


def tilt_percentile(tilt_deg) -> float:
    """Per cent of pain-free adults with a smaller X-ray tilt (normal approximation
    of Mac-Thiong et al. 2011)."""
    pt = _within(_number(tilt_deg, "Pelvic tilt"), TILT_LIMITS, "Pelvic tilt")
    return 100.0 * _normal_cdf(pt, TILT_MEAN, TILT_SD)


@dataclass(frozen=True)
class PelvisState:
    """The pelvis and lumbar curve for one incidence, tilt and age (degrees)."""

    incidence: float
    tilt: float
    age: float
    sacral_slope: float
    lordosis_estimate: float
    lordosis_change: float       # vs the same person at the pain-free average tilt
    tilt_percentile: float       # % of pain-free adults with a smaller tilt
    tilt_in_pain_free_range: bool

    @property
    def rotation(self) -> str:
        """Which way the pelvis is rotated compared with the average tilt."""
        if self.tilt < TILT_MEAN - 0.5:
            return "forward"
        if self.tilt > TILT_MEAN + 0.5:
            return "backward"
        return "average"


def pelvis_state(incidence_deg=53.0, tilt_deg=13.5, age_years=39) -> PelvisState:
    """Sacral slope, estimated lordosis and where the tilt falls among pain-free adults."""
    ss = sacral_slope(incidence_deg, tilt_deg)
    pt = float(tilt_deg)
    typical = typical_lordosis(incidence_deg, age_years)
    change = TILT_MEAN - pt
    return PelvisState(
        incidence=float(incidence_deg), tilt=pt, age=float(age_years), sacral_slope=ss,
        lordosis_estimate=typical + change, lordosis_change=change,
        tilt_percentile=tilt_percentile(pt),
        tilt_in_pain_free_range=TILT_MEAN - 2 * TILT_SD <= pt <= TILT_MEAN + 2 * TILT_SD)


@dataclass(frozen=True)
class ClinicalTilt:
    """A clinical ASIS-PSIS reading placed among pain-free people."""

    angle: float
    direction: str                 # "anterior", "level" or "posterior"
    share_men: int                 # % of pain-free men with the same direction
    share_women: int               # % of pain-free women with the same direction
    bone_shape_percentile: float   # % of cadaver pelves whose bones alone give less


def clinical_tilt(angle_deg) -> ClinicalTilt:
    """Place a clinical pelvic-tilt reading (front lower than back = positive).

    The direction is the sign of the angle; exactly 0 is "level". The shares
    come from Herrington (2011); the bone-shape percentile from a normal curve
    with the mean and SD of Preece et al. (2008).
    """
    angle = _within(_number(angle_deg, "The clinical tilt angle"), CLINICAL_LIMITS,
                    "The clinical tilt angle")
    if angle > 0:
        direction, table = "anterior", HERRINGTON_ANTERIOR
    elif angle < 0:
        direction, table = "posterior", HERRINGTON_POSTERIOR
    else:
        direction, table = "level", HERRINGTON_NEUTRAL
    return ClinicalTilt(angle, direction, table["men"], table["women"],
                        100.0 * _normal_cdf(angle, BONE_SHAPE_MEAN, BONE_SHAPE_SD))


@dataclass(frozen=True)
class ThomasResult:
    """What a modified Thomas test reading shows, as keys into the content file."""

    thigh_position: str
    knee_angle: float
    hip_finding: str      # "thigh-above", "thigh-level" or "thigh-below"
    knee_finding: str     # "knee-short", "knee-unclear" or "knee-clear"
    knee_shortfall: float  # degrees short of 90 (negative = more bend than 90)


def thomas_test(thigh_position: str, knee_angle_deg) -> ThomasResult:
    """Read a modified Thomas test.

    ``thigh_position``: where the hanging thigh rests compared with the table
    line ("above", "level" or "below"). ``knee_angle_deg``: how far the knee
    bends, 0 = straight. Returns which interpretation applies; the words live
    in ``backsafe/content/hip_flexors.yaml``.
    """
    if thigh_position not in THIGH_POSITIONS:
        raise InputError("Thigh position must be 'above', 'level' or 'below' the table "
                         f"line, not {thigh_position!r}.")
    knee = _within(_number(knee_angle_deg, "Knee angle"), KNEE_LIMITS, "Knee angle")
    shortfall = THOMAS_KNEE_REFERENCE - knee
    if shortfall > 2 * THOMAS_KNEE_SEM:
        knee_finding = "knee-short"
    elif shortfall > 0:
        knee_finding = "knee-unclear"
    else:
        knee_finding = "knee-clear"
    return ThomasResult(thigh_position, knee, f"thigh-{thigh_position}", knee_finding,
                        shortfall)


__all__ = ["PelvisState", "pelvis_state", "sacral_slope", "typical_lordosis",
           "tilt_percentile", "ClinicalTilt", "clinical_tilt", "ThomasResult",
           "thomas_test", "TILT_MEAN", "TILT_SD", "LORDOSIS_ESTIMATE_NOTE"]
