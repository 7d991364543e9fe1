"""The warm-up builder: inputs -> RAMP plan -> timeline, load ramp, plan table,
and a printable gym card saved where the learner chooses."""
from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import ipywidgets as widgets

from ..files import user_path
from ..content.safety import safety_content
from ..content.warm_up import warm_up_library
from ..models.warm_up import (MAX_WORKING_WEIGHT, WarmUpPlan, build_warm_up, describe,
                              parse_plates)
from .base import (AUTO, CONTROL, figure_pane, label_style, lean, live_region, message_html,
                   Panel, show, start_choice, start_value)

_WIDE = {"width": "520px"}     # a shared Layout (see base.lean)


def _kg(x: float) -> str:
    return f"{x:g} kg"


def _plates(plates: tuple[float, ...]) -> str:
    return " + ".join(f"{p:g}" for p in plates) if plates else "none"


def _clock(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


def _rows(plan: WarmUpPlan) -> list[tuple[str, str, str, str]]:
    """(start, what, dose, why) for every step of the plan, in order."""
    rows = [(_clock(0), plan.raise_name, f"{plan.raise_seconds / 60:g} min",
             warm_up_library().raise_reason)]
    t = plan.blocks[1].start
    for d in plan.drills:
        rows.append((_clock(t), d.name, d.dose, d.reason))
        t += d.seconds
    for s in plan.ramp:
        what = "Empty bar" if s.percent is None else f"{s.label} of the working weight"
        rows.append((_clock(t), f"{plan.lift_name}: {_kg(s.weight)}", f"{s.reps} reps",
                     f"{what}; plates per side: {_plates(s.plates_per_side)}"))
        t += s.seconds
    rows.append((_clock(t), f"Working sets: {_kg(plan.working_weight)}",
                 f"{plan.reps} reps", "plates per side: "
                 + _plates(plan.working_plates_per_side)))
    return rows


def _table(rows, head=("start", "what", "dose", "why / plates per side")) -> str:
    th = "".join(f"<th style='text-align:left;padding:2px 8px 2px 0'>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td style='padding:2px 8px 2px 0;vertical-align:top'>"
                                    f"{html.escape(c)}</td>" for c in r) + "</tr>"
                   for r in rows)
    return f"<table style='font-size:0.92em;border-collapse:collapse'><tr>{th}</tr>{body}</table>"


def readout_html(plan: WarmUpPlan) -> str:
    """The plan as HTML: a summary, the table, what was cut and any advice."""
    parts = [f"<p style='margin:0 0 6px 0'>{html.escape(describe(plan))}</p>", _table(_rows(plan))]
    if plan.dropped:
        items = "".join(f"<li>{html.escape(d.what)}: {html.escape(d.why)}.</li>"
                        for d in plan.dropped)
        parts.append(f"<p style='margin:6px 0 0 0'><strong>Cut to fit "
                     f"{plan.budget_minutes:g} minutes:</strong></p><ul style='margin:2px 0'>"
                     f"{items}</ul>")
    elif plan.spare_minutes >= 0.5:
        parts.append(f"<p style='margin:6px 0 0 0'>{plan.spare_minutes:.1f} minutes spare: "
                     "rest a little longer before the heaviest ramp-up sets.</p>")
    for text in plan.advice:
        parts.append(f"<p style='margin:6px 0 0 0'><strong>Your note:</strong> "
                     f"{html.escape(text)}</p>")
    return "".join(parts)


# -- the gym card -------------------------------------------------------------------
_CARD_CSS = """
@page { size: A4; margin: 12mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; color: #000;
       max-width: 180mm; margin: 0 auto; }
h1 { font-size: 15pt; margin: 0 0 2mm 0; }
p { margin: 1mm 0; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; }
th, td { border-bottom: 0.3mm solid #999; padding: 1mm 2mm 1mm 0; text-align: left;
         vertical-align: top; }
.timeline { display: flex; height: 6mm; border: 0.3mm solid #000; margin: 2mm 0; }
.timeline div { border-right: 0.3mm solid #000; font-size: 8pt; overflow: hidden;
                white-space: nowrap; padding-left: 1mm; line-height: 6mm; }
.small { font-size: 9pt; color: #333; }
"""


