"""Lesson 03 explorers: the trunk-endurance calculator (with a browser-side
stopwatch and opt-in saving of results) and the core progression planner."""
from __future__ import annotations

import html
from datetime import date
from collections.abc import Mapping

import ipywidgets as widgets

from ..content.core_progressions import core_progressions
from ..content.references import cite
from ..content.trunk_norms import norm_set, norm_sets, rules_of_thumb
from ..figures.trunk_endurance import PlanFigure, TrunkFigure, trend_figure
from ..models import InputError, short_repr
from ..models.core_progression import ProgressionPlan, describe_plan, plan_progression
from ..models.trunk_endurance import (MAX_SECONDS, TESTS, TEST_LABELS, TrunkAssessment,
                                      assess_trunk, format_seconds)
from ..store import StoreUnavailable, try_open_store
from .base import (AUTO, CONTROL, figure_pane, label_style, lean, live_region, message_html, Panel,
                   readout_table, show, start_value)

LESSON = "core"
PLAN_KEY = "progression-plan"
EXAMPLE_TIMES = {"flexor": "95", "extensor": "2:00", "side_right": "60 s",
                 "side_left": "58"}
_BOX_LABELS = {"flexor": "Trunk flexor", "extensor": "Back extensor",
               "side_right": "Side bridge, right", "side_left": "Side bridge, left"}


def _open(store):
    """(store or None, notice or None) from "default", a store, or None."""
    if store == "default":
        return try_open_store()
    if store is None:
        return None, "Saving is switched off for this explorer."
    return store, None


def _time_box(label: str, value: str) -> widgets.Text:
    # One description width for all four boxes, so their inputs line up.
    return lean(widgets.Text, value=value, description=f"{label} (s or m:ss)",
                placeholder="e.g. 95, 95 s or 1:35", continuous_update=False,
                style={"description_width": "16em"},
                layout={"width": "29em"}, classes=CONTROL)


def trunk_readout_html(a: TrunkAssessment, norms) -> str:
    """Times, ratios, the rules of thumb and the norm comparison, as HTML."""
    rows = readout_table((TEST_LABELS[t].capitalize(), format_seconds(a.times[t]))
                         for t in TESTS)
    checks = "".join(
        f"<li>{'&#9888; ' if c.outside else '&#10003; '}{html.escape(c.sentence)}</li>"
        for c in a.checks)
    comps = "".join(f"<li>{html.escape(c.sentence)}</li>" for c in a.comparisons)
    note = f" {html.escape(norms.note)}" if norms.note else ""
    return (f"{rows}"
            f"<p style='margin:6px 0 2px'><strong>Ratios against their rules of thumb</strong>"
            f"</p><ul style='margin:0'>{checks}</ul>"
            f"<p style='margin:6px 0 2px'><strong>Compared with {html.escape(norms.name)}"
            f"</strong> ({html.escape(norms.sample)}; {html.escape(cite(norms.source))})."
            f"{note}</p><ul style='margin:0'>{comps or '<li>No comparable values.</li>'}</ul>"
            f"<p style='margin:6px 0 0'>{html.escape(a.summary())}</p>")


def _start_times(times) -> Mapping:
    """The `times` a lesson passes in: a mapping of hold to seconds (InputError)."""
    if times is None:
        return {}
    example = "{'flexor': 95, 'extensor': 120, 'side_right': 60, 'side_left': 58}"
    if not isinstance(times, Mapping):
        raise InputError(f"times must name each hold, for example {example}; got "
                         f"{short_repr(times)}.")
    unknown = [k for k in times if k not in TESTS]
    if unknown:
        raise InputError(f"There is no hold {short_repr(unknown[0])}; the holds are "
                         f"{', '.join(TESTS)}.")
    return times


