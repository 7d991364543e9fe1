"""A static, sagittal-plane model of the load at the L4/L5 disc during a lift.

The lifter's trunk leans forward by ``trunk_angle_deg`` from vertical. Two
weights act in front of L4/L5: the upper body (head, arms and trunk above
L4/L5) and the bar. Each makes a *flexion moment* equal to its weight times
its **horizontal distance** from L4/L5. The back extensor muscles, which sit
only a few centimetres behind the disc, must balance that moment, so they
pull very hard, and most of the disc's compression comes from them.

Equations (evidence notes, section 2A; theta = trunk angle, alpha = angle of
the extensors' line of pull to the compression axis)::

    m_u = 0.536 * body_mass                     # mass above L4/L5
    M   = g * (m_u * r_u + m_b * r_b) * sin(theta)
    F_E = M / r_E
    C   = F_E * cos(alpha) + g * (m_u + m_b) * cos(theta)
    S   = g * (m_u + m_b) * sin(theta) - F_E * sin(alpha)

Meaning of the distances. ``upper_body_distance`` (r_u) and ``bar_distance``
(r_b) are measured **along the trunk**, from L4/L5 up to the upper body's
centre of mass and up to the point where the bar's vertical line of action
crosses the trunk. For a deadlift or a loaded carry that is the shoulders
(the arms hang straight down); for a back squat it is where the bar sits on
the back. Leaning forward tips that point in front of the spine, and the
horizontal distance is ``r * sin(theta)``: upright, the bar is directly
above L4/L5 and makes no moment; at 90 degrees the whole distance is
horizontal. Results report these horizontal distances, because
"moment = weight x horizontal distance" is the idea to take away.

The geometric defaults (0.22 m, 0.42 m) are **assumptions** for an adult of
average build, not measurements; the muscle moment arm (6 cm) and line of
pull (5 degrees) are the values used by Cholewicki et al. (1991). The model
ignores acceleration, co-contraction of the trunk muscles, intra-abdominal
pressure, passive tissues, spinal curvature and individual anatomy, so treat
its numbers as orders of magnitude.
"""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Iterable

import numpy as np

from . import InputError, short_repr

G = 9.81                       # m/s^2
UPPER_BODY_MASS_FRACTION = 0.536
"""Head, neck, both arms and the trunk above L4/L5, as a fraction of body
mass: 0.355 + 0.081 + 2 x 0.050 from Dempster's data as tabulated by Winter."""

DEFAULT_UPPER_BODY_DISTANCE = 0.22   # m along the trunk to the upper-body centre of mass (assumed)
DEFAULT_BAR_DISTANCE = 0.42          # m along the trunk to the shoulders (assumed)
DEFAULT_EXTENSOR_MOMENT_ARM = 0.06   # m, Cholewicki et al. 1991 (simple models often use 0.05)
DEFAULT_EXTENSOR_ANGLE_DEG = 5.0     # degrees, Cholewicki et al. 1991

NIOSH_ACTION_LIMIT_N = 3400.0
"""NIOSH (1981) action limit for L5/S1 compression, about 3,400 N."""
NIOSH_MAX_PERMISSIBLE_N = 6400.0
"""NIOSH (1981) maximum permissible limit for L5/S1 compression, about 6,400 N."""
SHEAR_REFERENCE_N = 1000.0
"""A 1,000 N anterior-shear limit used in some occupational studies."""
LIMITS_CAVEAT = (
    "These are occupational limits for repeated lifting by untrained workers, "
    "not limits for trained lifters: trained tissue adapts, and national-level "
    "powerlifters' deadlifts have been estimated at about 17,000 N.")


