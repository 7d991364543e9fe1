"""Class statistics, checked against hand calculations."""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from backsafe.content.quizzes import load_bank
from backsafe.models.item_stats import (Grader, class_gain, discrimination, latest_answers,
                                      lesson_stats, normalised_gain, pre_post_score)


def test_latest_answer_wins_and_a_tie_goes_to_the_later_one():
    got = latest_answers([("q1", 1, "a"), ("q2", 5, "x"), ("q1", 3, "b"), ("q1", 2, "c"),
                          ("q2", 5, "y")])
    assert got == {"q1": "b", "q2": "y"}


def test_discrimination_by_hand():
    # item [1,0,0], rest [3,2,2]: deviations are proportional, so r = 1.
    r, note = discrimination(np.array([1, 0, 0]), np.array([3, 2, 2]))
    assert r == pytest.approx(1.0) and note == ""
    # item [0,1,0], rest [4,1,2]: cov = -4/3, var sums 2/3 and 14/3,
    # r = -4/sqrt(28) = -0.7559
    r, _ = discrimination(np.array([0, 1, 0]), np.array([4, 1, 2]))
    assert r == pytest.approx(-4 / math.sqrt(28))


@pytest.mark.parametrize("item, rest, why", [
    ([1, 0], [1, 2], "at least 3 learners (has 2)"),
    ([1, 1, 1], [1, 2, 3], "everyone got it right"),
    ([0, 0, 0], [1, 2, 3], "everyone missed it"),
    ([1, 0, 1], [2, 2, 2], "do not vary"),
])
def test_discrimination_undefined_says_why(item, rest, why):
    r, note = discrimination(np.array(item), np.array(rest))
    assert r is None and why in note


def test_normalised_gain_by_hand():
    assert normalised_gain(0.5, 1.0) == 1.0          # (1 - .5) / (1 - .5)
    assert normalised_gain(0.0, 0.5) == 0.5
    assert normalised_gain(0.25, 0.0) == pytest.approx(-1 / 3)   # -.25 / .75
    assert normalised_gain(1.0, 0.5) is None          # no room to improve
    assert normalised_gain(None, 0.5) is None and normalised_gain(0.5, None) is None


def test_class_gain_of_averages_and_mean_of_gains():
    # pre/post (.5, 1), (0, .5), (1, .5), and one learner with no post-test.
    # Averages of the three with both: pre .5, post 2/3; g = (2/3 - .5)/.5 = 1/3.
    # Individual gains 1.0 and 0.5 (the third is undefined): mean 0.75.
    g = class_gain([(0.5, 1.0), (0.0, 0.5), (1.0, 0.5), (0.2, None)])
    assert g.learners == 3 and g.gains_defined == 2
    assert g.mean_pre == pytest.approx(0.5) and g.mean_post == pytest.approx(2 / 3)
    assert g.gain_of_means == pytest.approx(1 / 3)
    assert g.mean_of_gains == pytest.approx(0.75)


def test_class_gain_with_nobody():
    g = class_gain([(None, 0.5)])
    assert g.learners == 0 and g.gain_of_means is None and g.mean_of_gains is None


def test_lesson_stats_by_hand():
    bank = load_bank("anatomy")          # 11 questions
    latest = [
        {"disc-nerves": "outer-annulus", "disc-count": "5"},                  # 2 right
        {"disc-nerves": "nucleus", "disc-count": "4",
         "hip-extensors": ["glute-max", "hamstrings", "adductor-magnus"]},    # 1 right
        {},                                                                   # absent
        {"disc-nerves": "nucleus", "disc-count": "5 kg"},                  # 0 right
    ]
    s = lesson_stats(bank, latest)
    assert s.learners == 4 and s.participants == (0, 1, 3)
    # scores: 2/11, 1/11, 0/11 ("5 kg" is in a unit the question does not accept)
    assert s.scores.tolist() == pytest.approx([2 / 11, 1 / 11, 0.0])
    items = {i.question.id: i for i in s.items}
    nerves, count = items["disc-nerves"], items["disc-count"]
    assert (nerves.answered, nerves.correct) == (3, 1)
    assert nerves.difficulty == pytest.approx(1 / 3)
    assert nerves.distractors == (("nucleus", 2),)
    assert (count.answered, count.correct) == (3, 1)
    assert count.distractors == (("4", 1), ("5 kg", 1))
    # disc-nerves: item [1,0,0], rest [1,1,0] -> dev item [2/3,-1/3,-1/3],
    # rest [1/3,1/3,-2/3]: cov 1/3, var sums 2/3 and 2/3, r = 0.5
    assert nerves.discrimination == pytest.approx(0.5)
    assert items["disc-nutrition"].difficulty is None
    assert items["disc-nutrition"].discrimination_note == "nobody answered it"


def test_multiple_choice_distractors_count_each_wrong_tick():
    bank = load_bank("anatomy")
    latest = [{"hip-extensors": ["glute-max", "iliopsoas"]},
              {"hip-extensors": ["iliopsoas", "rectus-abdominis"]}]
    item = {i.question.id: i for i in lesson_stats(bank, latest).items}["hip-extensors"]
    assert item.correct == 0
    assert item.distractors == (("iliopsoas", 2), ("rectus-abdominis", 1))


def test_pre_post_score_counts_only_answered_known_questions():
    questions = {f"anatomy/{q.id}": q for q in load_bank("anatomy").questions}
    latest = {"anatomy/disc-nerves": "outer-annulus", "anatomy/disc-count": "6",
              "anatomy/slipped-disc": "false", "gone/question": "a"}
    assert pre_post_score(questions, latest) == (pytest.approx(2 / 3), 3)
    assert pre_post_score(questions, {}) == (None, 0)


def test_grader_remembers_and_tells_same_named_questions_apart():
    # Two lessons may use the same question id with different answers.
    b = load_bank("causes-and-form").question("lordosis-pain")
    a = replace(load_bank("anatomy").question("slipped-disc"), id=b.id)
    grader = Grader()
    assert grader(a, "false").correct
    with pytest.raises(ValueError):          # not cached as a's answer
        grader(b, "false")
    assert grader(b, "flatter").correct
    assert grader(a, "false") is grader(a, "false")
