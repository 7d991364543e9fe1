"""Lesson 00: the red-flag screen, the self-check recommender and their widgets."""
import html

import pytest

from backsafe import lessons, recommend_lessons, safety_screen, screen_red_flags, self_check
from backsafe.content.loader import ContentError
from backsafe.content.safety import safety_content
from backsafe.content.start_here import parse_self_check, self_check_questions
from backsafe.store import FILENAME, ProgressStore

from .helpers import find

CES = ("bladder-bowel", "saddle-numbness", "both-legs-weak")


def test_each_cauda_equina_sign_alone_is_an_emergency():
    for flag in CES:
        result = screen_red_flags([flag], safety_content())
        assert result.tier.id == "emergency"
        assert "emergency" in result.tier.heading.lower()


def test_most_urgent_tier_wins_and_flags_are_sorted():
    result = screen_red_flags(["night-pain", "fever-unwell", "saddle-numbness"],
                              safety_content())
    assert result.tier.id == "emergency"
    assert [f.id for f in result.flags][0] == "saddle-numbness"
    assert screen_red_flags(["night-pain"], safety_content()).tier.id == "prompt"
    assert screen_red_flags(["major-trauma"], safety_content()).tier.id == "emergency"


def test_nothing_ticked_is_clear_and_unknown_flag_is_an_error():
    assert screen_red_flags([], safety_content()).clear
    with pytest.raises(ValueError, match="Unknown red flag"):
        screen_red_flags(["headache"], safety_content())


def test_recommender_puts_matching_lessons_first_with_reasons():
    sam = {"lifts": ["deadlift"], "timing": "during", "load-change": "yes",
           "warm-up": "none"}
    recs = recommend_lessons(sam, self_check_questions(), lessons())
    slugs = [r.lesson.slug for r in recs]
    assert slugs[0] == "causes-and-form" and recs[0].matched == 2
    assert slugs[1:4] == ["anatomy", "warm-up", "overtraining"]   # ties keep course order
    assert sorted(slugs) == sorted(x.slug for x in lessons() if x.number > 0)
    assert all(r.reasons for r in recs)
    assert "start-here" not in slugs


def test_recommender_with_no_answers_keeps_course_order():
    recs = recommend_lessons({}, self_check_questions(), lessons())
    assert [r.lesson.number for r in recs] == list(range(1, len(lessons())))
    assert recs[0].reasons == (recs[0].lesson.subtitle,)


def test_recommender_rejects_unknown_answers():
    with pytest.raises(ValueError, match="Unknown answer 'maybe'"):
        recommend_lessons({"timing": "maybe"}, self_check_questions(), lessons())
    with pytest.raises(ValueError, match="Unknown self-check question"):
        recommend_lessons({"mood": "ok"}, self_check_questions(), lessons())


def test_self_check_content_rejects_unknown_lessons():
    data = {"questions": [{"id": "q", "type": "single", "prompt": "P",
                           "options": [{"id": "a", "text": "A", "lessons": {"yoga": "r"}}]}]}
    with pytest.raises(ContentError, match="unknown lesson 'yoga'"):
        parse_self_check(data, known_lessons={"anatomy"})


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / FILENAME)


def test_safety_screen_widget_shows_emergency_advice_and_stores_nothing(store):
    screen = safety_screen(store=store)
    readout = find(screen, "bsld-readout")[0]
    assert "Nothing ticked" in readout.value
    screen.boxes["saddle-numbness"].value = True
    assert 'role="alert"' in readout.value and "Emergency: get medical help now" in readout.value
    screen.boxes["saddle-numbness"].value = False
    screen.boxes["night-pain"].value = True
    assert "GP or physiotherapist" in readout.value
    assert store.load_answers("start-here", "safety") is None


def test_safety_screen_remembers_only_when_asked(store):
    screen = safety_screen(store=store)
    screen.boxes["night-pain"].value = True
    find(screen, "bsld-remember")[0].value = True
    assert store.load_answers("start-here", "safety") == ["night-pain"]
    again = safety_screen(store=store)
    assert again.boxes["night-pain"].value is True
    find(again, "bsld-remember")[0].value = False
    assert store.load_answers("start-here", "safety") is None


def test_every_safety_control_is_labelled(store):
    screen = safety_screen(store=store)
    assert all(c.description for c in find(screen, "bsld-control"))


def test_self_check_widget_recommends(store):
    check = self_check(store=store)
    readout = find(check, "bsld-readout")[0]
    check.button.click()
    assert "Answer at least one question" in readout.value
    check.controls["lifts"]["deadlift"].value = True
    check.controls["timing"].value = "during"
    check.button.click()
    assert readout.value.index("Causes and form") < readout.value.index("Lesson 3")
    # Planned lessons are marked; once every lesson is written, none is.
    assert ("coming soon" in readout.value) == any(not item.available for item in lessons())
    assert store.load_answers("start-here", "self-check") is None


def test_a_self_check_question_with_one_answer_is_one_control_under_its_prompt(store):
    from backsafe.widgets.base import QUESTION_CSS

    check = self_check(store=store)
    questions = self_check_questions()
    for q in questions:
        if q.type == "single":
            control = check.controls[q.id]
            assert control in check.children and control.description_allow_html
            assert html.escape(q.prompt) in control.description
            assert "bsld-question" in control._dom_classes
    texts = [w.value for w in check.children if hasattr(w, "value")
             and isinstance(w.value, str)]
    assert sum(QUESTION_CSS in t for t in texts) == 1


def test_self_check_remembers_when_asked(store):
    check = self_check(store=store)
    check.controls["timing"].value = "after"
    find(check, "bsld-remember")[0].value = True
    check.button.click()
    assert store.load_answers("start-here", "self-check")["timing"] == "after"
    assert self_check(store=store).controls["timing"].value == "after"


def test_widgets_work_without_a_store():
    screen = safety_screen(store=None)
    assert find(screen, "bsld-remember")[0].disabled
    screen.boxes["bladder-bowel"].value = True
    assert "emergency" in find(screen, "bsld-readout")[0].value.lower()
