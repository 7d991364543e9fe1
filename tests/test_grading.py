import pytest

from backsafe.content.quizzes import parse_question
from backsafe.models.grading import grade, parse_number, score_quiz, shuffled_options
from backsafe.content.quizzes import QuizBank

F = "test.yaml"


def opt(oid, correct, text=None):
    return {"id": oid, "text": text or oid.upper(), "correct": correct,
            "feedback": f"fb-{oid}"}


def single():
    return parse_question({"id": "s", "type": "single", "prompt": "P", "explanation": "E",
                           "references": ["k"],
                           "options": [opt("a", True), opt("b", False), opt("c", False)]}, F)


def multiple():
    return parse_question({"id": "m", "type": "multiple", "prompt": "P", "explanation": "E",
                           "references": ["k"],
                           "options": [opt("a", True), opt("b", True), opt("c", False),
                                       opt("d", False)]}, F)


def true_false():
    return parse_question({"id": "t", "type": "true_false", "prompt": "P", "answer": False,
                           "feedback": {True: "said true", False: "said false"},
                           "explanation": "E", "references": ["k"]}, F)


def numeric():
    return parse_question({"id": "n", "type": "numeric", "prompt": "P", "answer": 100.0,
                           "tolerance": 2.5, "unit": "N·m", "units_accepted": ["Nm", "N m"],
                           "feedback": {"correct": "ok", "too_low": "low", "too_high": "high"},
                           "explanation": "E", "references": ["k"]}, F)


def test_single_right_wrong_and_unanswered():
    q = single()
    right, wrong, none = grade(q, "a"), grade(q, "b"), grade(q, None)
    assert (right.correct, right.score, right.feedback) == (True, 1.0, ("fb-a",))
    assert (wrong.correct, wrong.score, wrong.feedback) == (False, 0.0, ("fb-b",))
    assert not none.answered and none.score == 0 and "No answer" in none.message
    assert right.explanation == "E"


def test_single_unknown_option_is_a_programming_error():
    with pytest.raises(ValueError, match="no option 'z'"):
        grade(single(), "z")


@pytest.mark.parametrize("picked, score, correct", [
    (["a", "b"], 1.0, True),
    (["a"], 0.5, False),
    (["a", "c"], 0.0, False),          # one hit cancelled by one false alarm
    (["a", "b", "c"], 0.5, False),
    (["a", "b", "c", "d"], 0.0, False),  # ticking everything earns nothing
    (["c", "d"], 0.0, False),
])
def test_multiple_partial_credit(picked, score, correct):
    g = grade(multiple(), picked)
    assert g.answered and g.score == pytest.approx(score) and g.correct is correct


def test_multiple_feedback_covers_ticked_and_missed_options():
    g = grade(multiple(), ["a", "c"])
    assert any(line.startswith("✓ A") for line in g.feedback)
    assert any(line.startswith("✗ C") for line in g.feedback)
    assert any(line.startswith("Missed: B") for line in g.feedback)


def test_multiple_empty_selection_is_unanswered():
    g = grade(multiple(), [])
    assert not g.answered and g.score == 0


@pytest.mark.parametrize("response, correct, fb", [
    (False, True, "said false"), ("false", True, "said false"),
    (True, False, "said true"), ("true", False, "said true"),
])
def test_true_false(response, correct, fb):
    g = grade(true_false(), response)
    assert g.correct is correct and g.feedback == (fb,)


@pytest.mark.parametrize("response, correct, fb", [
    ("100", True, "ok"), (100, True, "ok"),
    ("102.5", True, "ok"), ("97.5", True, "ok"),      # on the boundary: inclusive
    ("102.51", False, "high"), ("97.49", False, "low"),
    ("100 N·m", True, "ok"), ("100 nm", True, "ok"), ("100Nm", True, "ok"),
    ("100,0", True, "ok"), ("1e2", True, "ok"),
])
def test_numeric(response, correct, fb):
    g = grade(numeric(), response)
    assert g.answered and g.correct is correct and g.feedback == (fb,)


