"""Figures for lesson 03: the four holds and their ratios against
rule-of-thumb bands and a norm set, the trend of saved tests, and the
progression plan.

The two explorer figures have fixed axes (a log time axis from 5 s to
20 minutes; ratios from 0 to 2), so their static parts are drawn once into a
cached background and each update only redraws the artists that move.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..models.core_progression import ProgressionPlan
from ..models.trunk_endurance import (MAX_SECONDS, TESTS, TEST_LABELS, TrunkAssessment,
                                      format_seconds)
from .base import PALETTE, AccessibleFigure, new_figure
from .live import LiveFigure, blit_png, capture_background

_TEST_STYLE = {   # colour; bars are also named on the axis, never colour alone
    "flexor": PALETTE["sky"],
    "extensor": PALETTE["blue"],
    "side_right": PALETTE["orange"],
    "side_left": PALETTE["yellow"],
}
_RATIO_ROWS = ("flexor_extensor", "right_left", "right_extensor", "left_extensor",
               "side_extensor", "side_flexor")
_RATIO_NAMES = {"flexor_extensor": "flexor ÷ extensor", "right_left": "right ÷ left",
                "right_extensor": "right side ÷ ext.", "left_extensor": "left side ÷ ext.",
                "side_extensor": "side ÷ extensor", "side_flexor": "side ÷ flexor"}
_RATIO_MAX = 2.0
_TIME_MIN = 5.0


class _Blitted:
    """Draw the static parts once, then only the artists registered with
    :meth:`_add` on each update (PNG via PIL at low zlib effort)."""

    def __init__(self):
        self._dynamic: list = []
        self._background = None

    def _add(self, artist):
        self._dynamic.append(artist)
        return artist

    def _redraw_background(self, *, freeze_layout: bool = False) -> None:
        self._background = capture_background(self.figure, self._dynamic,
                                              freeze_layout=freeze_layout)

    def _png(self) -> bytes:
        if self._background is None:
            self._redraw_background()
        return blit_png(self.figure, self._background, self._dynamic)


def trunk_alt_text(a: TrunkAssessment) -> str:
    """Text description of the trunk figure, with every value it shows."""
    times = ", ".join(f"{TEST_LABELS[t]} {format_seconds(a.times[t])}" for t in TESTS)
    checks = "; ".join(
        f"{c.label} {c.value:.2f} ({'outside' if c.outside else 'inside'} the rule-of-thumb "
        f"band {_band(c.low, c.high)})" for c in a.checks)
    norms = "; ".join(f"{c.label}: you {c.yours:.2f}, group {c.reference:.2f}"
                      if c.sd is None else
                      f"{c.label}: you {c.yours:.0f} s, group mean {c.reference:.0f} s"
                      for c in a.comparisons)
    return (f"Bar chart of your four holds: {times}. Ratio chart with shaded bands labelled "
            f"'rule of thumb' (not risk cut-offs): {checks}. Compared with "
            f"{a.norms_name}: {norms or 'this set reports no comparable values'}.")


def _band(low, high) -> str:
    if low is not None and high is not None:
        return f"{low:.2f}-{high:.2f}"
    return f"below {high:.2f}" if high is not None else f"above {low:.2f}"


class TrunkFigure(_Blitted):
    """Your four holds (left) and the ratios against their bands (right)."""

    def __init__(self, rules: Sequence, *, width: float = 9.0, height: float = 3.3,
                 dpi: int = 72):
        super().__init__()
        self.figure = fig = new_figure(width, height, dpi)
        self.ax_t, self.ax_r = fig.subplots(1, 2, width_ratios=[1.0, 1.15])
        self._setup_times(self.ax_t)
        self._setup_ratios(self.ax_r, rules)
        self._redraw_background(freeze_layout=True)

    def _setup_times(self, ax) -> None:
        ax.set_title("Your holds", y=1.0)
        ax.set_xscale("log")
        ax.set_xlim(_TIME_MIN, MAX_SECONDS)
        ax.set_xticks([10, 60, 300, 1200], ["10 s", "1 min", "5 min", "20 min"])
        ax.minorticks_off()
        y = np.arange(len(TESTS))[::-1]
        ax.set_yticks(y, ["flexor", "extensor", "right side", "left side"])
        ax.set_ylim(-0.6, len(TESTS) - 0.4)
        self._bars, self._labels, self._norm_marks = [], [], []
        for yi, test in zip(y, TESTS):
            colour = _TEST_STYLE[test]
            # Each bar is named on the axis and labelled with its time, so no
            # hatching is needed (hatched patches are slow to redraw).
            bar = ax.barh([yi], [1.0], left=_TIME_MIN, height=0.6, color=colour,
                          edgecolor=PALETTE["black"], lw=0.8)[0]
            self._bars.append(self._add(bar))
            self._labels.append(self._add(ax.text(_TIME_MIN, yi, "", va="center",
                                                  fontsize=8)))
            whisker = ax.plot([], [], color=PALETTE["black"], lw=1.2, marker="|", ms=7)[0]
            mean = ax.plot([], [], "|", ms=16, mew=2.5, color=PALETTE["black"])[0]
            self._norm_marks.append((self._add(whisker), self._add(mean)))
        ax.text(0.99, 0.01, "| = group mean ± SD, where the norm set gives one",
                transform=ax.transAxes, ha="right", va="bottom", fontsize=7,
                color=PALETTE["grey"])

    def _setup_ratios(self, ax, rules) -> None:
        ax.set_title("Ratios", y=1.0)
        ax.set_xlim(0, _RATIO_MAX)
        ax.set_xlabel("ratio")
        y = np.arange(len(_RATIO_ROWS))[::-1]
        self._row_y = dict(zip(_RATIO_ROWS, y))
        ax.set_yticks(y, [_RATIO_NAMES[r] for r in _RATIO_ROWS])
        ax.set_ylim(-0.7, len(_RATIO_ROWS) - 0.3)
        for rule in rules:
            yi = self._row_y[rule.ratio]
            lo = rule.low if rule.low is not None else 0.0
            hi = rule.high if rule.high is not None else _RATIO_MAX
            ax.fill_betweenx([yi - 0.35, yi + 0.35], lo, hi, color=PALETTE["green"],
                             alpha=0.18, hatch="..", edgecolor=PALETTE["green"], lw=0)
            ax.text(hi, yi + 0.38, "rule of thumb", fontsize=6.5, ha="right", va="bottom",
                    color="#00593f")
        ax.axhline(1.5, color=PALETTE["grey"], lw=0.6, ls=":")
        # The ratio values themselves are in the read-out and the alt text;
        # drawing six more labels here would double the cost of an update.
        self._points, self._groups = {}, {}
        for name in _RATIO_ROWS:
            yi = self._row_y[name]
            self._points[name] = self._add(ax.plot([1.0], [yi], "o", ms=7,
                                                   color=PALETTE["vermillion"],
                                                   markeredgecolor=PALETTE["black"])[0])
        for name in ("side_extensor", "side_flexor"):
            yi = self._row_y[name]
            self._groups[name] = self._add(ax.plot([1.0], [yi], "D", ms=7, mfc="white",
                                                   color=PALETTE["black"])[0])
        ax.plot([], [], "o", color=PALETTE["vermillion"], markeredgecolor=PALETTE["black"],
                label="you")
        ax.plot([], [], "D", mfc="white", color=PALETTE["black"], label="group (norm set)")
        ax.legend(loc="lower right", fontsize=7, frameon=False)

    def update(self, a: TrunkAssessment) -> LiveFigure:
        norms = {c.key: c for c in a.comparisons}
        for bar, label, test in zip(self._bars, self._labels, TESTS):
            t = a.times[test]
            bar.set_width(max(t, _TIME_MIN * 1.001) - _TIME_MIN)
            label.set_x(max(t, _TIME_MIN) * 1.08)
            label.set_text(format_seconds(t))
        for i, (test, (whisker, mean)) in enumerate(zip(TESTS, self._norm_marks)):
            ref = norms.get(test)
            whisker.set_visible(ref is not None)
            mean.set_visible(ref is not None)
            if ref is not None:
                yi = len(TESTS) - 1 - i
                lo = max(ref.reference - ref.sd, _TIME_MIN)
                whisker.set_data([lo, ref.reference + ref.sd], [yi, yi])
                mean.set_data([ref.reference], [yi])
        values = dict(a.ratios)
        side = (a.times["side_right"] + a.times["side_left"]) / 2
        values["side_extensor"] = side / a.times["extensor"]
        values["side_flexor"] = side / a.times["flexor"]
        for name in _RATIO_ROWS:
            v = values[name]
            shown = min(v, _RATIO_MAX * 0.985)
            yi = self._row_y[name]
            self._points[name].set_data([shown], [yi])
            self._points[name].set_marker(">" if v > _RATIO_MAX else "o")
        for name, marker in self._groups.items():
            ref = norms.get(name)
            marker.set_visible(ref is not None)
            if ref is not None:
                marker.set_data([min(ref.reference, _RATIO_MAX * 0.985)],
                                [self._row_y[name]])
        return LiveFigure(self.figure, trunk_alt_text(a), png=self._png())


def trunk_figure(a: TrunkAssessment, rules: Sequence) -> AccessibleFigure:
    """A static trunk figure for one assessment."""
    live = TrunkFigure(rules, dpi=96).update(a)
    return AccessibleFigure(live.figure, live.alt)


def trend_figure(tests: Sequence[dict], *, dpi: int = 72) -> AccessibleFigure:
    """The four holds of each saved test, oldest first (rows from
    ``ProgressStore.trunk_tests()``)."""
    if not tests:
        raise ValueError("There are no saved tests to show.")
    fig = new_figure(7.0, 2.8, dpi)
    ax = fig.subplots()
    x = np.arange(len(tests))
    styles = {"flexor": ("o", "-"), "extensor": ("s", "--"), "side_right": ("^", "-."),
              "side_left": ("v", ":")}
    for test in TESTS:
        colour = _TEST_STYLE[test]
        marker, ls = styles[test]
        ys = [row[test] for row in tests]
        ax.plot(x, ys, marker=marker, ls=ls, color=colour if test != "side_left" else
                "#8a7d00", markeredgecolor=PALETTE["black"], label=TEST_LABELS[test])
    ax.set_xticks(x, [row["tested_on"] for row in tests], fontsize=8,
                  rotation=30 if len(tests) > 4 else 0)
    ax.set_xlim(-0.5, len(tests) - 0.5)
    ax.set_ylim(0, max(max(row[t] for t in TESTS) for row in tests) * 1.2)
    ax.set_ylabel("hold (s)")
    ax.set_title("Your saved tests", fontsize=10)
    ax.legend(fontsize=7, ncol=4, loc="upper left", frameon=False)
    parts = [f"{row['tested_on']}: " + ", ".join(
        f"{TEST_LABELS[t]} {format_seconds(row[t])}" for t in TESTS) for row in tests]
    alt = (f"Line chart of {len(tests)} saved trunk-endurance test"
           f"{'s' if len(tests) != 1 else ''}, oldest first. " + "; ".join(parts) + ".")
    return AccessibleFigure(fig, alt)


_EX_STYLE = [("o", "-", PALETTE["blue"]), ("s", "--", PALETTE["vermillion"]),
             ("^", ":", PALETTE["green"])]


def plan_alt_text(plan: ProgressionPlan) -> str:
    names, parts = [], []
    for e in plan.entries:
        if e.exercise not in names:
            names.append(e.exercise)
    for ex in names:
        rows = plan.for_exercise(ex)
        steps = ", ".join(f"week {r.week} level {r.level} {r.hold_s:.0f} s" for r in rows)
        parts.append(f"{rows[0].exercise_name}: {steps}")
    return (f"Two charts of a {plan.weeks}-week plan with {plan.days_per_week} training "
            f"day{'s' if plan.days_per_week != 1 else ''} a week: the level of each "
            "exercise (top) and the hold per repetition (bottom). " + "; ".join(parts) + ".")


class PlanFigure(_Blitted):
    """Level (top) and hold per repetition (bottom) for each exercise, by week."""

    def __init__(self, exercise_names: Sequence[str], max_level: int = 3, *,
                 width: float = 7.2, height: float = 3.6, dpi: int = 80):
        super().__init__()
        self.figure = fig = new_figure(width, height, dpi)
        self.ax_l, self.ax_h = fig.subplots(2, 1, sharex=True)
        self.ax_l.set_ylabel("level")
        self.ax_l.set_ylim(0.6, max_level + 0.9)
        self.ax_l.set_yticks(range(1, max_level + 1))
        self.ax_l.set_title("Your plan (hold times and move-up rule: the course's practical "
                            "rules)", fontsize=9)
        self.ax_h.set_ylabel("hold (s)")
        self.ax_h.set_ylim(0, 12)
        self.ax_h.set_xlabel("week")
        self._weeks = None
        self._levels, self._holds = [], []
        for k, name in enumerate(exercise_names):
            marker, ls, colour = _EX_STYLE[k % len(_EX_STYLE)]
            offset = (k - 1) * 0.06
            self._levels.append(self._add(self.ax_l.plot(
                [], [], marker=marker, ls=ls, color=colour, drawstyle="steps-mid",
                label=name)[0]))
            self._holds.append(self._add(self.ax_h.plot([], [], marker=marker, ls=ls,
                                                        color=colour)[0]))
            self._levels[-1].offset = offset
        self.ax_l.legend(fontsize=7, ncol=3, loc="upper left", frameon=False)

    def _set_weeks(self, weeks: int) -> None:
        """The week axis only grows (to at least 12 weeks), so changing the
        plan's length never forces a full redraw of the background."""
        self._weeks = max(weeks, self._weeks or 12)
        self.ax_h.set_xlim(0.5, self._weeks + 0.5)
        self.ax_h.set_xticks(range(1, self._weeks + 1))
        self.figure.set_layout_engine("constrained")
        self._redraw_background(freeze_layout=True)

    def update(self, plan: ProgressionPlan) -> LiveFigure:
        if self._weeks is None or plan.weeks > self._weeks:
            self._set_weeks(plan.weeks)
        names = []
        for e in plan.entries:
            if e.exercise not in names:
                names.append(e.exercise)
        for line_l, line_h, ex in zip(self._levels, self._holds, names):
            rows = plan.for_exercise(ex)
            weeks = [r.week for r in rows]
            line_l.set_data(weeks, [r.level + line_l.offset for r in rows])
            line_h.set_data(weeks, [r.hold_s + line_l.offset * 3 for r in rows])
        return LiveFigure(self.figure, plan_alt_text(plan), png=self._png())


__all__ = ["TrunkFigure", "trunk_figure", "trunk_alt_text", "trend_figure", "PlanFigure",
           "plan_alt_text"]
