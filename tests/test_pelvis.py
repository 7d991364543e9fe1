"""Lesson 04: pelvic geometry model, Thomas-test content, figures and widgets."""
import math
import statistics
import time

import ipywidgets as widgets
import pytest

from backsafe import pelvis_explorer, thomas_test_check
from backsafe.content.hip_flexors import FINDING_IDS, parse_hip_flexors, thomas_content
from backsafe.content.references import references
from backsafe.content.loader import ContentError, load_yaml, parse_yaml
from backsafe.figures.pelvis import (PelvisFigure, ThomasFigure, pelvis_alt_text,
                                   pelvis_figure, thomas_alt_text)
from backsafe.models import InputError
from backsafe.models.pelvis import (TILT_MEAN, TILT_SD, clinical_tilt, pelvis_state,
                                  sacral_slope, thomas_test, tilt_percentile,
                                  typical_lordosis)
from backsafe.widgets.pelvis_explorer import PelvisExplorer, ThomasCheck

from .helpers import classes, dump, find


# -- model ------------------------------------------------------------------------
def test_incidence_is_tilt_plus_sacral_slope():
    assert sacral_slope(55, 15) == 40          # the quiz's numeric question
    assert sacral_slope(53, 13.5) == pytest.approx(39.5)
    assert sacral_slope(40, -5) == 45          # a pelvis rotated well forward


def test_typical_lordosis_is_the_hasegawa_regression():
    assert typical_lordosis(50, 40) == pytest.approx(32.9 + 0.60 * 50 - 0.23 * 40)
    assert typical_lordosis(60, 20) == pytest.approx(64.3)   # 32.9 + 36 - 4.6


def test_lordosis_changes_degree_for_degree_with_tilt():
    a, b = pelvis_state(60, 25), pelvis_state(60, 15)
    assert (a.sacral_slope, b.sacral_slope) == (35, 45)
    assert b.lordosis_estimate - a.lordosis_estimate == pytest.approx(10)
    assert pelvis_state(53, TILT_MEAN).lordosis_change == 0
    assert a.rotation == "backward" and pelvis_state(60, 5).rotation == "forward"
    assert pelvis_state(60, 13.5).rotation == "average"


def test_tilt_percentile_from_the_pain_free_range():
    assert (TILT_MEAN, TILT_SD) == (13.5, 6.75)          # 0-27 = mean +/- 2 SD
    assert tilt_percentile(13.5) == pytest.approx(50)
    assert tilt_percentile(27) == pytest.approx(97.72, abs=0.01)
    assert tilt_percentile(0) == pytest.approx(2.28, abs=0.01)
    assert pelvis_state(53, 27).tilt_in_pain_free_range
    assert not pelvis_state(53, 30).tilt_in_pain_free_range


def test_clinical_tilt_directions_and_shares():
    c = clinical_tilt(8)
    assert (c.direction, c.share_men, c.share_women) == ("anterior", 85, 75)
    assert c.bone_shape_percentile == pytest.approx(15.87, abs=0.01)   # (8-13)/5 = -1 SD
    assert clinical_tilt(-3).direction == "posterior" and clinical_tilt(-3).share_men == 6
    assert clinical_tilt(0).direction == "level" and clinical_tilt(0).share_women == 18


@pytest.mark.parametrize("thigh, knee, hip, knee_finding", [
    ("above", 70, "thigh-above", "knee-short"),     # 20 short > 2 x 7
    ("level", 80, "thigh-level", "knee-unclear"),   # 10 short: within error
    ("below", 90, "thigh-below", "knee-clear"),
    ("level", 76, "thigh-level", "knee-unclear"),   # exactly 14 short is not "clearly"
    ("level", 75.5, "thigh-level", "knee-short"),
])
def test_thomas_test_findings(thigh, knee, hip, knee_finding):
    r = thomas_test(thigh, knee)
    assert (r.hip_finding, r.knee_finding) == (hip, knee_finding)
    assert r.knee_shortfall == pytest.approx(90 - knee)


