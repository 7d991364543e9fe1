"""The warm-up builder: content loader, model, figure, widget and gym card."""
import copy
import html
import re
import statistics
import time

import ipywidgets as widgets
import pytest

from backsafe import build_warm_up, warm_up_explorer
from backsafe.content.loader import ContentError, load_yaml, parse_yaml
from backsafe.content.warm_up import FILE, parse_warm_up, warm_up_library
from backsafe.models import InputError
from backsafe.models.warm_up import (describe, nearest_loadable, parse_plates,
                                   plates_per_side, round_to_loadable)

from .helpers import classes, dump, find

GYM = (25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25)


def one_sentence(text: str) -> bool:
    """A single sentence: ends with a full stop, no other sentence end inside
    (decimal points such as 2.5 are fine)."""
    return text.endswith(".") and not re.search(r"[.!?]\s+[A-Z]", text[:-1])


# -- content -----------------------------------------------------------------------
def raw():
    return copy.deepcopy(load_yaml(FILE))


def parse(data):
    return parse_warm_up(parse_yaml(dump(data), FILE), FILE)


def test_library_loads_and_covers_barbell_lifts():
    lib = warm_up_library()
    assert lib is warm_up_library()                     # parsed once
    assert set(lib.lifts) == {"high-bar-squat", "low-bar-squat", "front-squat",
                              "conventional-deadlift", "sumo-deadlift", "good-morning"}
    assert lib.lifts["conventional-deadlift"][0] == "Conventional deadlift"
    assert lib.plates == GYM and lib.default_bar_weight == 20.0
    for drill in lib.drills.values():
        assert drill.reason.endswith(".") and drill.seconds > 0
        if drill.stretch:
            assert drill.stretch.total_seconds < 60


@pytest.mark.parametrize("change, item, fld", [
    (lambda d: d["drills"][0].pop("reason"), "bodyweight-squat", "reason"),
    (lambda d: d["drills"][0].update(block="warm"), "bodyweight-squat", "block"),
    (lambda d: d["drills"][-1]["stretch"].update(hold_seconds=45), "hip-flexor-stretch",
     "stretch"),
    (lambda d: d["lifts"].update({"split-squat": ["no-such-drill"]}), "split-squat", "lifts"),
    (lambda d: d["lifts"].update({"leg-press": ["hip-hinge"]}), "leg-press", "lifts"),
    (lambda d: d["ramp_up"]["steps"][1].update(percent=30), "ramp_up step 2", "percent"),
    (lambda d: d["equipment"].update(plates=[20, "ten"]), "equipment", "plates"),
    (lambda d: d["equipment"].update(default_bar_weight=18), "equipment",
     "default_bar_weight"),
    (lambda d: d["notes"][0].update(add_drills=["nope"]), "stiff", "add_drills"),
    (lambda d: d["raise"].update(min_minutes=9), "raise", "min_minutes"),
])
def test_malformed_content_names_file_item_and_field(change, item, fld):
    data = raw()
    change(data)
    with pytest.raises(ContentError) as info:
        parse(data)
    err = info.value
    assert (err.file, err.item, err.field) == (FILE, item, fld), str(err)
    assert FILE in str(err) and item in str(err)


def test_good_content_round_trips():
    assert parse(raw()) == warm_up_library()


# -- loading ------------------------------------------------------------------------
def test_plates_per_side_by_hand():
    assert plates_per_side(20, 20, GYM) == ()
    assert plates_per_side(142.5, 20, GYM) == (25, 25, 10, 1.25)   # 61.25 a side
    assert plates_per_side(100, 20, GYM) == (25, 15)                 # 40 a side
    assert plates_per_side(101, 20, GYM) is None
    assert plates_per_side(15, 20, GYM) is None
    # greedy would fail here (20 then stuck at 10); 15 + 15 works
    assert plates_per_side(80, 20, (20.0, 15.0)) == (15, 15)


def test_nearest_and_rounding_by_hand():
    assert nearest_loadable(101, 20, GYM) == (100.0, 102.5)
    assert nearest_loadable(35, 20, (20.0, 15.0)) == (20.0, 50.0)
    assert round_to_loadable(101.25, 20, (25.0, 20.0, 15.0, 10.0, 5.0, 2.5)) == 100.0
    assert round_to_loadable(103.75, 20, GYM) == 102.5          # tie goes lighter
    assert round_to_loadable(84.375, 20, (20.0, 10.0, 5.0, 2.5, 1.25)) == 85.0


def test_parse_plates():
    assert parse_plates("2.5, 25 20;20 10") == (25.0, 20.0, 10.0, 2.5)
    assert parse_plates([5, 10]) == (10.0, 5.0)
    for bad in ("", "20, ten", "0, 5", [60], None):
        with pytest.raises(InputError) as info:
            parse_plates(bad)
        assert one_sentence(str(info.value)), str(info.value)


