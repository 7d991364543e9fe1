"""The plan as a one-page gym card: its content from a full store and from an
empty one (missing inputs named, never invented), the Markdown version, the
HTML page, and saving (atomic, one sentence on failure). The print test in a
real browser is tests/browser/test_gym_card_browser.py."""
from __future__ import annotations

import dataclasses
import errno
import re
from datetime import date, datetime, timedelta, timezone

import pytest

import backsafe.files
import backsafe.store
from backsafe.content.core_progressions import core_progressions
from backsafe.content.safety import safety_content
from backsafe.models.core_progression import plan_progression
from backsafe.models.gym_card import MISSING, build_gym_card, load_line
from backsafe.models.prevention_plan import PlanInputs, Session
from backsafe.progress import snapshot
from backsafe.store import FILENAME, ProgressStore
from backsafe.widgets.gym_card import gym_card_html, gym_card_markdown, save_gym_card
from backsafe.widgets.your_plan import plan_explorer

NOW = datetime(2026, 11, 28, 12, tzinfo=timezone.utc)
TODAY = NOW.date()
HOLDS = {"curl-up": 40, "side-bridge": 30, "bird-dog": 25}
WARM_UP = {"lift": "low-bar-squat", "working_weight": 142.5, "reps": 5, "minutes": 30,
           "bar_weight": 15, "plates": [20, 10, 5, 2.5, 1.25]}


def save_at(store, monkeypatch, when: datetime, lesson, key, value):
    monkeypatch.setattr(backsafe.store, "_now", lambda: when.isoformat(timespec="seconds"))
    store.save_answers(lesson, key, value)
    monkeypatch.undo()


def fill(store, monkeypatch, *, core_saved=NOW - timedelta(days=10), warm_up=WARM_UP,
         flags=("cancer-history",)):
    """Everything the card uses: a warm-up, a core plan saved `core_saved`, 35
    days of sessions (300 AU a day, 600 AU a day in the last week) and flags."""
    store.save_answers("warm-up", "plan", warm_up)
    plan = plan_progression(HOLDS, 3, core_progressions(), weeks=8)
    save_at(store, monkeypatch, core_saved, "core", "progression-plan", plan.to_dict())
    store.add_sessions([((TODAY - timedelta(days=i)).isoformat(), 60, 10 if i < 7 else 5, "")
                        for i in range(35)])
    store.save_answers("start-here", "safety", list(flags))
    return plan


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / FILENAME)


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace("'", "&#39;").replace('"', "&#34;")


# -- content from a full store ---------------------------------------------------------

def test_full_store_warm_up_has_loadable_weights_and_plates_per_side(store, monkeypatch):
    fill(store, monkeypatch)
    card = build_gym_card(snapshot(store, now=NOW))
    warm = card.warm_up
    assert warm.plan.bar_weight == 15 and warm.plan.plates == (20, 10, 5, 2.5, 1.25)
    assert warm.note == ""                     # the learner's own bar and plates
    barbell = [s for s in warm.steps if s.weight_kg is not None]
    assert barbell[0].what.endswith("empty bar") and barbell[0].plates_per_side == ()
    assert barbell[-1].what.endswith("working sets") and barbell[-1].weight_kg == 142.5
    for step in barbell:                       # every weight is what the plates make
        assert step.weight_kg == pytest.approx(15 + 2 * sum(step.plates_per_side))
    starts = [s.start_s for s in warm.steps]
    assert starts == sorted(starts) and starts[0] == 0
    assert "working sets" in card.warm_up.steps[-1].what and "fradkin2010" in card.references


def test_full_store_core_shows_this_week_and_the_retest_date(store, monkeypatch):
    plan = fill(store, monkeypatch, core_saved=NOW - timedelta(days=10))
    core = build_gym_card(snapshot(store, now=NOW)).core
    assert core.week == 2 and core.weeks == 8 and not core.ended   # day 11 is in week 2
    assert core.entries == plan.week(2)
    assert core.started == TODAY - timedelta(days=10)
    assert core.retest_on == core.started + timedelta(weeks=8)