class TrunkEnduranceExplorer:
    """State and callbacks behind :func:`trunk_endurance_explorer`."""

    def __init__(self, times=None, norms: str = "mcgill1999-men", *, store="default"):
        given = dict(EXAMPLE_TIMES, **{k: str(v) for k, v in _start_times(times).items()})
        self.boxes = {t: _time_box(_BOX_LABELS[t], given[t]) for t in TESTS}
        self.norms = lean(
            widgets.Dropdown,
            options=[(s.name, s.id) for s in norm_sets()], value=norm_set(norms).id,
            description="Compare with", style=label_style(),
            layout={"width": "auto", "min_width": "320px"}, classes=CONTROL)
        # The stopwatch ticks in the browser (a hidden Play, once a second) and is
        # started and stopped by a toggle linked to it in the browser. Stopping
        # only pauses the Play, so the time stays in its value even when the
        # kernel is busy and the browser merges the ticks and the stop into one
        # message; the kernel resets the clock after reading it. (Play's own stop
        # button resets the value to 0 in that same message, losing the hold.)
        self.play = lean(widgets.Play, value=0, min=0, max=MAX_SECONDS, step=1, interval=1000,
                         show_repeat=False, description="Stopwatch",
                         layout=widgets.Layout(display="none"))
        self.toggle = lean(
            widgets.ToggleButton, value=False, description="Start / stop", icon="stopwatch",
            tooltip="Press when the hold starts and again when it ends",
            layout=AUTO, classes=(*CONTROL, "bsld-stopwatch-toggle"))
        self.toggle_link = widgets.jslink((self.toggle, "value"), (self.play, "playing"))
        self.clock = lean(widgets.IntText, value=0, description="Seconds", disabled=True,
                          layout={"width": "150px"},
                          classes=("bsld-stopwatch-clock",))
        widgets.jslink((self.play, "value"), (self.clock, "value"))
        self._last_tick = 0
        self.target = lean(
            widgets.Dropdown, options=[(_BOX_LABELS[t], t) for t in TESTS], value="flexor",
            description="Stopwatch fills", style=label_style(),
            layout={"width": "auto", "min_width": "300px"}, classes=CONTROL)
        self.stopwatch_status = lean(widgets.HTML,
                                     classes=("bsld-message", "bsld-stopwatch-status"))
        self.remember = lean(
            widgets.Checkbox, value=False, indent=False, layout=AUTO,
            description="Remember my results on this computer (off unless you tick it)",
            classes=(*CONTROL, "bsld-remember"))
        self.store_status = lean(widgets.HTML, classes=("bsld-message", "bsld-remember-status"))
        self.trend = figure_pane("bsld-trend")
        self.pane = figure_pane()
        self.readout = lean(widgets.HTML, classes=("bsld-readout",))
        self.message = lean(widgets.HTML, classes=("bsld-message",))
        self.figure = TrunkFigure(rules_of_thumb())
        self.assessment: TrunkAssessment | None = None
        self.saved_id: int | None = None

        self.store, notice = _open(store)
        if self.store is None:
            self.remember.disabled = True
            self.store_status.value = message_html(notice or "Saving is switched off.",
                                                   "warn")
        else:
            self._earlier_notice()

        for box in self.boxes.values():
            box.observe(lambda _c: self.refresh(), names="value")
        self.norms.observe(lambda _c: self.refresh(), names="value")
        self.target.observe(lambda _c: self._stopwatch_hint(), names="value")
        self.play.observe(self._on_stopwatch, names=["value", "playing"])
        self.remember.observe(self._on_remember, names="value")
        self._stopwatch_hint()
        self.refresh()

        stopwatch = lean(widgets.VBox, [
            lean(widgets.HTML, "<strong>Stopwatch</strong> (runs in your browser, to the nearest "
                               "second): press <em>Start / stop</em> when the hold starts and "
                               "again when it ends."),
            lean(widgets.HBox, [self.toggle, self.clock, self.target, self.play]),
            self.stopwatch_status,
        ], classes=("bsld-stopwatch",))
        self.widget = lean(Panel, [
            lean(widgets.HBox, [
                lean(widgets.VBox, [self.boxes["flexor"], self.boxes["extensor"]]),
                lean(widgets.VBox, [self.boxes["side_right"], self.boxes["side_left"]])]),
            self.norms, stopwatch, self.message, self.pane, self.readout,
            lean(widgets.HTML, "<small>Ratios outside a band are a description of today's test, "
                               "not a diagnosis or a risk score. The bands are later clinical "
                               "rules of thumb from McGill's textbook, not from the 1999 "
                               "study.</small>"),
            self.remember, self.store_status, self.trend,
        ], classes=("bsld-explorer", "bsld-trunk-endurance"))

    # -- model ------------------------------------------------------------------
    def times(self) -> dict[str, str]:
        return {t: box.value for t, box in self.boxes.items()}

    def refresh(self) -> None:
        """Recompute and redraw; bad input shows one sentence and keeps the figure."""
        try:
            a = assess_trunk(self.times(), norm_set(self.norms.value), rules_of_thumb())
        except ValueError as exc:
            self.message.value = message_html(str(exc), "error")
            return
        self.message.value = ""
        self.assessment = a
        show(self.pane, self.figure.update(a))
        self.readout.value = live_region(trunk_readout_html(a, norm_set(self.norms.value)))
        if self.remember.value:
            self._save()

    # -- stopwatch ----------------------------------------------------------------
    def _stopwatch_hint(self) -> None:
        label = _BOX_LABELS[self.target.value].lower()
        self.stopwatch_status.value = message_html(
            f"When you stop the stopwatch, its time goes into the {label} box.", "info")

    def _on_stopwatch(self, change) -> None:
        """A tick, a start or a stop, alone or merged into one message.

        A stopped clock with a time fills the chosen box. If a front end reset
        the clock to 0 in the message that stopped it, the last tick heard is
        used, so a hold is not lost."""
        if change["name"] == "value" and change["new"] > 0:
            self._last_tick = int(change["new"])
        if self.play.playing:
            if change["name"] == "playing":
                label = _BOX_LABELS[self.target.value].lower()
                self.stopwatch_status.value = message_html(f"Timing the {label} hold...",
                                                           "info")
            return
        seconds = int(self.play.value) or self._last_tick
        if seconds > 0:
            self.fill(self.target.value, seconds)

    def fill(self, test: str, seconds: int) -> None:
        """Put a stopwatch time into a box (as the stopwatch does when stopped)."""
        self._last_tick = 0
        self.play.value = 0
        self.boxes[test].value = str(seconds)
        self.stopwatch_status.value = message_html(
            f"{format_seconds(seconds)} went into the {_BOX_LABELS[test].lower()} box.",
            "ok")

    # -- saving -------------------------------------------------------------------
    def _earlier_notice(self) -> None:
        try:
            n = len(self.store.trunk_tests())
        except StoreUnavailable as exc:
            self.store_status.value = message_html(str(exc), "warn")
            return
        if n:
            self.store_status.value = message_html(
                f"{n} earlier test{'s are' if n != 1 else ' is'} saved on this computer; "
                "tick the box to add today's and see the trend.", "info")

    def _on_remember(self, change) -> None:
        if change["new"]:
            if self.assessment is None or self.message.value:
                self.store_status.value = message_html(
                    "Enter four valid times first; they will be saved once they are.",
                    "warn")
            self._save()
            return
        self._forget()

    def _save(self) -> None:
        if self.store is None or self.message.value or self.assessment is None:
            return
        a = self.assessment
        try:
            self.saved_id = self.store.save_trunk_test(
                a.times, norms=self.norms.value, tested_on=date.today().isoformat(),
                replaces=self.saved_id)
            tests = self.store.trunk_tests()
        except StoreUnavailable as exc:
            self.store_status.value = message_html(str(exc), "warn")
            return
        self.store_status.value = message_html(
            f"Today's test is saved on this computer only ({len(tests)} saved in all); "
            "changing a time updates it.", "ok")
        show(self.trend, trend_figure(tests))

    def _forget(self) -> None:
        self.trend.value = ""
        if self.store is None:
            return
        try:
            if self.saved_id is not None:
                self.store.delete_trunk_test(self.saved_id)
        except StoreUnavailable as exc:
            self.store_status.value = message_html(str(exc), "warn")
            return
        removed = self.saved_id is not None
        self.saved_id = None
        self.store_status.value = message_html(
            ("Today's test was removed. " if removed else "Nothing is being saved. ")
            + "Tests saved on earlier days are kept.", "info")


