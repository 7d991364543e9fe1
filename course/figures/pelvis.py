"""Figures for lesson 04: a side view of pelvis, sacrum and lumbar curve with the
pain-free spread of pelvic tilt, and a schematic of the modified Thomas test.

Both figures are built once; each update moves only the artists that change and
blits them onto a cached background (as ``LoadFigure`` in ``spine_load`` does).
"""
from __future__ import annotations

import math

import numpy as np

from ..models.pelvis import (BONE_SHAPE_MEAN, BONE_SHAPE_RANGE, BONE_SHAPE_SD,
                             HERRINGTON_ANTERIOR, TILT_MEAN, TILT_SD, ClinicalTilt,
                             PelvisState, ThomasResult)
from .base import PALETTE, AccessibleFigure, new_figure
from .live import LiveFigure, blit_png, capture_background

_SACRUM = 0.10        # drawn distance from hip axis to the middle of the sacral plate
_LUMBAR = 0.20        # drawn length of the lumbar spine
_PLATE = 0.028        # half-width of the sacral plate
# Schematic outline of the pelvis (x forward, y up, hip axis at 0,0) at tilt 0.
_OUTLINE = np.array([(-0.050, 0.120), (-0.010, 0.165), (0.045, 0.150), (0.085, 0.095),
                     (0.060, 0.055), (0.040, 0.020), (0.075, -0.055), (0.040, -0.075),
                     (-0.020, -0.045), (-0.045, -0.085), (-0.070, -0.060), (-0.055, 0.000),
                     (-0.075, 0.060), (-0.050, 0.120)])
_ASIS, _PSIS = np.array([0.085, 0.095]), np.array([-0.050, 0.120])


def _normal_pdf(x, mean, sd):
    return np.exp(-0.5 * ((x - mean) / sd) ** 2) / (sd * math.sqrt(2 * math.pi))


def _rotate(points, degrees):
    a = math.radians(degrees)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    return points @ rot.T


class _Blitted:
    """Shared machinery: a figure whose moving artists are blitted over a
    background rendered once."""

    def _init(self, width, height, dpi):
        self.figure = new_figure(width, height, dpi)
        self._dynamic = []
        self._background = None

    def _add(self, artist):
        self._dynamic.append(artist)
        return artist

    def _freeze(self) -> None:
        """Lay out once, then drop the layout engine and cache the background."""
        self._background = capture_background(self.figure, self._dynamic,
                                              freeze_layout=True)

    def _png(self) -> bytes:
        return blit_png(self.figure, self._background, self._dynamic)


def pelvis_alt_text(s: PelvisState, c: ClinicalTilt) -> str:
    """Text description of the pelvis figure, with the numbers it shows."""
    return (
        f"Side view (facing right) of a schematic pelvis, sacrum and lumbar spine. Pelvic "
        f"incidence {s.incidence:.0f}°, X-ray pelvic tilt {s.tilt:.1f}°, sacral slope "
        f"{s.sacral_slope:.1f}° (incidence = tilt + sacral slope), estimated lumbar "
        f"lordosis {s.lordosis_estimate:.0f}°. Top chart: pelvic tilt in 709 pain-free "
        f"adults (mean {TILT_MEAN}°, 95% between 0° and 27°); {s.tilt_percentile:.0f}% "
        f"have a smaller tilt than {s.tilt:.1f}°. Bottom chart: the clinical reading "
        f"(front-to-back line of the pelvis against the horizontal) of {c.angle:.0f}° is "
        f"{c.direction}; bone shape alone spreads this reading from "
        f"{BONE_SHAPE_RANGE[0]:.0f}° to {BONE_SHAPE_RANGE[1]:.0f}° in cadaver pelves, and "
        f"{HERRINGTON_ANTERIOR['men']}% of pain-free men and "
        f"{HERRINGTON_ANTERIOR['women']}% of pain-free women read as anterior tilt.")