def test_numeric_wrong_unit_is_wrong_with_a_message():
    g = grade(numeric(), "100 kg")
    assert g.answered and not g.correct and g.score == 0
    assert "should be in N·m" in g.message and "'kg'" in g.message


@pytest.mark.parametrize("response", ["", "   ", None, "abc", "one hundred", "nan"])
def test_numeric_non_numbers_are_unanswered_with_a_message(response):
    g = grade(numeric(), response)
    assert not g.answered and g.score == 0 and g.message


def test_parse_number_handles_thousands_and_decimal_commas():
    assert parse_number("1,373.5 N") == (1373.5, "N")
    assert parse_number("3,4") == (3.4, "")
    assert parse_number("-2.5") == (-2.5, "")
    assert parse_number("kg 3") is None


def test_score_quiz_counts_missing_as_unanswered():
    bank = QuizBank("x", F, (single(), multiple(), numeric()))
    result = score_quiz(bank, {"s": "a", "m": ["a"]})
    assert result.score == pytest.approx(1.5)
    assert result.max_score == 3 and result.answered == 2


def test_shuffle_is_seeded_and_keeps_every_option():
    q = multiple()
    assert shuffled_options(q, None) == shuffled_options(q, None)
    first, again = shuffled_options(q, 7), shuffled_options(q, 7)
    assert first == again and sorted(o.id for o in first) == ["a", "b", "c", "d"]
    orders = {tuple(o.id for o in shuffled_options(q, s)) for s in range(20)}
    assert len(orders) > 1
    assert shuffled_options(true_false(), 7) == true_false().options


def test_the_right_answer_is_not_where_authors_write_it():
    """Authors tend to write the right option first; with no seed the learner
    must still not find it first in most questions."""
    from backsafe.content.catalogue import lessons
    from backsafe.content.quizzes import load_bank

    single_choice = [q for lesson in lessons() for q in load_bank(lesson.slug).questions
                     if q.type == "single"]
    first = sum(shuffled_options(q, None)[0].correct for q in single_choice)
    assert len(single_choice) >= 40 and first < len(single_choice) / 2


def test_numeric_options_keep_their_ascending_order_when_shuffled():
    from backsafe.content.quizzes import parse_question

    q = parse_question({"id": "ratio", "type": "single", "prompt": "Which ratio?",
                        "options": [{"id": f"o{n}", "text": f"{v} to 1", "correct": n == 2,
                                     "feedback": "Why."}
                                    for n, v in enumerate(("0.5", "0.75", "1.0", "1.5"))],
                        "explanation": "Why.", "references": ["bogduk2012"]}, "t.yaml")
    for seed in range(10):
        assert [o.id for o in shuffled_options(q, seed)] == ["o0", "o1", "o2", "o3"]


@pytest.mark.parametrize("texts", [
    ("About 15%", "About 40%", "About 60%", "About 85%"),
    ("By about 5%", "By about 15%", "By about 40%", "By about 90%"),
    ("900 N", "3,400 N", "6,400 N", "12,000 N"),
])
def test_options_that_start_with_about_a_number_keep_their_order(texts):
    q = parse_question({"id": "share", "type": "single", "prompt": "How many?",
                        "options": [{"id": f"o{n}", "text": t, "correct": n == 1,
                                     "feedback": "Why."} for n, t in enumerate(texts)],
                        "explanation": "Why.", "references": ["k"]}, F)
    for seed in range(10):
        assert [o.id for o in shuffled_options(q, seed)] == ["o0", "o1", "o2", "o3"]


def test_leading_number_reads_thousands_and_decimal_commas():
    from backsafe.models.grading import leading_number

    assert leading_number("About 1.4 times") == 1.4
    assert leading_number("3,400 N") == 3400 and leading_number("1,5 kg") == 1.5
    assert leading_number("Lesson 2, on form") is None
    assert leading_number("1.2.3 kg") is None


def test_a_partial_credit_score_is_shown_to_one_decimal():
    from backsafe.content.markup import points

    assert points(8.333333) == "8.3" and points(8.0) == "8" and points(7.5) == "7.5"
