"""The final assessment bank (issue 21): unseen scenario items, each mapped to the
course objectives it checks, covering every objective."""
import pytest

from backsafe.content.catalogue import lessons
from backsafe.content.final_assessment import final_items, parse_final, uncovered
from backsafe.content.loader import ContentError
from backsafe.content.objectives import all_objective_keys, course_objectives
from backsafe.content.pre_post import pre_post_groups
from backsafe.content.quizzes import bank_for

from .assessment_fixtures import final_data


def normal(text: str) -> str:
    return " ".join(text.lower().split())


def test_every_objective_of_the_catalogue_is_covered_at_least_once():
    catalogue = course_objectives()
    keys = all_objective_keys(catalogue)
    assert len(keys) == sum(len(item.objectives) for item in lessons() if item.available)
    assert uncovered(final_items(), catalogue) == []


def test_final_items_are_unseen_none_is_a_lesson_quiz_or_test_item():
    seen = {normal(q.prompt) for item in lessons() if bank_for(item.slug)
            for q in bank_for(item.slug).questions}
    seen |= {normal(g.item(f).prompt) for g in pre_post_groups() for f in ("a", "b")}
    for item in final_items():
        assert normal(item.question.prompt) not in seen, item.question.id
        assert item.key == f"final-assessment/{item.question.id}"


def test_uncovered_names_the_objectives_no_item_maps_to():
    catalogue = course_objectives()
    items = parse_final(final_data())[:1]
    missing = uncovered(items, catalogue)
    assert len(missing) == len(all_objective_keys(catalogue)) - 3
    assert "start-here/1" not in missing and "your-plan/4" in missing


def with_first(**changes):
    data = final_data()
    data["questions"][0].update(changes)
    return data


@pytest.mark.parametrize("data, item, field, words", [
    (with_first(objectives=[]), "case-1", "objectives", "at least one objective"),
    (with_first(objectives=["anatomy/7"]), "case-1", "objectives", "objectives 1 to 4"),
    (with_first(objectives=["nowhere/1"]), "case-1", "objectives", "no available lesson"),
    (with_first(objectives="anatomy/1"), "case-1", "objectives", "a list"),
    (with_first(id="case-2"), "case-2", "id", "used twice"),
    ({"questions": []}, None, "questions", "no questions"),
])
def test_a_bad_final_item_names_file_item_and_field(data, item, field, words):
    with pytest.raises(ContentError) as info:
        parse_final(data)
    assert (info.value.file, info.value.item, info.value.field) == \
        ("final_assessment.yaml", item, field)
    assert words in str(info.value)
