"""Figures for lesson 03: the four holds and their ratios against
rule-of-thumb bands and a norm set, the trend of saved tests, and the
progression plan.

The two explorer figures are live figures (see ``overlay``): their still
parts (axes, bands, legends) are a cached frame, and each update writes the
bars, marks and lines that move as SVG over it. The trunk figure's axes are
fixed (a log time axis from 5 s to 20 minutes; ratios from 0 to 2); the
plan's week axis only grows.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..models.core_progression import ProgressionPlan
from ..models.trunk_endurance import (MAX_SECONDS, TESTS, TEST_LABELS, TrunkAssessment,
                                      format_seconds)
from .frames import cached_frame, render_frame
from .overlay import Frame, LiveFigure, Sketch, steps_mid
from .palette import PALETTE

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


_ROW_Y = {name: len(_RATIO_ROWS) - 1 - i for i, name in enumerate(_RATIO_ROWS)}
_TEST_Y = {test: len(TESTS) - 1 - i for i, test in enumerate(TESTS)}
_SHOWN_MAX = _RATIO_MAX * 0.985     # where a ratio beyond the axis is drawn


def _ratio_values(a: TrunkAssessment) -> dict[str, float]:
    """The six ratios of the chart: the four checked ones and the two group ratios."""
    values = dict(a.ratios)
    side = (a.times["side_right"] + a.times["side_left"]) / 2
    values["side_extensor"] = side / a.times["extensor"]
    values["side_flexor"] = side / a.times["flexor"]
    return values


def trunk_alt_text(a: TrunkAssessment) -> str:
    """Text description of the trunk figure, with every value it shows."""
    times = ", ".join(f"{TEST_LABELS[t]} {format_seconds(a.times[t])}" for t in TESTS)
    checks = "; ".join(
        f"{c.label} {c.value:.2f} ({'outside' if c.outside else 'inside'} the rule-of-thumb "
        f"band {_band(c.low, c.high)})" for c in a.checks)
    checked = {c.ratio for c in a.checks}
    values = _ratio_values(a)
    others = "; ".join(f"{_RATIO_NAMES[r]} {values[r]:.2f} (no band)"
                       for r in _RATIO_ROWS if r not in checked)
    norms = "; ".join(f"{c.label}: you {c.yours:.2f}, group {c.reference:.2f}"
                      if c.sd is None else
                      f"{c.label}: you {c.yours:.0f} s, group mean {c.reference:.0f} s"
                      for c in a.comparisons)
    ratios = "; ".join(filter(None, (checks, others)))
    return (f"Bar chart of your four holds: {times}. Ratio chart with shaded bands labelled "
            f"'rule of thumb' (not risk cut-offs): {ratios}. Compared with {a.norms_name}: "
            f"{norms or 'this set reports no comparable values'}.")


def _band(low, high) -> str:
    if low is not None and high is not None:
        return f"{low:.2f}-{high:.2f}"
    return f"below {high:.2f}" if high is not None else f"above {low:.2f}"


class TrunkFigure:
    """Your four holds (left) and the ratios against their bands (right).

    Both axes are fixed, so the frame (axes, bands, legend) depends only on
    the size and the rules of thumb and is drawn once; each update writes the
    bars, norm marks and ratio points as SVG over it.
    """

    def __init__(self, rules: Sequence, *, width: float = 9.0, height: float = 3.3,
                 dpi: int = 72):
        self.size = (width, height, dpi)
        self.rules = tuple((r.ratio, r.low, r.high) for r in rules)
        self.frame: Frame | None = None

    def _draw_frame(self) -> Frame:
        from .base import new_figure

        fig = new_figure(*self.size)
        ax_t, ax_r = fig.subplots(1, 2, width_ratios=[1.0, 1.15])
        _times_frame(ax_t)
        _ratios_frame(ax_r, self.rules)
        return render_frame(fig, {"times": ax_t, "ratios": ax_r})

    def _sketch(self, a: TrunkAssessment) -> str:
        k = Sketch(self.frame)
        norms = {c.key: c for c in a.comparisons}
        for test in TESTS:
            _sketch_hold(k, test, a.times[test], norms.get(test))
        values = _ratio_values(a)
        for name in _RATIO_ROWS:
            group = norms.get(name)
            _sketch_ratio(k, name, values[name], group.reference if group else None)
        return k.svg()

    def update(self, a: TrunkAssessment) -> LiveFigure:
        """Show assessment `a` and return the figure with fresh alt text."""
        if self.frame is None:
            self.frame = cached_frame("trunk", (self.size, self.rules), (__name__,),
                                      self._draw_frame)
        return LiveFigure(self.frame, self._sketch(a), trunk_alt_text(a))


def _times_frame(ax) -> None:
    ax.set_title("Your holds", y=1.0)
    ax.set_xscale("log")
    ax.set_xlim(_TIME_MIN, MAX_SECONDS)
    ax.set_xticks([10, 60, 300, 1200], ["10 s", "1 min", "5 min", "20 min"])
    ax.minorticks_off()
    ax.set_yticks([_TEST_Y[t] for t in TESTS], ["flexor", "extensor", "right side",
                                                 "left side"])
    ax.set_ylim(-0.6, len(TESTS) - 0.4)
    ax.text(0.99, 0.01, "| = group mean ± SD, where the norm set gives one",
            transform=ax.transAxes, ha="right", va="bottom", fontsize=7,
            color=PALETTE["grey"])


def _ratios_frame(ax, rules: Sequence[tuple]) -> None:
    ax.set_title("Ratios", y=1.0)
    ax.set_xlim(0, _RATIO_MAX)
    ax.set_xlabel("ratio")
    ax.set_yticks(list(_ROW_Y.values()), [_RATIO_NAMES[r] for r in _ROW_Y])
    ax.set_ylim(-0.7, len(_RATIO_ROWS) - 0.3)
    for ratio, low, high in rules:
        yi = _ROW_Y[ratio]
        lo = low if low is not None else 0.0
        hi = high if high is not None else _RATIO_MAX
        ax.fill_betweenx([yi - 0.35, yi + 0.35], lo, hi, color=PALETTE["green"],
                         alpha=0.18, hatch="..", edgecolor=PALETTE["green"], lw=0)
        ax.text(hi, yi + 0.38, "rule of thumb", fontsize=6.5, ha="right", va="bottom",
                color="#00593f")
    ax.axhline(1.5, color=PALETTE["grey"], lw=0.6, ls=":")
    ax.plot([], [], "o", color=PALETTE["vermillion"], markeredgecolor=PALETTE["black"],
            label="you")
    ax.plot([], [], "D", mfc="white", color=PALETTE["black"], label="group (norm set)")
    ax.legend(loc="lower right", fontsize=7, frameon=False)


def _sketch_hold(k: Sketch, test: str, t: float, ref) -> None:
    """One hold's bar and time label, and the group's mean ± SD when known
    (the label then goes past the whisker, so it hides neither)."""
    black, yi = PALETTE["black"], _TEST_Y[test]
    k.rect("times", _TIME_MIN, yi - 0.3, max(t, _TIME_MIN * 1.001) - _TIME_MIN, 0.6,
           facecolor=_TEST_STYLE[test], edgecolor=black, lw=0.8)
    end = max(t, _TIME_MIN)
    if ref is not None:
        ends = [max(ref.reference - ref.sd, _TIME_MIN), ref.reference + ref.sd]
        k.line("times", ends, [yi, yi], color=black, lw=1.2)
        k.markers("times", ends, [yi, yi], marker="|", ms=7, color=black)
        k.markers("times", [ref.reference], [yi], marker="|", ms=16, mew=2.5, color=black)
        end = max(end, ends[1])
    k.text("times", end * 1.08, yi, format_seconds(t), va="center", fontsize=8, halo=True)


def _sketch_ratio(k: Sketch, name: str, v: float, group: float | None) -> None:
    """One ratio's point ("o", or ">" when beyond the axis) with its value,
    and the norm set's group value (a diamond) when it has one."""
    yi, shown = _ROW_Y[name], min(v, _SHOWN_MAX)
    k.markers("ratios", [shown], [yi], marker=">" if v > _RATIO_MAX else "o", ms=7,
              color=PALETTE["vermillion"], mec=PALETTE["black"], clip=False)
    if group is not None:
        k.markers("ratios", [min(group, _SHOWN_MAX)], [yi], marker="D", ms=7, mfc="white",
                  color=PALETTE["black"], clip=False)
    # The value goes right of the point, or left when the group's diamond or
    # the axis end is in the way.
    right = shown < 1.6 and (group is None or not 0 <= group - shown < 0.45)
    k.text("ratios", shown + (0.07 if right else -0.07), yi, f"{v:.2f}", fontsize=7,
           ha="left" if right else "right", va="center", halo=True)


