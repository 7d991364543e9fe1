"""The lumbar-load explorer: sliders -> model -> figure and plain feedback."""
from __future__ import annotations

import html
from contextlib import contextmanager

import ipywidgets as widgets

from ..content.lift_presets import lift_presets, presets_caveat
from ..figures.spine_load import LoadFigure, lift_comparison_figure
from ..models.spine_load import (NIOSH_ACTION_LIMIT_N, LumbarLoad, compare_lifts,
                                 lumbar_load)
from .base import (AUTO, CONTROL, figure_pane, label_style, lean, live_region, message_html,
                   Panel, readout_table, show, start_value)

_SLIDER_STYLE = {"description_width": "17em"}


def _slider_layout() -> dict:
    return {"width": "520px"}

# For each input: (action, reason) when it goes up, and when it goes down.
_CHANGES = {
    "trunk_angle_deg": (
        ("Leaning further forward (from {a:.0f}° to {b:.0f}°)",
         "moved the bar and your upper body further in front of your spine"),
        ("Standing more upright (from {a:.0f}° to {b:.0f}°)",
         "brought the bar and your upper body closer to your spine horizontally")),
    "bar_mass": (
        ("Adding load (from {a:g} to {b:g} kg)",
         "put more weight at the same horizontal distance"),
        ("Taking load off (from {a:g} to {b:g} kg)",
         "left less weight at the same horizontal distance")),
    "bar_distance": (
        ("Moving the bar higher up the trunk (from {a:.0f} to {b:.0f} cm)",
         "put it further in front of your spine when you lean"),
        ("Moving the bar lower on the trunk (from {a:.0f} to {b:.0f} cm)",
         "brought it closer to your spine horizontally")),
    "body_mass": (
        ("A heavier body (from {a:g} to {b:g} kg)",
         "put more upper-body weight in front of your spine"),
        ("A lighter body (from {a:g} to {b:g} kg)",
         "put less upper-body weight in front of your spine")),
}


def feedback(before: LumbarLoad | None, after: LumbarLoad, changed: str | None) -> str:
    """One plain sentence on what the last change did to the moment, and why."""
    if before is None or changed not in _CHANGES:
        return "Move a slider to see how each change alters the load on your lower back."
    a, b = getattr(before, changed), getattr(after, changed)
    if changed == "bar_distance":
        a, b = a * 100, b * 100
    if a == b:
        return f"Nothing changed, so the moment stayed at {after.moment:,.0f} N·m."
    action, reason = _CHANGES[changed][0 if b > a else 1]
    action = action.format(a=a, b=b)
    m0, m1 = before.moment, after.moment
    if abs(m1 - m0) < 0.5:
        why = ""
        if after.trunk_angle_deg == 0:
            why = " because with an upright trunk the weight sits directly above L4/L5"
        elif changed == "bar_distance" and after.bar_mass == 0:
            why = " because there is no load on the bar"
        return f"{action} left the moment at {m1:,.0f} N·m{why}."
    verb = "rose" if m1 > m0 else "fell"
    return f"{action} {reason}, so the moment {verb} from {m0:,.0f} to {m1:,.0f} N·m."


def readout_html(r: LumbarLoad, sentence: str) -> str:
    """The numbers and the feedback sentence, as HTML."""
    over = "above" if r.compression > NIOSH_ACTION_LIMIT_N else "below"
    limit = f"{over} the {NIOSH_ACTION_LIMIT_N:,.0f} N occupational action limit"
    rows = [
        ("Horizontal distance of the bar from L4/L5",
         f"{r.bar_horizontal_distance * 100:.0f} cm"),
        ("Moment at L4/L5 (load × horizontal distance)",
         f"{r.moment:,.0f} N·m (bar {r.bar_moment:,.0f}, upper body {r.upper_body_moment:,.0f})"),
        ("Back-extensor muscle force", f"{r.extensor_force:,.0f} N"),
        ("Compression", f"{r.compression:,.0f} N = {r.compression_body_weights:.1f} × "
                        f"body weight ({limit})"),
        ("Shear", f"{r.shear:,.0f} N"),
    ]
    return (f"{readout_table(rows)}"
            f"<p style='margin:6px 0 0 0'>{html.escape(sentence)}</p>")