# -- the plan -----------------------------------------------------------------------
def test_full_plan_when_time_allows():
    p = build_warm_up("conventional-deadlift", 140, 5, 25)
    assert not p.dropped
    assert [s.weight for s in p.ramp] == [20, 55, 85, 105, 120]     # 56, 84, 105, 119 rounded
    assert [s.reps for s in p.ramp] == [10, 5, 3, 2, 1]             # reps fall as load rises
    assert p.ramp[2].plates_per_side == (25, 5, 2.5)
    # set time = 20 s set-up + 4 s a rep + rest
    assert [s.seconds for s in p.ramp] == [90, 70, 77, 88, 114]
    assert [d.id for d in p.drills] == ["hip-hinge", "glute-bridge", "bird-dog",
                                        "leg-swings", "walking-lunge"]
    assert p.raise_seconds == 300
    assert p.total_seconds == 300 + 315 + 439
    assert [b.start for b in p.blocks] == [0, 300, 615]
    assert p.working_plates_per_side == (25, 25, 10)
    assert p.spare_minutes == pytest.approx(25 - 1054 / 60)


def test_short_time_cuts_in_order_with_reasons():
    p = build_warm_up("conventional-deadlift", 140, 5, 12)
    assert p.total_seconds <= 12 * 60
    assert p.raise_seconds == 120
    whats = [d.what for d in p.dropped]
    assert whats[0] == "Raise shortened from 5 to 2 min"
    assert whats[1:] == ["Walking lunge", "Leg swings, front-back and side to side", "Bird dog"]
    assert all(d.why for d in p.dropped)
    p = build_warm_up("conventional-deadlift", 140, 5, 8.5)
    assert p.total_seconds <= 8.5 * 60
    assert [s.label for s in p.ramp] == ["empty bar", "60%", "85%"]
    assert any("40% ramp-up set" in d.what for d in p.dropped)
    assert [d.id for d in p.drills] == ["hip-hinge"]
    assert "cut" in describe(p)


def test_notes_add_drills_and_advice():
    plain = build_warm_up("high-bar-squat", 100, 5, 30)
    stiff = build_warm_up("high-bar-squat", 100, 5, 30, notes="Back feels STIFF today")
    assert "cat-camel" not in [d.id for d in plain.drills]
    assert [d.id for d in stiff.drills][:2] == ["bodyweight-squat", "cat-camel"]
    assert stiff.advice and "stiff" in stiff.advice[0].lower()
    pain = build_warm_up("high-bar-squat", 100, 5, 30, notes="sharp pain in my back")
    assert "clinician" in pain.advice[0]
    assert plain.advice == ()


def test_static_stretches_stay_under_a_minute():
    p = build_warm_up("high-bar-squat", 100, 5, 30)
    stretches = [d for d in p.drills if d.static_hold_seconds]
    assert stretches and all(d.static_hold_seconds < 60 for d in stretches)


def test_light_working_weight_skips_repeated_sets():
    p = build_warm_up("front-squat", 40, 8, 20)
    weights = [s.weight for s in p.ramp]
    assert weights == sorted(set(weights)) and weights[-1] < 40
    assert build_warm_up("front-squat", 20, 8, 20).ramp[0].weight == 20


def test_other_bar_and_plates():
    p = build_warm_up("sumo-deadlift", 100, 3, 20, bar_weight=15, plates="20, 10, 5, 2.5")
    assert p.bar_weight == 15 and p.plates == (20, 10, 5, 2.5)
    for s in p.ramp[1:]:
        assert s.weight == 15 + 2 * sum(s.plates_per_side)


@pytest.mark.parametrize("args, kwargs, words", [
    (("conventional-deadlift", 15, 5, 12), {}, "less than the empty bar"),
    (("conventional-deadlift", 140, 0, 12), {}, "Reps must be between 1"),
    (("conventional-deadlift", 140, -3, 12), {}, "Reps must be between 1"),
    (("conventional-deadlift", 140, 5.5, 12), {}, "whole number"),
    (("conventional-deadlift", 140, 5, 4), {}, "needs at least 8 minutes"),
    (("conventional-deadlift", 140, 5, 0), {}, "more than 0"),
    (("conventional-deadlift", "heavy", 5, 12), {}, "must be a number"),
    (("conventional-deadlift", 140, "five", 12), {}, "must be a number"),
    (("conventional-deadlift", 140, 5, None), {}, "must be a number"),
    (("conventional-deadlift", float("nan"), 5, 12), {}, "finite"),
    (("conventional-deadlift", True, 5, 12), {}, "must be a number"),
    (("conventional-deadlift", 141, 5, 12), {}, "nearest loadable weights are 140 kg and 142.5 kg"),
    (("conventional-deadlift", 145, 5, 12), {"plates": "20, 10"}, "are 140 kg and 160 kg"),
    (("conventional-deadlift", 600, 5, 12), {}, "at most 500 kg"),
    (("conventional-deadlift", 140, 5, 12), {"bar_weight": 0}, "Bar weight"),
    (("split-squat", 40, 8, 12), {}, "no lift 'split-squat'"),
    (("conventional-deadlift", 140, 5, 12), {"notes": 3}, "Notes must be text"),
])
def test_bad_input_gives_one_sentence(args, kwargs, words):
    with pytest.raises(InputError) as info:
        build_warm_up(*args, **kwargs)
    text = str(info.value)
    assert words in text, text
    assert one_sentence(text), text


