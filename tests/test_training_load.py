"""The training-load model, the CSV reader/writer, the example log and the
warning-signs content (lesson 06)."""
import math
import time
from datetime import date, timedelta

import numpy as np
import pytest

from backsafe.content.loader import ContentError
from backsafe.content.training_example import example_log, parse_example
from backsafe.content.warning_signs import parse_warning_signs, warning_signs
from backsafe.content.safety import safety_content
from backsafe.models import InputError
from backsafe.models.training_csv import parse_training_csv, sessions_to_csv
from backsafe.models.training_load import (EQUAL_LOADS, NO_PREVIOUS, OK,
                                         PARTIAL, SHORT_HISTORY, ZERO_CHRONIC, ZERO_PREVIOUS,
                                         acute_chronic, coupled_from_uncoupled, daily_load,
                                         describe_week, ewma, made_up_chronic, session_load,
                                         training_load, validate_sessions, week_table)
from backsafe.models.warning_signs import check_warning_signs

TODAY = date(2026, 11, 28)


def days_from(start: str, n: int):
    d0 = date.fromisoformat(start)
    return [(d0 + timedelta(days=i)).isoformat() for i in range(n)]


# -- session load, validation --------------------------------------------------

def test_session_load_hand_values():
    assert session_load(75, 6) == 450.0
    assert session_load(60, 7) == 420.0
    assert list(session_load([30, 45], [4, 6])) == [120.0, 270.0]


@pytest.mark.parametrize("row, text", [
    (("2026-11-01", 60, 12), "Row 1: the RPE must be between 0 and 10 on the CR-10 scale; got 12."),
    (("2026-11-01", 60, -1), "RPE must be between 0 and 10"),
    (("2026-11-01", 0, 5), "Row 1: the duration must be more than 0 minutes; got 0."),
    (("2026-11-01", -30, 5), "more than 0 minutes; got -30"),
    (("2026-11-01", 601, 5), "10 hours (600 minutes) or less; got 601"),
    (("2026-02-30", 60, 5), "the date '2026-02-30' cannot be read; write it as YYYY-MM-DD"),
    (("yesterday", 60, 5), "the date 'yesterday' cannot be read"),
    (("2026-12-25", 60, 5), "the date 2026-12-25 is in the future"),
    (("2026-11-01", "abc", 5), "the duration must be a number of minutes, not 'abc'"),
    (("2026-11-01", 60, None), "Row 1: the RPE is missing."),
    (("2026-11-01", 60, True), "the RPE must be a number from 0 to 10"),
    (("2026-11-01", float("nan"), 5), "finite number"),
])
def test_bad_rows_give_one_sentence_naming_the_row(row, text):
    with pytest.raises(InputError) as info:
        validate_sessions([row], today=TODAY)
    msg = str(info.value)
    assert text in msg
    assert msg.endswith(".") and msg.count(". ") <= 1


def test_the_first_bad_row_is_named_among_good_ones():
    rows = [("2026-11-01", 60, 7), ("2026-11-02", 60, 7), ("2026-11-03", 60, 11)]
    with pytest.raises(InputError, match=r"^Row 3: "):
        validate_sessions(rows, today=TODAY)
    with pytest.raises(InputError, match=r"^Line 9: "):
        validate_sessions(rows, today=TODAY, labels=["Line 7", "Line 8", "Line 9"])


def test_empty_and_malformed_logs():
    with pytest.raises(InputError, match="no sessions yet"):
        validate_sessions([], today=TODAY)
    with pytest.raises(InputError, match="Row 2: a session needs a date, minutes and an RPE"):
        validate_sessions([("2026-11-01", 60, 7), ("2026-11-01",)], today=TODAY)