def trunk_endurance_explorer(times=None, norms: str = "mcgill1999-men", *,
                             store="default") -> widgets.VBox:
    """Enter (or time) the four holds; see them, their ratios against the
    rules of thumb and a published norm set. Nothing is saved unless the
    learner ticks "Remember my results"."""
    return TrunkEnduranceExplorer(times, norms, store=store).widget


# ---------------------------------------------------------------------------
# Progression planner
# ---------------------------------------------------------------------------

def plan_table_html(plan: ProgressionPlan) -> str:
    """The plan as a week-by-week table (one column per exercise)."""
    names = []
    for e in plan.entries:
        if e.exercise not in [n for n, _ in names]:
            names.append((e.exercise, e.exercise_name))
    head = "".join(f"<th style='padding:2px 8px;text-align:left'>{html.escape(n)}</th>"
                   for _, n in names)
    body = []
    for week in range(1, plan.weeks + 1):
        cells = []
        for ex, _ in names:
            e = next(r for r in plan.week(week) if r.exercise == ex)
            up = " <strong>(new level)</strong>" if e.moved_up else ""
            cells.append(f"<td style='padding:2px 8px'>Level {e.level}{up}<br>"
                         f"<small>{html.escape(e.dose)}</small></td>")
        body.append(f"<tr><td style='padding:2px 8px'>Week {week}</td>{''.join(cells)}</tr>")
    return (f"<table class='bsld-plan-table' style='font-size:0.9em;border-collapse:collapse'>"
            f"<tr><th style='padding:2px 8px;text-align:left'>Week</th>{head}</tr>"
            f"{''.join(body)}</table>")