class PelvisFigure(_Blitted):
    """Side-view drawing plus the two population panels; :meth:`update` redraws."""

    def __init__(self, *, width: float = 8.4, height: float = 3.9, dpi: int = 80):
        self._init(width, height, dpi)
        grid = self.figure.add_gridspec(2, 2, width_ratios=[1.0, 1.35])
        self._setup_drawing(self.figure.add_subplot(grid[:, 0]))
        self._setup_tilt(self.figure.add_subplot(grid[0, 1]))
        self._setup_clinical(self.figure.add_subplot(grid[1, 1]))
        self._freeze()

    def _setup_drawing(self, ax):
        ax.set_aspect("equal")
        ax.set_xlim(-0.19, 0.19)
        ax.set_ylim(-0.16, 0.42)
        ax.axis("off")
        ax.set_title("Side view (facing right), schematic", fontsize=9)
        ax.plot([0, 0], [0, -0.16], color=PALETTE["black"], lw=6, solid_capstyle="butt")
        ax.plot([0, 0], [0, 0.30], ls=":", lw=1, color=PALETTE["grey"])   # vertical
        ax.plot([0], [0], "o", ms=9, mfc="white", mec=PALETTE["black"], mew=1.5)
        ax.text(0.012, -0.012, "hip axis", fontsize=7, va="top")
        ax.text(0.17, -0.15, "front →", fontsize=7, ha="right", color=PALETTE["grey"])
        self._pelvis = self._add(ax.fill([], [], facecolor=PALETTE["sky"], alpha=0.45,
                                         edgecolor=PALETTE["blue"], hatch="///",
                                         lw=1.2)[0])
        self._asis_psis = self._add(ax.plot([], [], ls="--", lw=1.2, marker="o", ms=3,
                                            color=PALETTE["vermillion"])[0])
        self._pt_line = self._add(ax.plot([], [], lw=1.2, color=PALETTE["blue"])[0])
        self._plate = self._add(ax.plot([], [], lw=3, color=PALETTE["black"])[0])
        self._horizontal = self._add(ax.plot([], [], ls=":", lw=1, color=PALETTE["grey"])[0])
        self._spine = self._add(ax.plot([], [], lw=2.5, color=PALETTE["orange"])[0])
        self._vertebrae = self._add(ax.plot([], [], "s", ms=7, mfc=PALETTE["orange"],
                                            mec=PALETTE["black"])[0])
        self._labels = self._add(ax.text(-0.185, 0.41, "", fontsize=8, va="top",
                                         linespacing=1.4))
        ax.text(-0.185, 0.33, "PI incidence, PT tilt, SS sacral slope,\nLL lordosis "
                "(estimate)", fontsize=6.5, va="top", color=PALETTE["grey"])

    def _setup_tilt(self, ax):
        x = np.linspace(-20, 60, 161)
        ax.fill_between(x, _normal_pdf(x, TILT_MEAN, TILT_SD), color=PALETTE["sky"],
                        alpha=0.5, lw=0)
        ax.plot(x, _normal_pdf(x, TILT_MEAN, TILT_SD), color=PALETTE["blue"], lw=1.5)
        ax.axvspan(0, 27, color=PALETTE["grey"], alpha=0.08, lw=0)
        ax.set_xlim(-20, 60)
        ax.set_ylim(0, 0.075)
        ax.set_yticks([])
        ax.set_xlabel("X-ray pelvic tilt (°): smaller = pelvis rotated forward", fontsize=8)
        ax.set_title("709 pain-free adults (shaded: 95% range)", fontsize=9)
        self._tilt_mark = self._add(ax.axvline(0, color=PALETTE["vermillion"], lw=2))
        self._tilt_text = self._add(ax.text(0.99, 0.95, "", transform=ax.transAxes,
                                            ha="right", va="top", fontsize=8))

    def _setup_clinical(self, ax):
        x = np.linspace(-30, 40, 141)
        y = _normal_pdf(x, BONE_SHAPE_MEAN, BONE_SHAPE_SD)
        ax.fill_between(x, y, color=PALETTE["yellow"], alpha=0.5, lw=0, hatch="..")
        ax.plot(x, y, color=PALETTE["black"], lw=1, ls="-.")
        ax.axvline(0, color=PALETTE["grey"], lw=1, ls=":")
        ax.text(-1, 0.083, "← posterior", ha="right", fontsize=7, color=PALETTE["grey"])
        ax.text(1, 0.083, "anterior →", ha="left", fontsize=7, color=PALETTE["grey"])
        ax.set_xlim(-30, 40)
        ax.set_ylim(0, 0.095)
        ax.set_yticks([])
        ax.set_xlabel("clinical tilt, ASIS–PSIS line to horizontal (°)", fontsize=8)
        ax.set_title("Clinical reading: spread from bone shape alone (30 pelves)",
                     fontsize=9)
        ax.text(0.99, 0.95, f"pain-free people read as anterior:\n"
                f"{HERRINGTON_ANTERIOR['men']}% of men, {HERRINGTON_ANTERIOR['women']}% of women",
                transform=ax.transAxes, ha="right", va="top", fontsize=7)
        self._clin_mark = self._add(ax.axvline(0, color=PALETTE["vermillion"], lw=2,
                                               ls="--"))
        self._clin_text = self._add(ax.text(0.01, 0.72, "", transform=ax.transAxes,
                                            ha="left", va="top", fontsize=8))

    def _move(self, s: PelvisState, c: ClinicalTilt) -> None:
        pt, ss = s.tilt, s.sacral_slope
        outline = _rotate(_OUTLINE, pt)
        self._pelvis.set_xy(outline)
        ends = _rotate(np.vstack([_PSIS, _ASIS]), pt)
        self._asis_psis.set_data(ends[:, 0], ends[:, 1])
        sx, sy = -_SACRUM * math.sin(math.radians(pt)), _SACRUM * math.cos(math.radians(pt))
        self._pt_line.set_data([0, sx], [0, sy])
        ux, uy = math.cos(math.radians(ss)), -math.sin(math.radians(ss))
        self._plate.set_data([sx - _PLATE * ux, sx + _PLATE * ux],
                             [sy - _PLATE * uy, sy + _PLATE * uy])
        self._horizontal.set_data([sx - 0.06, sx + 0.06], [sy, sy])
        # Lumbar curve: leaves the plate at right angles (SS forward of vertical)
        # and bends back by the estimated lordosis over its length.
        t = np.linspace(0.0, 1.0, 21)
        heading = np.radians(ss - s.lordosis_estimate * t)
        step = _LUMBAR / (len(t) - 1)
        xs = sx + np.concatenate([[0.0], np.cumsum(np.sin(heading[:-1]) * step)])
        ys = sy + np.concatenate([[0.0], np.cumsum(np.cos(heading[:-1]) * step)])
        self._spine.set_data(xs, ys)
        self._vertebrae.set_data(xs[2::4], ys[2::4])
        self._labels.set_text(f"PI {s.incidence:.0f}°  PT {pt:.1f}°\n"
                              f"SS {ss:.1f}°  LL ≈ {s.lordosis_estimate:.0f}°")
        self._tilt_mark.set_xdata([pt, pt])
        self._tilt_text.set_text(f"{s.tilt_percentile:.0f}% have less")
        self._clin_mark.set_xdata([c.angle, c.angle])
        self._clin_text.set_text(c.direction)

    def update(self, s: PelvisState, c: ClinicalTilt) -> LiveFigure:
        self._move(s, c)
        return LiveFigure(self.figure, pelvis_alt_text(s, c), png=self._png())


