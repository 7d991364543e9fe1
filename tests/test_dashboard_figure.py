"""Lesson 07's progress dashboard figure: a cached frame with the bars as SVG."""
import html
import re
from datetime import datetime, timezone

from backsafe.figures.dashboard import dashboard_figure
from backsafe.models.assessment import LessonRow

NOW = datetime(2026, 11, 28, 12, tzinfo=timezone.utc)


def rows(best=(1, 2)):
    return [LessonRow("start-here", 0, "Start here: why", "completed", best, NOW, 1, 0),
            LessonRow("anatomy", 1, "Anatomy: the spine", "started", (1, 10), NOW, 3, 0),
            LessonRow("later", 2, "Later", "not written yet", None, None, 0, 0)]


def corners(svg: str) -> list[str]:
    return re.findall(r'points="([^"]+)"', svg)


def test_alt_text_states_every_value():
    fig = dashboard_figure(rows())
    for text in ("lesson 00: best score 1 of 2 (50%), 1 question due for review",
                 "lesson 01: best score 1 of 10 (10%), 3 questions due for review",
                 "lesson 02: not written yet", "a hatched outline means no score yet"):
        assert text in fig.alt, fig.alt
    assert f'alt="{html.escape(fig.alt)}"' in fig.to_html()


def test_bars_and_notes_land_where_the_frame_says():
    fig = dashboard_figure(rows())
    bars = fig.frame.panels["bars"]
    assert bars.xlim == (0.0, 100.0)
    top, bottom = 2, 0                                  # lesson 00 is drawn on top
    assert any(f"{bars.x(50):.1f},{bars.y(top - 0.4):.1f}" in p for p in corners(fig.overlay))
    assert any(f"{bars.x(100):.1f},{bars.y(bottom - 0.4):.1f}" in p
               for p in corners(fig.overlay))          # the full-width outline, no score
    assert "url(#bsld-hatch" in fig.overlay and "stroke-dasharray" in fig.overlay
    # a long bar holds its note in white; a short one has it beside the bar, in black
    assert re.search(r'fill="white"[^>]*><tspan[^>]*>50%, 1 to review<', fig.overlay)
    short = re.search(r'fill="#000000"[^>]*><tspan x="([\d.]+)"[^>]*>10%, 3 to review<',
                      fig.overlay)
    assert short and float(short.group(1)) > bars.x(10)


def test_frame_shared_by_same_lessons_and_overlay_follows_scores():
    a, b = dashboard_figure(rows()), dashboard_figure(rows(best=(2, 2)))
    assert a.frame is b.frame and a.overlay != b.overlay and "100%" in b.overlay