def test_a_finished_core_plan_says_so_and_shows_its_last_week(store, monkeypatch):
    plan = fill(store, monkeypatch, core_saved=NOW - timedelta(days=70))
    card = build_gym_card(snapshot(store, now=NOW))
    assert card.core.ended and card.core.week == 8 and card.core.entries == plan.week(8)
    assert f"ended on {card.core.retest_on}" in gym_card_html(card)


def test_load_line_last_7_days_against_the_4_week_average(store, monkeypatch):
    fill(store, monkeypatch)
    line = build_gym_card(snapshot(store, now=NOW)).load
    # by hand: 7 x 600 = 4200 AU; (21 x 300 + 7 x 600) / 4 = 2625 AU a week
    assert (line.acute, line.chronic) == (4200, 2625)
    assert line.ratio == pytest.approx(1.6) and line.history_days == 35
    assert line.instruction.startswith("A jump: hold this load steady")


@pytest.mark.parametrize("recent_rpe, says", [(5, "Steady"), (2, "Lighter than usual")])
def test_load_line_instruction_follows_the_ratio(recent_rpe, says):
    sessions = [Session(TODAY - timedelta(days=i), 60, recent_rpe if i < 7 else 5)
                for i in range(30)]
    assert load_line(sessions, TODAY).instruction.startswith(says)


def test_with_fewer_than_28_days_the_ratio_is_not_defined_yet():
    sessions = [Session(TODAY - timedelta(days=i), 45, 6) for i in range(10)]
    line = load_line(sessions, TODAY)
    assert line.ratio is None and line.acute == 7 * 270 and line.history_days == 10
    defined_from = TODAY + timedelta(days=18)           # day 28 of the log
    assert line.instruction == (
        "The ratio is not defined yet: fewer than 28 days of history (10 so far; it is "
        f"from {defined_from}). Until then, add load step by step.")
    card = build_gym_card(PlanInputs(today=TODAY, lessons=(), sessions=tuple(sessions)))
    page = gym_card_html(card)
    assert "4-week average" not in page and "fewer than 28 days of history" in page


def test_red_flag_box_has_three_lines_from_the_one_safety_source(store, monkeypatch):
    fill(store, monkeypatch)
    card = build_gym_card(snapshot(store, now=NOW))
    content = safety_content()
    assert [line.tier for line in card.red_flags] == ["emergency", "prompt", "self-manage"]
    for line in card.red_flags:
        tier = content.tier(line.tier)
        assert line.heading == tier.heading
        for flag in content.red_flags:           # each sign in its tier's line only
            assert (flag.text[1:] in line.text) == (flag.tier == line.tier), flag.id
    assert card.red_flags[0].text.startswith("Any one of these")
    assert "; a new loss of sexual function" in card.red_flags[0].text   # mid-list: lower
    assert card.red_flags[2].text == content.tier("self-manage").action
    page = gym_card_html(card)
    assert page.count('class="flag"') == 3
    for tier in content.tiers:
        assert all(key in card.references for key in tier.references)


def test_a_ticked_warning_sign_comes_first_with_its_tier(store, monkeypatch):
    fill(store, monkeypatch, flags=("saddle-numbness",))
    card = build_gym_card(snapshot(store, now=NOW))
    emergency = safety_content().tier("emergency")
    assert emergency.heading in card.urgent and emergency.action in card.urgent
    page = gym_card_html(card)
    assert page.index('class="urgent"') < page.index('id="gc-warm-up"')


# -- an empty store: every missing input named ----------------------------------------

def test_empty_store_names_each_missing_input_and_invents_nothing(store):
    card = build_gym_card(snapshot(store, now=NOW))
    assert card.warm_up is None and card.core is None and card.load is None
    assert card.urgent is None
    assert dict(card.missing) == MISSING
    page, md = gym_card_html(card), gym_card_markdown(card)
    for sentence in MISSING.values():
        assert _escape(sentence) in page and sentence in md
    assert "No warm-up saved yet: build one in lesson 05" in md
    assert "<table" not in page and "| Start |" not in md     # no made-up numbers
    assert " kg" not in page and "AU" not in page and "Retest" not in page
    assert len(card.red_flags) == 3                           # safety is always there
    safety_keys = {k for t in safety_content().tiers for k in t.references}
    assert set(card.references) == safety_keys


