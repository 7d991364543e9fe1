"""The progress dashboard figure: best quiz score per lesson, and reviews due.

The frame (axes, lesson names, title; see ``frames``) depends only on the
lessons listed, so it is drawn once and cached; the bars and notes are
written as SVG over it (see ``overlay``), so a later Run All of lesson 07
loads no matplotlib.
"""
from __future__ import annotations

from ..content.markup import points
from ..models.assessment import LessonRow
from .frames import cached_frame, render_frame
from .overlay import Frame, LiveFigure, Sketch
from .palette import PALETTE

_BAR_H = 0.8          # matplotlib's barh height
_DARK_FROM = 0.3      # a bar at least this long holds its note, in white


def _label(row: LessonRow) -> str:
    return f"{row.number:02d} {row.title.split(':')[0]}"


def _notes(row: LessonRow) -> tuple[str, str]:
    """The note written by the bar and what the alt text says of the row."""
    share = row.best_share
    if share is not None:
        note = f"{share:.0%}"
        said = f"best score {points(row.best[0])} of {row.best[1]} ({share:.0%})"
    else:
        note = "not written yet" if row.status == "not written yet" else "no score yet"
        said = note
    if row.due:
        note += f", {row.due} to review"
        said += f", {row.due} question{'s' if row.due > 1 else ''} due for review"
    return note, said


def alt_text(rows: list[LessonRow]) -> str:
    """Text description of the dashboard figure, with every value it shows."""
    parts = [f"lesson {row.number:02d}: {_notes(row)[1]}" for row in rows]
    return ("Bar chart of your best quiz score per lesson; a hatched outline means no "
            "score yet. " + "; ".join(parts) + ".")


def _draw_frame(size: tuple, labels: tuple[str, ...]) -> Frame:
    from .base import new_figure

    fig = new_figure(*size)
    ax = fig.add_subplot()
    n = len(labels)
    ax.set_yticks(range(n), labels[::-1])
    margin = 0.05 * (n - 1 + _BAR_H)                    # barh's autoscale margins
    ax.set_ylim(-_BAR_H / 2 - margin, n - 1 + _BAR_H / 2 + margin)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Best quiz score (%)")
    ax.set_title("Your progress by lesson")
    return render_frame(fig, {"bars": ax})


def _sketch(frame: Frame, rows: list[LessonRow]) -> str:
    k = Sketch(frame)
    for n, row in enumerate(rows):
        y = len(rows) - 1 - n
        share = row.best_share
        if share is not None:
            k.rect("bars", 0, y - _BAR_H / 2, min(max(share, 0.0), 1.0) * 100, _BAR_H,
                   facecolor=PALETTE["blue"], edgecolor=PALETTE["black"], clip=False)
        else:
            k.rect("bars", 0, y - _BAR_H / 2, 100, _BAR_H, facecolor="none",
                   edgecolor=PALETTE["grey"], hatch="//", ls="--", clip=False)
        dark = share is not None and share > _DARK_FROM
        # a short bar cannot hold its note: it goes just past the bar's end
        x = 2 if dark or share is None else share * 100 + 2
        k.text("bars", x, y, _notes(row)[0], va="center", fontsize=9,
               color="white" if dark else PALETTE["black"], halo=share is None)
    return k.svg()


def dashboard_figure(rows: list[LessonRow]) -> LiveFigure:
    """Horizontal bars of each lesson's best score (%); hatched outline = no score yet."""
    size = (6.4, 0.45 * len(rows) + 1.2, 96)
    labels = tuple(_label(row) for row in rows)
    frame = cached_frame("dashboard", (size, labels), (__name__,),
                         lambda: _draw_frame(size, labels))
    return LiveFigure(frame, _sketch(frame, rows), alt_text(rows))