@pytest.mark.parametrize("call, words", [
    (lambda: sacral_slope(35, 40), "sloping backwards"),
    (lambda: sacral_slope(150, 10), "between 20 and 100"),
    (lambda: sacral_slope(50, -40), "between -20 and 60"),
    (lambda: sacral_slope("50", 10), "must be a number"),
    (lambda: sacral_slope(True, 10), "must be a number"),
    (lambda: sacral_slope(50, math.nan), "finite"),
    (lambda: typical_lordosis(50, 80), "aged 20 to 69"),
    (lambda: typical_lordosis(50, "old"), "number of years"),
    (lambda: clinical_tilt(60), "between -30 and 40"),
    (lambda: thomas_test("sideways", 90), "'above', 'level' or 'below'"),
    (lambda: thomas_test("level", 200), "between 0 and 160"),
    (lambda: thomas_test("level", None), "must be a number"),
])
def test_bad_input_is_one_plain_sentence(call, words):
    with pytest.raises(InputError) as info:
        call()
    text = str(info.value)
    assert words in text and text.endswith(".") and text.count(". ") == 0


# -- content ------------------------------------------------------------------------
def test_walkthrough_content_has_every_finding():
    content = thomas_content()
    assert set(FINDING_IDS) <= set(content.findings)
    assert len(content.steps) >= 4 and len(content.limits) >= 3
    assert thomas_content() is content            # parsed once


def _data():
    return load_yaml("hip_flexors.yaml")


def test_missing_field_names_file_item_and_field():
    data = _data()
    del data["findings"][0]["text"]
    with pytest.raises(ContentError, match=r"hip_flexors.yaml, item 'thigh-above', "
                                           r"field 'text'"):
        parse_hip_flexors(parse_yaml(dump(data), "hip_flexors.yaml"))


def test_missing_finding_is_reported():
    data = _data()
    data["findings"] = [f for f in data["findings"] if f["id"] != "knee-short"]
    with pytest.raises(ContentError, match="missing findings: knee-short"):
        parse_hip_flexors(data)


def test_unknown_citation_and_bad_id():
    data = _data()
    data["limits"][0]["text"] = "See [@nosuchkey2099]."
    with pytest.raises(ContentError, match="unknown reference key 'nosuchkey2099'"):
        parse_hip_flexors(data, known_refs=set(references()))
    data = _data()
    data["steps"][0]["id"] = "Set Up"
    with pytest.raises(ContentError, match="item 'Set Up', field 'id'"):
        parse_hip_flexors(data)


# -- figures ------------------------------------------------------------------------
def test_pelvis_alt_text_states_the_values():
    s, c = pelvis_state(60, 25), clinical_tilt(12)
    alt = pelvis_alt_text(s, c)
    for text in ("incidence 60°", "tilt 25.0°", "sacral slope 35.0°", "96%", "12°",
                 "anterior", "85%", "75%"):
        assert text in alt, text
    fig = pelvis_figure(s, c)
    assert fig.alt == alt and "<img" in fig.to_html()


def test_pelvis_figure_moves_the_overlay_over_one_frame():
    fig = PelvisFigure()
    first = fig.update(pelvis_state(53, 10), clinical_tilt(5))
    frame = fig.frame
    second = fig.update(pelvis_state(53, 20), clinical_tilt(5))
    assert first.overlay != second.overlay and fig.frame is frame      # never redrawn
    assert fig.update(pelvis_state(70, 40), clinical_tilt(-25)).frame is frame
    assert second.to_html().count("<img") == 1 and "bsld-overlay" in second.to_html()
    assert "PT 20.0°" in second.overlay and "have less" in second.overlay
    assert "<pattern" in second.overlay      # the pelvis is hatched, readable without colour


def _vertical_mark(panel, x) -> str:
    """The path of an axvline-like mark at data x over the whole panel."""
    px, top = panel.x(x), panel.top
    return f"M{px:.1f},{top + panel.height:.1f} {px:.1f},{top:.1f}"


def test_pelvis_marks_land_on_their_values():
    fig = PelvisFigure()
    live = fig.update(pelvis_state(53, 20), clinical_tilt(-4))
    tilt, clinical = fig.frame.panels["tilt"], fig.frame.panels["clinical"]
    assert tilt.xlim == (-20, 60) and clinical.xlim == (-30, 40)
    assert _vertical_mark(tilt, 20) in live.overlay
    assert _vertical_mark(clinical, -4) in live.overlay
    assert ">posterior<" in live.overlay


