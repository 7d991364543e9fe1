"""Lesson 03: trunk-endurance times, ratios, rules of thumb, norm sets and figures."""
import copy
import re

import numpy as np
import pytest

from backsafe.content.loader import ContentError, load_yaml, parse_yaml
from backsafe.content.references import references
from backsafe.content.trunk_norms import (FILE, NormSet, TimeNorm, norm_set, norm_sets,
                                        parse_norms, rules_of_thumb)
from backsafe.figures.overlay import LiveFigure
from backsafe.figures.trunk_endurance import TrunkFigure, trend_figure, trunk_figure
from backsafe.models import InputError
from backsafe.models.trunk_endurance import (assess_trunk, check_ratios, compare_with_norms,
                                           format_seconds, parse_time, parse_times,
                                           trunk_ratios)

from .helpers import dump

TIMES = {"flexor": 130, "extensor": 100, "side_right": 60, "side_left": 50}
CHECKED = NormSet("checked", "Checked set", "mcgill1999", "20 people", "mixed",
                  {"flexor": TimeNorm(120.0, 40.0), "extensor": TimeNorm(150.0, 50.0)},
                  {"side_extensor": 0.5})


# -- parsing times ----------------------------------------------------------------
@pytest.mark.parametrize("text, seconds", [
    ("95", 95.0), ("95 s", 95.0), ("95s", 95.0), (" 95 sec ", 95.0), ("95.5", 95.5),
    ("1:35", 95.0), ("0:07", 7.0), ("12:00", 720.0), (95, 95.0), (12.5, 12.5),
    (np.float64(3.0), 3.0), ("20:00", 1200.0)])
def test_times_are_read_from_the_forms_a_learner_types(text, seconds):
    assert parse_time(text) == seconds


@pytest.mark.parametrize("bad, words", [
    ("-5", "cannot be negative"), (-5, "cannot be negative"), ("0", "is 0 s"),
    (0, "is 0 s"), ("nan", "real number"), (float("nan"), "real number"),
    (float("inf"), "real number"), ("abc", "is not a time"), ("1:75", "is not a time"),
    ("95 kg", "is not a time"), ("", "Enter a time"), (None, "Enter a time"),
    (True, "must be a time"), ([95], "must be a time"), ("1201", "over 20 minutes"),
    ("20:01", "over 20 minutes"), (3600, "over 20 minutes")])
def test_bad_times_raise_one_plain_sentence(bad, words):
    with pytest.raises(InputError) as info:
        parse_time(bad, "back extensor hold")
    text = str(info.value)
    assert words in text and "back extensor hold" in text
    assert text.endswith(".") and "\n" not in text and "Traceback" not in text


def test_a_missing_or_unknown_test_is_named():
    with pytest.raises(InputError, match="left side bridge is missing"):
        parse_times({"flexor": 1, "extensor": 2, "side_right": 3})
    with pytest.raises(InputError, match="'plank' is not one of the four tests"):
        parse_times(dict(TIMES, plank=30))
    with pytest.raises(InputError, match="mapping"):
        parse_times([95, 100, 60, 50])


def test_format_seconds():
    assert format_seconds(95) == "95 s" and format_seconds(135) == "2:15"
    assert format_seconds(600) == "10:00"


# -- ratios -------------------------------------------------------------------------
def test_ratios_match_hand_calculation():
    r = trunk_ratios(130, 100, 60, 50)
    assert r == {"flexor_extensor": pytest.approx(1.3), "right_left": pytest.approx(1.2),
                 "right_extensor": pytest.approx(0.6), "left_extensor": pytest.approx(0.5)}
    assert all(isinstance(v, float) for v in r.values())


def test_ratios_are_vectorised_over_saved_tests():
    r = trunk_ratios([100, 150], [100, 100], [50, 60], [50, 40])
    np.testing.assert_allclose(r["flexor_extensor"], [1.0, 1.5])
    np.testing.assert_allclose(r["right_left"], [1.0, 1.5])
    with pytest.raises(InputError, match="same length"):
        trunk_ratios([1, 2], [1, 2, 3], 1, 1)
    with pytest.raises(InputError, match="above 0"):
        trunk_ratios([1, 0], [1, 1], 1, 1)
    with pytest.raises(InputError, match="number of seconds"):
        trunk_ratios("x", 1, 1, 1)


def test_rules_of_thumb_flag_values_outside_their_bands():
    checks = {c.rule_id: c for c in check_ratios(trunk_ratios(130, 100, 60, 50),
                                                  rules_of_thumb())}
    assert checks["flexor-extensor"].outside          # 1.30 > 1.00
    assert checks["right-left"].outside                # 1.20 > 1.05
    assert not checks["right-extensor"].outside        # 0.60 < 0.75
    assert not checks["left-extensor"].outside
    flagged = checks["flexor-extensor"].sentence
    assert "1.30" in flagged and "rule of thumb" in flagged and "not a risk cut-off" in flagged
    below = {c.rule_id: c for c in check_ratios(trunk_ratios(90, 100, 45, 50),
                                                 rules_of_thumb())}["right-left"]
    assert below.outside and "below" in below.sentence and "0.90" in below.sentence
    on_edge = check_ratios({"flexor_extensor": 1.0, "right_left": 1.05,
                            "right_extensor": 0.75, "left_extensor": 0.75}, rules_of_thumb())
    assert not any(c.outside for c in on_edge), "a value on the bound is inside the band"


