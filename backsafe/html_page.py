"""One standalone HTML page: no scripts, fonts or links to fetch, printable.

Used for everything the course writes as a file to open in a browser (the gym
card, the plan, the answer key, the instructor guide, the class report).
"""
from __future__ import annotations

from .render import html, render

BASE_CSS = (
    "body{font-family:Georgia,'Times New Roman',serif;max-width:48em;margin:2em auto;"
    "padding:0 1em;color:#111;background:#fff;line-height:1.45}"
    "h1{font-size:1.6em}h2{font-size:1.3em;margin-top:1.6em}h3{font-size:1.1em}"
    "li{margin:.3em 0}small,.small{color:#333;font-size:.9em}"
    "table{border-collapse:collapse;margin:.6em 0}"
    "th,td{border:1px solid #767676;padding:.25em .5em;text-align:left;vertical-align:top}"
    "a{color:#0b5394}"
    "@media print{body{margin:0;max-width:none}a{color:#111}h2,h3,h4{break-after:avoid}}"
)


def html_page(title: str, body: str, *, css: str = "") -> str:
    """A whole document around `body` (already HTML); `title` is escaped here."""
    return render("page.html.j2", title=title, css=html(BASE_CSS + css), body=html(body))