def pelvis_figure(s: PelvisState, c: ClinicalTilt) -> AccessibleFigure:
    """A static pelvis figure for one state and clinical reading."""
    live = PelvisFigure(dpi=96).update(s, c)
    return AccessibleFigure(live.figure, live.alt)


_THIGH_ANGLE = {"above": 12.0, "level": 0.0, "below": -12.0}
_THIGH, _SHIN = 0.42, 0.40


def thomas_alt_text(r: ThomasResult) -> str:
    where = {"above": "above", "level": "level with", "below": "below"}[r.thigh_position]
    return (f"Schematic of the modified Thomas test: a person lies on their back at the end "
            f"of a table hugging one knee; the other thigh hangs {where} the table line and "
            f"the knee bends {r.knee_angle:.0f}° (90° = shin hanging straight down from a "
            f"level thigh).")


class ThomasFigure(_Blitted):
    """The test position; the hanging leg follows the learner's readings."""

    def __init__(self, *, width: float = 5.6, height: float = 2.6, dpi: int = 80):
        self._init(width, height, dpi)
        ax = self.figure.subplots()
        ax.set_aspect("equal")
        ax.set_xlim(-1.05, 0.95)
        ax.set_ylim(-0.62, 0.32)
        ax.axis("off")
        ax.fill([-1.0, 0.0, 0.0, -1.0], [0.0, 0.0, -0.08, -0.08], facecolor=PALETTE["grey"],
                alpha=0.35, hatch="xx", edgecolor=PALETTE["grey"])
        ax.plot([-0.95, -0.97], [-0.08, -0.6], color=PALETTE["grey"], lw=3)
        ax.plot([-0.05, -0.03], [-0.08, -0.6], color=PALETTE["grey"], lw=3)
        ax.plot([0.0, 0.9], [0.05, 0.05], ls="--", lw=1, color=PALETTE["blue"])
        ax.text(0.9, 0.07, "table line", ha="right", fontsize=7, color=PALETTE["blue"])
        ax.plot([-0.82, -0.02], [0.06, 0.05], color=PALETTE["black"], lw=6,
                solid_capstyle="round")                                  # trunk
        ax.plot([-0.90], [0.08], "o", ms=16, color=PALETTE["black"])     # head
        ax.plot([-0.02, -0.18, -0.42], [0.05, 0.30, 0.20], color=PALETTE["black"], lw=4,
                solid_capstyle="round")                                  # hugged leg
        ax.text(-0.75, 0.27, "hug this knee", fontsize=7)
        self._thigh = self._add(ax.plot([], [], color=PALETTE["vermillion"], lw=5,
                                        solid_capstyle="round")[0])
        self._shin = self._add(ax.plot([], [], color=PALETTE["vermillion"], lw=4, ls="-",
                                       solid_capstyle="round")[0])
        self._label = self._add(ax.text(0.45, -0.58, "", fontsize=8, ha="center"))
        self._freeze()

    def update(self, r: ThomasResult) -> LiveFigure:
        a = math.radians(_THIGH_ANGLE[r.thigh_position])
        hip = np.array([-0.02, 0.05])
        knee = hip + _THIGH * np.array([math.cos(a), math.sin(a)])
        b = a - math.radians(r.knee_angle)
        ankle = knee + _SHIN * np.array([math.cos(b), math.sin(b)])
        self._thigh.set_data([hip[0], knee[0]], [hip[1], knee[1]])
        self._shin.set_data([knee[0], ankle[0]], [knee[1], ankle[1]])
        self._label.set_text(f"thigh {r.thigh_position} the line, knee bent {r.knee_angle:.0f}°")
        return LiveFigure(self.figure, thomas_alt_text(r), png=self._png())
