"""Lesson 03 explorers, driven the way a learner would (.value and .click())."""
import ipywidgets as widgets
import pytest

from backsafe import core_progression_explorer, trunk_endurance_explorer
from backsafe.store import ProgressStore, StoreUnavailable
from backsafe.widgets.trunk_endurance import CoreProgressionExplorer, TrunkEnduranceExplorer

from .helpers import classes, find


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / "p.sqlite3")


@pytest.fixture
def ex(store):
    return TrunkEnduranceExplorer(store=store)


class BrokenStore:
    """Every call fails the way an unusable progress file does."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise StoreUnavailable("Progress is not being saved: the file is locked.")
        return fail


def text(widget) -> str:
    return widget.value


def test_structure_and_css_classes(store):
    box = trunk_endurance_explorer(store=store)
    assert {"bsld-explorer", "bsld-trunk-endurance"} <= classes(box)
    controls = find(box, "bsld-control")
    assert all(c.description for c in controls)
    boxes = [c for c in controls if isinstance(c, widgets.Text)]
    assert len(boxes) == 4 and all("m:ss" in b.description for b in boxes)
    assert any(isinstance(c, widgets.Dropdown) and c.description == "Compare with"
               for c in controls)
    assert any(isinstance(c, widgets.Checkbox) and "Remember my results" in c.description
               and c.value is False for c in controls)
    [play] = [w for w in find(box, "bsld-stopwatch")[0].children[1].children
              if isinstance(w, widgets.Play)]
    assert play.interval == 1000 and play.max == 1200
    assert play.layout.display == "none"        # started and stopped by the toggle
    [toggle] = find(box, "bsld-stopwatch-toggle")
    assert isinstance(toggle, widgets.ToggleButton) and toggle.description

    figures = find(box, "bsld-figure")
    assert "<img" in figures[0].value and "rule of thumb" in figures[0].value
    [readout] = find(box, "bsld-readout")
    assert "Ratios against their rules of thumb" in readout.value


def test_typing_times_updates_figure_and_readout(ex):
    image = ex.pane.value
    ex.boxes["flexor"].value = "3:00"
    assert ex.assessment.times["flexor"] == 180
    assert ex.pane.value != image and "3:00" in ex.pane.value
    assert "Flexor ÷ extensor is 1.50, above" in ex.readout.value
    ex.boxes["side_left"].value = "60 s"
    assert ex.assessment.ratios["right_left"] == pytest.approx(1.0)


@pytest.mark.parametrize("bad, words", [
    ("-10", "cannot be negative"), ("0", "is 0 s"), ("nan", "real number"),
    ("ninety", "is not a time"), ("25:00", "over 20 minutes"), ("", "Enter a time")])
def test_bad_input_shows_one_sentence_and_keeps_the_last_figure(ex, bad, words):
    image, readout = ex.pane.value, ex.readout.value
    ex.boxes["extensor"].value = bad
    assert words in ex.message.value and "Traceback" not in ex.message.value
    assert ex.message.value.count("<div") == 1
    assert ex.pane.value == image and ex.readout.value == readout
    ex.boxes["extensor"].value = "120"
    assert ex.message.value == ""


def test_norm_set_changes_the_comparison(ex):
    assert "65%" in ex.readout.value
    ex.norms.value = "mcgill1999-women"
    assert "39%" in ex.readout.value and "44 healthy young women" in ex.readout.value
    assert "McGill et al. 1999, women" in ex.pane.value


def test_the_toggle_starts_and_stops_the_clock_in_the_browser(ex):
    assert ex.toggle_link.source == (ex.toggle, "value")
    assert ex.toggle_link.target == (ex.play, "playing")


def test_stopwatch_fills_the_chosen_box_when_stopped(ex):
    ex.target.value = "side_left"
    assert "left box" in ex.stopwatch_status.value
    ex.play.playing = True
    assert "Timing the side bridge, left" in ex.stopwatch_status.value
    ex.play.value = 73          # the browser ticks; the kernel just hears the value
    ex.play.playing = False
    assert ex.boxes["side_left"].value == "73" and ex.play.value == 0
    assert "73 s went into the side bridge, left box" in ex.stopwatch_status.value
    assert ex.assessment.times["side_left"] == 73
    ex.play.playing = True
    ex.play.playing = False     # stopped at 0: nothing is filled
    assert ex.boxes["side_left"].value == "73"


def test_a_busy_kernel_gets_ticks_and_stop_as_one_message_and_keeps_the_hold(ex):
    # While the kernel is busy the browser merges a model's changes into one
    # message; ipywidgets applies it with set_state, as here.
    ex.target.value = "extensor"
    ex.play.set_state({"playing": True})
    ex.play.set_state({"value": 41, "playing": False})
    assert ex.boxes["extensor"].value == "41" and ex.play.value == 0
    assert "41 s went into the back extensor box" in ex.stopwatch_status.value
    # start, ticks and stop all merged: playing never changes as the kernel sees it
    ex.play.set_state({"value": 12, "playing": False})
    assert ex.boxes["extensor"].value == "12" and ex.play.value == 0


@pytest.mark.parametrize("order", [("playing", "value"), ("value", "playing")])
def test_stop_and_reset_to_zero_in_one_message_keep_the_last_tick(ex, order):
    ex.target.value = "flexor"
    ex.play.set_state({"playing": True})
    for second in range(1, 38):
        ex.play.set_state({"value": second})
    stop = {"playing": False, "value": 0}
    ex.play.set_state({name: stop[name] for name in order})
    assert ex.boxes["flexor"].value == "37" and ex.play.value == 0
    assert "37 s went into the trunk flexor box" in ex.stopwatch_status.value
    assert ex.assessment.times["flexor"] == 37


def test_remember_saves_updates_and_forgets_todays_test(ex, store):
    assert store.trunk_tests() == []
    ex.remember.value = True
    [row] = store.trunk_tests()
    assert row["flexor"] == 95 and row["extensor"] == 120 and row["norms"] == "mcgill1999-men"
    assert "saved on this computer only" in ex.store_status.value
    assert "saved trunk-endurance test" in ex.trend.value
    ex.boxes["flexor"].value = "100"
    [row] = store.trunk_tests()          # updated, not added
    assert row["flexor"] == 100
    ex.boxes["flexor"].value = "oops"    # invalid input is never saved
    assert store.trunk_tests()[0]["flexor"] == 100
    ex.remember.value = False
    assert store.trunk_tests() == [] and ex.trend.value == ""
    assert "removed" in ex.store_status.value


def test_an_update_that_cannot_be_saved_keeps_the_saved_test(ex, store, monkeypatch):
    ex.remember.value = True
    real = store.save_trunk_test

    def locked(*args, **kwargs):
        raise StoreUnavailable("Progress is not being saved yet: the file is locked.")
    monkeypatch.setattr(store, "save_trunk_test", locked)
    ex.boxes["flexor"].value = "100"
    assert "locked" in ex.store_status.value
    [row] = store.trunk_tests()              # the saved test is still there
    assert row["flexor"] == 95
    monkeypatch.setattr(store, "save_trunk_test", real)
    ex.boxes["flexor"].value = "101"
    [row] = store.trunk_tests()              # and the next change replaces it
    assert row["flexor"] == 101


def test_replacing_a_trunk_test_is_one_transaction(store, monkeypatch):
    import sqlite3

    from backsafe import store as store_module

    from .test_store_reliability import FullDisk

    first = store.save_trunk_test({"flexor": 80, "extensor": 100, "side_right": 50,
                                   "side_left": 48}, norms="x", tested_on="2026-10-01")
    # The DELETE goes through, the INSERT fails: the DELETE must be rolled back.
    monkeypatch.setattr(store_module.sqlite3, "connect", FullDisk(sqlite3.connect))
    with pytest.raises(StoreUnavailable):
        store.save_trunk_test({"flexor": 90, "extensor": 100, "side_right": 50,
                               "side_left": 48}, norms="x", tested_on="2026-10-01",
                              replaces=first)
    monkeypatch.undo()
    assert [t["id"] for t in store.trunk_tests()] == [first]
    second = store.save_trunk_test({"flexor": 90, "extensor": 100, "side_right": 50,
                                    "side_left": 48}, norms="x", tested_on="2026-10-01",
                                   replaces=first)
    assert [t["id"] for t in store.trunk_tests()] == [second]


def test_earlier_tests_are_kept_and_announced(store):
    store.save_trunk_test({"flexor": 80, "extensor": 100, "side_right": 50, "side_left": 50},
                          norms="mcgill1999-men", tested_on="2026-10-01")
    ex = TrunkEnduranceExplorer(store=store)
    assert "1 earlier test is saved" in ex.store_status.value
    ex.remember.value = True
    assert len(store.trunk_tests()) == 2 and "2 saved trunk-endurance tests" in ex.trend.value
    ex.remember.value = False
    assert len(store.trunk_tests()) == 1


def test_unusable_store_warns_and_keeps_the_inputs():
    ex = TrunkEnduranceExplorer(store=BrokenStore())
    assert "locked" in ex.store_status.value
    ex.remember.value = True
    assert "locked" in ex.store_status.value and ex.boxes["flexor"].value == "95"
    none = TrunkEnduranceExplorer(store=None)
    assert none.remember.disabled and "switched off" in none.store_status.value


# -- progression planner -----------------------------------------------------------
@pytest.fixture
def cp(store):
    return CoreProgressionExplorer(store=store)


def test_planner_structure(store):
    box = core_progression_explorer(store=store)
    assert {"bsld-explorer", "bsld-core-progression"} <= classes(box)
    controls = find(box, "bsld-control")
    assert all(c.description for c in controls) and len(controls) == 6
    assert "<table" in find(box, "bsld-readout")[0].value
    assert "<img" in find(box, "bsld-figure")[0].value
    assert "not from a study" in find(box, "bsld-readout")[0].value


def test_planner_reacts_and_rejects_bad_input(cp):
    table = cp.readout.value
    cp.days.value = 6
    assert cp.plan.days_per_week == 6 and cp.readout.value != table
    cp.weeks.value = 12
    assert "Week 12" in cp.readout.value and "12-week plan" in cp.pane.value
    image = cp.pane.value
    cp.boxes["bird-dog"].value = "-3"
    assert "cannot be negative" in cp.message.value and cp.pane.value == image
    cp.boxes["bird-dog"].value = "15"
    assert cp.message.value == ""


def test_save_button_stores_the_plan_and_it_comes_back(cp, store):
    cp.days.value = 4
    cp.save.click()
    saved = store.load_answers("core", "progression-plan")
    assert saved["days_per_week"] == 4 and len(saved["entries"]) == 24
    assert "Plan saved" in cp.save_status.value
    again = CoreProgressionExplorer(store=store)
    assert again.days.value == 4 and "loaded" in again.save_status.value
    cp.boxes["curl-up"].value = "x"
    cp.save.click()
    assert "was not saved" in cp.save_status.value


def test_planner_with_unusable_store():
    cp = CoreProgressionExplorer(store=BrokenStore())
    cp.save.click()
    assert "locked" in cp.save_status.value
    assert CoreProgressionExplorer(store=None).save.disabled
