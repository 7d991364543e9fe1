"""Figures for the training-load log: daily load, weekly load, the
acute:chronic ratio with the proposed (contested) band, and the critique
panel that divides the same acute loads by a made-up chronic load.

:class:`TrainingFigure` is a still frame (axes, dates, the band and the danger
line) with the log and the ratios drawn over it as SVG, like ``LoadFigure`` in
``spine_load``. The frame depends only on the layout (size, number of days,
date ticks, axis ranges rounded to 'nice' numbers), not on the sessions, so
the frame kept on disk holds none of the learner's loads, and a new log over
a layout already drawn needs no matplotlib.
"""
from __future__ import annotations

import math
from datetime import date

import numpy as np

from ..content.markup import plural
from ..models.training_load import (DANGER_ZONE, METHOD_NAMES, SWEET_SPOT,
                                    CHRONIC_DAYS, MadeUpComparison, TrainingLoad,
                                    describe_week)
from .frames import cached_frame, render_frame
from .live import nice_top, settle
from .overlay import Frame, LiveFigure, Sketch
from .palette import PALETTE

CONTESTED = "proposed by Gabbett 2016, contested"
_SHORT = {"coupled": "rolling 7/28", "uncoupled": "rolling 7/21", "ewma": "EWMA"}
_MADE_UP_NAMES = {"constant": "a constant made-up chronic load",
                  "random": "random made-up chronic loads"}
_LABELLED_WEEKS = 16      # each week's load is written on its block up to this many


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


def _week_label(w, i: int) -> str:
    return f"{w.load[i]:,.0f}" + ("" if w.complete[i] else " (part)")


def _peak(values: np.ndarray, days: np.ndarray) -> tuple[float, str] | None:
    if not np.isfinite(values).any():
        return None
    i = int(np.nanargmax(values))
    return float(values[i]), str(days[i])


def _week_values(w) -> str:
    """The weekly loads written on the blocks, in words (none when not written)."""
    if len(w.load) > _LABELLED_WEEKS:
        return ""
    return f"Week by week: {'; '.join(_week_label(w, i) for i in range(len(w.load)))} AU. "


