"""The training-log explorer, its figure and the warning-signs check (lesson 06),
driven the way a learner would."""
import base64
import os
import re
import sqlite3
import statistics
import time
from datetime import date, timedelta

import ipywidgets as widgets
import numpy as np
import pytest

from backsafe import training_load_explorer, warning_signs_check
from backsafe.content.training_example import example_log
from backsafe.figures.training_load import TrainingFigure, alt_text, training_load_figure
from backsafe.models.training_load import made_up_chronic, training_load
from backsafe.store import ProgressStore, StoreUnavailable
from backsafe.widgets.training_log import MemoryLog, TrainingLogExplorer, read_csv_path

from .helpers import classes, find

TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def frames_folder(tmp_path, monkeypatch):
    """Frames are kept in a temporary data folder, not the user's."""
    monkeypatch.setenv("BACKSAFE_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / "p.sqlite3")


@pytest.fixture
def ex(store):
    return TrainingLogExplorer(store=store, today=TODAY)


def text(html: str) -> str:
    return html.replace("&#x27;", "'")


def test_structure_css_classes_and_labels(store):
    box = training_load_explorer(store=store)
    assert {"bsld-explorer", "bsld-training-log"} <= classes(box)
    controls = find(box, "bsld-control")
    assert len(controls) == 15          # with the Session list's page
    for control in controls:
        assert control.description, f"{control!r} has no description"
    assert any(isinstance(c, widgets.ToggleButtons) and c.description == "Ratio method"
               for c in controls)
    [pane] = find(box, "bsld-figure")
    assert "<img" in pane.value and "alt=" in pane.value
    assert "Made-up example log (not real data)" in pane.value
    assert len(find(box, "bsld-readout")) == 2
    assert find(box, "bsld-upload")[0].description == "Upload CSV"


def test_example_log_is_shown_and_labelled_when_the_learner_has_none(ex):
    assert ex.shown.value == "example" and ex.rows == []
    assert "Made-up example log (not real data)" in ex.readout.value
    assert "spike in week 6" in ex.readout.value
    ex.shown.value = "mine"
    assert "You have no sessions saved yet" in ex.message.value
    assert "Made-up example log" in ex.readout.value


def test_add_session_saves_it_and_shows_my_log(ex, store):
    ex.day.value, ex.minutes.value, ex.rpe.value = "2026-11-20", 75, 6
    assert "450 AU" in ex.preview.value
    image = ex.pane.value
    ex.add.click()
    [saved] = store.sessions()
    assert (saved["day"], saved["minutes"], saved["rpe"]) == ("2026-11-20", 75.0, 6.0)
    assert "Added 2026-11-20: 75 min × RPE 6 = 450 AU." in ex.message.value
    assert ex.shown.value == "mine" and ex.pick.value == saved["id"]
    assert "Your log (1 sessions)" in ex.readout.value and ex.pane.value != image
    assert "less than one full week" in ex.readout.value
    assert "undefined (fewer than 28 days of history)" in ex.readout.value


def test_a_double_click_on_add_logs_the_session_once(ex, store, monkeypatch):
    ex.day.value, ex.minutes.value, ex.rpe.value = "2026-11-20", 30, 5
    ex.add.click()
    ex.add.click()                          # the second click of a double click
    assert len(store.sessions()) == 1
    monkeypatch.setattr(type(ex), "DOUBLE_CLICK_SECONDS", 0.0)
    ex.add.click()                          # a second identical session, on purpose
    assert len(store.sessions()) == 2
    monkeypatch.setattr(type(ex), "DOUBLE_CLICK_SECONDS", 60.0)
    ex.minutes.value = 600                  # 660 min that day: fits once, not twice
    ex.add.click()
    ex.add.click()
    assert len(store.sessions()) == 3 and "Added" in ex.message.value


def test_edit_and_delete_a_session(ex, store):
    ids = store.add_sessions([("2026-11-01", 60, 7, "squat"), ("2026-11-03", 40, 5, "")])
    ex.reload()
    ex.pick.value = ids[0]
    assert ex.day.value == "2026-11-01" and ex.minutes.value == 60 and ex.note.value == "squat"
    assert "Editing 2026-11-01" in ex.message.value
    ex.minutes.value = 90
    ex.save.click()
    assert store.sessions()[0]["minutes"] == 90.0
    assert "Saved changes: 2026-11-01: 90 min × RPE 7 = 630 AU (squat)." in ex.message.value
    ex.delete.click()
    assert [r["id"] for r in store.sessions()] == [ids[1]]
    assert "Deleted 2026-11-01" in ex.message.value and "1 sessions left" in ex.message.value
    assert ex.pick.value == 0
    ex.save.click()
    assert "Choose a session in the Session list first" in ex.message.value
    ex.delete.click()
    assert "Choose the session to delete" in ex.message.value


@pytest.mark.parametrize("field, value, sentence", [
    ("rpe", 11, "This session: the RPE must be between 0 and 10 on the CR-10 scale; got 11."),
    ("minutes", 0, "This session: the duration must be more than 0 minutes; got 0."),
    ("minutes", 700, "10 hours (600 minutes) or less; got 700"),
    ("day", "28/11/2026", "the date '28/11/2026' cannot be read; write it as YYYY-MM-DD"),
    ("day", "2026-12-01", "the date 2026-12-01 is in the future"),
])
def test_bad_input_gives_one_sentence_and_saves_nothing(ex, store, field, value, sentence):
    store.add_session("2026-11-01", 60, 7, "kept")
    ex.reload()
    image = ex.pane.value
    getattr(ex, field).value = value
    assert sentence in text(ex.preview.value)
    ex.add.click()
    assert sentence in text(ex.message.value) and "Traceback" not in ex.message.value
    assert len(store.sessions()) == 1 and ex.pane.value == image
    ex.pick.value = store.sessions()[0]["id"]
    getattr(ex, field).value = value
    ex.save.click()
    assert sentence in text(ex.message.value)
    assert store.sessions()[0]["minutes"] == 60.0


def test_method_switch_redraws_the_ratio(ex):
    image, readout = ex.pane.value, ex.readout.value
    ex.method.value = "ewma"
    assert ex.pane.value != image and ex.readout.value != readout
    assert "exponentially weighted (EWMA)" in ex.readout.value
    assert "exponentially weighted (EWMA)" in ex.pane.value         # alt text follows
    ex.method.value = "uncoupled"
    assert "rolling 7/21 days (uncoupled)" in ex.readout.value
    before = ex.pane.value
    ex.made_up.value = "random-2"
    assert ex.pane.value != before and "random made-up chronic loads" in ex.pane.value


CSV = ("date,minutes,rpe,note\n2026-11-01,60,7,squat\n2026-11-02,0,7,\n"
       "2026-11-03,45,12,\n2026-11-04,30,4,walk\n")


def test_import_keeps_saved_sessions_and_reports_every_rejected_row(ex, store, tmp_path):
    store.add_session("2026-10-01", 50, 6, "already saved")
    ex.reload()
    path = tmp_path / "log.csv"
    path.write_text(CSV, encoding="utf-8")
    ex.path.value = str(path)
    ex.import_.click()
    days = [r["day"] for r in store.sessions()]
    assert days == ["2026-10-01", "2026-11-01", "2026-11-04"]
    assert "Imported 2 sessions" in ex.message.value
    report = text(ex.report.value)
    assert "2 sessions imported; 2 rows rejected" in report
    assert "Line 3: the duration must be more than 0 minutes; got 0." in report
    assert "Line 4: the RPE must be between 0 and 10" in report
    ex.import_.click()                          # the same file again: nothing doubles
    assert len(store.sessions()) == 3
    assert "Nothing was imported" in ex.message.value and "already in your log" in ex.report.value


def test_import_from_an_upload(ex, store):
    ex.upload.value = ({"name": "up.csv", "type": "text/csv", "size": 10,
                        "content": memoryview(b"date,minutes,rpe\n2026-11-10,40,5\n"),
                        "last_modified": __import__("datetime").datetime(2026, 11, 1)},)
    ex.import_.click()
    assert [r["day"] for r in store.sessions()] == ["2026-11-10"]
    assert "from up.csv" in ex.message.value and ex.upload.value == ()


def test_import_with_a_failing_store_loses_nothing(ex, store, tmp_path, monkeypatch):
    store.add_session("2026-10-01", 50, 6, "")
    ex.reload()
    path = tmp_path / "log.csv"
    path.write_text(CSV, encoding="utf-8")

    def broken(rows):
        raise StoreUnavailable("Progress is not being saved: the file is locked.")
    monkeypatch.setattr(store, "add_sessions", broken)
    ex.path.value = str(path)
    ex.import_.click()
    assert "the file is locked" in ex.message.value and "Nothing was changed" in ex.message.value
    assert "Nothing was imported (saving failed" in ex.report.value
    assert len(store.sessions()) == 1


def test_import_that_fails_midway_adds_nothing(ex, store, tmp_path):
    """The accepted rows go to the store in ONE transaction: when the database
    refuses the second row, the first is rolled back too."""
    store.add_session("2026-10-01", 50, 6, "already saved")
    db = sqlite3.connect(store.path)
    db.execute("CREATE TRIGGER refuse BEFORE INSERT ON training_sessions "
               "WHEN NEW.day = '2026-11-04' BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    db.commit()
    db.close()
    ex.reload()
    path = tmp_path / "log.csv"
    path.write_text(CSV, encoding="utf-8")
    ex.path.value = str(path)
    ex.import_.click()
    assert [r["note"] for r in store.sessions()] == ["already saved"]
    assert "Nothing was changed" in ex.message.value
    assert "Nothing was imported (saving failed" in ex.report.value


@pytest.mark.parametrize("setup, sentence", [
    ("", "Type the path of a CSV file or upload one"),
    ("missing.csv", "There is no file"),
    ("DIR", "is a folder, not a CSV file"),
    ("LATIN1", "is not UTF-8 text"),
    ("NOHEADER", "The first line of the CSV must name the columns"),
    ("/dev/zero", "is not a file"),                  # endless: never read
    ("FIFO", "is not a file"),                       # would block for ever
    ("~nosuchuser-bsld/log.csv", "is not a home folder on this computer"),
    ("log\0.csv", "contains a NUL character"),
])
def test_import_errors_are_one_sentence(ex, tmp_path, setup, sentence):
    if setup == "DIR":
        setup = str(tmp_path)
    elif setup == "FIFO":
        os.mkfifo(tmp_path / "pipe")
        setup = str(tmp_path / "pipe")
    elif setup.startswith(("/", "~")) or "\0" in setup:
        pass
    elif setup == "LATIN1":
        (tmp_path / "l.csv").write_bytes("date,minutes,rpe,note\n2026-11-01,60,7,caf\xe9\n"
                                         .encode("latin-1"))
        setup = str(tmp_path / "l.csv")
    elif setup == "NOHEADER":
        (tmp_path / "n.csv").write_text("2026-11-01,60,7\n")
        setup = str(tmp_path / "n.csv")
    elif setup:
        setup = str(tmp_path / setup)
    ex.path.value = setup
    ex.import_.click()
    assert sentence in ex.message.value and "Traceback" not in ex.message.value


def test_export_gives_a_download_link_with_the_csv(ex, store):
    ex.export.click()
    assert "Your log is empty" in ex.message.value
    store.add_sessions([("2026-11-01", 60, 7, "squat, heavy"), ("2026-11-02", 30, 4, "")])
    ex.export.click()
    assert ex.export_text == "date,minutes,rpe,note\n2026-11-01,60,7,\"squat, heavy\"\n" \
                             "2026-11-02,30,4,\n"
    assert 'download="training_log_2026-11-28.csv"' in ex.message.value
    assert "data:text/csv;base64," in ex.message.value


def test_unusable_store_keeps_sessions_in_memory():
    ex = TrainingLogExplorer(store=None, today=TODAY)
    assert "kept only until you close this notebook" in ex.status.value
    ex.add.click()
    assert len(ex.rows) == 1 and "Added" in ex.message.value
    mem = MemoryLog([("2026-11-01", 60, 7, "")])
    mem.update_session(1, "2026-11-02", 30, 5, "x")
    assert mem.sessions()[0]["day"] == "2026-11-02"
    mem.delete_session(1)
    assert mem.sessions() == []


def test_store_failure_when_adding_shows_a_warning_and_keeps_the_form(ex, store, monkeypatch):
    def broken(*args):
        raise StoreUnavailable("Progress is not being saved: the folder is read-only.")
    monkeypatch.setattr(store, "add_session", broken)
    ex.minutes.value = 55
    ex.add.click()
    assert "read-only" in ex.message.value and "still in the form" in ex.message.value
    assert ex.minutes.value == 55 and store.sessions() == []


def test_read_csv_path_size_limit(tmp_path, monkeypatch):
    import backsafe.widgets.training_log as mod
    p = tmp_path / "big.csv"
    p.write_text("date,minutes,rpe\n" * 10)
    monkeypatch.setattr(mod, "MAX_CSV_BYTES", 20)
    with pytest.raises(ValueError, match="larger than 5 MB"):
        read_csv_path(str(p))


# -- figure --------------------------------------------------------------------

def test_alt_text_states_the_values():
    tl = training_load(example_log().sessions)
    crit = made_up_chronic(tl.ratio("coupled"))
    alt = alt_text(tl, "coupled", crit, "Made-up example log")
    assert "35 sessions over 56 days, from 2026-09-07 to 2026-11-01" in alt
    assert "highest 3,624 AU in week 6" in alt
    assert "Week by week: 1,465; 1,585; 1,705; 1,825; 1,945; 3,624; 1,465; 918 AU." in alt
    assert f"latest {tl.ratio('coupled').describe()}" in alt
    assert "'sweet spot' 0.8 to 1.3" in alt and "contested" in alt
    assert "constant made-up chronic load" in alt
    fig = training_load_figure(tl, "ewma", crit)
    assert "exponentially weighted" in fig.alt
    assert "<img" in fig.to_html() and 'class="bsld-overlay"' in fig.to_html()
    for label in ("1,465", "3,624", "918"):                # the week labels shown
        assert f">{label}</tspan>" in fig.overlay and label in fig.alt


def test_short_log_figure_says_the_ratio_is_undefined():
    tl = training_load([("2026-11-01", 60, 7), ("2026-11-09", 40, 5)], today=TODAY)
    live = TrainingFigure().update(tl, "coupled", made_up_chronic(tl.ratio("coupled")))
    assert "undefined on every day (fewer than 28 days of history)" in live.alt
    assert base64.b64decode(live.frame.png).startswith(b"\x89PNG")
    assert ">ratio undefined:</tspan>" in live.overlay
    assert ">200 (part)</tspan>" in live.overlay          # the second week, 2 days


def bar_path(frame, panel, day, load):
    """The path piece of one daily bar, as Sketch.vlines writes it."""
    p = frame.panels[panel]
    return f"M{float(p.x(day)):.1f},{float(p.y(0.0)):.1f}V{float(p.y(load)):.1f}"


def test_bars_and_weeks_land_on_their_days():
    tl = training_load(example_log().sessions)
    live = training_load_figure(tl, "coupled", made_up_chronic(tl.ratio("coupled")))
    day = int(np.argmax(tl.daily))
    bar = bar_path(live.frame, "day", day, tl.daily[day])
    [bars] = re.findall(r'd="([^"]*' + re.escape(bar) + '[^"]*)"', live.overlay)
    assert bars.count("M") == int((tl.daily > 0).sum())              # one path, all bars
    week = live.frame.panels["week"]
    corner = f"{float(week.x(5 * 7 - 0.5)):.1f},{float(week.y(tl.weekly.load[5])):.1f}"
    assert corner in live.overlay                                      # week 6's block
    panel = live.frame.panels["ratio"]
    ratio = tl.ratio("coupled").value
    assert f"{float(panel.x(40)):.1f},{float(panel.y(ratio[40])):.1f}" in live.overlay


def test_the_overlay_follows_the_method_and_the_made_up_load():
    tl = training_load(example_log().sessions)
    fig = TrainingFigure()
    coupled = fig.update(tl, "coupled", made_up_chronic(tl.ratio("coupled")))
    ewma = fig.update(tl, "ewma", made_up_chronic(tl.ratio("ewma")))
    random = fig.update(tl, "ewma", made_up_chronic(tl.ratio("ewma"), "random", 2))
    assert coupled.frame is ewma.frame is random.frame
    assert len({coupled.overlay, ewma.overlay, random.overlay}) == 3
    assert ">rolling 7/28</tspan>" in coupled.overlay and ">EWMA</tspan>" in ewma.overlay
    log = fig._log_svg                      # the log's parts are the same every time
    assert all(live.overlay.startswith(log) for live in (coupled, ewma, random))


def test_the_frame_holds_only_layout_never_the_loads():
    """Two logs over the same days with different loads share one frame; a log
    whose loads outgrow the range gets a new one, with the range grown."""
    rows = [(f"2026-10-{d:02d}", 40 + d, 5, "") for d in range(1, 31)]
    lighter = [(day, minutes - 5, rpe, note) for day, minutes, rpe, note in rows]
    fig = TrainingFigure()
    frames = []
    for log in (rows, lighter):
        tl = training_load(log, today=TODAY)
        frames.append(fig.update(tl, "coupled", made_up_chronic(tl.ratio("coupled"))).frame)
    assert frames[0] is frames[1]
    heavy = training_load(rows[:-1] + [("2026-10-30", 300, 10, "")], today=TODAY)
    grown = fig.update(heavy, "coupled", made_up_chronic(heavy.ratio("coupled"))).frame
    assert grown is not frames[0]
    assert grown.panels["day"].ylim[1] >= 3000 > frames[0].panels["day"].ylim[1]
    assert grown.panels["day"].xlim == frames[0].panels["day"].xlim == (-1, 30)


def five_years():
    d0 = date(2021, 11, 1)
    return [((d0 + timedelta(days=i)).isoformat(), 30 + i % 50, 3 + i % 7, "")
            for i in range(1826)]


def test_update_latency_with_five_years_of_data():
    """Model + redraw for a method or critique change, median of 30.

    Measured on the 2-core development machine: about 2.5 ms when idle (the
    figure about 1.5 ms of it). The issue's target is 8 ms for the explorer's
    kernel work (checked by `make bench`); this bound is generous so a busy CI
    machine does not fail.
    """
    ex = TrainingLogExplorer(store=None, sessions=five_years(), today=TODAY)
    assert ex.shown.value == "mine" and len(ex.tl.days) == 1826
    times = []
    for i in range(30):
        start = time.perf_counter()
        if i % 2:
            ex.method.index = (ex.method.index + 1) % 3
        else:
            ex.made_up.index = (ex.made_up.index + 1) % 4
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"\ntraining log explorer, five years: median {median * 1000:.1f} ms")
    assert median < 0.300, f"median {median * 1000:.0f} ms"


# -- warning signs ----------------------------------------------------------------

def test_warning_signs_check():
    box = warning_signs_check()
    assert {"bsld-explorer", "bsld-warning-signs"} <= classes(box)
    controls = find(box, "bsld-control")
    assert len(controls) == 10 and all(c.description for c in controls)
    assert "Nothing ticked" in box.result.value
    box.boxes["fatigue"].value = True
    assert "Add a rest day" in box.result.value and "red flag" not in box.result.value
    assert "not a diagnosis" in box.result.value
    box.boxes["nerve-signs"].value = True
    assert "matches a red flag" in box.result.value and "00-start-here" in box.result.value
    assert "Emergency: get medical help now" in box.result.value
    box.boxes["nerve-signs"].value = False
    box.boxes["pain-builds"].value = True
    assert "Prompt appointment: see a GP or physiotherapist" in box.result.value


def test_warning_signs_check_saves_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKSAFE_DATA_DIR", str(tmp_path))
    box = warning_signs_check()
    box.boxes["mood"].value = True
    assert not list(tmp_path.iterdir())


def test_method_and_made_up_changes_keep_the_frame_after_the_first_round():
    ex = TrainingLogExplorer(store=None, sessions=five_years()[:400], today=TODAY)
    figure = ex.figures["mine"]
    for m in range(3):                      # first round: the ratio axis may grow
        for k in range(4):
            ex.method.index, ex.made_up.index = m, k
    frame, panes = figure.frame, set()
    for m in range(3):
        for k in range(4):
            ex.method.index, ex.made_up.index = m, k
            assert figure.frame is frame, "a method or made-up change swapped the frame"
            panes.add(ex.pane.value)
    assert len(panes) == 12                 # every state drawn differently
    ex.shown.value = "example"
    ex.shown.value = "mine"                 # back to the same log: the same frame
    assert figure.frame is frame
