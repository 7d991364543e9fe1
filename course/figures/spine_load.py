"""Figures for the lumbar-load model: a leaning stick figure, compression and
shear against the NIOSH reference lines, and the moment-angle curve."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..models.spine_load import (NIOSH_ACTION_LIMIT_N, NIOSH_MAX_PERMISSIBLE_N,
                                 SHEAR_REFERENCE_N, LumbarLoad, lumbar_load)
from .base import PALETTE, AccessibleFigure, new_figure
from .live import LiveFigure, blit_png, capture_background, nice_top, settle

_TRUNK = 0.50       # drawn trunk length (m), L4/L5 to the base of the neck
_HEAD = 0.58        # distance from L4/L5 to the centre of the drawn head
_GROUND = -0.82
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
    """Builds the three-panel load figure once; :meth:`update` moves its artists.

    Static parts (axes, ticks, reference lines, legs) are rendered into a
    cached background; each update restores it and draws only the artists that
    move, then encodes the PNG. The background is redrawn only when an axis
    range has to change.
    """

    def __init__(self, *, width: float = 8.6, height: float = 3.1, dpi: int = 90):
        self.figure = fig = new_figure(width, height, dpi)
        ax_fig, ax_bar, ax_m = fig.subplots(1, 3, width_ratios=[1.0, 1.0, 1.25])
        self._dynamic = []
        self._setup_stick(ax_fig)
        self._setup_bars(ax_bar)
        self._setup_curve(ax_m)
        self._fix_layout()
        self._scale = None
        self._background = None
        self.result: LumbarLoad | None = None

    def _add(self, artist):
        self._dynamic.append(artist)
        return artist

    # -- construction -------------------------------------------------------
    def _setup_stick(self, ax):
        ax.set_aspect("equal")
        ax.set_xlim(-0.35, 0.80)
        ax.set_ylim(-1.02, 0.72)
        ax.axis("off")
        ax.set_title("Position (schematic)", y=1.0)
        ax.plot([-0.35, 0.8], [_GROUND, _GROUND], color=PALETTE["grey"], lw=1)
        ax.plot([0.0, 0.32, 0.12, 0.30], [-0.08, -0.42, -0.80, -0.80],  # hip-knee-ankle-toe
                color=PALETTE["black"], lw=3, solid_capstyle="round")
        self._trunk = self._add(ax.plot([], [], color=PALETTE["black"], lw=4,
                                        solid_capstyle="round")[0])
        self._head = self._add(ax.plot([], [], "o", ms=14, color=PALETTE["black"])[0])
        self._action = self._add(ax.plot([], [], ls=":", color=PALETTE["vermillion"],
                                         lw=1.5)[0])
        self._bar = self._add(ax.plot([], [], "o", ms=12, color=PALETTE["vermillion"],
                                      markeredgecolor=PALETTE["black"])[0])
        self._dim = self._add(ax.plot([], [], color=PALETTE["blue"], lw=1.5, marker="|",
                                      ms=8)[0])
        self._dim_text = self._add(ax.text(0.0, -0.93, "", ha="center", va="top",
                                           fontsize=8, color=PALETTE["blue"]))
        ax.plot([0.0, 0.0], [0.0, -0.9], ls=":", lw=1, color=PALETTE["blue"])
        ax.plot([0.0], [0.0], "s", ms=6, color=PALETTE["blue"])
        ax.text(-0.03, 0.0, "L4/L5", ha="right", va="center", fontsize=8,
                color=PALETTE["blue"])

    def _setup_bars(self, ax):
        self.ax_bar = ax
        ax.set_title("L4/L5 forces", y=1.0)
        ax.set_ylabel("force (kN)")
        self._bars = ax.bar([0, 1], [0, 0], width=0.6,
                            color=[PALETTE["blue"], PALETTE["orange"]])
        for rect in self._bars:
            self._add(rect)
        ax.set_xticks([0, 1], ["compression", "shear"])
        ax.set_xlim(-0.6, 1.6)
        for y, style in ((NIOSH_ACTION_LIMIT_N, "--"), (NIOSH_MAX_PERMISSIBLE_N, "-")):
            ax.plot([-0.4, 0.4], [y / 1000] * 2, ls=style, color=PALETTE["black"], lw=1)
            ax.text(0.42, y / 1000, f"{y / 1000:.1f}", va="center", fontsize=7)
        ax.plot([0.6, 1.4], [SHEAR_REFERENCE_N / 1000] * 2, ls="--",
                color=PALETTE["black"], lw=1)
        ax.text(0.5, 0.98, "lines: NIOSH occupational limits", transform=ax.transAxes,
                ha="center", va="top", fontsize=7, color=PALETTE["grey"])
        self._bar_text = [self._add(ax.text(i, 0, "", ha="center", va="bottom", fontsize=8))
                          for i in (0, 1)]

    def _setup_curve(self, ax):
        self.ax_m = ax
        ax.set_title("Moment vs trunk lean", y=1.0)
        ax.set_xlabel("trunk lean from vertical (°)")
        ax.set_ylabel("L4/L5 moment (N·m)")
        ax.set_xlim(0, 90)
        ax.set_xticks([0, 30, 60, 90])
        self._curve = self._add(ax.plot([], [], color=PALETTE["blue"], lw=2)[0])
        self._point = self._add(ax.plot([], [], "o", ms=8, color=PALETTE["vermillion"])[0])

    def _fix_layout(self) -> None:
        """Lay out once with the widest tick labels expected, then freeze the
        layout: later full redraws skip the (slow) constrained-layout pass."""
        self.ax_bar.set_ylim(-10, 100)
        self.ax_m.set_ylim(0, 10000)
        self.figure.canvas.draw()
        self.figure.set_layout_engine("none")

    # -- update -------------------------------------------------------------
    def _move(self, r: LumbarLoad, curve) -> tuple:
        th = np.radians(r.trunk_angle_deg)
        ux, uy = np.sin(th), np.cos(th)
        self._trunk.set_data([0.0, _TRUNK * ux], [0.0, _TRUNK * uy])
        self._head.set_data([_HEAD * ux], [_HEAD * uy])
        bx, by = r.bar_distance * ux, r.bar_distance * uy
        loaded = r.bar_mass > 0
        self._bar.set_data([bx], [by])
        self._bar.set_markersize(6 + 10 * min(r.bar_mass, 300.0) / 300.0)
        self._bar.set_visible(loaded)
        self._action.set_data([bx, bx], [by, -0.9])
        self._action.set_visible(loaded)
        self._dim.set_data([0.0, bx], [-0.9, -0.9])
        self._dim_text.set_position((bx / 2, -0.93))
        self._dim_text.set_text(f"{r.bar_horizontal_distance * 100:.0f} cm")

        values = (r.compression / 1000, r.shear / 1000)
        for rect, text, v, i in zip(self._bars, self._bar_text, values, (0, 1)):
            rect.set_height(v)
            text.set_position((i, max(v, 0)))
            text.set_text(f"{v:.1f}")
        self._curve.set_data(curve[0], curve[1])
        self._point.set_data([r.trunk_angle_deg], [r.moment])
        # Axis ranges follow the worst case over all angles, so moving the
        # angle alone never forces a full redraw.
        bottom = 0.0 if values[1] >= 0 else -nice_top(-values[1] * 1.2, 0.5)
        return (bottom, nice_top(curve[2] / 1000 * 1.15, 8.0),
                nice_top(float(curve[1][-1]) * 1.1, 100.0))

    def _redraw_background(self, scale) -> None:
        self._scale = scale
        self.ax_bar.set_ylim(scale[0], scale[1])
        self.ax_m.set_ylim(0, scale[2])
        self._background = capture_background(self.figure, self._dynamic)

    def _blit_png(self) -> bytes:
        return blit_png(self.figure, self._background, self._dynamic)

    def update(self, r: LumbarLoad) -> LiveFigure:
        """Show `r` (a scalar result) and return the figure with fresh alt text."""
        self.result = r
        curve = _curve(r)
        scale = settle(self._scale, self._move(r, curve))
        if scale != self._scale or self._background is None:
            self._redraw_background(scale)
        return LiveFigure(self.figure, alt_text(r, curve), png=self._blit_png())


def load_figure(result: LumbarLoad) -> AccessibleFigure:
    """A static three-panel load figure for one scalar result."""
    live = LoadFigure(dpi=96).update(result)
    return AccessibleFigure(live.figure, live.alt)


def lift_comparison_figure(results: Sequence[tuple[str, LumbarLoad]], *,
                           dpi: int = 72) -> AccessibleFigure:
    """Horizontal bars of the L4/L5 moment for each named lift, same masses."""
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