def gym_card_html(plan: WarmUpPlan, *, on: date | None = None) -> str:
    """A standalone, printable one-page HTML card of the plan (no network
    references: no fonts, scripts or images from elsewhere)."""
    on = on or date.today()
    title = (f"Warm-up for the {plan.lift_name.lower()}: {plan.reps} × "
             f"{_kg(plan.working_weight)}")
    style = {"raise": "background:#56B4E9", "activate-mobilise": "background:#E69F00",
             "potentiate": "background:#009E73"}
    bar = "".join(f"<div style='width:{b.seconds / plan.total_seconds * 100:.1f}%;"
                  f"{style[b.key]}'>{html.escape(b.title)} {b.minutes:.1f} min</div>"
                  for b in plan.blocks if b.seconds > 0)
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
                   for r in _rows(plan))
    extra = ""
    if plan.dropped:
        extra += "<p><strong>Cut to fit the time:</strong> " + "; ".join(
            html.escape(f"{d.what} ({d.why})") for d in plan.dropped) + ".</p>"
    if plan.notes:
        extra += f"<p><strong>Note:</strong> {html.escape(plan.notes)}</p>"
    for text in plan.advice:
        extra += f"<p>{html.escape(text)}</p>"
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{_CARD_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        f"<p class='small'>{on.isoformat()} · {plan.total_minutes:.1f} of "
        f"{plan.budget_minutes:g} minutes · {_kg(plan.bar_weight)} bar · plates "
        f"{', '.join(f'{p:g}' for p in plan.plates)} kg</p>"
        f"<div class='timeline'>{bar}</div>"
        "<table><tr><th>start</th><th>what</th><th>dose</th><th>why / plates per side</th>"
        f"</tr>{rows}</table>{extra}"
        "<p class='small'>Back-Safe Leg Day, lesson 05. Education, not medical advice: "
        "if pain is sharp or spreads down a leg, stop and see a clinician.</p>"
        f"{_emergency_note()}</body></html>\n")


def _emergency_note() -> str:
    """The emergency tier and its signs, from the course's one safety source."""
    content = safety_content()
    tier = content.tier("emergency")
    signs = "; ".join(html.escape(f.text) for f in content.flags_of(tier.id))
    return (f"<p class='small'><strong>{html.escape(tier.heading)}</strong> if any one of "
            f"these appears: {signs}.</p>")


def card_path(plan: WarmUpPlan, folder) -> Path:
    """Where :func:`save_gym_card` writes the card for `plan` in `folder`."""
    weight = f"{plan.working_weight:g}".replace(".", "-")
    return user_path(folder) / f"warm-up-{plan.lift_id}-{weight}kg.html"