def alt_text(tl: TrainingLoad, method: str, critique: MadeUpComparison, label: str) -> str:
    """Text description of the figure, with the numbers it shows."""
    ratio = tl.ratio(method)
    days = tl.days
    n_weeks = len(tl.weekly.load)
    peak_week = int(np.argmax(tl.weekly.load))
    parts = [
        f"{label}: {plural(len(tl.log), 'session')} over {plural(len(days), 'day')}, "
        f"from {days[0]} to "
        f"{days[-1]}. Top panel: daily load in AU, highest {tl.daily.max():,.0f} AU on "
        f"{days[int(np.argmax(tl.daily))]}; days without a session are zero.",
        f"Second panel: weekly load for {n_weeks} week{'s' if n_weeks != 1 else ''}, "
        f"highest {tl.weekly.load[peak_week]:,.0f} AU in week {peak_week + 1}. "
        + _week_values(tl.weekly) + describe_week(tl),
    ]
    peak = _peak(ratio.value, days)
    if peak is None:
        why = ("fewer than 28 days of history" if len(days) < CHRONIC_DAYS
               else "the chronic load is zero")
        parts.append(f"Third panel: the acute:chronic ratio ({METHOD_NAMES[method]}) is "
                     f"undefined on every day ({why}).")
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
    """Four stacked panels: a still frame and the log and ratios over it.

    The frame is drawn once per layout (number of days, date ticks, rounded
    axis ranges) and cached (see ``frames``); each update writes the log and
    the ratio lines as SVG (see ``overlay``). The SVG of the log, and of each
    method's ratio, is kept until the log changes, so a method or made-up load
    change writes only what it moves (a ratio line of five years costs 1 ms).
    """

    def __init__(self, *, width: float = 8.6, height: float = 7.6, dpi: int = 80):
        self.size = (width, height, dpi)
        self._params = None
        self._scale = None        # (0, daily top, weekly top, ratio top)
        self._tl = None           # the log whose SVG is kept below, over self.frame
        self._scaled = None       # the log the ratio top was last fitted to
        self._log_svg = ""
        self._lines: dict[tuple[str, int], tuple[object, str]] = {}
        self.frame: Frame | None = None

    # -- the still frame --------------------------------------------------------
    def _draw_frame(self, n_days: int, ticks: tuple, scale: tuple) -> Frame:
        from .base import new_figure

        # Fixed margins: the panels sit in the same place whatever the ranges.
        fig = new_figure(*self.size, layout=None)
        grid = fig.add_gridspec(4, 1, height_ratios=[1, 1, 1.25, 1.25], left=0.085,
                                right=0.985, top=0.965, bottom=0.07, hspace=0.42)
        ax_day, ax_week, ax_ratio, ax_crit = grid.subplots(sharex=True)
        _load_frame(ax_day, "Daily load (session RPE × minutes; 0 on days off)", scale[1])
        _load_frame(ax_week, "Weekly load (7-day blocks from the first day)", scale[2])
        _ratio_frame(ax_ratio, "Acute:chronic ratio", scale[3])
        _ratio_frame(ax_crit, "Critique: same acute loads ÷ a made-up chronic load",
                     scale[3])
        _notes_frame(ax_ratio, ax_crit)
        ax_crit.set_xlim(-1, n_days)
        ax_crit.set_xticks(*ticks)
        ax_crit.set_xlabel("date")
        return render_frame(fig, {"day": ax_day, "week": ax_week, "ratio": ax_ratio,
                                  "crit": ax_crit})

    def _scale_for(self, tl: TrainingLoad, critique: MadeUpComparison) -> tuple:
        values = [r.value for r in tl.ratios.values()] + [critique.made_up]
        finite = [float(np.nanmax(v)) for v in values if np.isfinite(v).any()]
        new = (0.0, nice_top(tl.daily.max() * 1.15, 100.0),
               nice_top(tl.weekly.load.max() * 1.25, 500.0),
               nice_top(max(finite + [DANGER_ZONE]) * 1.4, 2.0))
        scale = settle(self._scale, new)
        if tl is self._scaled and scale[3] < self._scale[3]:
            # same log: the ratio axis only grows, so switching the method or
            # the made-up load back and forth never swaps the frame
            scale = (*scale[:3], self._scale[3])
        self._scaled = tl
        return scale

    # -- the moving parts -------------------------------------------------------
    def _sketch(self, tl: TrainingLoad, method: str, critique: MadeUpComparison) -> str:
        if tl is not self._tl:
            self._tl, self._lines = tl, {}
            k = Sketch(self.frame)
            _undefined_sketch(k, len(tl.days))
            _log_sketch(k, tl)
            self._log_svg = k.svg()
        k = Sketch(self.frame)
        k.text("ratio", 0.01, 0.97, _SHORT[method], va="top", fontsize=8, coords="axes",
               halo=True)
        k.line("crit", np.arange(len(critique.made_up)), critique.made_up,
               color=PALETTE["orange"], lw=1.6, ls="--")
        return (self._log_svg + self._line("ratio", tl.ratio(method), 1.6)
                + self._line("crit", critique.real, 1.4) + k.svg())

    def _line(self, panel: str, ratio, lw: float) -> str:
        """The SVG of a ratio line, kept while the log (which owns the ratios) stays."""
        key = (panel, id(ratio))
        if key not in self._lines:
            if len(self._lines) > 8:
                self._lines.clear()
            k = Sketch(self.frame)
            k.line(panel, np.arange(len(ratio.value)), ratio.value, color=PALETTE["black"],
                   lw=lw)
            self._lines[key] = (ratio, k.svg())     # the ratio kept: its id stays unique
        return self._lines[key][1]

    def update(self, tl: TrainingLoad, method: str, critique: MadeUpComparison,
               label: str = "Training log") -> LiveFigure:
        """Show `tl` with the ratio `method` and the `critique` comparison."""
        self._scale = scale = self._scale_for(tl, critique)
        n_days = len(tl.days)
        pos, labels = _ticks(tl.days)
        params = (self.size, n_days, tuple(pos), tuple(labels), scale)
        if params != self._params:
            self._params, self._tl = params, None
            self.frame = cached_frame("training_load", params, (__name__,),
                                      lambda: self._draw_frame(n_days, (pos, labels), scale))
        return LiveFigure(self.frame, self._sketch(tl, method, critique),
                          alt_text(tl, method, critique, label))


