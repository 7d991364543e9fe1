"""Lesson 04 widgets: the pelvis explorer and the modified Thomas test walkthrough."""
from __future__ import annotations

import html

import ipywidgets as widgets

from ..content.hip_flexors import thomas_content
from ..content.markup import to_html
from ..content.references import cite
from ..figures.pelvis import PelvisFigure, ThomasFigure
from ..models.pelvis import (LORDOSIS_ESTIMATE_NOTE, TILT_MEAN, ClinicalTilt, PelvisState,
                             THIGH_POSITIONS, ThomasResult, clinical_tilt, pelvis_state,
                             thomas_test)
from .base import (CONTROL, figure_pane, lean, live_region, message_html, Panel, readout_table,
                   show, start_choice, start_value)

_STYLE = {"description_width": "19em"}


def _layout() -> dict:
    return {"width": "540px"}


def pelvis_feedback(before: PelvisState | None, after: PelvisState, clin: ClinicalTilt,
                    changed: str | None) -> str:
    """One plain sentence on what the last change did."""
    if changed == "clinical":
        share = (f"like {clin.share_men}% of pain-free men and {clin.share_women}% of "
                 f"pain-free women")
        return (f"A clinical reading of {clin.angle:.0f}° counts as {clin.direction} tilt, "
                f"{share}; bone shape alone would give {clin.bone_shape_percentile:.0f}% "
                f"of pelves a smaller reading, so the number says little about your posture.")
    if before is None or changed not in ("tilt", "incidence"):
        return ("Move a slider: tilt rotates the pelvis about the hips, incidence changes "
                "its shape.")
    if changed == "tilt":
        if after.tilt == before.tilt:
            return f"Nothing changed: the tilt stayed at {after.tilt:.1f}°."
        way = "backward" if after.tilt > before.tilt else "forward"
        more = "less" if after.tilt > before.tilt else "more"
        return (f"Rotating the pelvis {way} (tilt {before.tilt:.1f}° → {after.tilt:.1f}°) "
                f"changed the sacral slope from {before.sacral_slope:.1f}° to "
                f"{after.sacral_slope:.1f}°, so the lower back needs about "
                f"{abs(after.tilt - before.tilt):.1f}° {more} curve to keep you upright; "
                f"{after.tilt_percentile:.0f}% of pain-free adults have a smaller tilt.")
    if after.incidence == before.incidence:
        return f"Nothing changed: the incidence stayed at {after.incidence:.0f}°."
    bigger = after.incidence > before.incidence
    return (f"A pelvis with a {'larger' if bigger else 'smaller'} incidence "
            f"({before.incidence:.0f}° → {after.incidence:.0f}°) has a "
            f"{'steeper' if bigger else 'flatter'} sacral slope at the same tilt "
            f"({before.sacral_slope:.1f}° → {after.sacral_slope:.1f}°), and people built "
            f"like that tend to have {'more' if bigger else 'less'} lordosis (estimate "
            f"{before.lordosis_estimate:.0f}° → {after.lordosis_estimate:.0f}°).")


def pelvis_readout_html(s: PelvisState, c: ClinicalTilt, sentence: str) -> str:
    rng = "inside" if s.tilt_in_pain_free_range else "outside"
    rows = [
        ("Sacral slope = incidence − tilt",
         f"{s.incidence:.0f}° − {s.tilt:.1f}° = {s.sacral_slope:.1f}°"),
        ("Lumbar lordosis (estimate)", f"about {s.lordosis_estimate:.0f}°"),
        ("Your X-ray tilt among 709 pain-free adults",
         f"{s.tilt_percentile:.0f}% have less ({rng} the range of 95% of them)"),
        ("Clinical reading", f"{c.angle:.0f}°, {c.direction}"),
    ]
    return (f"{readout_table(rows)}"
            f"<p style='margin:6px 0 0 0'>{html.escape(sentence)}</p>")


class PelvisExplorer:
    """State and callbacks behind :func:`pelvis_explorer`."""

    def __init__(self, incidence=53, tilt=TILT_MEAN, clinical=8):
        common = dict(style=_STYLE, continuous_update=False, layout=_layout(), classes=CONTROL)
        self.incidence = lean(
            widgets.IntSlider, value=incidence, min=25, max=90, step=1,
            description="Pelvic incidence, bone shape (°)", **common)
        self.tilt = lean(
            widgets.FloatSlider, value=tilt, min=-15, max=50, step=0.5, readout_format=".1f",
            description="Pelvic tilt on X-ray (°)", **common)
        self.clinical = lean(
            widgets.IntSlider, value=clinical, min=-20, max=35, step=1,
            description="Clinical tilt reading, ASIS–PSIS (°)", **common)
        self.controls = [self.incidence, self.tilt, self.clinical]
        self.figure = PelvisFigure()
        self.pane = figure_pane()
        self.readout = lean(widgets.HTML, classes=("bsld-readout",))
        self.message = lean(widgets.HTML, classes=("bsld-message",))
        self.note = lean(
            widgets.HTML,
            "<small>Two different angles are called <em>pelvic tilt</em>. On an X-ray, "
            "tilt is measured from the hip joints to the top of the sacrum, and a pelvis "
            "rotated <em>forward</em> has a <em>smaller</em> tilt. The clinical reading "
            "(a tape or inclinometer on the bony points at the front and back of the "
            "pelvis) is positive when the front is lower. Sources: "
            f"{cite('legaye1998')}; {cite('macthiong2011')}; {cite('herrington2011')}; "
            f"{cite('preece2008')}. {html.escape(LORDOSIS_ESTIMATE_NOTE)}</small>")
        self.state: PelvisState | None = None
        self.clin: ClinicalTilt | None = None
        self.incidence.observe(lambda _c: self.refresh("incidence"), names="value")
        self.tilt.observe(lambda _c: self.refresh("tilt"), names="value")
        self.clinical.observe(lambda _c: self.refresh("clinical"), names="value")
        self.refresh(None)
        self.widget = lean(Panel, [
            lean(widgets.VBox, self.controls), self.message, self.pane, self.readout, self.note,
        ], classes=("bsld-explorer", "bsld-pelvis-explorer"))

    def refresh(self, changed: str | None) -> None:
        """Recompute and redraw; a value the model rejects becomes one sentence."""
        try:
            state = pelvis_state(self.incidence.value, self.tilt.value)
            clin = clinical_tilt(self.clinical.value)
        except ValueError as exc:
            self.message.value = message_html(str(exc), "error")
            return
        self.message.value = ""
        sentence = pelvis_feedback(self.state, state, clin, changed)
        self.state, self.clin = state, clin
        show(self.pane, self.figure.update(state, clin))
        self.readout.value = live_region(pelvis_readout_html(state, clin, sentence))