def test_sorting_duplicates_and_gaps_are_noted_not_rejected():
    rows = [{"day": "2026-11-03", "minutes": 30, "rpe": 5, "note": "b"},
            {"date": "2026-10-01", "minutes": 60, "rpe": 7},
            ("2026-11-03", 45, 6, "c"),
            (date(2026, 10, 2), 40, 4)]
    log = validate_sessions(rows, today=TODAY)
    assert [str(d) for d in log.days] == ["2026-10-01", "2026-10-02", "2026-11-03",
                                          "2026-11-03"]
    assert list(log.rows) == [1, 3, 0, 2]
    assert log.session_notes == ("", "", "b", "c")
    notes = " ".join(log.notes)
    assert "not in date order, so they were sorted" in notes
    assert "1 day has more than one session (2026-11-03); their loads were added" in notes
    assert "gap of 4 weeks with no sessions between 2026-10-02 and 2026-11-03" in notes
    days, daily = daily_load(log)
    assert len(days) == 34 and daily[0] == 420 and daily[1] == 160
    assert daily[-1] == 30 * 5 + 45 * 6          # same-day sessions add up
    assert np.all(daily[2:-1] == 0)              # days off are zero


def test_end_extends_the_series_with_zero_days():
    log = validate_sessions([("2026-11-01", 60, 5)], today=TODAY)
    days, daily = daily_load(log, end="2026-11-07")
    assert len(days) == 7 and daily.sum() == 300 and str(days[-1]) == "2026-11-07"


# -- weekly load, monotony, strain ---------------------------------------------

def test_week_table_matches_the_practice_hand_calculation():
    w = week_table([420, 0, 270, 0, 560, 120, 0])
    assert w["load"] == 1370
    assert w["mean"] == pytest.approx(195.714, abs=1e-3)
    assert w["sd"] == pytest.approx(210.160, abs=1e-3)
    assert w["monotony"] == pytest.approx(0.9313, abs=1e-4)
    assert w["strain"] == pytest.approx(1275.8, abs=0.1)


def test_quiz_monotony_value():
    w = week_table([400, 0, 400, 0, 400, 0, 400])
    assert w["monotony"] == pytest.approx(1.155, abs=1e-3)
    assert w["monotony"] == pytest.approx((1600 / 7) / np.std([400, 0] * 3 + [400]))


def test_identical_days_make_monotony_undefined_not_infinite():
    w = week_table([300] * 7)
    assert math.isnan(w["monotony"]) and math.isnan(w["strain"])
    assert w["monotony_note"] == "all seven days have the same load, so the SD is zero"
    with pytest.raises(InputError, match="exactly seven"):
        week_table([1, 2, 3])
    with pytest.raises(InputError, match="zero or more"):
        week_table([1, 2, 3, 4, 5, 6, -7])


def test_weekly_change_and_reasons():
    rows = [(d, 60, 5) for d in days_from("2026-09-07", 7)]            # week 1: 2100
    rows += [(d, 30, 5) for d in days_from("2026-09-14", 7)[:3]]       # week 2: 450
    rows += [(d, 60, 5) for d in days_from("2026-09-28", 3)]           # week 4 (3 days)
    tl = training_load(rows, today=TODAY)
    w = tl.weekly
    assert list(w.load) == [2100, 450, 0, 900]
    assert w.change_reason[0] == NO_PREVIOUS and math.isnan(w.change[0])
    assert w.change[1] == pytest.approx((450 - 2100) / 2100)
    assert w.change[2] == pytest.approx(-1.0)
    assert w.change_reason[3] == PARTIAL and not w.complete[3]
    assert w.monotony_reason[0] == EQUAL_LOADS          # seven identical days
    assert w.monotony_reason[2] == EQUAL_LOADS          # seven zero days
    assert w.monotony_reason[1] == OK
    assert w.strain[1] == pytest.approx(450 * w.monotony[1])
    text = describe_week(tl)
    assert "Week 3" in text and "-100% on the week before" in text
    assert "monotony and strain undefined (all seven days" in text
    # the week after an empty one: the change is undefined, not infinite
    rows2 = rows[:10] + [(d, 30, 5) for d in days_from("2026-09-28", 7)]
    w2 = training_load(rows2, today=TODAY).weekly
    assert w2.change_reason[3] == ZERO_PREVIOUS and math.isnan(w2.change[3])