def trunk_figure(a: TrunkAssessment, rules: Sequence) -> LiveFigure:
    """The trunk figure for one assessment."""
    return TrunkFigure(rules, dpi=96).update(a)


def trend_figure(tests: Sequence[dict], *, dpi: int = 72):
    """The four holds of each saved test, oldest first (rows from
    ``ProgressStore.trunk_tests()``), as an AccessibleFigure."""
    from .base import AccessibleFigure, new_figure

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
_MIN_WEEKS = 12


def _exercise_ids(plan: ProgressionPlan) -> list[str]:
    """The plan's exercises in their first-seen order."""
    return list(dict.fromkeys(e.exercise for e in plan.entries))


def plan_alt_text(plan: ProgressionPlan) -> str:
    """Text description of the plan figure, with every value it shows."""
    parts = []
    for ex in _exercise_ids(plan):
        rows = plan.for_exercise(ex)
        steps = ", ".join(f"week {r.week} level {r.level} {r.hold_s:.0f} s" for r in rows)
        parts.append(f"{rows[0].exercise_name}: {steps}")
    return (f"Two charts of a {plan.weeks}-week plan with {plan.days_per_week} training "
            f"day{'s' if plan.days_per_week != 1 else ''} a week: the level of each "
            "exercise (top) and the hold per repetition (bottom). " + "; ".join(parts) + ".")