def _load_frame(ax, title: str, top: float) -> None:
    ax.set_title(title, loc="left")
    ax.set_ylabel("AU")
    ax.set_ylim(0, top)


def _ratio_frame(ax, title: str, top: float) -> None:
    ax.set_title(title, loc="left")
    ax.set_ylabel("ratio")
    ax.axhspan(*SWEET_SPOT, facecolor="none", edgecolor=PALETTE["green"], hatch="///", lw=0)
    ax.axhline(DANGER_ZONE, ls="--", lw=1.2, color=PALETTE["vermillion"])
    ax.axhline(1.0, ls=":", lw=0.8, color=PALETTE["grey"])
    ax.set_ylim(0, top)


def _notes_frame(ax_ratio, ax_crit) -> None:
    box = {"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5}
    ax_ratio.text(0.99, 0.97, f"hatched: proposed 'sweet spot' {SWEET_SPOT[0]:g}-"
                  f"{SWEET_SPOT[1]:g}; dashed: proposed 'danger zone' ≥ {DANGER_ZONE:g}\n"
                  f"({CONTESTED}; not a safe zone)", transform=ax_ratio.transAxes,
                  ha="right", va="top", fontsize=7, bbox=box, zorder=5)
    ax_crit.text(0.01, 0.97, "solid: the real ratio; dashed: the same acute loads ÷ a "
                 "made-up chronic load", va="top", fontsize=7, transform=ax_crit.transAxes,
                 bbox=box, zorder=5)


def _undefined_sketch(k: Sketch, n_days: int) -> None:
    """Shade the days without a ratio (translucent: the frame's notes show through)."""
    undefined = min(CHRONIC_DAYS - 1, n_days)
    for panel in ("ratio", "crit"):
        k.rect(panel, -0.5, 0.0, undefined, 1.0, facecolor=PALETTE["black"], alpha=0.07,
               coords="xdata")
    if undefined >= 0.15 * n_days:
        k.text("ratio", (undefined - 1) / 2, 0.08, "ratio undefined:\nfewer than 28 days",
               fontsize=7, color=PALETTE["grey"], ha="center", va="bottom", coords="xdata",
               halo=True)


def _log_sketch(k: Sketch, tl: TrainingLoad) -> None:
    """Daily bars (one path) and weekly stairs, with each week's load when few."""
    n = len(tl.days)
    days = np.flatnonzero(tl.daily > 0)
    k.vlines("day", days, 0.0, tl.daily[days], color=PALETTE["blue"],
             lw=max(0.6, min(4.0, 300.0 / max(n, 1))))
    w = tl.weekly
    edges = np.append(np.arange(len(w.load)) * 7, min(len(w.load) * 7, n)) - 0.5
    tops = np.concatenate([[0.0], np.repeat(w.load, 2), [0.0]])
    k.polygon("week", np.repeat(edges, 2), tops, facecolor=PALETTE["sky"],
              edgecolor=PALETTE["blue"], lw=0.8)
    if len(w.load) <= _LABELLED_WEEKS:
        for i, v in enumerate(w.load):
            k.text("week", (edges[i] + edges[i + 1]) / 2, v, _week_label(w, i),
                   ha="center", va="bottom", fontsize=7)


def training_load_figure(tl: TrainingLoad, method: str, critique: MadeUpComparison,
                         label: str = "Training log") -> LiveFigure:
    """The four-panel figure for one log (for notebooks and tests)."""
    return TrainingFigure(dpi=96).update(tl, method, critique, label)


__all__ = ["TrainingFigure", "training_load_figure", "alt_text"]
