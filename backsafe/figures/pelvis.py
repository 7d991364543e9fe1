"""Figures for lesson 04: a side view of pelvis, sacrum and lumbar curve with the
pain-free spread of pelvic tilt, and a schematic of the modified Thomas test.

Both are live figures (as ``LoadFigure`` in ``spine_load``): a still frame drawn
once and cached (see ``frames``), and the parts that follow the learner's input
written as SVG over it (see ``overlay``). Their axis ranges never change, so
each has one frame per size.
"""
from __future__ import annotations

import math

import numpy as np

from ..models.pelvis import (BONE_SHAPE_MEAN, BONE_SHAPE_RANGE, BONE_SHAPE_SD,
                             HERRINGTON_ANTERIOR, TILT_MEAN, TILT_SD, ClinicalTilt,
                             PelvisState, ThomasResult)
from .frames import cached_frame, render_frame
from .overlay import Frame, LiveFigure, Sketch
from .palette import PALETTE

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


class PelvisFigure:
    """Side-view drawing plus the two population panels: a still frame and the
    parts that move (pelvis, sacrum, lumbar curve, the two marks and labels)."""

    def __init__(self, *, width: float = 8.4, height: float = 3.9, dpi: int = 80):
        self.size = (width, height, dpi)
        self.frame: Frame | None = None

    def _draw_frame(self) -> Frame:
        from .base import new_figure

        fig = new_figure(*self.size)
        grid = fig.add_gridspec(2, 2, width_ratios=[1.0, 1.35])
        panels = {"drawing": fig.add_subplot(grid[:, 0]), "tilt": fig.add_subplot(grid[0, 1]),
                  "clinical": fig.add_subplot(grid[1, 1])}
        _drawing_frame(panels["drawing"])
        _tilt_frame(panels["tilt"])
        _clinical_frame(panels["clinical"])
        return render_frame(fig, panels)

    def _sketch(self, s: PelvisState, c: ClinicalTilt) -> str:
        k = Sketch(self.frame)
        _sketch_pelvis(k, s.tilt)
        _sketch_spine(k, s)
        # a no-break space keeps the double gap, which SVG would collapse
        k.text("drawing", -0.185, 0.41, f"PI {s.incidence:.0f}° \u00a0PT {s.tilt:.1f}°\n"
               f"SS {s.sacral_slope:.1f}° \u00a0LL ≈ {s.lordosis_estimate:.0f}°",
               fontsize=8, va="top", linespacing=1.4)
        red = PALETTE["vermillion"]
        k.line("tilt", [s.tilt, s.tilt], [0, 1], color=red, lw=2, coords="xdata")
        k.text("tilt", 0.99, 0.95, f"{s.tilt_percentile:.0f}% have less", fontsize=8,
               ha="right", va="top", coords="axes")
        k.line("clinical", [c.angle, c.angle], [0, 1], color=red, lw=2, ls="--",
               coords="xdata")
        k.text("clinical", 0.01, 0.72, c.direction, fontsize=8, va="top", coords="axes")
        return k.svg()

    def update(self, s: PelvisState, c: ClinicalTilt) -> LiveFigure:
        """Show `s` and `c` and return the figure with fresh alt text."""
        if self.frame is None:
            self.frame = cached_frame("pelvis", (self.size,), (__name__,), self._draw_frame)
        return LiveFigure(self.frame, self._sketch(s, c), pelvis_alt_text(s, c))


def _sketch_pelvis(k: Sketch, tilt: float) -> None:
    """The pelvis turned by `tilt`, its ASIS-PSIS line and the tilt line to the sacrum."""
    outline = _rotate(_OUTLINE, tilt)
    k.polygon("drawing", outline[:, 0], outline[:, 1], facecolor=PALETTE["sky"], alpha=0.45,
              edgecolor=PALETTE["blue"], hatch="///", lw=1.2)
    ends = _rotate(np.vstack([_PSIS, _ASIS]), tilt)
    k.line("drawing", ends[:, 0], ends[:, 1], color=PALETTE["vermillion"], lw=1.2, ls="--")
    k.markers("drawing", ends[:, 0], ends[:, 1], ms=3, color=PALETTE["vermillion"])
    sx, sy = _sacrum(tilt)
    k.line("drawing", [0, sx], [0, sy], color=PALETTE["blue"], lw=1.2)


def _sacrum(tilt: float) -> tuple[float, float]:
    """The middle of the sacral plate."""
    return -_SACRUM * math.sin(math.radians(tilt)), _SACRUM * math.cos(math.radians(tilt))