class PlanFigure:
    """Level (top) and hold per repetition (bottom) for each exercise, by week.

    The frame (axes, legend) depends on the weeks shown, which only grow (to
    at least 12), so changing the plan's length rarely draws a new one; each
    update writes the exercises' lines as SVG over it.
    """

    def __init__(self, exercise_names: Sequence[str], max_level: int = 3, *,
                 width: float = 7.2, height: float = 3.6, dpi: int = 80):
        self.size = (width, height, dpi)
        self.names = tuple(exercise_names)
        self.max_level = max_level
        self._weeks: int | None = None
        self.frame: Frame | None = None

    def _draw_frame(self, weeks: int) -> Frame:
        from .base import new_figure

        fig = new_figure(*self.size)
        ax_l, ax_h = fig.subplots(2, 1, sharex=True)
        _levels_frame(ax_l, self.names, self.max_level)
        _holds_frame(ax_h, weeks)
        return render_frame(fig, {"levels": ax_l, "holds": ax_h})

    def _sketch(self, plan: ProgressionPlan) -> str:
        k = Sketch(self.frame)
        for i, ex in enumerate(_exercise_ids(plan)[:len(self.names)]):
            marker, ls, colour = _EX_STYLE[i % len(_EX_STYLE)]
            offset = (i - 1) * 0.06       # keeps lines that coincide apart
            rows = plan.for_exercise(ex)
            weeks = [r.week for r in rows]
            levels = [r.level + offset for r in rows]
            holds = [r.hold_s + offset * 3 for r in rows]
            k.line("levels", *steps_mid(weeks, levels), color=colour, ls=ls)
            k.markers("levels", weeks, levels, marker=marker, color=colour)
            k.line("holds", weeks, holds, color=colour, ls=ls)
            k.markers("holds", weeks, holds, marker=marker, color=colour)
        return k.svg()

    def update(self, plan: ProgressionPlan) -> LiveFigure:
        """Show `plan` and return the figure with fresh alt text."""
        weeks = max(plan.weeks, self._weeks or _MIN_WEEKS)
        if weeks != self._weeks or self.frame is None:
            self._weeks = weeks
            params = (self.size, weeks, self.names, self.max_level)
            self.frame = cached_frame("plan", params, (__name__,),
                                      lambda: self._draw_frame(weeks))
        return LiveFigure(self.frame, self._sketch(plan), plan_alt_text(plan))


def _levels_frame(ax, names: Sequence[str], max_level: int) -> None:
    ax.set_ylabel("level")
    ax.set_ylim(0.6, max_level + 0.9)
    ax.set_yticks(range(1, max_level + 1))
    ax.set_title("Your plan (hold times and move-up rule: the course's practical rules)",
                 fontsize=9)
    for i, name in enumerate(names):
        marker, ls, colour = _EX_STYLE[i % len(_EX_STYLE)]
        ax.plot([], [], marker=marker, ls=ls, color=colour, label=name)
    ax.legend(fontsize=7, ncol=3, loc="upper left", frameon=False)


def _holds_frame(ax, weeks: int) -> None:
    ax.set_ylabel("hold (s)")
    ax.set_ylim(0, 12)
    ax.set_xlabel("week")
    ax.set_xlim(0.5, weeks + 0.5)
    ax.set_xticks(range(1, weeks + 1))


__all__ = ["TrunkFigure", "trunk_figure", "trunk_alt_text", "trend_figure", "PlanFigure",
           "plan_alt_text"]