def test_describe_week_with_less_than_a_week():
    tl = training_load([("2026-11-01", 60, 5), ("2026-11-03", 30, 4)], today=TODAY)
    assert "less than one full week" in describe_week(tl) and "420 AU" in describe_week(tl)


# -- acute:chronic ratio -----------------------------------------------------------

def test_ratios_by_hand():
    # 28 days: three weeks of 100 AU/day, then a week of 200 AU/day.
    daily = np.array([100.0] * 21 + [200.0] * 7)
    r = acute_chronic(daily)
    acute = 1400.0
    assert r["coupled"].value[27] == pytest.approx(acute / ((2100 * 3 / 3 + 1400) / 4))
    assert r["coupled"].value[27] == pytest.approx(1400 / 875)
    assert r["uncoupled"].value[27] == pytest.approx(1400 / 700)
    assert np.all(r["coupled"].reason[:27] == SHORT_HISTORY)
    assert np.all(np.isnan(r["coupled"].value[:27]))
    assert r["coupled"].describe(0) == "undefined (fewer than 28 days of history)"
    assert r["coupled"].describe() == "1.60"


def test_coupled_is_a_fixed_function_of_uncoupled_and_never_exceeds_four():
    rng = np.random.default_rng(3)
    daily = rng.uniform(0, 600, 200) * (rng.uniform(size=200) > 0.3)
    r = acute_chronic(daily)
    ok = (r["uncoupled"].reason == OK) & (r["coupled"].reason == OK)
    assert np.allclose(r["coupled"].value[ok], coupled_from_uncoupled(r["uncoupled"].value[ok]))
    spike = acute_chronic(np.array([0.0] * 21 + [500.0] * 7))
    assert spike["coupled"].value[27] == pytest.approx(4.0)
    assert spike["uncoupled"].reason[27] == ZERO_CHRONIC
    assert spike["uncoupled"].describe(27) == "undefined (the chronic load is zero)"


def test_zero_chronic_load_is_undefined():
    r = acute_chronic(np.zeros(40))
    for ratio in r.values():
        assert np.all(ratio.reason[27:] == ZERO_CHRONIC)
        assert np.all(np.isnan(ratio.value))


def test_ewma_matches_the_recursive_definition():
    x = np.random.default_rng(1).uniform(0, 800, 1000)
    for span in (7, 28):
        lam, s, ref = 2 / (span + 1), 0.0, []
        for v in x:
            s = lam * v + (1 - lam) * s
            ref.append(s)
        assert np.allclose(ewma(x, span), ref, rtol=1e-10)
    constant = ewma(np.full(400, 100.0), 28)
    assert constant[-1] == pytest.approx(100.0)


def test_example_log_has_a_spike_that_every_method_sees():
    tl = training_load(example_log().sessions)
    assert len(tl.days) == 56 and len(tl.weekly.load) == 8 and tl.weekly.complete.all()
    spike = int(np.argmax(tl.weekly.load))
    assert spike == 5 and tl.weekly.change[5] > 0.5
    for method in ("coupled", "uncoupled", "ewma"):
        ratio = tl.ratio(method)
        peak_day = int(np.nanargmax(ratio.value))
        assert 35 <= peak_day <= 42, method              # inside or just after week 6
    with pytest.raises(InputError, match="Unknown ratio method"):
        tl.ratio("weekly")


def test_made_up_chronic_load_reproduces_the_spikes():
    tl = training_load(example_log().sessions)
    real = tl.ratio("coupled")
    const = made_up_chronic(real, "constant")
    ok = real.reason == OK
    assert np.allclose(const.made_up_chronic[ok], real.chronic[ok].mean())
    assert np.allclose(const.made_up[ok], real.acute[ok] / real.chronic[ok].mean())
    assert const.correlation > 0.8
    assert const.flagged_real >= 1 and const.flagged_both >= 1
    rand = made_up_chronic(real, "random", seed=2)
    assert np.all(rand.made_up_chronic[ok] >= real.chronic[ok].min())
    assert np.all(rand.made_up_chronic[ok] <= real.chronic[ok].max())
    again = made_up_chronic(real, "random", seed=2)
    assert np.array_equal(rand.made_up, again.made_up, equal_nan=True)
    assert "the 'spikes' come from the acute week" in rand.describe()
    with pytest.raises(InputError, match="Unknown made-up chronic load"):
        made_up_chronic(real, "zero")
    short = training_load([("2026-11-01", 60, 5)], today=TODAY)
    assert "nothing to compare yet" in made_up_chronic(short.ratio("ewma")).describe()


