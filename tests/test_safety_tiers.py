"""Red flags and care tiers have one source (safety.yaml): every place that says
how soon to get help shows the same tier for the same sign."""
import html
import re
from pathlib import Path

import pytest

from backsafe.content.loader import ContentError, load_yaml
from backsafe.content.references import references
from backsafe.content.safety import TIER_IDS, parse_safety, safety_content
from backsafe.content.warning_signs import warning_signs
from backsafe.instructor.guide import guide_html
from backsafe.models.prevention_plan import LessonInfo, PlanInputs, build_plan
from backsafe.models.triage import screen_red_flags
from backsafe.models.warning_signs import check_warning_signs
from backsafe.progress import snapshot
from backsafe.store import FILENAME, ProgressStore
from backsafe.widgets.start_here import safety_screen
from backsafe.widgets.training_log import warning_signs_check
from backsafe.widgets.your_plan import when_to_see

CES = ("bladder-bowel", "saddle-numbness", "both-legs-weak")


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace("'", "&#x27;").replace('"', "&quot;")


def _tier_blocks(page):
    """Lesson 07's tiers: tier id -> the HTML of that tier's box."""
    return dict(re.findall(r'data-tier="([a-z-]+)"(.*?)</div>', page, re.S))


@pytest.mark.parametrize("flag", [f.id for f in safety_content().red_flags])
def test_every_place_shows_the_same_tier_for_the_same_sign(flag, tmp_path):
    content = safety_content()
    sign = next(f for f in content.red_flags if f.id == flag)
    tier = content.tier(sign.tier)
    # lesson 00: the screen, ticked as a learner would
    screen = safety_screen(store=None)
    screen.boxes[flag].value = True
    assert tier.heading in screen.children[-3].value.replace("&#x27;", "'")
    # lesson 07: the sign is listed in that tier's box and no other
    blocks = _tier_blocks(when_to_see().data)
    assert [t for t, block in blocks.items() if _escape(sign.text) in block] == [tier.id]
    # the plan, from a store where the learner saved that one flag
    store = ProgressStore(tmp_path / FILENAME)
    store.save_answers("start-here", "safety", [flag])
    snap = snapshot(store)
    plan = build_plan(PlanInputs(today=snap.today, lessons=(
        LessonInfo("start-here", 0, "Start here", True, True),), safety=snap.safety,
        safety_tier=snap.safety_tier))
    assert tier.heading in plan.urgent
    # the instructor guide's table
    from markupsafe import escape        # the guide is a Jinja2 template

    row = re.search(rf'<tr data-tier="([a-z-]+)"><td>{re.escape(str(escape(sign.text)))}</td>'
                    rf"<td>([^<]*)</td>", guide_html())
    assert row and row.groups() == (tier.id, str(escape(tier.heading)))


def test_lesson_06_warning_signs_use_the_tier_of_their_red_flag():
    content, safety = warning_signs(), safety_content()
    by_flag = {f.id: f for f in safety.red_flags}
    linked = [s for s in content.signs if s.red_flag]
    assert linked
    for sign in linked:
        tier = safety.tier(by_flag[sign.red_flag].tier)
        assert check_warning_signs([sign.id], content, safety).screen.tier == tier
        assert sign.advice.endswith(f"{tier.heading}: {tier.action}")
        box = warning_signs_check()
        box.boxes[sign.id].value = True
        assert tier.heading in box.result.value.replace("&#x27;", "'")


def test_major_trauma_and_each_cauda_equina_sign_alone_are_emergencies():
    content = safety_content()
    for flag in CES + ("major-trauma",):
        assert screen_red_flags([flag], content).tier.id == "emergency"


def test_cauda_equina_signs_say_any_one_is_enough_everywhere():
    note = safety_content().group("cauda-equina").note
    assert "any one of these" in note.lower()
    screen = safety_screen(store=None)
    screen.boxes["saddle-numbness"].value = True
    assert "Any one of these signs" in screen.children[-3].value
    assert "Any one of these signs" in when_to_see().data
    assert "Any one of these signs" in guide_html()


def test_no_text_asks_for_several_signs_together():
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    texts = [p.read_text(encoding="utf-8") for p in
             list((root / "backsafe").rglob("*.yaml")) + list(root.glob("notebooks/*.ipynb"))]
    for text in texts:
        assert not re.search(r"(three|two|several) signs together", text, re.I)


def test_the_tiers_are_the_course_s_own_built_on_named_guidance():
    basis = safety_content().basis
    assert "this course's own" in basis and "[@nice2016]" in basis
    assert "sets no tiers" in basis
    assert "this course's own" in when_to_see().data


def _safety(**changes):
    data = load_yaml("safety.yaml")
    for path, value in changes.items():
        part, index, name = path.split(".")
        data[part][int(index)][name] = value
    return data


@pytest.mark.parametrize("changes, item, field", [
    ({"red_flags.0.tier": "prompt"}, "bladder-bowel", "tier"),      # a CES sign not urgent
    ({"red_flags.4.tier": "self-manage"}, "major-trauma", "tier"),   # a red flag never is
    ({"red_flags.4.group": "nowhere"}, "major-trauma", "group"),
    ({"red_flags.0.colour": "red"}, "bladder-bowel", "colour"),      # unknown field
    ({"tiers.0.heading": None}, "emergency", "heading"),
    ({"tiers.1.id": "same-day"}, None, "tiers"),
])
def test_malformed_safety_content_names_file_item_and_field(changes, item, field):
    with pytest.raises(ContentError) as err:
        parse_safety(_safety(**changes), "safety.yaml", known_refs=None)
    assert (err.value.file, err.value.item, err.value.field) == ("safety.yaml", item, field)


def test_unknown_reference_in_safety_content():
    data = load_yaml("safety.yaml")
    data["tiers"][0]["why"] += " [@nobody1999]"
    with pytest.raises(ContentError, match="unknown reference key 'nobody1999'"):
        parse_safety(data, "safety.yaml", known_refs=set(references()))
    assert [t.id for t in safety_content().tiers] == list(TIER_IDS)


def test_the_gym_card_lists_every_emergency_sign_with_its_tier():
    from backsafe.models.warm_up import build_warm_up
    from backsafe.widgets.warm_up_builder import gym_card_html

    card = gym_card_html(build_warm_up("conventional-deadlift", 140, 5, 12))
    content = safety_content()
    assert content.tier("emergency").heading in card and "any one of" in card
    for flag in content.flags_of("emergency"):
        assert _escape(flag.text) in card
    for flag in content.flags_of("prompt"):
        assert _escape(flag.text) not in card


def test_every_one_line_safety_notice_names_every_emergency_nerve_sign():
    from backsafe.content.safety import emergency_notice
    from backsafe.delivery import app, site, slides

    content = safety_content()
    shorts = [f.short for f in content.red_flags if f.group == "cauda-equina"]
    assert len(shorts) == len(content.flags_of("emergency")) - 3     # plus trauma, etc.
    notice = emergency_notice()
    assert all(short in notice for short in shorts)
    for page in (app.safety_html(), site.index_html(), slides.slides_index_html([])):
        assert html.escape(notice) in page
    root = Path(__file__).resolve().parents[1]
    readme = " ".join((root / "README.md").read_text(encoding="utf-8")
                      .replace("> ", " ").split())
    assert all(short in readme for short in shorts)