def pelvis_explorer(incidence: int = 53, tilt: float = TILT_MEAN,
                    clinical: int = 8) -> widgets.VBox:
    """Explore pelvic incidence, tilt and sacral slope, and where a tilt falls among
    pain-free adults. Returns the outer box (``bsld-explorer bsld-pelvis-explorer``).
    A starting value outside a slider's range raises InputError."""
    start_value("Pelvic incidence", incidence, 25, 90, "degrees")
    start_value("Pelvic tilt", tilt, -15, 50, "degrees")
    start_value("The clinical tilt reading", clinical, -20, 35, "degrees")
    return PelvisExplorer(incidence, tilt, clinical).widget


# -- modified Thomas test -------------------------------------------------------
def thomas_readout_html(r: ThomasResult) -> str:
    content = thomas_content()
    parts = []
    for fid in (r.hip_finding, r.knee_finding):
        f = content.findings[fid]
        parts.append(f"<p style='margin:4px 0'><strong>{html.escape(f.title)}.</strong> "
                     f"{to_html(f.text, cite)}</p>")
    limits = "".join(f"<li>{to_html(lim.text, cite)}</li>" for lim in content.limits)
    return ("".join(parts) + "<p style='margin:6px 0 2px 0'><strong>What this test cannot "
            f"tell you:</strong></p><ul style='margin-top:0'>{limits}</ul>")


def thomas_steps_html() -> str:
    items = "".join(f"<li><strong>{html.escape(s.title)}.</strong> {to_html(s.text, cite)}</li>"
                    for s in thomas_content().steps)
    return f"<ol>{items}</ol>"


class ThomasCheck:
    """State and callbacks behind :func:`thomas_test_check`."""

    def __init__(self, thigh="level", knee=90):
        self.steps = lean(widgets.HTML, thomas_steps_html())
        self.thigh = lean(
            widgets.Dropdown,
            options=[("above the table line", "above"), ("level with the table line", "level"),
                     ("below the table line", "below")],
            value=thigh, description="Hanging thigh rests", style={"description_width": "12em"},
            layout={"width": "430px"}, classes=CONTROL)
        self.knee = lean(
            widgets.IntSlider, value=knee, min=20, max=150, step=1, description="Knee bend (°)",
            style=_STYLE, continuous_update=False, layout=_layout(), classes=CONTROL)
        self.controls = [self.thigh, self.knee]
        self.figure = ThomasFigure()
        self.pane = figure_pane()
        self.readout = lean(widgets.HTML, classes=("bsld-readout",))
        self.message = lean(widgets.HTML, classes=("bsld-message",))
        self.result: ThomasResult | None = None
        for control in self.controls:
            control.observe(lambda _c: self.refresh(), names="value")
        self.refresh()
        self.widget = lean(Panel, [
            self.steps, lean(widgets.HTML, "<strong>What did you see?</strong> Knee bend is the "
                             "angle between thigh and shin: 90° means the shin "
                             "hangs straight down from a level thigh."),
            lean(widgets.VBox, self.controls), self.message, self.pane, self.readout,
        ], classes=("bsld-explorer", "bsld-thomas-check"))

    def refresh(self) -> None:
        try:
            result = thomas_test(self.thigh.value, self.knee.value)
        except ValueError as exc:
            self.message.value = message_html(str(exc), "error")
            return
        self.message.value = ""
        self.result = result
        show(self.pane, self.figure.update(result))
        self.readout.value = live_region(thomas_readout_html(result))


def thomas_test_check(thigh: str = "level", knee: int = 90) -> widgets.VBox:
    """Walk through the modified Thomas test, enter what you saw, and read what it does
    and does not mean. Returns the outer box (``bsld-explorer bsld-thomas-check``).
    A thigh position that is not a choice, or a knee bend outside the slider's range,
    raises InputError."""
    start_choice("The thigh position", thigh, THIGH_POSITIONS)
    start_value("Knee bend", knee, 20, 150, "degrees")
    return ThomasCheck(thigh, knee).widget