def plan_readout_html(plan: ProgressionPlan, progressions) -> str:
    levels = "".join(
        f"<li><strong>{html.escape(ex.name)}</strong>: " + "; ".join(
            f"level {lv.number}, {html.escape(lv.name.lower())}" for lv in ex.levels)
        + "</li>" for ex in progressions.exercises)
    return (plan_table_html(plan)
            + f"<p style='margin:6px 0 2px'>{html.escape(describe_plan(plan))}</p>"
            f"<p style='margin:4px 0 2px'><strong>Levels</strong> (order after "
            f"{html.escape(cite(progressions.source))}):</p><ul style='margin:0'>{levels}</ul>"
            f"<p style='margin:4px 0 0'><small><strong>Course's practical rules, not "
            f"from a study:</strong> hold about half your current pain-free hold, add 2 s "
            f"a week up to 10 s. {html.escape(plan.move_up_rule)} "
            f"{html.escape(plan.stop_rule)}</small></p>")


def _saved_plan_inputs(saved: dict, start: dict):
    """A function (days, weeks) -> (holds as text, days, weeks) from a saved plan,
    or None when the saved plan is not of the shape this course writes."""
    holds = saved.get("current_holds", {})
    days, weeks = saved.get("days_per_week"), saved.get("weeks")
    numbers = (int, float)
    if not isinstance(holds, dict) or not all(
            isinstance(v, numbers) and not isinstance(v, bool) and 0 <= v <= 3600
            for v in holds.values()):
        return None
    for value, low, high in ((days, 1, 7), (weeks, 4, 12)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or not low <= value <= high):
            return None
    text = {k: str(int(v)) if float(v).is_integer() else str(v)
            for k, v in holds.items() if k in start}
    return lambda d, w: (text, d if days is None else days, w if weeks is None else weeks)