def _sketch_spine(k: Sketch, s: PelvisState) -> None:
    """The sacral plate at the sacral slope, with the horizontal it is measured
    from, and the lumbar curve with its vertebrae."""
    sx, sy = _sacrum(s.tilt)
    ux, uy = math.cos(math.radians(s.sacral_slope)), -math.sin(math.radians(s.sacral_slope))
    k.line("drawing", [sx - _PLATE * ux, sx + _PLATE * ux],
           [sy - _PLATE * uy, sy + _PLATE * uy], color=PALETTE["black"], lw=3)
    k.line("drawing", [sx - 0.06, sx + 0.06], [sy, sy], color=PALETTE["grey"], lw=1, ls=":")
    xs, ys = _lumbar_curve(sx, sy, s)
    k.line("drawing", xs, ys, color=PALETTE["orange"], lw=2.5)
    k.markers("drawing", xs[2::4], ys[2::4], marker="s", ms=7, color=PALETTE["orange"],
              mec=PALETTE["black"])


def _lumbar_curve(sx: float, sy: float, s: PelvisState) -> tuple[np.ndarray, np.ndarray]:
    # It leaves the plate at right angles (SS forward of vertical) and bends
    # back by the estimated lordosis over its length.
    t = np.linspace(0.0, 1.0, 21)
    heading = np.radians(s.sacral_slope - s.lordosis_estimate * t)
    step = _LUMBAR / (len(t) - 1)
    xs = sx + np.concatenate([[0.0], np.cumsum(np.sin(heading[:-1]) * step)])
    ys = sy + np.concatenate([[0.0], np.cumsum(np.cos(heading[:-1]) * step)])
    return xs, ys


def _drawing_frame(ax) -> None:
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
    ax.text(-0.185, 0.33, "PI incidence, PT tilt, SS sacral slope,\nLL lordosis "
            "(estimate)", fontsize=6.5, va="top", color=PALETTE["grey"])


def _tilt_frame(ax) -> None:
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


def _clinical_frame(ax) -> None:
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
    ax.set_title("Clinical reading: spread from bone shape alone (30 pelves)", fontsize=9)
    ax.text(0.99, 0.95, f"pain-free people read as anterior:\n"
            f"{HERRINGTON_ANTERIOR['men']}% of men, {HERRINGTON_ANTERIOR['women']}% of women",
            transform=ax.transAxes, ha="right", va="top", fontsize=7)


def pelvis_figure(s: PelvisState, c: ClinicalTilt) -> LiveFigure:
    """The pelvis figure for one state and clinical reading."""
    return PelvisFigure(dpi=96).update(s, c)


_THIGH_ANGLE = {"above": 12.0, "level": 0.0, "below": -12.0}
_THIGH, _SHIN = 0.42, 0.40


def thomas_alt_text(r: ThomasResult) -> str:
    where = {"above": "above", "level": "level with", "below": "below"}[r.thigh_position]
    return (f"Schematic of the modified Thomas test: a person lies on their back at the end "
            f"of a table hugging one knee; the other thigh hangs {where} the table line and "
            f"the knee bends {r.knee_angle:.0f}° (90° = shin hanging straight down from a "
            f"level thigh).")


class ThomasFigure:
    """The test position; the hanging leg follows the learner's readings."""

    def __init__(self, *, width: float = 5.6, height: float = 2.6, dpi: int = 80):
        self.size = (width, height, dpi)
        self.frame: Frame | None = None

    def _draw_frame(self) -> Frame:
        from .base import new_figure

        fig = new_figure(*self.size)
        ax = fig.subplots()
        _thomas_frame(ax)
        return render_frame(fig, {"leg": ax})

    def _sketch(self, r: ThomasResult) -> str:
        a = math.radians(_THIGH_ANGLE[r.thigh_position])
        hip = np.array([-0.02, 0.05])
        knee = hip + _THIGH * np.array([math.cos(a), math.sin(a)])
        b = a - math.radians(r.knee_angle)
        ankle = knee + _SHIN * np.array([math.cos(b), math.sin(b)])
        k = Sketch(self.frame)
        k.line("leg", [hip[0], knee[0]], [hip[1], knee[1]], color=PALETTE["vermillion"], lw=5,
               cap="round")
        k.line("leg", [knee[0], ankle[0]], [knee[1], ankle[1]], color=PALETTE["vermillion"],
               lw=4, cap="round")
        k.text("leg", 0.45, -0.58, f"thigh {r.thigh_position} the line, knee bent "
               f"{r.knee_angle:.0f}°", fontsize=8, ha="center")
        return k.svg()

    def update(self, r: ThomasResult) -> LiveFigure:
        """Show `r` and return the figure with fresh alt text."""
        if self.frame is None:
            self.frame = cached_frame("thomas", (self.size,), (__name__,), self._draw_frame)
        return LiveFigure(self.frame, self._sketch(r), thomas_alt_text(r))


def _thomas_frame(ax) -> None:
    """Table, trunk, head and the hugged leg."""
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
