"""The plan as a one-page gym card: HTML that prints on one A4 or Letter page
(sources on a second page) and reads on a phone, and the same card in Markdown.

The content comes from `models.gym_card.build_gym_card`; the pages are the
Jinja2 templates `gym_card.html.j2` (with `gym_card_body.html.j2`, also shown
in lesson 07) and `gym_card.md.j2`. Files are written whole or not at all.
"""
from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

from ..content.markup import CITATION, to_html
from ..content.references import cite, reference
from ..files import user_path, write_atomically
from ..models.gym_card import (CORE_BASIS, LOAD_BASIS, TAGS, WARM_UP_BASIS, CorePart,
                               GymCard, LoadLine, WarmUpPart)
from ..render import html, render

CSS = """
@page { margin: 10mm; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 9pt; line-height: 1.25;
       color: #000; background: #fff; max-width: 190mm; margin: 0 auto; padding: 2mm; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
h2 { font-size: 10.5pt; margin: 2mm 0 0.5mm; break-after: avoid; }
p { margin: 0.8mm 0; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0; }
th, td { border: 0; border-bottom: 0.3mm solid #999; padding: 0.2mm 2mm 0.2mm 0;
         text-align: left; vertical-align: top; overflow-wrap: break-word; }
.nowrap { white-space: nowrap; }
.small, .basis, .flag { font-size: 8pt; }
.tag { font-weight: bold; border: 0.3mm solid #000; padding: 0 1mm; white-space: nowrap; }
.missing { border-left: 1.2mm solid #E69F00; padding-left: 2mm; }
.urgent { border: 0.6mm solid #D55E00; padding: 1.5mm; }
.red-flags { border: 0.6mm solid #000; padding: 0 2mm 1mm; margin-top: 3mm;
             break-inside: avoid; }
.flag { padding-left: 1.5mm; border-left: 1.5mm solid #009E73; }
.flag[data-tier="emergency"] { border-left-color: #D55E00; }
.flag[data-tier="prompt"] { border-left-color: #E69F00; }
.citations { break-before: page; font-size: 8.5pt; }
.citations li { margin: 0.5mm 0; }
@media screen { .citations { margin-top: 8mm; border-top: 0.3mm solid #999; } }
@media screen and (max-width: 32em) { body { font-size: 11pt; }
  .small, .basis, .flag { font-size: 10pt; } th, td { padding-right: 1mm; } }
"""