def test_minimum_budget_is_exact():
    # 2 min raise + hip hinge 60 s + essential sets 90 + 77 + 114 s = 461 s
    assert build_warm_up("conventional-deadlift", 140, 5, 461 / 60).total_seconds == 461
    with pytest.raises(InputError, match="at least 8 minutes"):
        build_warm_up("conventional-deadlift", 140, 5, 460 / 60)


# -- figure -------------------------------------------------------------------------
def test_figure_alt_text_states_the_values():
    from backsafe.figures.warm_up import warm_up_figure

    p = build_warm_up("conventional-deadlift", 140, 5, 12)
    fig = warm_up_figure(p)
    for text in ("11.6-minute", "12-minute budget", "Raise 2.0 min", "85% 120 kg × 1",
                 "5 × 140 kg", "conventional deadlift"):
        assert text in fig.alt, fig.alt
    assert html.escape(fig.alt, quote=True) in fig.to_html()      # img alt and caption


def _polygon_at(svg: str, x: float, y: float) -> bool:
    """Whether some polygon of the overlay has a corner at pixel (x, y)."""
    return any(f"{x:.1f},{y:.1f}" in pts for pts in re.findall(r'points="([^"]+)"', svg))


def test_figure_overlay_draws_the_plan_where_the_frame_says():
    from backsafe.figures.warm_up import WarmUpFigure

    fig = WarmUpFigure()
    p = build_warm_up("conventional-deadlift", 140, 5, 12)
    live = fig.update(p)
    ramp, timeline = live.frame.panels["ramp"], live.frame.panels["timeline"]
    working = len(warm_up_library().steps) + 1                  # the last slot
    assert _polygon_at(live.overlay, ramp.x(working - 0.35), ramp.y(140))
    assert _polygon_at(live.overlay, ramp.x(-0.35), ramp.y(20))  # the empty bar
    for kg in ("20 kg", "55 kg", "120 kg", "140 kg"):             # weights on the bars
        assert f">{kg}</tspan>" in live.overlay
    potentiate = p.blocks[2]
    assert _polygon_at(live.overlay, timeline.x(potentiate.start / 60), timeline.y(0.08))
    assert "budget 12 min" in live.overlay
    assert f'M{timeline.x(12):.1f},{timeline.y(0.05):.1f}' in live.overlay   # budget line
    other = fig.update(build_warm_up("conventional-deadlift", 140, 5, 13))
    assert other.overlay != live.overlay and "budget 13 min" in other.overlay


def test_figure_frame_kept_for_small_changes_and_redrawn_to_grow():
    from backsafe.figures.warm_up import WarmUpFigure

    fig = WarmUpFigure()
    first = fig.update(build_warm_up("conventional-deadlift", 140, 5, 12)).frame
    assert fig.update(build_warm_up("conventional-deadlift", 145, 3, 13)).frame is first
    taller = fig.update(build_warm_up("conventional-deadlift", 300, 5, 13)).frame
    assert taller is not first and taller.panels["ramp"].ylim[1] >= 300 * 1.25
    wider = fig.update(build_warm_up("conventional-deadlift", 300, 5, 30)).frame
    assert wider.panels["timeline"].xlim[1] >= 30


# -- widget -------------------------------------------------------------------------
@pytest.fixture
def builder(tmp_path):
    from backsafe.widgets.warm_up_builder import WarmUpBuilder

    return WarmUpBuilder(folder=str(tmp_path / "cards"))