def test_five_years_of_daily_sessions_compute_in_under_20_ms():
    rows = [(d, 30 + i % 50, 3 + i % 7, "") for i, d in enumerate(days_from("2021-11-01", 1826))]
    training_load(rows, today=TODAY)                    # warm-up
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        tl = training_load(rows, today=TODAY)
        made_up_chronic(tl.ratio("ewma"), "random", seed=1)
        times.append(time.perf_counter() - t0)
    best = min(times)
    print(f"\ntraining_load, 1,826 sessions: best {best * 1000:.1f} ms")
    # Measured on the 2-core development machine: about 7 ms. The bound is
    # the 20 ms, with best-of-7 so a busy machine does not fail it.
    assert best < 0.020, f"{best * 1000:.1f} ms"


# -- CSV ---------------------------------------------------------------------------

CSV = ("date,minutes,rpe,note\n2026-11-01,60,7,squat\n2026-13-01,60,7,\n"
       "2026-11-02,0,7,\n2026-11-03,60,12,\n2026-11-04,abc,3,\n2099-01-01,30,3,\n\n"
       '2026-11-05,45,6,"heavy, tired"\n2026-11-06,45,6,a,b\n2026-11-01,60,7,squat\n')


def test_csv_accepts_good_rows_and_reports_every_bad_one():
    r = parse_training_csv(CSV, today=TODAY)
    assert r.accepted == (("2026-11-01", 60.0, 7.0, "squat"),
                          ("2026-11-05", 45.0, 6.0, "heavy, tired"))
    reasons = [x.reason for x in r.rejected]
    assert [x.line for x in r.rejected] == [3, 4, 5, 6, 7, 10, 11]
    assert reasons[0].startswith("Line 3: the date '2026-13-01' cannot be read")
    assert reasons[1] == "Line 4: the duration must be more than 0 minutes; got 0."
    assert "Line 5: the RPE must be between 0 and 10" in reasons[2]
    assert "Line 6: the duration must be a number of minutes, not 'abc'" in reasons[3]
    assert "Line 7: the date 2099-01-01 is in the future" in reasons[4]
    assert "Line 10: this row has 5 values but the header has 4 columns" in reasons[5]
    assert reasons[6] == ("Line 11: this session is already in your log, so it was not "
                          "added twice.")
    assert r.rejected[1].text == "2026-11-02,0,7,"
    assert r.summary() == "2 sessions can be imported; 7 rows rejected (listed below)."


def test_csv_existing_rows_header_variants_and_whole_file_errors():
    r = parse_training_csv("\ufeffRPE,Day,Minutes\n7,2026-11-01,60\n", today=TODAY,
                           existing=[("2026-11-01", 60, 7, "")])
    assert r.accepted == () and "already in your log" in r.rejected[0].reason
    with pytest.raises(InputError, match="empty"):
        parse_training_csv("  \n", today=TODAY)
    with pytest.raises(InputError, match="lacks rpe"):
        parse_training_csv("date,minutes\n2026-11-01,60\n", today=TODAY)
    with pytest.raises(InputError, match="header but no sessions"):
        parse_training_csv("date,minutes,rpe,note\n\n", today=TODAY)
    with pytest.raises(InputError, match="must be text"):
        parse_training_csv(b"date", today=TODAY)