def _clock(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


def _kg(x: float | None) -> str:
    return "" if x is None else f"{x:g} kg"


def _plates(step) -> str:
    if step.weight_kg is None:
        return ""
    if not step.plates_per_side:
        return "none (empty bar)"
    runs = [(p, step.plates_per_side.count(p)) for p in dict.fromkeys(step.plates_per_side)]
    return " + ".join(f"{n} × {p:g}" if n >= 3 else " + ".join([f"{p:g}"] * n)
                      for p, n in runs)


def _warm_view(part: WarmUpPart | None, text) -> dict | None:
    if part is None:
        return None
    plan = part.plan
    return {"title": f"{plan.lift_name.lower()}, {plan.reps} × {plan.working_weight:g} kg, "
                     f"{plan.total_minutes:.0f} min ({plan.bar_weight:g} kg bar)",
            "steps": [{"start": _clock(s.start_s), "what": s.what, "dose": s.dose,
                       "weight": _kg(s.weight_kg), "plates": _plates(s)}
                      for s in part.steps],
            "note": part.note, "tag": TAGS["warm-up"], "basis": text(WARM_UP_BASIS)}


def _core_view(part: CorePart | None, text) -> dict | None:
    if part is None:
        return None
    if part.retest_on is None:
        retest = (f"Retest your holds in lesson 03 when this {part.weeks}-week plan ends "
                  "(the day you saved it is not known, so week 1 is shown).")
    elif part.ended:
        retest = (f"Your {part.weeks}-week plan ended on {part.retest_on}: retest your "
                  "holds in lesson 03 and plan the next block.")
    else:
        retest = f"Retest your holds in lesson 03 on {part.retest_on}, when this plan ends."
    title = (f"week {part.week} of {part.weeks}"
             + (" (the plan has ended; its last week)" if part.ended else ""))
    return {"title": title, "retest": retest, "rule": part.move_up_rule,
            "rows": [{"exercise": e.exercise_name, "level": f"{e.level}: {e.level_name}",
                      "dose": e.dose} for e in part.entries],
            "tag": TAGS["core"], "basis": text(CORE_BASIS)}


def _load_view(line: LoadLine | None, text) -> dict | None:
    if line is None:
        return None
    if line.ratio is None:
        numbers = (f"Last 7 days: {line.acute:,.0f} AU (session RPE × minutes), over "
                   f"{line.history_days} days of log.")
    else:
        numbers = (f"Last 7 days: {line.acute:,.0f} AU against a 4-week average of "
                   f"{line.chronic:,.0f} AU a week (ratio {line.ratio:.2f}).")
    return {"numbers": numbers, "instruction": line.instruction, "tag": TAGS["load"],
            "basis": text(LOAD_BASIS)}


def _context(card: GymCard, text, ref) -> dict:
    return {"made_on": card.made_on.isoformat(), "urgent": card.urgent,
            "notices": card.notices, "missing": dict(card.missing),
            "warm": _warm_view(card.warm_up, text), "core": _core_view(card.core, text),
            "load": _load_view(card.load, text),
            "red_flags": [dataclasses.asdict(line) for line in card.red_flags],
            "safety_basis": text(card.safety_basis),
            "references": [ref(k) for k in card.references]}


def _html_text(text: str):
    return html(to_html(text, cite))


def card_body_html(card: GymCard) -> str:
    """The card as an HTML fragment (for lesson 07's screen)."""
    return render("gym_card_body.html.j2", wrapper="div", h1="h3", h2="h4",
                  **_context(card, _html_text, lambda k: html(reference(k).to_html())))


def gym_card_html(card: GymCard) -> str:
    """The card as one standalone page: no scripts, fonts, images or links."""
    return render("gym_card.html.j2", title=f"My back-safe gym card, {card.made_on}",
                  css=html(CSS), wrapper="main", h1="h1", h2="h2",
                  **_context(card, _html_text, lambda k: html(reference(k).to_html())))


_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>#|!]")


def markdown_text(text: str) -> str:
    """Text for Markdown, shown as typed and never run (so a '|' cannot break a
    table); [@key] becomes '(Author year)'."""
    parts = CITATION.split(text)       # text, key, text, key, ..., text
    return "".join(f"({cite(p)})" if n % 2 else _MD_SPECIAL.sub(r"\\\g<0>", p)
                   for n, p in enumerate(parts))


def reference_markdown(key: str) -> str:
    ref = reference(key)
    extra = f" doi:{ref.doi}" if ref.doi else ""
    return f"{ref.authors} ({ref.year}). {ref.title}. *{ref.source}*.{extra}"


def _each_string(value, change):
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict):
        return {k: _each_string(v, change) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_each_string(v, change) for v in value]
    return value


def gym_card_markdown(card: GymCard) -> str:
    """The card as Markdown, the same parts in the same order; every text is
    escaped once, so it reads as written."""
    context = _each_string(_context(card, str, str), markdown_text)
    context["references"] = [reference_markdown(k) for k in card.references]
    return render("gym_card.md.j2", **context).strip() + "\n"


def card_paths(folder, on: date) -> tuple[Path, Path]:
    """Where `save_gym_card` writes the HTML and Markdown cards of day `on`."""
    stem = user_path(folder) / f"back-safe-gym-card-{on.isoformat()}"
    return stem.with_suffix(".html"), stem.with_suffix(".md")


def save_gym_card(card: GymCard, folder) -> tuple[Path, Path]:
    """Write the card as HTML and Markdown into `folder` (made if needed). Each
    file is replaced only once its new version is complete, so a full disk
    leaves an earlier card as it was. Raises OSError."""
    html_path, md_path = card_paths(folder, card.made_on)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    for path, text in ((html_path, gym_card_html(card)), (md_path, gym_card_markdown(card))):
        write_atomically(path, lambda fh, text=text: fh.write(text))
    return html_path, md_path
