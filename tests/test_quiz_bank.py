"""Question banks: every real bank loads; every kind of malformed bank fails clearly."""
import copy

import pytest

from backsafe.content.catalogue import lessons
from backsafe.content.loader import ContentError
from backsafe.content.quizzes import bank_for, load_bank, parse_bank_bytes
from backsafe.content.references import references

from .helpers import dump

FILE = "quizzes/demo.yaml"
GOOD = {
    "lesson": "demo",
    "questions": [
        {"id": "pick-one", "type": "single", "prompt": "P?", "explanation": "E.",
         "references": ["nice2016"],
         "options": [{"id": "a", "text": "A", "correct": True, "feedback": "yes"},
                     {"id": "b", "text": "B", "correct": False, "feedback": "no"}]},
        {"id": "how-much", "type": "numeric", "prompt": "N?", "explanation": "E.",
         "references": ["nice2016"], "answer": 10, "tolerance": 1, "unit": "kg",
         "feedback": {"correct": "c", "too_low": "l", "too_high": "h"}},
    ],
}


def load(data):
    return parse_bank_bytes(dump(data), FILE, known_refs=references())


def broken(change):
    data = copy.deepcopy(GOOD)
    change(data)
    with pytest.raises(ContentError) as info:
        load(data)
    return info.value


def test_good_bank_loads():
    bank = load(GOOD)
    assert [q.id for q in bank.questions] == ["pick-one", "how-much"]
    assert bank.questions[1].tolerance == 1.0


def test_missing_field_names_file_question_and_field():
    err = broken(lambda d: d["questions"][0].pop("explanation"))
    assert (err.file, err.item, err.field) == (FILE, "pick-one", "explanation")
    assert FILE in str(err) and "pick-one" in str(err) and "explanation" in str(err)


def test_missing_option_feedback():
    err = broken(lambda d: d["questions"][0]["options"][1].pop("feedback"))
    assert (err.item, err.field) == ("pick-one", "options[2].feedback")


def test_unknown_type():
    err = broken(lambda d: d["questions"][0].update(type="essay"))
    assert (err.item, err.field) == ("pick-one", "type") and "essay" in str(err)


def test_no_correct_option():
    err = broken(lambda d: d["questions"][0]["options"][0].update(correct=False))
    assert (err.item, err.field) == ("pick-one", "options")
    assert "no option is marked correct" in str(err)


def test_single_with_two_correct_options():
    err = broken(lambda d: d["questions"][0]["options"][1].update(correct=True))
    assert err.item == "pick-one" and "exactly one" in str(err)


def test_duplicate_question_id():
    err = broken(lambda d: d["questions"][1].update(id="pick-one"))
    assert (err.item, err.field) == ("pick-one", "id") and "twice" in str(err)


def test_unknown_reference_key():
    err = broken(lambda d: d["questions"][0].update(references=["nobody1999"]))
    assert (err.item, err.field) == ("pick-one", "references")
    assert "nobody1999" in str(err)


def test_unknown_citation_inside_text():
    err = broken(lambda d: d["questions"][0].update(explanation="As shown [@ghost2001]."))
    assert err.item == "pick-one" and "ghost2001" in str(err)


def test_numeric_without_tolerance():
    err = broken(lambda d: d["questions"][1].pop("tolerance"))
    assert (err.item, err.field) == ("how-much", "tolerance")


def test_numeric_missing_direction_feedback():
    err = broken(lambda d: d["questions"][1]["feedback"].pop("too_high"))
    assert (err.item, err.field) == ("how-much", "feedback.too_high")


def test_wrong_file_encoding():
    raw = dump(GOOD).replace(b"P?", "Pr\u00e9?".encode("latin-1"))
    with pytest.raises(ContentError) as info:
        parse_bank_bytes(raw, FILE)
    assert info.value.file == FILE and "UTF-8" in str(info.value)


def test_broken_yaml_names_the_line():
    with pytest.raises(ContentError, match=r"quizzes/demo.yaml: the YAML cannot be read "
                                           r"at line \d+"):
        parse_bank_bytes(b"lesson: demo\nquestions: [\n  - id: x\n", FILE)


def test_every_real_bank_is_valid_and_matches_its_lesson():
    available = [lesson for lesson in lessons() if lesson.available]
    for lesson in available:
        bank = bank_for(lesson.slug)
        assert bank is not None, f"lesson {lesson.slug} has no quiz"
        assert bank.lesson == lesson.slug
        assert len(bank.questions) >= 5, f"{lesson.slug}: a quiz needs at least 5 questions"
    assert load_bank("start-here").questions


def test_short_check_number_is_read_and_bounded():
    data = copy.deepcopy(GOOD)
    data["questions"][0]["check"] = 2
    assert [q.check for q in load(data).questions] == [2, None]
    err = broken(lambda d: d["questions"][0].update(check=4))
    assert (err.item, err.field) == ("pick-one", "check") and "1 to 3" in str(err)
    assert broken(lambda d: d["questions"][0].update(check="2")).field == "check"


def test_renamed_and_retired_ids_are_read_and_checked():
    data = copy.deepcopy(GOOD)
    data["renamed"] = {"old-pick": "pick-one"}
    data["retired"] = ["gone"]
    bank = load(data)
    assert bank.renamed == (("old-pick", "pick-one"),) and bank.retired == ("gone",)
    err = broken(lambda d: d.update(renamed={"old": "missing"}))
    assert (err.item, err.field) == ("old", "renamed") and "missing" in str(err)
    err = broken(lambda d: d.update(retired=["how-much"]))
    assert (err.item, err.field) == ("how-much", "retired")
    assert broken(lambda d: d.update(retired="gone")).field == "retired"