def test_an_old_warm_up_save_without_bar_or_plates_says_what_was_assumed(store,
                                                                         monkeypatch):
    old = {k: v for k, v in WARM_UP.items() if k not in ("bar_weight", "plates")}
    fill(store, monkeypatch, warm_up=old)
    card = build_gym_card(snapshot(store, now=NOW))
    assert card.warm_up.plan.bar_weight == 20
    assert card.warm_up.note.startswith("Plates assume a 20 kg bar")
    assert "save the warm-up again in lesson 05" in gym_card_markdown(card)


def test_a_warm_up_that_cannot_be_rebuilt_is_named_not_guessed(store, monkeypatch):
    fill(store, monkeypatch, warm_up={"lift": "leg-press", "working_weight": 100,
                                      "reps": 5, "minutes": 10})
    card = build_gym_card(snapshot(store, now=NOW))
    assert card.warm_up is None
    assert card.missing["warm-up"].startswith("Your saved warm-up could not be rebuilt")
    assert "lesson 05" in card.missing["warm-up"]


def test_a_log_with_only_future_sessions_is_named_not_called_empty():
    later = (Session(TODAY + timedelta(days=2), 60, 6),)
    card = build_gym_card(PlanInputs(today=TODAY, lessons=(), sessions=later))
    assert card.load is None
    assert card.missing["load"] == ("Your training log could not be used (there are no "
                                    "sessions up to today): check it in lesson 06.")


def test_an_unreadable_core_plan_is_named(store):
    store.save_answers("core", "progression-plan", {"summary": "side bridge"})
    card = build_gym_card(snapshot(store, now=NOW))
    assert card.core is None and "could not be read" in card.missing["core"]


def test_core_plan_without_a_known_save_day_shows_week_1_and_says_why():
    plan = plan_progression(HOLDS, 3, core_progressions(), weeks=6)
    card = build_gym_card(PlanInputs(today=TODAY, lessons=(), core_plan=plan.to_dict()))
    assert card.core.week == 1 and card.core.retest_on is None
    assert "the day you saved it is not known" in gym_card_markdown(card)


def test_card_needs_a_snapshot():
    from backsafe.models import InputError

    with pytest.raises(InputError, match="PlanInputs"):
        build_gym_card({"warm_up": WARM_UP})


# -- Markdown and HTML -----------------------------------------------------------------

def test_markdown_version_has_the_same_parts_and_plain_citations(store, monkeypatch):
    fill(store, monkeypatch)
    card = build_gym_card(snapshot(store, now=NOW))
    md = gym_card_markdown(card)
    headings = re.findall(r"^## (.+)$", md, re.M)
    assert [h.split(":")[0] for h in headings] == [
        "Warm-up", "Trunk exercises", "Weekly load", "Stop and get help", "Sources"]
    assert "| 0:00 |" in md and "| 142.5 kg |" in md
    assert "(Fradkin et al. 2010)" in md and "[@" not in md
    assert "<" not in md and "&#" not in md and "&amp;" not in md   # no HTML in Markdown
    sources = re.findall(r"^(\d+)\. (.+)$", md, re.M)
    assert [int(n) for n, _ in sources] == list(range(1, len(card.references) + 1))
    assert "Fradkin AJ" in md and "doi:" in md
    assert md.count("- **") == 3 and "Any one of these" in md
    odd = build_gym_card(dataclasses.replace(snapshot(store, now=NOW),
                                             notices=("a | b <b>x</b> *y*",)))
    assert "a \\| b \\<b\\>x\\</b\\> \\*y\\*" in gym_card_markdown(odd)  # shown as typed