class LoadExplorer:
    """State and callbacks behind :func:`load_explorer`."""

    def __init__(self, body_mass=80.0, bar_mass=100.0, trunk_angle=45, bar_distance_cm=42):
        slider = dict(style=_SLIDER_STYLE, continuous_update=False, classes=CONTROL)
        self.body_mass = lean(
            widgets.FloatSlider,
            value=body_mass, min=40, max=160, step=1, description="Body mass (kg)",
            readout_format=".0f", layout=_slider_layout(), **slider)
        self.bar_mass = lean(
            widgets.FloatSlider,
            value=bar_mass, min=0, max=300, step=2.5, description="Bar mass (kg)",
            readout_format=".1f", layout=_slider_layout(), **slider)
        self.trunk_angle = lean(
            widgets.IntSlider, value=trunk_angle, min=0, max=90, step=1,
            description="Trunk lean (° from vertical)", layout=_slider_layout(), **slider)
        self.bar_distance = lean(
            widgets.IntSlider, value=bar_distance_cm, min=15, max=55, step=1,
            description="Bar position up trunk (cm)", layout=_slider_layout(), **slider)
        self.presets = {p.id: p for p in lift_presets()}
        self.preset = lean(
            widgets.Dropdown,
            options=[("(choose a lift)", "")] + [(p.name, p.id) for p in lift_presets()],
            value="", description="Typical position (illustrative)", style=label_style(),
            layout={"width": "430px"}, classes=CONTROL)
        self.compare = lean(
            widgets.Button, description="Compare all lifts", icon="bar-chart",
            layout=AUTO, classes=CONTROL,
            tooltip="Squats, deadlifts and good morning at your body mass and bar mass "
                    "(illustrative positions)")
        self.controls = [self.body_mass, self.bar_mass, self.trunk_angle,
                         self.bar_distance, self.preset, self.compare]

        self.figure = LoadFigure()
        self.pane = figure_pane()
        self.comparison = figure_pane("bsld-comparison")
        self.readout = lean(widgets.HTML, classes=("bsld-readout",))
        self.message = lean(widgets.HTML, classes=("bsld-message",))
        self.note = lean(
            widgets.HTML,
            "<small><em>Bar position</em> is measured up the trunk from L4/L5 to where the "
            "bar's weight acts: about 42 cm for a bar on the upper back or hanging from the "
            "shoulders. Simplified static model with assumed body geometry: use it to "
            f"compare positions, not to measure your spine. {presets_caveat()}</small>")
        self.result: LumbarLoad | None = None
        self._quiet = False

        for name, slider in (("body_mass", self.body_mass), ("bar_mass", self.bar_mass),
                             ("trunk_angle_deg", self.trunk_angle),
                             ("bar_distance", self.bar_distance)):
            slider.observe(self._on_slider(name), names="value")
        self.preset.observe(self._on_preset, names="value")
        self.compare.on_click(self._on_compare)
        self.refresh(None)

        self.widget = lean(Panel, [
            lean(widgets.VBox, self.controls[:4]),
            lean(widgets.HBox, [self.preset, self.compare]),
            self.message, self.pane, self.readout, self.note, self.comparison,
        ], classes=("bsld-explorer", "bsld-load-explorer"))

    # -- model ----------------------------------------------------------------
    def compute(self) -> LumbarLoad:
        return lumbar_load(self.body_mass.value, self.bar_mass.value,
                           self.trunk_angle.value,
                           bar_distance=self.bar_distance.value / 100)

    def refresh(self, changed: str | None, sentence: str | None = None) -> None:
        """Recompute, redraw and write the feedback; errors become a message."""
        try:
            result = self.compute()
        except ValueError as exc:
            self.message.value = message_html(str(exc), "error")
            return
        self.message.value = ""
        text = sentence or feedback(self.result, result, changed)
        self.result = result
        show(self.pane, self.figure.update(result))
        self.readout.value = live_region(readout_html(result, text))
        if self.comparison.value and changed in ("body_mass", "bar_mass"):
            self.compare.description = "Update comparison"

    # -- callbacks --------------------------------------------------------------
    def _on_slider(self, name: str):
        def handler(_change):
            if self._quiet:
                return
            with self._batch():
                self.preset.value = ""
            self.refresh(name)
        return handler

    @contextmanager
    def _batch(self):
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False

    def _on_preset(self, change) -> None:
        if self._quiet or not change["new"]:
            return
        p = self.presets[change["new"]]
        before = self.result
        with self._batch():
            self.trunk_angle.value = round(p.trunk_angle_deg)
            self.bar_distance.value = round(p.bar_distance * 100)
        try:
            after = self.compute()
        except ValueError:
            self.refresh("preset")  # shows the problem as a message
            return
        verb = "rose" if after.moment > before.moment else "fell"
        if abs(after.moment - before.moment) < 0.5:
            change_text = f"the moment stayed at {after.moment:,.0f} N·m"
        else:
            change_text = (f"the moment {verb} from {before.moment:,.0f} to "
                           f"{after.moment:,.0f} N·m")
        self.refresh("preset", f"The {p.name.lower()} preset set a {p.trunk_angle_deg:.0f}° "
                     f"lean with the bar {p.bar_distance * 100:.0f} cm up the trunk "
                     f"(illustrative values), so {change_text}.")

    def _on_compare(self, _button=None) -> None:
        results = compare_lifts(lift_presets(), self.body_mass.value, self.bar_mass.value)
        show(self.comparison, lift_comparison_figure(results))
        self.compare.description = "Compare all lifts"


# The sliders' ranges: a starting value outside them would be silently clamped.
RANGES = {"body_mass": (40, 160, "kg"), "bar_mass": (0, 300, "kg"),
          "trunk_angle": (0, 90, "degrees"), "bar_distance_cm": (15, 55, "cm")}


def load_explorer(body_mass: float = 80.0, bar_mass: float = 100.0,
                  trunk_angle: int = 45, bar_distance_cm: int = 42) -> widgets.VBox:
    """Explore how lean, load and bar position change the load at L4/L5.

    Returns the explorer's outer box (classes ``bsld-explorer bsld-load-explorer``).
    A starting value outside a slider's range raises InputError.
    """
    given = {"body_mass": body_mass, "bar_mass": bar_mass, "trunk_angle": trunk_angle,
             "bar_distance_cm": bar_distance_cm}
    for name, value in given.items():
        low, high, unit = RANGES[name]
        start_value(name.replace("_cm", "").replace("_", " ").capitalize(), value, low,
                    high, unit)
    return LoadExplorer(**given).widget