def test_widget_structure(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKSAFE_DATA_DIR", str(tmp_path / "data"))
    box = warm_up_explorer()
    assert {"bsld-explorer", "bsld-warm-up-builder"} <= classes(box)
    controls = find(box, "bsld-control")
    assert len(controls) == 9
    assert all(c.description for c in controls)
    [folder] = [c for c in controls if isinstance(c, widgets.Text)
                and c.description == "Card folder"]
    assert folder.value == str(tmp_path / "data")             # backsafe.store.data_dir()
    [pane] = find(box, "bsld-figure")
    assert "<img" in pane.value and "alt=" in pane.value
    [readout] = find(box, "bsld-readout")
    assert "25 + 5 + 2.5" in readout.value and "Cut to fit 12 minutes" in readout.value


def test_widget_updates_and_keeps_last_plan_on_bad_input(builder):
    first = builder.pane.value
    builder.minutes.value = 25
    assert builder.pane.value != first and "Cut to fit" not in builder.readout.value
    good_figure, good_readout = builder.pane.value, builder.readout.value
    builder.weight.value = 141
    assert "nearest loadable weights are 140 kg and 142.5 kg" in builder.message.value
    assert builder.pane.value == good_figure and builder.readout.value == good_readout
    builder.weight.value = 142.5
    assert builder.message.value == "" and "142.5" in builder.readout.value
    builder.plates.value = "20, lots"
    assert "'lots' is not a number" in html.unescape(builder.message.value)
    builder.plates.value = "25, 20, 10, 5, 2.5, 1.25"
    builder.minutes.value = 4
    assert "needs at least" in builder.message.value
    builder.minutes.value = 12
    builder.notes.value = "back feels stiff"
    assert "Cat-camel" in builder.readout.value and "Your note" in builder.readout.value
    builder.lift.value = "front-squat"
    assert "front squat" in builder.readout.value
    builder.bar.value = 15.0
    assert "15 kg bar" in builder.pane.value or "15 kg" in builder.readout.value


def test_save_card_writes_a_standalone_page(builder, tmp_path):
    builder.save.click()
    path = tmp_path / "cards" / "warm-up-conventional-deadlift-140kg.html"
    assert path.is_file()
    assert str(path) in builder.save_status.value and "Saved" in builder.save_status.value
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "@page" in text
    assert "25 + 25" in text and "5 × 140 kg" in text.replace("5 × 140 kg", "5 × 140 kg")
    # no network references: no remote fonts, scripts, styles or images
    assert not re.search(r"https?:|//[a-z]|<script|<link|@import|url\(", text, re.I)


def test_save_refuses_while_an_input_is_wrong(builder, tmp_path):
    builder.weight.value = 141
    builder.save.click()
    assert "Fix the input" in builder.save_status.value
    assert not (tmp_path / "cards").exists()


def test_save_to_unwritable_folder_gives_one_sentence(builder, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    builder.folder.value = str(blocker / "cards")
    before = builder.readout.value
    builder.save.click()
    text = re.sub("<[^>]+>", "", builder.save_status.value)
    assert "could not be saved" in text and "still shown" in text
    assert one_sentence(text), text
    assert builder.readout.value == before and builder.message.value == ""


def test_save_error_sentences():
    from backsafe.widgets.warm_up_builder import save_error_sentence

    for exc in (PermissionError(13, "Permission denied"), FileNotFoundError(2, "x"),
                OSError(28, "No space left on device")):
        text = save_error_sentence("/x", exc)
        assert one_sentence(text), text
    assert "permission" in save_error_sentence("/x", PermissionError(13, "denied"))
    assert "no space left" in save_error_sentence("/x", OSError(28, "No space left on device"))


def test_widget_update_is_fast(builder):
    times = []
    for i in range(60):
        t0 = time.perf_counter()
        if i % 3 == 0:
            builder.minutes.value = 8 + (i // 3) % 12
        elif i % 3 == 1:
            builder.weight.value = 120 + 2.5 * (i % 8)
        else:
            builder.reps.value = 1 + i % 8
        times.append(time.perf_counter() - t0)
    assert statistics.median(times) < 0.1      # budget 30 ms; loose for busy CI machines


def test_a_saved_card_is_remembered_for_the_plan_without_the_notes(tmp_path):
    from backsafe.store import ProgressStore
    from backsafe.widgets.warm_up_builder import WarmUpBuilder

    store = ProgressStore(tmp_path / "p.sqlite3")
    builder = WarmUpBuilder(folder=str(tmp_path / "cards"), store=store)
    builder.notes.value = "back feels stiff"
    builder.save.click()
    saved = store.load_answers("warm-up", "plan")
    assert saved["lift"] == "conventional-deadlift" and saved["working_weight"] == 140
    assert saved["minutes"] == 12 and "notes" not in saved and "stiff" not in str(saved)
    assert "Lesson 07 will use it" in builder.save_status.value


@pytest.mark.parametrize("kwargs, says", [
    (dict(minutes=50), "time budget must be between 4 and 30 minutes"),
    (dict(reps=0), "Reps must be between 1 and 15"),
    (dict(minutes=float("nan")), "not nan"),
])
def test_out_of_range_starting_values_are_one_sentence(kwargs, says):
    from backsafe.models import InputError

    with pytest.raises(InputError, match=says):
        warm_up_explorer(**kwargs)
