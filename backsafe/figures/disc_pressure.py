"""Bar chart of the L4-L5 disc pressures measured by Wilke et al. (1999).

The chart does not depend on learner input: the lesson shows it as SVG kept in
the figure cache, so showing it does not import matplotlib.
"""
from __future__ import annotations

from ..content.disc_pressure import FILE, DiscPressureData, disc_pressure_data
from ..content.references import cite
from .svg_cache import StaticFigure, cache_key, cached_svg, render_svg

# Colour (Okabe-Ito sky and orange) and hatching, so the kinds differ by more than colour.
_STYLE = {
    "posture": {"color": "#56B4E9", "hatch": None, "name": "posture"},
    "lifting": {"color": "#E69F00", "hatch": "//", "name": "holding or lifting 20 kg"},
}


def describe(data: DiscPressureData) -> str:
    """Alt text listing every value, and the study's limits."""
    values = "; ".join(f"{m.label.lower()} {m.pressure:g} {data.unit}"
                       for m in data.measurements)
    top = max(data.measurements, key=lambda m: m.pressure)
    return (
        f"Horizontal bar chart of the pressure measured inside the {data.level} disc "
        f"of {data.subject} ({cite(data.source)}; n = {data.subjects}): {values}. "
        f"The highest value is {top.label.lower()}; the value for standing relaxed "
        f"is marked with a dashed line. "
        f"These are measurements from a single person, not averages."
    )


def disc_pressure_chart() -> StaticFigure:
    """Disc pressure by posture and lifting style, from one volunteer (n = 1),
    as a cached SVG figure (drawn with matplotlib only when the cache is empty)."""
    data = disc_pressure_data()
    key = cache_key((FILE, "references/biomechanics.yaml"),
                    ("backsafe.figures.disc_pressure", "backsafe.figures.base",
                     "backsafe.figures.svg_cache"))
    svg = cached_svg("disc-pressure", key, lambda: render_svg(draw_chart(data).figure))
    return StaticFigure(svg, describe(data), lambda: draw_chart(data))


def draw_chart(data: DiscPressureData | None = None):
    """The chart as a matplotlib AccessibleFigure."""
    from matplotlib.patches import Patch

    from .base import AccessibleFigure, new_figure
    from .palette import PALETTE

    data = data or disc_pressure_data()
    fig = new_figure(6.4, 3.6)
    ax = fig.add_subplot()
    items = list(reversed(data.measurements))          # first item on top
    y = range(len(items))
    for yi, m in zip(y, items):
        style = _STYLE[m.kind]
        ax.barh(yi, m.pressure, color=style["color"], hatch=style["hatch"],
                edgecolor=PALETTE["black"], linewidth=0.8)
        ax.text(m.pressure + 0.04, yi, f"{m.pressure:g} {data.unit}", va="center",
                fontsize=9, zorder=3, bbox=dict(boxstyle="square,pad=0.1",
                                                facecolor="white", linewidth=0))
    ax.set_yticks(list(y), [m.label for m in items])
    standing = data.pressure("standing")
    ax.axvline(standing, color=PALETTE["black"], linestyle="--", linewidth=1,
               zorder=2)
    ax.text(standing, len(items) - 0.45, " standing", fontsize=8, va="bottom")
    ax.set_xlim(0, max(m.pressure for m in items) * 1.22)
    ax.set_ylim(-0.6, len(items) - 0.1)
    ax.set_xlabel(f"Pressure in the {data.level} disc ({data.unit})")
    fig.suptitle(f"Disc pressure in one volunteer ({cite(data.source)}, "
                 f"n = {data.subjects})", fontsize=11)
    kinds = [k for k in _STYLE if any(m.kind == k for m in items)]
    ax.legend(handles=[Patch(facecolor=_STYLE[k]["color"], hatch=_STYLE[k]["hatch"],
                             edgecolor=PALETTE["black"], label=_STYLE[k]["name"])
                       for k in kinds], loc="upper right", fontsize=8, frameon=False)
    return AccessibleFigure(fig, describe(data))
