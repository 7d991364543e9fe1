"""Figures for the lumbar-load model: a leaning stick figure, compression and
shear against the NIOSH reference lines, and the moment-angle curve."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..models.spine_load import (NIOSH_ACTION_LIMIT_N, NIOSH_MAX_PERMISSIBLE_N,
                                 SHEAR_REFERENCE_N, LumbarLoad, lumbar_load)
from .frames import cached_frame, render_frame
from .live import nice_top, settle
from .overlay import Frame, LiveFigure, Sketch
from .palette import PALETTE

_TRUNK = 0.50       # drawn trunk length (m), L4/L5 to the base of the neck
_HEAD = 0.58        # distance from L4/L5 to the centre of the drawn head
_GROUND = -0.82
# (x from, x to, force in N, line style) of the reference lines on the bars
_LIMIT_LINES = ((-0.4, 0.4, NIOSH_ACTION_LIMIT_N, "--"),
                (-0.4, 0.4, NIOSH_MAX_PERMISSIBLE_N, "-"),
                (0.6, 1.4, SHEAR_REFERENCE_N, "--"))
_LIMITS_NOTE = "occupational limits for untrained workers, not limits for trained lifters"


def _n(value: float) -> str:
    return f"{value:,.0f}"


def _curve(r: LumbarLoad, n: int = 46):
    angles = np.linspace(0.0, 90.0, n)
    res = lumbar_load(r.body_mass, r.bar_mass, angles, bar_distance=r.bar_distance)
    return angles, res.moment, float(res.compression.max())


def alt_text(r: LumbarLoad, curve=None) -> str:
    """Text description of the load figure, with the numbers it shows."""
    moments = (curve if curve is not None else _curve(r))[1]
    shear_dir = "forward" if r.shear >= 0 else "backward"
    return (
        f"Schematic lifter leaning {r.trunk_angle_deg:.0f}° forward from vertical with a "
        f"{r.bar_mass:g} kg load {r.bar_horizontal_distance * 100:.0f} cm in front of "
        f"L4/L5 (horizontal distance). Estimated L4/L5 moment {_n(r.moment)} N·m, "
        f"extensor muscle force {_n(r.extensor_force)} N, compression {_n(r.compression)} N "
        f"({r.compression_body_weights:.1f} × body weight) and {shear_dir} shear "
        f"{_n(abs(r.shear))} N. Reference lines: NIOSH action limit "
        f"{_n(NIOSH_ACTION_LIMIT_N)} N and maximum permissible limit "
        f"{_n(NIOSH_MAX_PERMISSIBLE_N)} N for compression, and {_n(SHEAR_REFERENCE_N)} N "
        f"for shear; these are {_LIMITS_NOTE}. The curve shows the moment rising from "
        f"{_n(moments[0])} N·m upright to {_n(moments[-1])} N·m at 90°, with the "
        f"current angle marked.")


class LoadFigure:
    """The three-panel load figure: a still frame and the parts that move.

    The frame (axes, ticks, reference lines, legs) is drawn once per axis range
    and cached (see ``frames``); each update writes the stick figure, bars,
    curve and labels as SVG over it (see ``overlay``). Axis ranges only change
    when the values outgrow them.
    """

    def __init__(self, *, width: float = 8.6, height: float = 3.1, dpi: int = 90):
        self.size = (width, height, dpi)
        self._scale = None
        self.frame: Frame | None = None
        self.result: LumbarLoad | None = None

    # -- the still frame --------------------------------------------------------
    def _draw_frame(self, scale) -> Frame:
        from .base import new_figure

        fig = new_figure(*self.size)
        ax_fig, ax_bar, ax_m = fig.subplots(1, 3, width_ratios=[1.0, 1.0, 1.25])
        _stick_frame(ax_fig)
        _bars_frame(ax_bar)
        _curve_frame(ax_m)
        # Lay out with the widest tick labels expected, then freeze the layout,
        # so the panels sit in the same place whatever the axis ranges.
        ax_bar.set_ylim(-10, 100)
        ax_m.set_ylim(0, 10000)
        fig.canvas.draw()
        fig.set_layout_engine("none")
        ax_bar.set_ylim(scale[0], scale[1])
        ax_m.set_ylim(0, scale[2])
        return render_frame(fig, {"stick": ax_fig, "bars": ax_bar, "curve": ax_m})

    # -- the moving parts -------------------------------------------------------
    def _sketch(self, r: LumbarLoad, curve) -> str:
        k = Sketch(self.frame)
        th = np.radians(r.trunk_angle_deg)
        ux, uy = np.sin(th), np.cos(th)
        black, red, blue = PALETTE["black"], PALETTE["vermillion"], PALETTE["blue"]
        k.line("stick", [0.0, _TRUNK * ux], [0.0, _TRUNK * uy], color=black, lw=4,
               cap="round")
        k.markers("stick", [_HEAD * ux], [_HEAD * uy], ms=14, color=black)
        bx, by = r.bar_distance * ux, r.bar_distance * uy
        if r.bar_mass > 0:
            k.line("stick", [bx, bx], [by, -0.9], color=red, lw=1.5, ls=":")
            k.markers("stick", [bx], [by], ms=6 + 10 * min(r.bar_mass, 300.0) / 300.0,
                      color=red, mec=black)
        k.line("stick", [0.0, bx], [-0.9, -0.9], color=blue, lw=1.5)
        k.markers("stick", [0.0, bx], [-0.9, -0.9], marker="|", ms=8, color=blue, mew=1.5)
        k.text("stick", bx / 2, -0.93, f"{r.bar_horizontal_distance * 100:.0f} cm",
               ha="center", va="top", fontsize=8, color=blue)

        values = (r.compression / 1000, r.shear / 1000)
        for i, (v, colour) in enumerate(zip(values, (blue, PALETTE["orange"]))):
            k.rect("bars", i - 0.3, 0.0, 0.6, v, facecolor=colour)
            k.text("bars", i, max(v, 0), f"{v:.1f}", ha="center", va="bottom", fontsize=8,
                   halo=True)
        for x0, x1, y, ls in _LIMIT_LINES:
            k.line("bars", [x0, x1], [y / 1000] * 2, color=black, lw=1, ls=ls)
        k.line("curve", curve[0], curve[1], color=blue, lw=2)
        k.markers("curve", [r.trunk_angle_deg], [r.moment], ms=8, color=red)
        return k.svg()

    @staticmethod
    def _scale_for(r: LumbarLoad, curve) -> tuple:
        # Axis ranges follow the worst case over all angles, so moving the
        # angle alone never changes the frame.
        shear = r.shear / 1000
        bottom = 0.0 if shear >= 0 else -nice_top(-shear * 1.2, 0.5)
        return (bottom, nice_top(curve[2] / 1000 * 1.15, 8.0),
                nice_top(float(curve[1][-1]) * 1.1, 100.0))

    def update(self, r: LumbarLoad) -> LiveFigure:
        """Show `r` (a scalar result) and return the figure with fresh alt text."""
        self.result = r
        curve = _curve(r)
        scale = settle(self._scale, self._scale_for(r, curve))
        if scale != self._scale or self.frame is None:
            self._scale = scale
            self.frame = cached_frame("load", (self.size, scale), (__name__,),
                                      lambda: self._draw_frame(scale))
        return LiveFigure(self.frame, self._sketch(r, curve), alt_text(r, curve))


def _stick_frame(ax) -> None:
    ax.set_aspect("equal")
    ax.set_xlim(-0.35, 0.80)
    ax.set_ylim(-1.02, 0.72)
    ax.axis("off")
    ax.set_title("Position (schematic)", y=1.0)
    ax.plot([-0.35, 0.8], [_GROUND, _GROUND], color=PALETTE["grey"], lw=1)
    ax.plot([0.0, 0.32, 0.12, 0.30], [-0.08, -0.42, -0.80, -0.80],  # hip-knee-ankle-toe
            color=PALETTE["black"], lw=3, solid_capstyle="round")
    ax.plot([0.0, 0.0], [0.0, -0.9], ls=":", lw=1, color=PALETTE["blue"])
    ax.plot([0.0], [0.0], "s", ms=6, color=PALETTE["blue"])
    ax.text(-0.03, 0.0, "L4/L5", ha="right", va="center", fontsize=8,
            color=PALETTE["blue"])


def _bars_frame(ax) -> None:
    ax.set_title("L4/L5 forces", y=1.0)
    ax.set_ylabel("force (kN)")
    ax.set_xticks([0, 1], ["compression", "shear"])
    ax.set_xlim(-0.6, 1.6)
    for force in (NIOSH_ACTION_LIMIT_N, NIOSH_MAX_PERMISSIBLE_N):  # lines: in the overlay
        ax.text(0.42, force / 1000, f"{force / 1000:.1f}", va="center", fontsize=7)
    ax.text(0.5, 0.98, "lines: NIOSH occupational limits", transform=ax.transAxes,
            ha="center", va="top", fontsize=7, color=PALETTE["grey"])


def _curve_frame(ax) -> None:
    ax.set_title("Moment vs trunk lean", y=1.0)
    ax.set_xlabel("trunk lean from vertical (°)")
    ax.set_ylabel("L4/L5 moment (N·m)")
    ax.set_xlim(0, 90)
    ax.set_xticks([0, 30, 60, 90])


def load_figure(result: LumbarLoad) -> LiveFigure:
    """The load figure for one scalar result."""
    return LoadFigure(dpi=96).update(result)


def lift_comparison_figure(results: Sequence[tuple[str, LumbarLoad]], *,
                           dpi: int = 72):
    """Horizontal bars of the L4/L5 moment for each named lift, same masses
    (an AccessibleFigure)."""
    from .base import AccessibleFigure, new_figure

    if not results:
        raise ValueError("Give at least one lift to compare.")
    first = results[0][1]
    fig = new_figure(7.0, 0.45 * len(results) + 1.3, dpi)
    ax = fig.subplots()
    names = [name for name, _ in results]
    moments = [r.moment for _, r in results]
    y = np.arange(len(results))[::-1]
    ax.barh(y, moments, color=PALETTE["sky"], edgecolor=PALETTE["blue"])
    ax.set_yticks(y, names)
    ax.set_xlabel("L4/L5 moment (N·m)")
    ax.set_xlim(0, max(max(moments), 1.0) * 1.5)
    ax.set_title(f"Same lifter ({first.body_mass:g} kg) and load ({first.bar_mass:g} kg); "
                 "illustrative positions", fontsize=9)
    for yi, (_, r) in zip(y, results):
        ax.text(r.moment, yi, f"  {r.moment:,.0f} N·m, {r.compression / 1000:.1f} kN "
                f"at {r.trunk_angle_deg:.0f}°", va="center", fontsize=8)
    parts = [f"{name}: {r.trunk_angle_deg:.0f}° lean, moment {_n(r.moment)} N·m, "
             f"compression {_n(r.compression)} N" for name, r in results]
    alt = (f"Bar chart comparing lifts for a {first.body_mass:g} kg lifter with a "
           f"{first.bar_mass:g} kg load, using illustrative (not measured) trunk angles. "
           + "; ".join(parts) + ".")
    return AccessibleFigure(fig, alt)
