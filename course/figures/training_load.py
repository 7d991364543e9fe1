"""Figures for the training-load log: daily load, weekly load, the
acute:chronic ratio with the proposed (contested) band, and the critique
panel that divides the same acute loads by a made-up chronic load.

:class:`TrainingFigure` draws the log once and, when only the ratio method or
the made-up chronic load changes, restores a cached background and redraws
just the ratio lines (blitting), like ``LoadFigure`` in ``spine_load``.
"""
from __future__ import annotations

import math
from datetime import date

import numpy as np

from ..models.training_load import (DANGER_ZONE, METHOD_NAMES, SWEET_SPOT,
                                    CHRONIC_DAYS, MadeUpComparison, TrainingLoad,
                                    describe_week)
from .base import PALETTE, AccessibleFigure, new_figure
from .live import LiveFigure, blit_png, capture_background, nice_top

CONTESTED = "proposed by Gabbett 2016, contested"
_SHORT = {"coupled": "rolling 7/28", "uncoupled": "rolling 7/21", "ewma": "EWMA"}
_MADE_UP_NAMES = {"constant": "a constant made-up chronic load",
                  "random": "random made-up chronic loads"}


def _ticks(days: np.ndarray, n: int = 6) -> tuple[list[int], list[str]]:
    """About n evenly spaced day positions with short date labels."""
    count = len(days)
    step = max(1, int(math.ceil(count / n / 7)) * 7)
    pos = list(range(0, count, step))
    long = count > 300
    labels = []
    for p in pos:
        d = date.fromisoformat(str(days[p]))
        labels.append(d.strftime("%b %Y") if long else d.strftime("%d %b"))
    return pos, labels


def _peak(values: np.ndarray, days: np.ndarray) -> tuple[float, str] | None:
    if not np.isfinite(values).any():
        return None
    i = int(np.nanargmax(values))
    return float(values[i]), str(days[i])


def alt_text(tl: TrainingLoad, method: str, critique: MadeUpComparison, label: str) -> str:
    """Text description of the figure, with the numbers it shows."""
    ratio = tl.ratio(method)
    days = tl.days
    n_weeks = len(tl.weekly.load)
    peak_week = int(np.argmax(tl.weekly.load))
    parts = [
        f"{label}: {len(tl.log)} sessions over {len(days)} days, from {days[0]} to "
        f"{days[-1]}. Top panel: daily load in AU, highest {tl.daily.max():,.0f} AU on "
        f"{days[int(np.argmax(tl.daily))]}; days without a session are zero.",
        f"Second panel: weekly load for {n_weeks} week{'s' if n_weeks != 1 else ''}, "
        f"highest {tl.weekly.load[peak_week]:,.0f} AU in week {peak_week + 1}. "
        + describe_week(tl),
    ]
    peak = _peak(ratio.value, days)
    if peak is None:
        parts.append(f"Third panel: the acute:chronic ratio ({METHOD_NAMES[method]}) is "
                     f"undefined on every day ({'fewer than 28 days of history' if len(days) < CHRONIC_DAYS else 'the chronic load is zero'}).")
    else:
        above = int(np.sum(np.nan_to_num(ratio.value) >= DANGER_ZONE))
        parts.append(
            f"Third panel: the acute:chronic ratio, {METHOD_NAMES[method]}, latest "
            f"{ratio.describe()}, highest {peak[0]:.2f} on {peak[1]}; {above} day"
            f"{'s' if above != 1 else ''} at or above {DANGER_ZONE:g}. A hatched band "
            f"marks the proposed 'sweet spot' {SWEET_SPOT[0]:g} to {SWEET_SPOT[1]:g} and a "
            f"dashed line the proposed 'danger zone' from {DANGER_ZONE:g}, both {CONTESTED}. "
            f"The first {CHRONIC_DAYS - 1} days are undefined.")
    parts.append(f"Bottom panel: the same acute loads divided by "
                 f"{_MADE_UP_NAMES[critique.kind]} (dashed) beside the real ratio (solid). "
                 + critique.describe())
    return " ".join(parts)