class CoreProgressionExplorer:
    """State and callbacks behind :func:`core_progression_explorer`."""

    def __init__(self, holds=None, days_per_week: int = 3, weeks: int = 8, *,
                 store="default"):
        self.progressions = core_progressions()
        self.store, notice = _open(store)
        saved = self._load_saved()
        start = {ex.id: "20" for ex in self.progressions.exercises}
        saved_inputs = _saved_plan_inputs(saved, start) if saved else None
        if saved_inputs is not None:
            holds_saved, days_per_week, weeks = saved_inputs(days_per_week, weeks)
            start.update(holds_saved)
        start.update({k: str(v) for k, v in (holds or {}).items()})
        self.boxes = {ex.id: lean(
            widgets.Text, value=start[ex.id], description=f"{ex.name}: pain-free hold (s)",
            continuous_update=False, style=label_style(),
            layout={"width": "440px"}, classes=CONTROL)
            for ex in self.progressions.exercises}
        self.days = lean(
            widgets.IntSlider, value=min(max(int(days_per_week), 1), 7), min=1, max=7,
            description="Training days per week", continuous_update=False,
            style={"description_width": "16em"}, layout={"width": "480px"},
            classes=CONTROL)
        self.weeks = lean(
            widgets.IntSlider,
            value=min(max(int(weeks), 4), 12), min=4, max=12, description="Weeks to plan",
            continuous_update=False, style={"description_width": "16em"},
            layout={"width": "480px"}, classes=CONTROL)
        self.save = lean(widgets.Button, description="Save my plan", icon="save",
                         layout=AUTO, classes=(*CONTROL, "bsld-save-plan"))
        self.message = lean(widgets.HTML, classes=("bsld-message",))
        self.save_status = lean(widgets.HTML, classes=("bsld-message", "bsld-save-status"))
        self.pane = figure_pane()
        self.readout = lean(widgets.HTML, classes=("bsld-readout",))
        self.figure = PlanFigure([ex.name for ex in self.progressions.exercises],
                                 max(len(ex.levels) for ex in self.progressions.exercises))
        self.plan: ProgressionPlan | None = None
        if self.store is None:
            self.save.disabled = True
            self.save_status.value = message_html(notice or "Saving is switched off.",
                                                  "warn")
        elif saved and saved_inputs is None:
            self.save_status.value = message_html(
                "Your saved plan could not be read, so the explorer starts from the usual "
                "values; the saved plan stays on this computer until you save a new one.",
                "warn")
        elif saved:
            self.save_status.value = message_html(
                "Your saved plan's inputs were loaded.", "info")
        for control in (*self.boxes.values(), self.days, self.weeks):
            control.observe(lambda _c: self.refresh(), names="value")
        self.save.on_click(self._on_save)
        self.refresh()
        self.widget = lean(Panel, [
            lean(widgets.HTML, "<p>Enter how long you can hold each exercise at level 1 "
                               "<strong>without pain</strong>, today.</p>"),
            *self.boxes.values(), self.days, self.weeks, self.message, self.pane,
            self.readout, self.save, self.save_status,
        ], classes=("bsld-explorer", "bsld-core-progression"))

    def _load_saved(self):
        if self.store is None:
            return None
        try:
            saved = self.store.load_answers(LESSON, PLAN_KEY)
        except StoreUnavailable:
            return None
        return saved if isinstance(saved, dict) else None

    def refresh(self) -> None:
        try:
            plan = plan_progression({k: b.value for k, b in self.boxes.items()},
                                    self.days.value, self.progressions,
                                    weeks=self.weeks.value)
        except ValueError as exc:
            self.message.value = message_html(str(exc), "error")
            return
        self.message.value = ""
        self.plan = plan
        show(self.pane, self.figure.update(plan))
        self.readout.value = live_region(plan_readout_html(plan, self.progressions))

    def _on_save(self, _button=None) -> None:
        if self.store is None:
            return
        if self.message.value or self.plan is None:
            self.save_status.value = message_html(
                "Fix the input above first; the plan shown is the last valid one, and "
                "it was not saved.", "warn")
            return
        try:
            self.store.save_answers(LESSON, PLAN_KEY, self.plan.to_dict())
        except StoreUnavailable as exc:
            self.save_status.value = message_html(str(exc), "warn")
            return
        self.save_status.value = message_html(
            f"Plan saved on this computer ({self.plan.weeks} weeks, "
            f"{self.plan.days_per_week} days a week; saved {date.today().isoformat()}).",
            "ok")


def core_progression_explorer(holds=None, days_per_week: int = 3, weeks: int = 8, *,
                              store="default") -> widgets.VBox:
    """Plan a curl-up, side bridge and bird dog progression week by week. A starting
    value outside a slider's range raises InputError."""
    start_value("Training days per week", days_per_week, 1, 7, "days")
    start_value("Weeks to plan", weeks, 4, 12, "weeks")
    if holds is not None and not isinstance(holds, dict):
        from ..models import InputError, short_repr
        raise InputError("Holds must be a mapping of exercise to seconds, such as "
                         f"{{'curl-up': 20}}, not {short_repr(holds)}.")
    return CoreProgressionExplorer(holds, days_per_week, weeks, store=store).widget