@pytest.mark.parametrize("word", ["diagnos", "injur", "weak", "you have", "risk of"])
def test_sentences_never_diagnose(word):
    a = assess_trunk({"flexor": 300, "extensor": 60, "side_right": 90, "side_left": 50},
                     norm_set("mcgill1999-women"), rules_of_thumb())
    assert len(a.outside) == 4
    text = " ".join([c.sentence for c in a.checks] + [a.summary()]).lower()
    assert word not in text.replace("not a diagnosis", "")


def test_summary_counts_and_hedges():
    a = assess_trunk({"flexor": 90, "extensor": 100, "side_right": 50, "side_left": 50},
                     norm_set("mcgill1999-men"), rules_of_thumb())
    assert a.outside == () and "All four ratios are inside" in a.summary()
    b = assess_trunk(TIMES, norm_set("mcgill1999-men"), rules_of_thumb())
    assert "2 of the four ratios are outside" in b.summary()
    assert "not tested risk cut-offs" in b.summary()


def test_comparison_with_group_ratios_and_per_test_times():
    comps = {c.key: c for c in compare_with_norms(parse_times(TIMES), CHECKED)}
    assert comps["flexor"].yours == 130 and comps["flexor"].reference == 120
    assert "108% of the group's average (120 s, SD 40 s)" in comps["flexor"].sentence
    assert comps["side_extensor"].yours == pytest.approx(0.55)   # (60 + 50) / 2 / 100
    assert "55%" in comps["side_extensor"].sentence and "50%" in comps["side_extensor"].sentence
    assert "side_flexor" not in comps and "side_right" not in comps
    mcgill = {c.key for c in compare_with_norms(parse_times(TIMES), norm_set("mcgill1999-men"))}
    assert mcgill == {"side_extensor", "side_flexor"}


# -- content ------------------------------------------------------------------------
def test_norm_sets_are_the_published_mcgill_ratios():
    men, women = norm_set("mcgill1999-men"), norm_set("mcgill1999-women")
    assert dict(men.ratios) == {"side_extensor": 0.65, "side_flexor": 0.99}
    assert dict(women.ratios) == {"side_extensor": 0.39, "side_flexor": 0.79}
    assert "31" in men.sample and "44" in women.sample
    assert (men.sex, women.sex) == ("men", "women")
    assert all(s.source in references() for s in norm_sets())
    assert [r.ratio for r in rules_of_thumb()] == ["flexor_extensor", "right_left",
                                                   "right_extensor", "left_extensor"]
    with pytest.raises(KeyError, match="mcgill1999-men"):
        norm_set("nobody")


@pytest.fixture
def raw():
    return copy.deepcopy(load_yaml(FILE))


@pytest.mark.parametrize("change, item, field", [
    (lambda d: d["norm_sets"][0].pop("sample"), "mcgill1999-men", "sample"),
    (lambda d: d["norm_sets"][0].update(sex="boys"), "mcgill1999-men", "sex"),
    (lambda d: d["norm_sets"][0].update(id="McGill 1999"), "McGill 1999", "id"),
    (lambda d: d["norm_sets"][1].update(id="mcgill1999-men"), "mcgill1999-men", "id"),
    (lambda d: d["norm_sets"][0].update(ratios={"side_extensor": -1}), "mcgill1999-men",
     "ratios"),
    (lambda d: d["norm_sets"][0].update(ratios={"plank": 1}), "mcgill1999-men", "ratios"),
    (lambda d: d["norm_sets"][0].update(ratios=None), "mcgill1999-men", "times"),
    (lambda d: d["norm_sets"][0].update(times={"flexor": {"mean": 100}}),
     "mcgill1999-men/flexor", "sd"),
    (lambda d: d["norm_sets"][0].update(times={"plank": {"mean": 1, "sd": 1}}),
     "mcgill1999-men", "times"),
    (lambda d: d["rules_of_thumb"][1].update(low=2.0), "right-left", "low"),
    (lambda d: d["rules_of_thumb"][0].update(ratio="flex"), "flexor-extensor", "ratio"),
    (lambda d: d["rules_of_thumb"][0].pop("high"), "flexor-extensor", "high"),
    (lambda d: d.pop("norm_sets"), None, "norm_sets"),
    (lambda d: d["norm_sets"][0].update(id="men-1999"), None, "norm_sets"),  # explorer's
])
def test_malformed_norms_name_file_item_and_field(raw, change, item, field):
    change(raw)
    with pytest.raises(ContentError) as info:
        parse_norms(parse_yaml(dump(raw), FILE), FILE)
    assert (info.value.file, info.value.item, info.value.field) == (FILE, item, field)


