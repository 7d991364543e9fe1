"""Figures for the warm-up builder: a timeline of the RAMP blocks against the
time budget, and the load ramp from the empty bar to the working weight.

:class:`WarmUpFigure` builds the figure once and, on each update, moves its
artists and blits them over a cached background (like ``LoadFigure``); the
background is redrawn only when an axis range has to change.
"""
from __future__ import annotations

from matplotlib.patches import Rectangle

from ..models.warm_up import WarmUpPlan
from .base import PALETTE, AccessibleFigure, new_figure
from .live import LiveFigure, blit_png, capture_background, nice_top, settle

# Blocks differ by colour, hatching and a written label (never colour alone).
_BLOCK_STYLE = {
    "raise": dict(facecolor=PALETTE["sky"], hatch=""),
    "activate-mobilise": dict(facecolor=PALETTE["orange"], hatch="//"),
    "potentiate": dict(facecolor=PALETTE["green"], hatch=".."),
}


def _kg(x: float) -> str:
    return f"{x:g} kg"


def alt_text(plan: WarmUpPlan) -> str:
    """Text description of the figure, with the values it shows."""
    blocks = "; ".join(f"{b.title} {b.minutes:.1f} min" for b in plan.blocks)
    sets = ", ".join(f"{s.label} {_kg(s.weight)} × {s.reps}" for s in plan.ramp)
    return (f"Timeline of a {plan.total_minutes:.1f}-minute warm-up for the "
            f"{plan.lift_name.lower()} against a {plan.budget_minutes:g}-minute budget: "
            f"{blocks}. Load ramp: {sets}, then the working set of "
            f"{plan.reps} × {_kg(plan.working_weight)}.")


class WarmUpFigure:
    """The two-panel warm-up figure; :meth:`update` shows a new plan."""

    def __init__(self, percents=None, *, width: float = 8.6, height: float = 3.4,
                 dpi: int = 84):
        if percents is None:
            from ..content.warm_up import warm_up_library

            percents = [step.percent for step in warm_up_library().steps]
        self._percents = tuple(percents)
        # Fixed margins instead of constrained layout: the first draw (in a
        # fresh kernel, part of Run All) is the only full draw.
        self.figure = fig = new_figure(width, height, dpi, layout=None)
        self.ax_t, self.ax_r = fig.subplots(2, 1, height_ratios=[1.0, 2.3],
                                            gridspec_kw=dict(left=0.075, right=0.985,
                                                             top=0.91, bottom=0.085,
                                                             hspace=0.5))
        self._dynamic = []
        self._setup_timeline(self.ax_t)
        self._setup_ramp(self.ax_r)
        self._scale = None
        self._background = None
        self.plan: WarmUpPlan | None = None

    def _add(self, artist):
        self._dynamic.append(artist)
        return artist

    def _setup_timeline(self, ax):
        ax.set_title("Warm-up timeline (minutes)", loc="left")
        ax.set_ylim(0, 1)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        self._rects = {}
        for key, style in _BLOCK_STYLE.items():
            r = Rectangle((0, 0.08), 0, 0.6, edgecolor=PALETTE["black"], lw=0.8, **style)
            self._rects[key] = self._add(ax.add_patch(r))
        ax.legend([Rectangle((0, 0), 1, 1, edgecolor=PALETTE["black"], lw=0.8, **style)
                   for style in _BLOCK_STYLE.values()],
                  ["Raise", "Activate & mobilise", "Potentiate (ramp-up sets)"],
                  loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=3, frameon=False,
                  fontsize=8, handlelength=1.6, borderaxespad=0.1)
        self._ticks = self._add(ax.plot([], [], color=PALETTE["black"], lw=0.6)[0])
        self._budget = self._add(ax.plot([], [], ls="--", lw=1.5, color=PALETTE["vermillion"])[0])
        self._budget_text = self._add(ax.text(0, 0.98, "", ha="right", va="top", fontsize=8,
                                              color=PALETTE["black"]))

    def _setup_ramp(self, ax):
        ax.set_title("Load ramp to the working weight", loc="left")
        ax.set_ylabel("bar weight (kg)")
        # One fixed slot per step of the scheme: a step left out (dropped to
        # fit the time, or rounded onto another set) leaves its slot empty.
        names = ["empty bar", *(f"{p:g}%" for p in self._percents), "working set"]
        ax.set_xticks(range(len(names)), names)
        ax.set_xlim(-0.6, len(names) - 0.4)
        ax.grid(axis="y", color=PALETTE["grey"], lw=0.4, alpha=0.5)
        ax.set_axisbelow(True)
        self._bars = []
        for i in range(len(names)):
            working = i == len(names) - 1
            b = Rectangle((i - 0.35, 0), 0.7, 0, edgecolor=PALETTE["black"], lw=0.8,
                          facecolor=PALETTE["vermillion"] if working else PALETTE["sky"],
                          hatch="xx" if working else "")
            self._bars.append(self._add(ax.add_patch(b)))

    # -- update -----------------------------------------------------------------
    def _move(self, plan: WarmUpPlan) -> tuple:
        total = plan.total_minutes
        for b in plan.blocks:
            x0, w = b.start / 60, b.minutes
            self._rects[b.key].set_x(x0)
            self._rects[b.key].set_width(w)
        # thin lines between drills and between ramp-up sets
        xs, ys = [], []
        t = plan.blocks[1].start
        for d in plan.drills[:-1]:
            t += d.seconds
            xs += [t / 60, t / 60, float("nan")]
            ys += [0.08, 0.68, float("nan")]
        t = plan.blocks[2].start
        for s in plan.ramp[:-1]:
            t += s.seconds
            xs += [t / 60, t / 60, float("nan")]
            ys += [0.08, 0.68, float("nan")]
        self._ticks.set_data(xs, ys)
        budget = plan.budget_minutes
        self._budget.set_data([budget, budget], [0.05, 0.95])
        self._budget_text.set_position((budget, 1.0))
        self._budget_text.set_text(f"budget {budget:g} min")

        slots = {None: 0, **{p: i + 1 for i, p in enumerate(self._percents)}}
        heights = [None] * len(self._bars)
        for s in plan.ramp:
            heights[slots[s.percent]] = (s.weight, s.reps)
        heights[-1] = (plan.working_weight, plan.reps)
        # Weights and reps are in the plan's table and the alt text: each text
        # artist costs ~3 ms to draw, so the bars carry none.
        for bar, h in zip(self._bars, heights):
            bar.set_visible(h is not None)
            if h is not None:
                bar.set_height(h[0])
        return (0.0, nice_top(max(budget, total) * 1.05, 10.0),
                nice_top(plan.working_weight * 1.25, 60.0))

    def _redraw_background(self, scale) -> None:
        self._scale = scale
        self.ax_t.set_xlim(0, scale[1])
        self.ax_r.set_ylim(0, scale[2])
        self._background = capture_background(self.figure, self._dynamic)

    def _blit_png(self) -> bytes:
        return blit_png(self.figure, self._background, self._dynamic)

    def update(self, plan: WarmUpPlan) -> LiveFigure:
        """Show `plan` and return the figure with fresh alt text."""
        self.plan = plan
        scale = settle(self._scale, self._move(plan))
        if scale != self._scale or self._background is None:
            self._redraw_background(scale)
        return LiveFigure(self.figure, alt_text(plan), png=self._blit_png())


def warm_up_figure(plan: WarmUpPlan) -> AccessibleFigure:
    """A static timeline and load-ramp figure for one plan."""
    live = WarmUpFigure(dpi=96).update(plan)
    return AccessibleFigure(live.figure, live.alt)