def test_html_card_is_standalone_escaped_and_breaks_before_the_sources(store, monkeypatch):
    fill(store, monkeypatch)
    snap = snapshot(store, now=NOW)
    card = build_gym_card(dataclasses.replace(snap, notices=("<script>alert(1)</script>",)))
    page = gym_card_html(card)
    assert page.startswith("<!DOCTYPE html>") and '<meta name="viewport"' in page
    assert "<script>" not in page and "&lt;script&gt;" in page      # autoescaped
    for text in ("http", "src=", "<a ", "@import", "url("):
        assert text not in page
    assert ".citations { break-before: page; font-size" in page
    assert page.index("</main>") < page.index('class="citations"')
    assert "(Fradkin et al. 2010)" in page and "well supported" in page
    assert page.count("mixed or weak evidence") == 2


# -- saving ----------------------------------------------------------------------------

def test_save_my_plan_also_writes_the_gym_card(store, monkeypatch, tmp_path):
    fill(store, monkeypatch)
    box = plan_explorer(store=store, folder=str(tmp_path / "out"), now=NOW)
    assert "Your one-page gym card" in box.card_view.value
    assert "bsld-gym-card" in box.card_view._dom_classes
    box.save.click()
    card_html = tmp_path / "out" / "back-safe-gym-card-2026-11-28.html"
    assert card_html.name in box.status.value
    assert "Trunk exercises: week 2 of 8" in card_html.read_text()
    assert card_html.with_suffix(".md").read_text().startswith("# My back-safe gym card")


class _FullDisk:
    """A file whose every write fails as on a full disk."""

    def __init__(self, fh):
        self.fh = fh

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()

    def write(self, text):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_saving_again_on_a_full_disk_keeps_the_earlier_card(store, monkeypatch, tmp_path):
    fill(store, monkeypatch)
    folder = tmp_path / "cards"
    first = build_gym_card(snapshot(store, now=NOW))
    html_path, md_path = save_gym_card(first, folder)
    before = html_path.read_text(), md_path.read_text()
    store.add_session(TODAY.isoformat(), 90, 9)          # the next card would differ

    box = plan_explorer(store=store, folder=str(folder), now=NOW)
    real = backsafe.files.os.fdopen
    monkeypatch.setattr(backsafe.files.os, "fdopen",
                        lambda *a, **k: _FullDisk(real(*a, **k)))
    box.save.click()
    with pytest.raises(OSError, match="Nothing was written"):
        save_gym_card(box.card, folder)                # the card's own writer as well
    monkeypatch.undo()
    assert box.card != first
    message = box.status.value
    assert "could not be saved" in message and "no space left on device" in message
    assert "Traceback" not in message
    assert (html_path.read_text(), md_path.read_text()) == before
    assert sorted(p.name for p in folder.iterdir()) == sorted([html_path.name, md_path.name])


# -- what the card reads from the store ------------------------------------------------

def test_the_store_keeps_when_answers_were_saved(store, monkeypatch):
    assert store.answers_saved_at("core", "progression-plan") is None
    save_at(store, monkeypatch, NOW - timedelta(days=3), "core", "progression-plan", {})
    assert store.answers_saved_at("core", "progression-plan").startswith("2026-11-25")
    assert snapshot(store, now=NOW).core_plan_saved == date(2026, 11, 25)


def test_the_warm_up_builder_keeps_the_bar_and_plates_for_the_card(store, tmp_path):
    from backsafe.widgets.warm_up_builder import WarmUpBuilder

    builder = WarmUpBuilder(folder=str(tmp_path / "cards"), store=store)
    builder.bar.value = 15
    builder.plates.value = "20, 10, 5, 2.5, 1.25"
    builder.save.click()
    saved = store.load_answers("warm-up", "plan")
    assert saved["bar_weight"] == 15 and saved["plates"] == [20, 10, 5, 2.5, 1.25]
    card = build_gym_card(snapshot(store, now=NOW))
    assert card.warm_up.plan.bar_weight == 15 and card.warm_up.note == ""
