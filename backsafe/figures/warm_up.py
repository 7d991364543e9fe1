"""Figures for the warm-up builder: a timeline of the RAMP blocks against the
time budget, and the load ramp from the empty bar to the working weight.

:class:`WarmUpFigure` keeps a still frame (axes, titles, legend, the ramp's
slots; see ``frames``) per axis range and writes the blocks, the budget line
and the bars as SVG over it on each update (see ``overlay``). Axis ranges
only change when the plan outgrows them.
"""
from __future__ import annotations

from ..models.warm_up import WarmUpPlan
from .frames import cached_frame, render_frame
from .live import nice_top, settle
from .overlay import Frame, LiveFigure, Sketch
from .palette import PALETTE

# Blocks differ by colour, hatching and a written label (never colour alone).
_BLOCK_STYLE = {
    "raise": dict(facecolor=PALETTE["sky"], hatch=""),
    "activate-mobilise": dict(facecolor=PALETTE["orange"], hatch="//"),
    "potentiate": dict(facecolor=PALETTE["green"], hatch=".."),
}
_BLOCK_LABELS = ["Raise", "Activate & mobilise", "Potentiate (ramp-up sets)"]
_BLOCK_Y, _BLOCK_H = 0.08, 0.6          # the blocks' band in the timeline (axes 0 to 1)
_BAR_W = 0.7


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


def _slot_names(percents) -> list[str]:
    return ["empty bar", *(f"{p:g}%" for p in percents), "working set"]


def _tick_lines(plan: WarmUpPlan) -> tuple[list, list]:
    """NaN-separated vertical lines between drills and between ramp-up sets."""
    xs, ys = [], []
    top = _BLOCK_Y + _BLOCK_H
    for block, parts in ((plan.blocks[1], plan.drills), (plan.blocks[2], plan.ramp)):
        t = block.start
        for part in parts[:-1]:
            t += part.seconds
            xs += [t / 60, t / 60, float("nan")]
            ys += [_BLOCK_Y, top, float("nan")]
    return xs, ys


def _bar_heights(plan: WarmUpPlan, percents) -> list[float | None]:
    """The weight in each slot of the ramp; None for a step left out."""
    slots = {None: 0, **{p: i + 1 for i, p in enumerate(percents)}}
    heights: list[float | None] = [None] * (len(percents) + 2)
    for s in plan.ramp:
        heights[slots[s.percent]] = s.weight
    heights[-1] = plan.working_weight
    return heights


class WarmUpFigure:
    """The two-panel warm-up figure; :meth:`update` shows a new plan."""

    def __init__(self, percents=None, *, width: float = 8.6, height: float = 3.4,
                 dpi: int = 84):
        if percents is None:
            from ..content.warm_up import warm_up_library

            percents = [step.percent for step in warm_up_library().steps]
        self._percents = tuple(percents)
        self.size = (width, height, dpi)
        self._scale = None
        self.frame: Frame | None = None
        self.plan: WarmUpPlan | None = None

    # -- the still frame --------------------------------------------------------
    def _draw_frame(self, scale) -> Frame:
        from .base import new_figure

        # Fixed margins: the panels sit in the same place whatever the ranges.
        fig = new_figure(*self.size, layout=None)
        ax_t, ax_r = fig.subplots(2, 1, height_ratios=[1.0, 2.3],
                                  gridspec_kw=dict(left=0.075, right=0.985, top=0.91,
                                                   bottom=0.085, hspace=0.5))
        _timeline_frame(ax_t, scale[1])
        _ramp_frame(ax_r, _slot_names(self._percents), scale[2])
        return render_frame(fig, {"timeline": ax_t, "ramp": ax_r})

    # -- the moving parts -------------------------------------------------------
    def _sketch(self, plan: WarmUpPlan) -> str:
        k = Sketch(self.frame)
        self._sketch_timeline(k, plan)
        self._sketch_ramp(k, plan)
        return k.svg()

    @staticmethod
    def _sketch_timeline(k: Sketch, plan: WarmUpPlan) -> None:
        black = PALETTE["black"]
        for b in plan.blocks:
            k.rect("timeline", b.start / 60, _BLOCK_Y, b.minutes, _BLOCK_H,
                   edgecolor=black, lw=0.8, facecolor=_BLOCK_STYLE[b.key]["facecolor"],
                   hatch=_BLOCK_STYLE[b.key]["hatch"] or None)
        k.line("timeline", *_tick_lines(plan), color=black, lw=0.6)
        budget = plan.budget_minutes
        k.line("timeline", [budget, budget], [0.05, 0.95], color=PALETTE["vermillion"],
               lw=1.5, ls="--")
        k.text("timeline", budget, 0.98, f"budget {budget:g} min", ha="right", va="top",
               fontsize=8, color=black)

    def _sketch_ramp(self, k: Sketch, plan: WarmUpPlan) -> None:
        heights = _bar_heights(plan, self._percents)
        panel = self.frame.panels["ramp"]
        # 2 points of air between a bar and its weight, in the panel's kg
        pad = self.frame.px(2) * (panel.ylim[1] - panel.ylim[0]) / panel.height
        for i, weight in enumerate(heights):
            if weight is None:
                continue
            working = i == len(heights) - 1
            k.rect("ramp", i - _BAR_W / 2, 0.0, _BAR_W, weight, edgecolor=PALETTE["black"],
                   lw=0.8, facecolor=PALETTE["vermillion" if working else "sky"],
                   hatch="xx" if working else None)
            k.text("ramp", i, weight + pad, _kg(weight), ha="center", va="bottom",
                   fontsize=8, halo=True)

    @staticmethod
    def _scale_for(plan: WarmUpPlan) -> tuple:
        return (0.0, nice_top(max(plan.budget_minutes, plan.total_minutes) * 1.05, 10.0),
                nice_top(plan.working_weight * 1.25, 60.0))

    def update(self, plan: WarmUpPlan) -> LiveFigure:
        """Show `plan` and return the figure with fresh alt text."""
        self.plan = plan
        scale = settle(self._scale, self._scale_for(plan))
        if scale != self._scale or self.frame is None:
            self._scale = scale
            self.frame = cached_frame("warm-up", (self.size, self._percents, scale),
                                      (__name__,), lambda: self._draw_frame(scale))
        return LiveFigure(self.frame, self._sketch(plan), alt_text(plan))


def _timeline_frame(ax, right: float) -> None:
    from matplotlib.patches import Rectangle

    ax.set_title("Warm-up timeline (minutes)", loc="left")
    ax.set_xlim(0, right)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.legend([Rectangle((0, 0), 1, 1, edgecolor=PALETTE["black"], lw=0.8, **style)
               for style in _BLOCK_STYLE.values()], _BLOCK_LABELS,
              loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=3, frameon=False,
              fontsize=8, handlelength=1.6, borderaxespad=0.1)


def _ramp_frame(ax, names: list[str], top: float) -> None:
    # One fixed slot per step of the scheme: a step left out (dropped to fit
    # the time, or rounded onto another set) leaves its slot empty.
    ax.set_title("Load ramp to the working weight", loc="left")
    ax.set_ylabel("bar weight (kg)")
    ax.set_xticks(range(len(names)), names)
    ax.set_xlim(-0.6, len(names) - 0.4)
    ax.set_ylim(0, top)
    ax.grid(axis="y", color=PALETTE["grey"], lw=0.4, alpha=0.5)
    ax.set_axisbelow(True)


def warm_up_figure(plan: WarmUpPlan) -> LiveFigure:
    """The timeline and load-ramp figure for one plan."""
    return WarmUpFigure(dpi=96).update(plan)
