"""Hostile input (issue 25): huge numbers, NaN, wrong shapes and megabytes of text
each give one plain sentence, never a traceback, and lose nothing saved."""
import csv
import math
import warnings
from datetime import date

import pytest

from backsafe.models import InputError
from backsafe.models.spine_load import lumbar_load
from backsafe.models.training_csv import (MAX_REJECTED, parse_training_csv, safe_cell,
                                          sessions_to_csv)
from backsafe.models.training_load import validate_sessions
from backsafe.models.warm_up import MAX_PLATE_SIZES, build_warm_up, parse_plates
from backsafe.store import ProgressStore
from backsafe.widgets.training_log import PAGE_SIZE, TrainingLogExplorer
from backsafe.widgets.trunk_endurance import CoreProgressionExplorer

from .helpers import find
from .test_bad_input import shell  # noqa: F401  (the IPython shell fixture)

TODAY = date(2026, 11, 28)
NAN = float("nan")


@pytest.fixture(autouse=True)
def data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKSAFE_DATA_DIR", str(tmp_path / "data"))


def one_sentence(text: str) -> None:
    assert "\n" not in text and "Traceback" not in text and len(text) < 400, text
    assert text.rstrip().endswith("."), text


# -- explorer starting values -------------------------------------------------------

@pytest.mark.parametrize("call, says", [
    ("load_explorer(body_mass=10**400)", "Body mass must be between 40 and 160 kg"),
    ("load_explorer(body_mass=float('nan'))", "not nan"),
    ("warm_up_explorer(lift='squat')", "The main lift must be one of 'high-bar-squat'"),
    ("warm_up_explorer(working_weight=float('inf'))", "The working weight must be"),
    ("warm_up_explorer(working_weight=10**400)", "got a number that large"),
    ("thomas_test_check(thigh='sideways')", "thigh position must be one of 'above'"),
    ("thomas_test_check(knee=500)", "Knee bend must be between 20 and 150"),
    ("thomas_test_check(knee=float('nan'))", "Knee bend must be a number"),
    ("pelvis_explorer(incidence=500)", "Pelvic incidence must be between 25 and 90"),
    ("pelvis_explorer(tilt=float('nan'))", "Pelvic tilt must be a number"),
    ("pelvis_explorer(clinical=-99)", "clinical tilt reading must be between -20 and 35"),
    ("core_progression_explorer(weeks=float('nan'), store=None)", "Weeks to plan"),
    ("core_progression_explorer(days_per_week=9, store=None)", "between 1 and 7 days"),
    ("core_progression_explorer(holds=[20, 20], store=None)", "Holds must be a mapping"),
    ("training_load_explorer(store=None, sessions=[('2026-11-01', 60, 5)] * 2 + "
     "[('2026-11-02', 60)])", "Row 3: a session needs a date, minutes and an RPE"),
    ("training_load_explorer(store=None, sessions=5)", "Sessions must be a list"),
    ("training_load_explorer(store=None, sessions=[('2026-11-01', float('nan'), 5)])",
     "finite number"),
])
def test_a_bad_starting_value_is_one_sentence_never_a_clamp(shell, capsys, call, says):
    name = call.split("(")[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")            # no serialisation or NumPy warnings
        result = shell.run_cell(f"from backsafe import {name}\n{call}")
    out = capsys.readouterr()
    text = out.out + out.err
    assert result.error_in_exec is not None
    assert says in text, text
    assert "Traceback" not in text and "Error" not in text.split(":")[0]
    assert len([line for line in text.splitlines() if line.strip()]) == 1, text


def test_good_starting_values_still_build_the_explorers():
    from backsafe import pelvis_explorer, thomas_test_check, training_load_explorer

    assert thomas_test_check(thigh="above", knee=150).children
    assert pelvis_explorer(incidence=25, tilt=-15, clinical=35).children
    box = training_load_explorer(store=None, sessions=[("2026-11-01", 60, 5)])
    assert "2026-11-01" in str(find(box, "bsld-control")[3].options)


# -- models ---------------------------------------------------------------------------

@pytest.mark.parametrize("args", [(10**5000, 100, 45), (80, 1e308, 45), (80, 10**400, 45),
                                  ([80, 10**400], 100, 45)])
def test_lumbar_load_with_huge_numbers_is_a_sentence_without_warnings(args):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(InputError) as info:
            lumbar_load(*args)
    one_sentence(str(info.value))


def test_lumbar_load_is_unchanged_for_ordinary_values():
    assert math.isclose(lumbar_load(80, 100, 45).moment,
                        9.81 * (0.536 * 80 * 0.22 + 100 * 0.42) * math.sin(math.radians(45)),
                        rel_tol=1e-9)


def test_plate_sizes_are_capped_quickly():
    import time

    many = ", ".join(f"{0.01 * n:.2f}" for n in range(1, 5001))
    start = time.perf_counter()
    for plates in (many, [0.01 * n for n in range(1, 5001)],
                   [float(n) for n in range(1, MAX_PLATE_SIZES + 2)]):
        with pytest.raises(InputError, match=f"at most {MAX_PLATE_SIZES} plate sizes"):
            parse_plates(plates)
    assert time.perf_counter() - start < 0.5
    assert len(parse_plates([float(n) for n in range(1, MAX_PLATE_SIZES + 1)])) == 12
    with pytest.raises(InputError) as info:
        build_warm_up("front-squat", 10**400, 5, 12)
    one_sentence(str(info.value))


# -- the training log -----------------------------------------------------------------

def test_a_field_over_128_kb_is_a_sentence_that_names_the_line():
    text = "date,minutes,rpe,note\n2026-11-01,60,5,ok\n2026-11-02,60,5,\"" + "x" * 200_000
    with pytest.raises(InputError) as info:
        parse_training_csv(text, today=TODAY)
    assert "Line 3" in str(info.value) and "128 KB" in str(info.value)
    assert csv.field_size_limit() == 131072            # the reader's limit is untouched


def test_the_rejected_rows_report_and_echoes_are_capped():
    bad = "date,minutes,rpe\n" + "".join(f"2026-11-01,{n},99\n" for n in range(50_000))
    with pytest.raises(InputError, match=f"More than {MAX_REJECTED} rows"):
        parse_training_csv(bad, today=TODAY)
    few = "date,minutes,rpe,note\n2026-11-01,60,99," + "n" * 100_000 + "\n"
    (row,) = parse_training_csv(few, today=TODAY).rejected
    assert len(row.text) <= 120 and len(row.reason) < 300
    with pytest.raises(InputError) as info:
        parse_training_csv("x" * 4_000_000 + "\n2026-11-01,60,5\n", today=TODAY)
    assert len(str(info.value)) < 400


def test_notes_hours_and_dates_are_bounded():
    cases = [([("2026-11-01", 60, 5, "n" * 301)], "at most 300 characters"),
             ([("2026-11-01", 600, 5)] * 3, "add up to 30 hours"),
             ([("0001-01-01", 60, 5)], "before 1990-01-01"),
             ([("1995-01-01", 60, 5), ("2026-11-01", 60, 5)], "more than ten years")]
    for rows, words in cases:
        with pytest.raises(InputError, match=words) as info:
            validate_sessions(rows, today=TODAY)
        one_sentence(str(info.value))
    assert len(validate_sessions([("2026-11-01", 600, 5)] * 2, today=TODAY)) == 2


def test_a_csv_import_never_takes_a_day_over_24_hours():
    text = "date,minutes,rpe\n2026-11-01,500,5\n2026-11-01,501,5\n2026-11-01,502,5\n"
    result = parse_training_csv(text, today=TODAY, existing=[("2026-11-01", 400, 5, "")])
    assert len(result.accepted) == 2 and "24 hours" in result.rejected[0].reason


@pytest.mark.parametrize("note", ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_exported_notes_never_start_a_formula(note):
    text = sessions_to_csv([("2026-11-01", 60, 5, note)])
    cell = list(csv.reader(text.splitlines()))[1][3]
    assert cell == "'" + note and not cell.startswith(("=", "+", "-", "@", "\t"))
    assert safe_cell("felt good") == "felt good"


def test_an_exported_log_imported_again_adds_nothing():
    saved = [("2026-11-01", 45.123456, 6.5, "-5 kg from last week"), ("2026-11-04", 30, 4,
                                                                        "'-5 kg, quoted"),
             ("2026-11-02", 60, 7, "=felt heavy"), ("2026-11-03", 0.1 + 0.2, 5, "plain")]
    result = parse_training_csv(sessions_to_csv(saved), today=TODAY, existing=saved)
    assert result.accepted == () and len(result.rejected) == 4
    assert all("already in your log" in r.reason for r in result.rejected)
    fresh = parse_training_csv(sessions_to_csv(saved), today=TODAY)
    assert [s[3] for s in fresh.accepted] == [n for *_, n in saved]   # apostrophes gone


def test_the_session_list_is_paged_and_adding_shows_the_new_session(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite3")
    store.add_sessions([(f"2026-{m:02d}-{d:02d}", 30, 3, "") for m in range(1, 11)
                        for d in range(1, 29)])                   # 280 sessions
    ex = TrainingLogExplorer(store=store, today=TODAY)
    assert len(ex.pick.options) == PAGE_SIZE + 1
    assert "2026-10-28" in ex.pick.options[-1][0]                 # page 1: the newest
    ex.page.value = 4                                             # there are 3 pages
    assert ex.page.value == 3 and "There is no page 4" in ex.message.value
    assert "3 pages" in ex.message.value
    assert len(ex.pick.options) == 280 - 2 * PAGE_SIZE + 1
    assert "2026-01-01" in ex.pick.options[1][0]
    ex.day.value, ex.minutes.value, ex.rpe.value = "2026-11-20", 45, 6
    ex.add.click()
    assert ex.page.value == 1 and "2026-11-20" in dict(
        (v, k) for k, v in ex.pick.options)[ex.pick.value]


def test_adding_a_session_that_takes_a_day_over_24_hours_says_so_and_keeps_the_log(
        tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite3")
    store.add_sessions([("2026-11-20", 600, 5, ""), ("2026-11-20", 600, 5, "")])
    ex = TrainingLogExplorer(store=store, today=TODAY)
    ex.day.value, ex.minutes.value, ex.rpe.value = "2026-11-20", 300, 6
    ex.add.click()
    assert "24 hours" in ex.message.value and len(store.sessions()) == 2


# -- a saved core plan of the wrong shape ------------------------------------------------

@pytest.mark.parametrize("saved", [
    {"current_holds": [20, 20]}, {"current_holds": {"curl-up": "lots"}},
    {"current_holds": {"curl-up": 20}, "days_per_week": "x"},
    {"current_holds": {"curl-up": 20}, "weeks": 99}, {"current_holds": {"curl-up": NAN}},
])
def test_a_saved_core_plan_of_the_wrong_shape_is_kept_and_the_explorer_works(tmp_path,
                                                                            saved):
    store = ProgressStore(tmp_path / "p.sqlite3")
    store.save_answers("core", "progression-plan", saved if "NaN" not in str(saved)
                       else {"current_holds": {"curl-up": 1e999}})
    ex = CoreProgressionExplorer(store=store)
    assert ex.plan is not None and ex.message.value == ""
    assert "could not be read" in ex.save_status.value
    assert store.load_answers("core", "progression-plan") is not None     # kept


# -- a gym card on a full disk ------------------------------------------------------------

def test_saving_a_gym_card_again_on_a_full_disk_keeps_the_earlier_card(tmp_path,
                                                                       monkeypatch):
    import errno
    import os

    from backsafe.widgets.warm_up_builder import save_gym_card

    plan = build_warm_up("front-squat", 100, 5, 12)
    card = save_gym_card(plan, tmp_path)
    before = card.read_text()
    real_replace = os.replace

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError) as info:
        save_gym_card(plan, tmp_path)
    monkeypatch.setattr(os, "replace", real_replace)
    assert "no space left" in str(info.value).lower()
    assert card.read_text() == before and [p.name for p in tmp_path.iterdir()] == [card.name]


# -- content: huge numbers and capitalised citations ---------------------------------------

@pytest.mark.parametrize("text, says", [
    ("year: " + "9" * 5000, "5,000 digits is far too large"),
    ("tolerance: 1" + "0" * 400, "401 digits is far too large"),
    ("answer: .nan", "not a usable number"),
])
def test_huge_and_non_finite_numbers_in_content_are_one_sentence(text, says):
    from backsafe.content.loader import ContentError, parse_yaml

    with pytest.raises(ContentError) as info:
        parse_yaml(text.encode(), "quizzes/x.yaml")
    assert says in str(info.value) and len(str(info.value)) < 300


def test_a_capitalised_citation_is_checked_and_refused_clearly():
    from backsafe.content.loader import ContentError
    from backsafe.content.markup import cited_keys
    from backsafe.content.quizzes import parse_bank
    from backsafe.content.references import references

    assert cited_keys("see [@Wilke1999] and [@wilke1999]") == ["Wilke1999", "wilke1999"]
    bank = {"lesson": "anatomy", "questions": [{
        "id": "q1", "type": "true_false", "prompt": "Discs bulge [@Wilke1999].",
        "answer": True, "feedback": {True: "Yes.", False: "No."}, "explanation": "E.",
        "references": ["wilke1999"]}]}
    with pytest.raises(ContentError, match=r"unknown reference key 'Wilke1999'; reference "
                                           r"keys are lower case, so write \[@wilke1999\]"):
        parse_bank(bank, "quizzes/anatomy.yaml", known_refs=references())


# -- lesson 07: saved text in the plan ------------------------------------------------------

def test_saved_text_with_citation_marks_and_markdown_does_not_break_the_plan():
    from backsafe.content.catalogue import lessons
    from backsafe.models.prevention_plan import LessonInfo, PlanInputs, build_plan
    from backsafe.widgets.your_plan import plan_html, plan_markdown

    info = tuple(LessonInfo(item.slug, item.number, item.title, True) for item in lessons())
    inputs = PlanInputs(
        today=TODAY, lessons=info,
        core_plan={"summary": "[@nosuchkey] **bold** <b>x</b> # [link](javascript:1)" * 5},
        warm_up={"lift": "[@Evil]-lift", "minutes": 10**400})
    plan = build_plan(inputs)
    page = plan_html(plan)
    markdown = plan_markdown(plan, on=TODAY)
    assert "nosuchkey" in page and "<b>x</b>" not in page
    assert "[link](javascript" not in markdown and "\\[link\\]" in markdown
    assert "\\<b\\>" in markdown and "10000000" not in markdown
    summary_line = next(line for line in markdown.splitlines() if "nosuchkey" in line)
    assert len(summary_line) < 600                             # saved text is capped


# -- typed answers: practice cells and pasted times ----------------------------------------

@pytest.mark.parametrize("mine, says", [
    ("4.6", "right"), ("4,6", "right"), (4.6, "right"), (" 4.6 times ", "right"),
    ('"4.6"', "not a number"), ("lots", "not a number"), ("x" * 1_000_000, "not a number"),
    (None, "missing"), ([4.6], "not a number"), (True, "not a number"),
    (10**400, "not quite"), ("9" * 60, "not quite"), (NAN, "not a number"),
    (3.0, "not quite"),
])
def test_a_practice_answer_of_any_kind_gets_a_verdict(mine, says):
    from backsafe.models.practice import judge

    assert judge(mine, 4.6, tolerance=0.1) == says


@pytest.mark.parametrize("pasted", ["x" * 1_000_000, "9" * 5000 + ":00", 10**400])
def test_a_pasted_megabyte_or_huge_number_in_a_trunk_box_is_not_echoed(pasted):
    from backsafe.models.trunk_endurance import parse_time

    with pytest.raises(InputError) as info:
        parse_time(pasted, "flexor time")
    one_sentence(str(info.value))


def test_a_bank_given_as_data_with_a_huge_tolerance_is_one_sentence():
    from backsafe.content.loader import ContentError
    from backsafe.content.quizzes import parse_bank
    from backsafe.content.references import references

    bank = {"lesson": "anatomy", "questions": [{
        "id": "q1", "type": "numeric", "prompt": "How many?", "answer": 5,
        "tolerance": 10**400, "unit": "discs",
        "feedback": {"correct": "Yes.", "too_low": "More.", "too_high": "Fewer."},
        "explanation": "E.", "references": ["wilke1999"]}]}
    with pytest.raises(ContentError, match="item 'q1', field 'tolerance'.*far too large"):
        parse_bank(bank, "quizzes/anatomy.yaml", known_refs=references())