def test_per_test_times_are_read_when_a_set_has_them(raw):
    raw["norm_sets"][0]["times"] = {"flexor": {"mean": 120, "sd": 40}}
    sets, _ = parse_norms(parse_yaml(dump(raw), FILE), FILE)
    assert sets[0].times["flexor"] == TimeNorm(120.0, 40.0)


# -- figures ------------------------------------------------------------------------
def test_figure_alt_text_states_the_values():
    a = assess_trunk(TIMES, norm_set("mcgill1999-men"), rules_of_thumb())
    fig = trunk_figure(a, rules_of_thumb())
    assert isinstance(fig, LiveFigure)
    for text in ("trunk flexor hold 2:10", "back extensor hold 1:40", "right side bridge 60 s",
                 "left side bridge 50 s", "1.30 (outside", "1.20 (outside", "0.60 (inside",
                 "rule of thumb", "McGill et al. 1999, men", "you 0.55, group 0.65",
                 "group 0.99", "side ÷ flexor 0.42"):
        assert text in fig.alt, text
    html = fig.to_html()
    assert 'alt="' in html and 'class="bsld-overlay"' in html


def polygons(svg: str) -> list[np.ndarray]:
    """The points of every <polygon> of an overlay, as (n, 2) arrays."""
    return [np.array([[float(v) for v in pt.split(",")] for pt in pts.split()])
            for pts in re.findall(r'<polygon points="([^"]+)"', svg)]


def test_figure_update_moves_the_bars_and_labels():
    figure = TrunkFigure(rules_of_thumb())
    one = figure.update(assess_trunk(TIMES, norm_set("mcgill1999-men"), rules_of_thumb()))
    two = figure.update(assess_trunk(dict(TIMES, flexor=400), CHECKED, rules_of_thumb()))
    assert one.overlay != two.overlay and "6:40" in two.alt and "group mean 120 s" in two.alt
    assert ">6:40<" in two.overlay and ">2:10<" not in two.overlay
    times = two.frame.panels["times"]
    bar = polygons(two.overlay)[0]                     # the flexor bar comes first
    assert bar[:, 0].min() == pytest.approx(times.x(5.0), abs=0.06)
    assert bar[:, 0].max() == pytest.approx(times.x(400.0), abs=0.06)
    assert bar[:, 1].mean() == pytest.approx(times.y(3.0), abs=0.06)   # the top row
    # the group's mean for the flexor hold (120 s) is a tall tick on its row
    assert f'M{times.x(120.0):.1f},' in two.overlay
    assert f'M{times.x(120.0):.1f},' not in one.overlay   # that set gives no times


def test_ratios_beyond_the_axis_are_drawn_as_an_arrow_with_their_value():
    a = assess_trunk(dict(TIMES, flexor=600), norm_set("mcgill1999-men"), rules_of_thumb())
    live = TrunkFigure(rules_of_thumb()).update(a)
    ratios = live.frame.panels["ratios"]
    tip = ratios.x(2.0 * 0.985) + live.frame.px(7) / 2
    arrows = [p for p in polygons(live.overlay) if len(p) == 3]
    assert len(arrows) == 1 and arrows[0][:, 0].max() == pytest.approx(tip, abs=0.06)
    assert arrows[0][0, 1] == pytest.approx(ratios.y(5.0), abs=0.06)   # the top row
    assert ">6.00<" in live.overlay and "Flexor ÷ extensor 6.00" in live.alt


def test_the_frame_is_kept_across_updates_and_follows_the_rules():
    rules = rules_of_thumb()
    figure = TrunkFigure(rules)
    frame = figure.update(assess_trunk(TIMES, CHECKED, rules)).frame
    again = figure.update(assess_trunk(dict(TIMES, extensor=900), CHECKED, rules))
    assert again.frame is frame
    assert TrunkFigure(rules).update(assess_trunk(TIMES, CHECKED, rules)).frame is frame
    fewer = TrunkFigure(rules[:1]).update(assess_trunk(TIMES, CHECKED, rules))
    assert fewer.frame.png != frame.png


def test_trend_figure_lists_every_saved_test():
    rows = [{"tested_on": "2026-10-01", "flexor": 80, "extensor": 100, "side_right": 50,
             "side_left": 45},
            {"tested_on": "2026-11-01", "flexor": 90, "extensor": 130, "side_right": 60,
             "side_left": 58}]
    fig = trend_figure(rows)
    assert "2 saved trunk-endurance tests" in fig.alt
    assert "2026-10-01: trunk flexor hold 80 s" in fig.alt and "back extensor hold 2:10" in fig.alt
    assert len(fig.figure.axes[0].lines) == 4
    with pytest.raises(ValueError, match="no saved tests"):
        trend_figure([])