def test_thomas_figure_and_alt_text():
    r = thomas_test("above", 70)
    assert "above the table line" in thomas_alt_text(r) and "70°" in thomas_alt_text(r)
    fig = ThomasFigure()
    above = fig.update(r)
    assert above.overlay != fig.update(thomas_test("below", 70)).overlay
    assert "knee bent 70°" in above.overlay and above.alt == thomas_alt_text(r)
    level = fig.update(thomas_test("level", 90)).overlay
    leg = fig.frame.panels["leg"]      # hip at (-0.02, 0.05), thigh 0.42 long
    knee = f"{leg.x(0.40):.1f},{leg.y(0.05):.1f}"
    ankle = f"{leg.x(0.40):.1f},{leg.y(0.05 - 0.40):.1f}"     # shin straight down
    assert f" {knee}\"" in level and f"M{knee} {ankle}\"" in level


# -- widgets ------------------------------------------------------------------------
def test_pelvis_explorer_structure():
    box = pelvis_explorer()
    assert {"bsld-explorer", "bsld-pelvis-explorer"} <= classes(box)
    controls = find(box, "bsld-control")
    assert len(controls) == 3 and all(c.description for c in controls)
    assert all("(°)" in c.description for c in controls)
    [pane] = find(box, "bsld-figure")
    assert "<img" in pane.value and "alt=" in pane.value
    [readout] = find(box, "bsld-readout")
    assert "Move a slider" in readout.value and "39.5°" in readout.value
    [message] = find(box, "bsld-message")
    assert message.value == ""


def test_pelvis_explorer_feedback_for_each_control():
    ex = PelvisExplorer()
    image = ex.pane.value
    ex.tilt.value = 20
    assert ex.pane.value != image
    assert "Rotating the pelvis backward (tilt 13.5° → 20.0°)" in ex.readout.value
    assert "39.5° to 33.0°" in ex.readout.value and "less curve" in ex.readout.value
    ex.tilt.value = 5
    assert "forward" in ex.readout.value and "more curve" in ex.readout.value
    ex.incidence.value = 60
    assert "larger incidence (53° → 60°)" in ex.readout.value
    ex.clinical.value = -4
    assert "counts as posterior tilt" in ex.readout.value and "6%" in ex.readout.value


def test_pelvis_explorer_bad_combination_shows_a_sentence_and_keeps_the_figure():
    ex = PelvisExplorer()
    ex.incidence.value = 30
    image, readout = ex.pane.value, ex.readout.value
    ex.tilt.value = 40
    assert "sloping backwards" in ex.message.value and "Traceback" not in ex.message.value
    assert ex.pane.value == image and ex.readout.value == readout
    ex.tilt.value = 20
    assert ex.message.value == ""


def test_thomas_check_structure_and_interpretation():
    box = thomas_test_check()
    assert {"bsld-explorer", "bsld-thomas-check"} <= classes(box)
    controls = find(box, "bsld-control")
    assert len(controls) == 2 and all(c.description for c in controls)
    assert any(isinstance(c, widgets.Dropdown) for c in controls)
    ex = ThomasCheck()
    assert "level with the table line" in ex.readout.value
    image = ex.pane.value
    ex.thigh.value = "above"
    assert "above the table line" in ex.readout.value and ex.pane.value != image
    ex.knee.value = 60
    assert "clearly less than 90°" in ex.readout.value
    assert "(Neves et al. 2023)" in ex.readout.value     # limits cite their sources
    ex.knee.value = 85
    assert "measurement error" in ex.readout.value


def test_thomas_check_bad_value_shows_a_sentence():
    ex = ThomasCheck()
    ex.knee.max = 200
    image = ex.pane.value
    ex.knee.value = 190
    assert "between 0 and 160" in ex.message.value and ex.pane.value == image


def test_explorer_update_is_fast():
    """The figure's moving parts are SVG over a still frame: an update costs about
    1 ms, against 24 ms when they were blitted with matplotlib. The bound is loose
    because the test machine is shared."""
    ex = PelvisExplorer()
    times = []
    for i in range(60):
        start = time.perf_counter()
        (ex.tilt, ex.incidence, ex.clinical)[i % 3].value = (
            (5 + i % 25), (45 + i % 20), (-5 + i % 25))[i % 3]
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"\npelvis explorer: median {median * 1000:.1f} ms per control change")
    assert median < 0.030, f"median {median * 1000:.0f} ms"