class TrainingFigure:
    """Four stacked panels; :meth:`update` redraws only what moved."""

    def __init__(self, *, width: float = 8.6, height: float = 7.6, dpi: int = 80):
        # Fixed margins instead of constrained layout: the first full draw is
        # then also the background, so building the explorer draws only once.
        self.figure = fig = new_figure(width, height, dpi, layout=None)
        grid = fig.add_gridspec(4, 1, height_ratios=[1, 1, 1.25, 1.25], left=0.085,
                                right=0.985, top=0.965, bottom=0.07, hspace=0.42)
        axes = grid.subplots(sharex=True)
        self.ax_day, self.ax_week, self.ax_ratio, self.ax_crit = axes
        self._tl = None           # the log drawn in the background, and its ratio range
        self._top = None
        self._background = None
        self._dynamic = []
        self._build()

    def _build(self) -> None:
        grey = PALETTE["grey"]
        self.ax_day.set_title("Daily load (session RPE × minutes; 0 on days off)", loc="left")
        self.ax_day.set_ylabel("AU")
        self._bars = self.ax_day.vlines([], [], [], color=PALETTE["blue"], lw=2)
        self.ax_week.set_title("Weekly load (7-day blocks from the first day)", loc="left")
        self.ax_week.set_ylabel("AU")
        self._weeks = None
        self._week_text = []
        for ax, title in ((self.ax_ratio, "Acute:chronic ratio"),
                          (self.ax_crit, "Critique: same acute loads ÷ a made-up chronic "
                                         "load")):
            ax.set_title(title, loc="left")
            ax.set_ylabel("ratio")
            ax.axhspan(*SWEET_SPOT, facecolor="none", edgecolor=PALETTE["green"],
                       hatch="///", lw=0)
            ax.axhline(DANGER_ZONE, ls="--", lw=1.2, color=PALETTE["vermillion"])
            ax.axhline(1.0, ls=":", lw=0.8, color=grey)
        box = {"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5}
        self.ax_ratio.text(0.99, 0.97, f"hatched: proposed 'sweet spot' {SWEET_SPOT[0]:g}-"
                           f"{SWEET_SPOT[1]:g}; dashed: proposed 'danger zone' "
                           f"≥ {DANGER_ZONE:g}\n({CONTESTED}; not a safe zone)",
                           transform=self.ax_ratio.transAxes, ha="right", va="top",
                           fontsize=7, bbox=box, zorder=5)
        self._undefined = [ax.axvspan(0, 0, facecolor="#EDEDED", edgecolor="none", lw=0)
                           for ax in (self.ax_ratio, self.ax_crit)]
        self._undefined_text = self.ax_ratio.text(0.5, 0.08, "", fontsize=7, color=grey,
                                                  ha="center", va="bottom",
                                                  transform=self.ax_ratio.transAxes)
        self._ratio_line = self._add(self.ax_ratio.plot([], [], color=PALETTE["black"],
                                                        lw=1.6)[0])
        self._ratio_label = self._add(self.ax_ratio.text(0.01, 0.97, "", va="top",
                                                         transform=self.ax_ratio.transAxes,
                                                         fontsize=8, bbox=box, zorder=5))
        self._real_line = self._add(self.ax_crit.plot([], [], color=PALETTE["black"], lw=1.4,
                                                      label="real chronic load")[0])
        self._fake_line = self._add(self.ax_crit.plot([], [], color=PALETTE["orange"], lw=1.6,
                                                      ls="--")[0])
        self.ax_crit.text(0.01, 0.97, "solid: the real ratio; dashed: the same acute loads "
                          "÷ a made-up chronic load", va="top", fontsize=7,
                          transform=self.ax_crit.transAxes, bbox=box, zorder=5)
        self.ax_crit.set_xlabel("date")
        self.ax_day.set_ylim(0, 1000)
        self.ax_week.set_ylim(0, 5000)
        self.ax_ratio.set_ylim(0, 2.5)
        self.ax_crit.set_ylim(0, 2.5)

    def _add(self, artist):
        self._dynamic.append(artist)
        return artist

    # -- the log (background) ---------------------------------------------------
    def _draw_log(self, tl: TrainingLoad, top: float) -> None:
        n = len(tl.days)
        x = np.arange(n)
        self._bars.set_segments([((i, 0.0), (i, v)) for i, v in zip(x[tl.daily > 0],
                                                                     tl.daily[tl.daily > 0])])
        self._bars.set_linewidth(max(0.6, min(4.0, 300.0 / max(n, 1))))
        if self._weeks is not None:
            self._weeks.remove()
        for t in self._week_text:
            t.remove()
        w = tl.weekly
        edges = np.append(np.arange(len(w.load)) * 7, min(len(w.load) * 7, n)) - 0.5
        self._weeks = self.ax_week.stairs(w.load, edges, fill=True, color=PALETTE["sky"],
                                          edgecolor=PALETTE["blue"])
        self._week_text = []
        if len(w.load) <= 16:      # label each week when there is room
            for k, v in enumerate(w.load):
                self._week_text.append(self.ax_week.text(
                    k * 7 + 3, v, f"{v:,.0f}" + ("" if w.complete[k] else " (part)"),
                    ha="center", va="bottom", fontsize=7))
        self.ax_day.set_ylim(0, nice_top(tl.daily.max() * 1.15, 100.0))
        self.ax_week.set_ylim(0, nice_top(w.load.max() * 1.25, 500.0))
        for ax in (self.ax_ratio, self.ax_crit):
            ax.set_ylim(0, top)
        self.ax_crit.set_xlim(-1, n)
        pos, labels = _ticks(tl.days)
        self.ax_crit.set_xticks(pos, labels)
        undefined = min(CHRONIC_DAYS - 1, n)
        for span in self._undefined:
            span.set_x(-0.5)
            span.set_width(undefined)
        self._undefined_text.set_x((undefined / 2 + 0.5) / (n + 1))
        self._undefined_text.set_text("ratio undefined:\nfewer than\n28 days" if undefined >= 0.15 * n
                                      else "")

    def _redraw_background(self) -> None:
        self._background = capture_background(self.figure, self._dynamic)

    def _blit_png(self) -> bytes:
        return blit_png(self.figure, self._background, self._dynamic)

    # -- update -------------------------------------------------------------------
    def update(self, tl: TrainingLoad, method: str, critique: MadeUpComparison,
               label: str = "Training log") -> LiveFigure:
        """Show `tl` with the ratio `method` and the `critique` comparison."""
        values = [r.value for r in tl.ratios.values()] + [critique.made_up]
        finite = [float(np.nanmax(v)) for v in values if np.isfinite(v).any()]
        top = nice_top(max(finite + [DANGER_ZONE]) * 1.4, 2.0)
        if tl is self._tl and self._top is not None and top <= self._top:
            top = self._top     # same log: the ratio axis only grows, so a method
            #                     or made-up load change never forces a full redraw
        if tl is not self._tl or top != self._top or self._background is None:
            self._draw_log(tl, top)
            self._redraw_background()
            self._tl, self._top = tl, top
        x = np.arange(len(tl.days))
        ratio = tl.ratio(method)
        self._ratio_line.set_data(x, ratio.value)
        self._ratio_label.set_text(_SHORT[method])
        self._real_line.set_data(x, critique.real.value)
        self._fake_line.set_data(x, critique.made_up)
        return LiveFigure(self.figure, alt_text(tl, method, critique, label),
                          png=self._blit_png())


def training_load_figure(tl: TrainingLoad, method: str, critique: MadeUpComparison,
                         label: str = "Training log") -> AccessibleFigure:
    """A static four-panel figure (for notebooks and tests)."""
    live = TrainingFigure(dpi=96).update(tl, method, critique, label)
    return AccessibleFigure(live.figure, live.alt)


__all__ = ["TrainingFigure", "training_load_figure", "alt_text"]
