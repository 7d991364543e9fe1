"""Figures of the class report: score distribution per lesson, difficulty per
question, pre/post per learner.

No text from a learner's file is drawn: learners appear as numbers, and the
report lists the numbers with their (escaped) names in a table.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..models.item_stats import LessonStats
from .base import AccessibleFigure, new_figure
from .palette import PALETTE

MAX_DOTS = 60          # above this many learners a lesson shows its box only
MAX_LABELLED = 30      # learners numbered in the pre/post figure (and listed in text)


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _axes(fig, left: float, bottom: float, top: float, right: float = 0.25):
    """Axes with fixed margins in inches, in a figure made with layout=None: the
    constrained layout would cost more than drawing these figures does, and the
    report must stay fast."""
    width, height = fig.get_size_inches()
    return fig.add_axes((left / width, bottom / height, 1 - (left + right) / width,
                         1 - (bottom + top) / height))


def score_distribution(stats: Sequence[LessonStats]) -> AccessibleFigure:
    """One row per lesson: a box of the participants' scores, with each score as a
    dot when the class is small."""
    fig = new_figure(6.4, 0.55 * len(stats) + 1.2, layout=None)
    ax = _axes(fig, left=1.5, bottom=0.6, top=0.6)
    rows = [s for s in stats]
    lines = []
    for y, s in enumerate(rows):
        scores = s.scores * 100
        if not len(scores):
            ax.text(2, y, "no answers", va="center", color=PALETTE["black"], fontsize=9)
            lines.append(f"{s.lesson}: no learner answered its quiz.")
            continue
        q1, median, q3 = np.percentile(scores, [25, 50, 75])
        ax.plot([scores.min(), scores.max()], [y, y], color=PALETTE["black"], linewidth=1)
        ax.broken_barh([(q1, q3 - q1)], (y - 0.25, 0.5), facecolors="#d6e9f5",
                       edgecolors=PALETTE["blue"])
        ax.plot([median, median], [y - 0.25, y + 0.25], color=PALETTE["black"],
                linewidth=2)
        if len(scores) <= MAX_DOTS:
            jitter = (np.arange(len(scores)) % 5 - 2) * 0.06
            ax.plot(scores, y + jitter, "o", color=PALETTE["blue"], markersize=4)
        ax.plot([scores.mean()], [y], "D", color=PALETTE["orange"], markersize=6,
                markeredgecolor=PALETTE["black"])
        lines.append(f"{s.lesson}: {len(scores)} learner(s), mean {_pct(s.scores.mean())}, "
                     f"median {_pct(float(np.median(s.scores)))}, lowest "
                     f"{_pct(s.scores.min())}, highest {_pct(s.scores.max())}.")
    ax.set_yticks(range(len(rows)), [s.lesson for s in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Score: share of the lesson's questions answered correctly (%)")
    ax.set_title("Score per lesson (line: lowest to highest; box: middle half;\n"
                 "bar: median; diamond: mean)")
    alt = ("Score distribution per lesson, counting each learner who answered any of its "
           "questions. " + " ".join(lines))
    return AccessibleFigure(fig, alt)


def difficulty(stats: Sequence[LessonStats]) -> AccessibleFigure:
    """Share correct per question among those who answered it: one bar per
    question, lesson by lesson (questions left to right in table order)."""
    xs, values, colours, lines, centres = [], [], [], [], []
    x = 0
    for k, s in enumerate(stats):
        parts = []
        centres.append(x + (len(s.items) - 1) / 2)
        for n, item in enumerate(s.items, 1):
            xs.append(x)
            values.append(0 if item.difficulty is None else item.difficulty * 100)
            colours.append((PALETTE["blue"], PALETTE["vermillion"])[k % 2])
            if item.difficulty is not None:
                parts.append(f"Q{n} {_pct(item.difficulty)} ({item.correct} of "
                             f"{item.answered})")
            x += 1
        x += 1.5                                   # a gap between lessons
        missing = len(s.items) - len(parts)
        if missing:
            parts.append("no answers" if not parts else f"{missing} not answered")
        lines.append(f"{s.lesson}: " + ", ".join(parts) + ".")
    fig = new_figure(7.2, 3.6, layout=None)
    ax = _axes(fig, left=0.7, bottom=0.9, top=0.35)
    # One line collection, not a rectangle per bar, and a tick per lesson, not per
    # question: a course has ~90 questions and each artist costs render time.
    ax.vlines(xs, 0, values, colors=colours, linewidth=4)
    ax.set_xticks(centres, [s.lesson for s in stats], rotation=30, ha="right", fontsize=8)
    ax.set_xlim(-1, max(x - 1.5, 1))
    ax.set_ylim(0, 100)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_ylabel("Share correct (%)")
    ax.set_title("Difficulty per question (Q1, Q2, ... left to right in each lesson)")
    alt = ("Difficulty per question: the share correct among learners who answered each "
           "question, numbered as in each lesson's table. " + " ".join(lines))
    return AccessibleFigure(fig, alt)


def pre_post(pairs: Sequence[tuple[int, float, float]]) -> AccessibleFigure:
    """Pre-test (x) against post-test (y) score, one point per learner number;
    points above the diagonal improved."""
    fig = new_figure(4.8, 4.4, layout=None)
    ax = _axes(fig, left=0.7, bottom=0.6, top=0.4)
    ax.plot([0, 100], [0, 100], "--", color=PALETTE["grey"], linewidth=1)
    ax.text(60, 52, "no change", rotation=45, color=PALETTE["grey"], fontsize=8)
    lines = []
    if pairs:
        numbers, pre, post = (np.array(v, float) for v in zip(*pairs))
        # Scores take few values, so learners share points: area grows with count.
        points, counts = np.unique(np.column_stack([pre, post]), axis=0,
                                   return_counts=True)
        ax.scatter(points[:, 0] * 100, points[:, 1] * 100, s=30 * np.sqrt(counts),
                   color=PALETTE["blue"])
        if len(pairs) <= MAX_LABELLED:
            for n, x, y in zip(numbers, pre, post):
                ax.annotate(f"{int(n)}", (x * 100, y * 100), xytext=(4, 3),
                            textcoords="offset points", fontsize=8)
            lines = [f"Learner {int(n)}: pre {_pct(x)}, post {_pct(y)}."
                     for n, x, y in zip(numbers, pre, post)]
        else:
            lines = [f"{len(pairs)} learners; {int((post > pre).sum())} improved, "
                     f"{int((post == pre).sum())} unchanged, {int((post < pre).sum())} "
                     f"scored lower; mean pre {_pct(pre.mean())}, mean post "
                     f"{_pct(post.mean())}."]
    else:
        ax.text(50, 50, "no learner took both tests", ha="center", fontsize=9)
        lines = ["No learner took both the pre-test and the post-test."]
    ax.set_xlim(-3, 103)
    ax.set_ylim(-3, 103)
    ax.set_aspect("equal")
    ax.set_xlabel("Pre-test score (%)")
    ax.set_ylabel("Post-test score (%)")
    ax.set_title("Pre-test and post-test per learner (larger: more learners)")
    alt = ("Pre-test against post-test score per learner (numbered as in the gain "
           "table); points above the diagonal improved. " + " ".join(lines))
    return AccessibleFigure(fig, alt)
