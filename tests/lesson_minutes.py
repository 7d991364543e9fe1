"""An honest estimate of a lesson's minutes, recomputed from its notebook.

Reading at about 200 words a minute, plus each activity: an explorer or check
widget, a prediction, each question of a short check and of the quiz, the
practice task, and any other code cell to run and read.
"""
from __future__ import annotations

import re

from backsafe.content.final_assessment import final_items
from backsafe.content.pre_post import pre_post_groups
from backsafe.content.quizzes import load_bank

from .lint import Notebook

WORDS_PER_MINUTE = 200
MINUTES = {"explorer": 5, "prediction": 1, "question": 1, "practice": 8, "code": 0.5}
_EXPLORER = re.compile(r"\b\w+_(explorer|check|screen)\(\)|\bself_check\(\)")


def estimate(nb: Notebook, slug: str) -> tuple[float, float]:
    """(teaching, practice) minutes: reading, explorers, predictions and short checks
    count as teaching; the practice task, the end-of-lesson quiz and the course's
    tests (pre-test, post-test, final assessment: a minute a question) as practice."""
    words = sum(len(re.sub(r"[#*`|>_-]+", " ", md).split()) for md in nb.markdown())
    bank = load_bank(slug).questions
    teaching, practice = words / WORDS_PER_MINUTE, 0.0
    for src in nb.code():
        if "predict_widget(" in src:
            teaching += MINUTES["prediction"]
        elif m := re.search(r"quiz_widget\(\"[^\"]+\", check=(\d)\)", src):
            teaching += MINUTES["question"] * sum(q.check == int(m.group(1)) for q in bank)
        elif "quiz_widget(" in src:
            practice += MINUTES["question"] * len(bank)
        elif "practice_check(" in src:
            practice += MINUTES["practice"]
        elif "final_assessment_check(" in src:
            practice += MINUTES["question"] * len(final_items())
        elif "pre_test_check(" in src or "post_test_check(" in src:
            practice += MINUTES["question"] * len(pre_post_groups())
        elif _EXPLORER.search(src):
            teaching += MINUTES["explorer"]
        elif "at_a_glance(" not in src and "reference_list(" not in src:
            teaching += MINUTES["code"]
    return teaching, practice