@dataclass(frozen=True)
class LumbarLoad:
    """Inputs and results of :func:`lumbar_load` (floats, or NumPy arrays).

    Forces in newtons, moments in newton-metres, distances in metres.
    ``shear`` is positive when it pushes the upper vertebra forward.
    """

    body_mass: float
    bar_mass: float
    trunk_angle_deg: float
    bar_distance: float
    upper_body_mass: float
    upper_body_horizontal_distance: float
    bar_horizontal_distance: float
    upper_body_moment: float
    bar_moment: float
    moment: float
    extensor_force: float
    compression: float
    shear: float

    @property
    def compression_body_weights(self):
        """Compression as a multiple of body weight."""
        return self.compression / (G * self.body_mass)


def _as_array(value, name: str) -> np.ndarray:
    if isinstance(value, (bool, np.bool_, str, bytes)):
        raise InputError(f"{name} must be a number, not {short_repr(value)}.")
    if isinstance(value, int) and abs(value) > 1e300:
        raise InputError(f"{name} is far too large to compute with; use a realistic "
                         "value.")
    try:
        arr = np.asarray(value)
    except Exception:  # ragged lists and other oddities
        raise InputError(f"{name} must be a number or an array of numbers.") from None
    if arr.dtype.kind not in "iuf":
        raise InputError(f"{name} must be a number or an array of numbers, not "
                         f"{short_repr(value)}.")
    arr = arr.astype(float)
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{name} must be a finite number, not infinity or NaN.")
    return arr


def _check(ok: np.ndarray, arr: np.ndarray, message: str) -> None:
    if not np.all(ok):
        bad = arr[~ok] if arr.ndim else arr
        raise InputError(f"{message}; got {float(np.ravel(bad)[0]):g}.")


def lumbar_load(body_mass, bar_mass, trunk_angle_deg, *,
                upper_body_distance=DEFAULT_UPPER_BODY_DISTANCE,
                bar_distance=DEFAULT_BAR_DISTANCE,
                extensor_moment_arm=DEFAULT_EXTENSOR_MOMENT_ARM,
                extensor_angle_deg=DEFAULT_EXTENSOR_ANGLE_DEG,
                g=G) -> LumbarLoad:
    """Estimate moment, extensor force, compression and shear at L4/L5.

    Parameters
    ----------
    body_mass : kg, more than 0.
    bar_mass : kg of external load (bar, dumbbells), 0 or more.
    trunk_angle_deg : forward lean of the trunk from vertical, 0 to 90.
    upper_body_distance : m along the trunk from L4/L5 to the centre of mass
        of everything above it (default 0.22, an assumption).
    bar_distance : m along the trunk from L4/L5 to where the bar's vertical
        line of action crosses it (default 0.42, about shoulder height; an
        assumption). The horizontal distance is ``bar_distance * sin(angle)``.
    extensor_moment_arm : m from the disc centre to the extensors' line of
        pull (default 0.06; more than 0).
    extensor_angle_deg : angle of that line of pull to the compression axis,
        0 to less than 90 (default 5).
    g : gravitational acceleration, m/s^2 (default 9.81).

    Every argument may be a scalar or an array; arrays broadcast with NumPy
    rules. All-scalar input gives floats; otherwise every field is an array.
    Invalid input raises ``ValueError`` with one plain sentence.
    """
    bm = _as_array(body_mass, "Body mass")
    mb = _as_array(bar_mass, "Bar mass")
    th = _as_array(trunk_angle_deg, "Trunk angle")
    ru = _as_array(upper_body_distance, "Upper-body distance")
    rb = _as_array(bar_distance, "Bar distance")
    re = _as_array(extensor_moment_arm, "Extensor moment arm")
    al = _as_array(extensor_angle_deg, "Extensor angle")
    gg = _as_array(g, "Gravity")
    _check(bm > 0, bm, "Body mass must be more than 0 kg")
    _check(mb >= 0, mb, "Bar mass cannot be negative")
    _check((th >= 0) & (th <= 90), th, "Trunk angle must be between 0 and 90 degrees")
    _check(ru >= 0, ru, "Upper-body distance cannot be negative")
    _check(rb >= 0, rb, "Bar distance cannot be negative")
    _check(re > 0, re, "Extensor moment arm must be more than 0 m")
    _check((al >= 0) & (al < 90), al, "Extensor angle must be at least 0 and less than 90 degrees")
    _check(gg > 0, gg, "Gravity must be more than 0")
    try:
        np.broadcast_shapes(bm.shape, mb.shape, th.shape, ru.shape, rb.shape,
                            re.shape, al.shape, gg.shape)
    except ValueError:
        raise InputError("The array inputs have shapes that cannot be combined.") from None

    try:
        with np.errstate(over="raise", invalid="raise"):
            return _solve(bm, mb, th, ru, rb, re, al, gg)
    except FloatingPointError:
        raise InputError("These values are too large for the load to be computed; use "
                         "realistic masses (kg) and distances (m).") from None


