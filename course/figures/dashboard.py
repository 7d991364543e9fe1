"""The progress dashboard figure: best quiz score per lesson, and reviews due."""
from __future__ import annotations

from ..models.assessment import LessonRow
from .base import PALETTE, AccessibleFigure, new_figure


def dashboard_figure(rows: list[LessonRow]) -> AccessibleFigure:
    """Horizontal bars of each lesson's best score (%); hatched outline = no score yet."""
    fig = new_figure(6.4, 0.45 * len(rows) + 1.2)
    ax = fig.add_subplot()
    labels, parts = [], []
    for n, row in enumerate(rows):
        y = len(rows) - 1 - n
        labels.append(f"{row.number:02d} {row.title.split(':')[0]}")
        share = row.best_share
        if share is not None:
            ax.barh(y, share * 100, color=PALETTE["blue"], edgecolor=PALETTE["black"])
            note = f"{share:.0%}"
            said = f"best score {row.best[0]:g} of {row.best[1]} ({share:.0%})"
        else:
            ax.barh(y, 100, color="none", edgecolor=PALETTE["grey"], hatch="//",
                    linestyle="--")
            note = "not written yet" if row.status == "not written yet" else "no score yet"
            said = note
        if row.due:
            note += f", {row.due} to review"
            said += f", {row.due} question{'s' if row.due > 1 else ''} due for review"
        ax.text(2, y, note, va="center", ha="left", fontsize=9,
                color="white" if share is not None and share > 0.3 else PALETTE["black"])
        parts.append(f"lesson {row.number:02d}: {said}")
    ax.set_yticks(range(len(rows)), labels[::-1])
    ax.set_xlim(0, 100)
    ax.set_xlabel("Best quiz score (%)")
    ax.set_title("Your progress by lesson")
    alt = ("Bar chart of your best quiz score per lesson; a hatched outline means no "
           "score yet. " + "; ".join(parts) + ".")
    return AccessibleFigure(fig, alt)