def test_csv_round_trip():
    rows = [("2026-11-01", 60.0, 7.0, "squat, heavy"), ("2026-11-02", 42.5, 6.5, "")]
    text = sessions_to_csv(rows)
    assert text.splitlines()[0] == "date,minutes,rpe,note"
    assert parse_training_csv(text, today=TODAY).accepted == tuple(rows)
    as_dicts = sessions_to_csv([{"id": 1, "day": "2026-11-01", "minutes": 60, "rpe": 7,
                                 "note": None}])
    assert as_dicts.splitlines()[1] == "2026-11-01,60,7,"


# -- content: example log and warning signs ---------------------------------------

def test_example_log_is_labelled_made_up():
    ex = example_log()
    assert "made-up" in ex.label.lower() and "not real" in ex.label.lower()
    assert len(ex.sessions) == 35


def test_example_loader_names_file_item_and_field():
    good = {"label": "Made-up example", "description": "x",
            "sessions": "date,minutes,rpe\n2026-11-01,60,7\n"}
    assert parse_example(good, "f.yaml").sessions == (("2026-11-01", 60.0, 7.0, ""),)
    with pytest.raises(ContentError) as info:
        parse_example({**good, "sessions": "date,minutes,rpe\n2026-11-01,60,7\n2026-11-02,60,70\n"},
                      "f.yaml")
    assert info.value.file == "f.yaml" and info.value.item == "line 3"
    assert info.value.field == "sessions" and "RPE must be between 0 and 10" in str(info.value)
    with pytest.raises(ContentError, match="field 'label': the label must say"):
        parse_example({**good, "label": "Example"}, "f.yaml")
    with pytest.raises(ContentError, match="field 'sessions': this field is required"):
        parse_example({"label": "Made-up", "description": "x"}, "f.yaml")
    with pytest.raises(ContentError, match="field 'sessions': The first line"):
        parse_example({**good, "sessions": "when,how long\n"}, "f.yaml")


def test_warning_signs_content_and_loader_errors():
    content = warning_signs()
    ids = [s.id for s in content.signs]
    for wanted in ("performance-drop", "fatigue", "poor-sleep", "mood", "illness",
                   "pain-builds"):
        assert wanted in ids
    known = {f.id for f in safety_content().red_flags}
    assert all(s.red_flag in known for s in content.signs if s.red_flag)
    base = {"intro": "i", "clear": "c", "advice_basis": "b"}
    data = {**base, "signs": [
        {"id": "tired", "text": "t", "advice": "a", "red_flag": "made-up-flag"}]}
    with pytest.raises(ContentError) as info:
        parse_warning_signs(data, "w.yaml")
    assert (info.value.file, info.value.item, info.value.field) == ("w.yaml", "tired",
                                                                     "red_flag")
    with pytest.raises(ContentError, match="item 'tired', field 'advice'"):
        parse_warning_signs({**base, "signs": [{"id": "tired", "text": "t"}]}, "w.yaml")
    with pytest.raises(ContentError, match="there are no warning signs"):
        parse_warning_signs({**base, "signs": []}, "w.yaml")


def test_check_warning_signs():
    content, safety = warning_signs(), safety_content()
    assert check_warning_signs([], content, safety).clear
    plain = check_warning_signs(["fatigue", "mood"], content, safety)
    assert not plain.red_flag and [s.id for s in plain.ticked] == ["fatigue", "mood"]
    urgent = check_warning_signs(["fatigue", "nerve-signs", "fever"], content, safety)
    assert urgent.red_flag and urgent.screen.tier.id == "emergency"
    assert check_warning_signs(["pain-builds"], content, safety).screen.tier.id == "prompt"
    with pytest.raises(InputError, match="Unknown warning sign: burnout."):
        check_warning_signs(["burnout"], content, safety)


def test_one_day_and_one_session_read_in_the_singular():
    from datetime import date

    from backsafe.content.markup import plural
    from backsafe.models.training_load import describe_week, training_load

    assert plural(1, "session") == "1 session" and plural(2, "day") == "2 days"
    tl = training_load([{"date": date(2026, 11, 2), "minutes": 60, "rpe": 5}])
    assert "covers 1 day, less than one full week" in describe_week(tl)