def _solve(bm, mb, th, ru, rb, re, al, gg) -> LumbarLoad:
    """The statics of lumbar_load on checked arrays."""
    theta = np.radians(th)
    alpha = np.radians(al)
    sin_t, cos_t = np.sin(theta), np.cos(theta)
    mu = UPPER_BODY_MASS_FRACTION * bm
    du = ru * sin_t
    db = rb * sin_t
    m_upper = gg * mu * du
    m_bar = gg * mb * db
    moment = m_upper + m_bar
    force = moment / re
    weight = gg * (mu + mb)
    compression = force * np.cos(alpha) + weight * cos_t
    shear = weight * sin_t - force * np.sin(alpha)

    values = dict(body_mass=bm, bar_mass=mb, trunk_angle_deg=th, bar_distance=rb,
                  upper_body_mass=mu, upper_body_horizontal_distance=du,
                  bar_horizontal_distance=db, upper_body_moment=m_upper,
                  bar_moment=m_bar, moment=moment, extensor_force=force,
                  compression=compression, shear=shear)
    shape = np.broadcast_shapes(*(v.shape for v in values.values()))
    if shape == ():
        return LumbarLoad(**{k: float(v) for k, v in values.items()})
    return LumbarLoad(**{k: np.broadcast_to(v, shape).copy() for k, v in values.items()})


def moment_curve(body_mass: float, bar_mass: float, *, bar_distance=DEFAULT_BAR_DISTANCE,
                 n: int = 91, **kwargs) -> tuple[np.ndarray, np.ndarray]:
    """Trunk angles 0-90 degrees and the L4/L5 moment at each (for plots)."""
    angles = np.linspace(0.0, 90.0, n)
    return angles, lumbar_load(body_mass, bar_mass, angles,
                               bar_distance=bar_distance, **kwargs).moment


def compare_lifts(presets: Iterable, body_mass: float, bar_mass: float,
                  **kwargs) -> list[tuple[str, LumbarLoad]]:
    """Evaluate each preset (anything with ``name``, ``trunk_angle_deg`` and
    ``bar_distance``) at the same body mass and bar mass."""
    return [(p.name, lumbar_load(body_mass, bar_mass, p.trunk_angle_deg,
                                 bar_distance=p.bar_distance, **kwargs))
            for p in presets]


def describe(result: LumbarLoad) -> str:
    """One plain sentence with the main numbers (for scalar results)."""
    return (f"At {result.trunk_angle_deg:.0f} degrees of lean with {result.bar_mass:g} kg, "
            f"the bar is {result.bar_horizontal_distance * 100:.0f} cm in front of L4/L5: "
            f"moment {result.moment:,.0f} N·m, extensor force {result.extensor_force:,.0f} N, "
            f"compression {result.compression:,.0f} N "
            f"({result.compression_body_weights:.1f} x body weight), "
            f"shear {result.shear:,.0f} N.")


__all__ = ["LumbarLoad", "lumbar_load", "moment_curve", "compare_lifts", "describe",
           "G", "UPPER_BODY_MASS_FRACTION", "NIOSH_ACTION_LIMIT_N",
           "NIOSH_MAX_PERMISSIBLE_N", "SHEAR_REFERENCE_N", "LIMITS_CAVEAT"]