def save_gym_card(plan: WarmUpPlan, folder) -> Path:
    """Write the card into `folder` (created if missing); returns the file.
    Raises OSError when the folder cannot be written."""
    from ..files import write_atomically

    path = card_path(plan, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = gym_card_html(plan)
    write_atomically(path, lambda fh: fh.write(text))   # a full disk keeps the old card
    return path


def save_error_sentence(folder, exc: OSError) -> str:
    """One plain sentence for a card that could not be saved."""
    if isinstance(exc, PermissionError):
        why = "you do not have permission to write there"
    elif isinstance(exc, (FileExistsError, NotADirectoryError)):
        why = "part of that path is a file, not a folder"
    elif isinstance(exc, FileNotFoundError):
        why = "that folder cannot be created"
    else:
        why = f"the system refused ({(exc.strerror or str(exc)).rstrip('.').lower()})"
    return (f"The card could not be saved in {folder} because {why}; choose another "
            "folder (your plan is still shown above).")


def _default_folder() -> str:
    from ..store import save_folder

    return save_folder()


class WarmUpBuilder:
    """State and callbacks behind :func:`warm_up_explorer`."""

    def __init__(self, lift="conventional-deadlift", working_weight=140.0, reps=5,
                 minutes=12, folder=None, store="default"):
        lib = warm_up_library()
        start_choice("The main lift", lift, lib.lifts)
        start_value("The working weight", working_weight, 0, MAX_WORKING_WEIGHT, "kg")
        start_value("Reps", reps, 1, 15, "reps")
        start_value("The time budget", minutes, 4, 30, "minutes")
        self.store = store
        common = dict(style=label_style(), classes=CONTROL)
        self.lift = lean(
            widgets.Dropdown,
            options=[(name, lid) for lid, (name, _) in lib.lifts.items()], value=lift,
            description="Main lift", **common, layout={"width": "360px"})
        self.weight = lean(
            widgets.FloatText,
            value=working_weight, step=2.5, description="Working weight (kg)", **common,
            layout={"width": "240px"})
        self.reps = lean(
            widgets.IntSlider,
            value=reps, min=1, max=15, description="Reps in the working set", **common,
            continuous_update=False, layout=_WIDE)
        self.minutes = lean(
            widgets.IntSlider,
            value=minutes, min=4, max=30, description="Time budget (minutes)", **common,
            continuous_update=False, layout=_WIDE)
        self.bar = lean(
            widgets.Dropdown,
            options=[(f"{b:g} kg", b) for b in lib.bar_weights], value=lib.default_bar_weight,
            description="Bar", **common, layout={"width": "160px"})
        self.plates = lean(
            widgets.Text, value=", ".join(f"{p:g}" for p in lib.plates), continuous_update=False,
            description="Plates you have (kg)", **common, layout=_WIDE)
        self.notes = lean(
            widgets.Text,
            value="", placeholder="e.g. back feels stiff today", continuous_update=False,
            description="Notes (optional)", **common, layout=_WIDE)
        self.folder = lean(
            widgets.Text, value=str(folder) if folder is not None else _default_folder(),
            continuous_update=False, description="Card folder", **common,
            layout={"width": "620px"})
        self.save = lean(widgets.Button, description="Save as a gym card", icon="print",
                         layout=AUTO, classes=CONTROL,
                         tooltip="Write a one-page HTML card of this plan")
        self.controls = [self.lift, self.weight, self.reps, self.minutes, self.bar,
                         self.plates, self.notes, self.folder, self.save]

        from ..figures.warm_up import WarmUpFigure  # matplotlib only when shown

        self.figure = WarmUpFigure()
        self.pane = figure_pane()
        self.readout = lean(widgets.HTML, classes=("bsld-readout",))
        self.message = lean(widgets.HTML, classes=("bsld-message",))
        self.save_status = lean(widgets.HTML, classes=("bsld-message", "bsld-save-status"))
        self.plan: WarmUpPlan | None = None
        self.error: str | None = None

        for control in self.controls[:-2]:
            control.observe(self.refresh, names="value")
        self.save.on_click(self._on_save)
        self.refresh()

        self.widget = lean(Panel, [
            lean(widgets.HBox, [self.lift, self.weight, self.bar]),
            self.reps, self.minutes, self.plates, self.notes,
            self.message, self.pane, self.readout,
            lean(widgets.HBox, [self.folder, self.save]), self.save_status,
        ], classes=("bsld-explorer", "bsld-warm-up-builder"))

    def compute(self) -> WarmUpPlan:
        return build_warm_up(self.lift.value, self.weight.value, self.reps.value,
                             self.minutes.value, bar_weight=self.bar.value,
                             plates=parse_plates(self.plates.value), notes=self.notes.value)

    def refresh(self, _change=None) -> None:
        """Rebuild and redraw; a bad input becomes one sentence, the last plan stays."""
        try:
            plan = self.compute()
        except ValueError as exc:
            self.error = str(exc)
            self.message.value = message_html(self.error, "error")
            return
        self.error = None
        self.message.value = ""
        self.plan = plan
        show(self.pane, self.figure.update(plan))
        self.readout.value = live_region(readout_html(plan))

    def _on_save(self, _button=None) -> None:
        if self.error is not None or self.plan is None:
            self.save_status.value = message_html(
                "Fix the input marked above first, so the card matches what you entered.",
                "warn")
            return
        from ..store import APP_MODE_FILES, app_mode

        if app_mode():
            self.save_status.value = message_html(APP_MODE_FILES, "warn")
            return
        folder = self.folder.value.strip() or _default_folder()
        try:
            path = save_gym_card(self.plan, folder)
        except OSError as exc:
            self.save_status.value = message_html(save_error_sentence(folder, exc), "error")
            return
        self.save_status.value = message_html(
            f"Saved your gym card to {path}: open it in a browser and print it "
            f"(it fits on one page).{self._remember(path)}", "ok")

    def _remember(self, path: Path) -> str:
        """Note the saved plan in the progress store, for lesson 07's plan (the
        notes field is not kept). Returns a sentence to add to the message."""
        from ..store import StoreUnavailable, try_open_store

        store, notice = try_open_store() if self.store == "default" else (self.store, None)
        if store is None:
            return f" {notice}" if notice else ""
        plan = self.plan
        try:
            store.save_answers("warm-up", "plan", {
                "lift": plan.lift_id, "working_weight": plan.working_weight,
                "reps": plan.reps, "minutes": plan.budget_minutes,
                "bar_weight": plan.bar_weight, "plates": list(plan.plates), "card": str(path)})
        except StoreUnavailable as exc:
            return f" {exc}"
        return " Lesson 07 will use it for your plan."


def warm_up_explorer(lift: str = "conventional-deadlift", working_weight: float = 140.0,
                     reps: int = 5, minutes: int = 12, folder: str | None = None,
                     store="default") -> widgets.VBox:
    """Build a RAMP warm-up for a lift, a working weight and a time budget, and
    save it as a printable gym card (default folder: the course's data folder).

    Returns the explorer's outer box (classes ``bsld-explorer bsld-warm-up-builder``).
    """
    return WarmUpBuilder(lift, working_weight, reps, minutes, folder, store).widget
