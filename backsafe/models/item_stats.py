"""Class statistics from learners' latest answers: scores, item difficulty,
distractors, discrimination, and pre/post normalised gain.

Pure: no widgets, no files. Every answer is graded here with `grade()` against
the current question bank; a score a learner's file claims is never used.
A statistic that cannot be computed is None, with the reason beside it.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from ..content.quizzes import Question, QuizBank
from .grading import Grade, grade, preview

MIN_LEARNERS_FOR_DISCRIMINATION = 3


def latest_answers(answers: Iterable[tuple[str, Any, Any]]) -> dict[str, Any]:
    """The latest response per question from (question, at, response) triples;
    `at` values must compare; on a tie the one given later wins."""
    best: dict[str, tuple[Any, Any]] = {}
    for question, at, response in answers:
        if question not in best or at >= best[question][0]:
            best[question] = (at, response)
    return {q: r for q, (_, r) in best.items()}


class Grader:
    """grade() with a memory: a class gives the same answers again and again.
    Errors from grade() (an option the question does not have) propagate."""

    def __init__(self):
        self._seen: dict[tuple, Grade] = {}
        self._questions: dict[int, Question] = {}   # keeps id() keys valid

    def __call__(self, question: Question, response: Any) -> Grade:
        self._questions.setdefault(id(question), question)
        key = (id(question), response) if isinstance(response, str) else \
            (id(question), "json", json.dumps(response, sort_keys=True))
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = grade(question, response)
        return found


@dataclass(frozen=True)
class ItemStats:
    """One question across the learners who took part in its lesson."""

    question: Question
    answered: int
    correct: int
    distractors: tuple[tuple[str, int], ...]   # (wrong option id or value, times)
    discrimination: float | None
    discrimination_note: str                   # why it is None, else ""

    @property
    def difficulty(self) -> float | None:
        """Share correct among those who answered (higher = easier)."""
        return self.correct / self.answered if self.answered else None


@dataclass(frozen=True)
class LessonStats:
    lesson: str
    learners: int                 # in the class
    participants: tuple[int, ...]  # indices of learners with any answer here
    scores: np.ndarray            # share of the bank correct, one per participant
    items: tuple[ItemStats, ...]


def _wrong_choices(question: Question, response: Any) -> list[str]:
    """The wrong option ids a response picked, or the wrong value typed."""
    if question.type == "numeric":
        return [preview(response, 30)]
    chosen = [response] if not isinstance(response, list) else response
    if question.type == "true_false" and isinstance(response, bool):
        chosen = ["true" if response else "false"]
    right = {o.id for o in question.options if o.correct}
    return [c for c in dict.fromkeys(chosen) if c not in right]


def discrimination(item: np.ndarray, rest: np.ndarray) -> tuple[float | None, str]:
    """Corrected point-biserial: the correlation of an item (0/1) with the rest
    of each learner's score. Returns (r, "") or (None, the reason)."""
    item, rest = np.asarray(item, float), np.asarray(rest, float)
    if item.size < MIN_LEARNERS_FOR_DISCRIMINATION:
        return None, (f"needs at least {MIN_LEARNERS_FOR_DISCRIMINATION} learners "
                      f"(has {item.size})")
    if item.std() == 0:
        return None, "everyone " + ("got it right" if item[0] else "missed it")
    if rest.std() == 0:
        return None, "the rest of the scores do not vary"
    return float(np.corrcoef(item, rest)[0, 1]), ""


def lesson_stats(bank: QuizBank, latest: Sequence[Mapping[str, Any]],
                 grader: Grader | None = None) -> LessonStats:
    """Statistics for one lesson from each learner's latest quiz answers there
    (question id in the bank -> response; an empty mapping: did not take part).
    A question a participant did not answer counts as not correct in their score.
    """
    grader = grader or Grader()
    questions = bank.questions
    participants = tuple(i for i, answers in enumerate(latest) if answers)
    answered = np.zeros((len(participants), len(questions)), bool)
    correct = np.zeros_like(answered)
    wrong = [Counter() for _ in questions]
    for row, i in enumerate(participants):
        for col, q in enumerate(questions):
            if q.id not in latest[i]:
                continue
            g = grader(q, latest[i][q.id])
            answered[row, col], correct[row, col] = g.answered, g.correct
            if g.answered and not g.correct:
                wrong[col].update(_wrong_choices(q, latest[i][q.id]))
    totals = correct.sum(axis=1)
    items = []
    for col, q in enumerate(questions):
        r, note = discrimination(correct[:, col], totals - correct[:, col])
        if not answered[:, col].any():
            r, note = None, "nobody answered it"
        items.append(ItemStats(q, int(answered[:, col].sum()), int(correct[:, col].sum()),
                               tuple(sorted(wrong[col].items(), key=lambda kv: (-kv[1],
                                                                                kv[0]))),
                               r, note))
    scores = totals / len(questions) if questions else np.zeros(len(participants))
    return LessonStats(bank.lesson, len(latest), participants, scores.astype(float),
                       tuple(items))


def pre_post_score(questions: Mapping[str, Question], latest: Mapping[str, Any],
               grader: Grader | None = None) -> tuple[float | None, int]:
    """(share correct, number answered) of a pre- or post-test from the latest
    answer to each of its questions; (None, 0) when nothing was answered."""
    grader = grader or Grader()
    grades = [grader(questions[qid], r) for qid, r in latest.items() if qid in questions]
    grades = [g for g in grades if g.answered]
    if not grades:
        return None, 0
    return sum(g.correct for g in grades) / len(grades), len(grades)


def normalised_gain(pre: float | None, post: float | None) -> float | None:
    """Hake's (1998) g = (post - pre) / (1 - pre): the share of the possible
    improvement achieved. None without both scores, or when pre is 100%."""
    if pre is None or post is None or pre >= 1:
        return None
    return (post - pre) / (1 - pre)


@dataclass(frozen=True)
class ClassGain:
    learners: int                # with both a pre and a post score
    mean_pre: float | None
    mean_post: float | None
    gain_of_means: float | None  # g of the class averages
    mean_of_gains: float | None  # average of the individual g (where defined)
    gains_defined: int


def class_gain(pairs: Iterable[tuple[float | None, float | None]]) -> ClassGain:
    """The class's gain from (pre, post) per learner; learners missing either
    score are left out of every average."""
    both = np.array([(a, b) for a, b in pairs if a is not None and b is not None],
                    float).reshape(-1, 2)
    if not len(both):
        return ClassGain(0, None, None, None, None, 0)
    mean_pre, mean_post = both.mean(axis=0)
    gains = [g for g in (normalised_gain(a, b) for a, b in both) if g is not None]
    return ClassGain(len(both), float(mean_pre), float(mean_post),
                     normalised_gain(float(mean_pre), float(mean_post)),
                     float(np.mean(gains)) if gains else None, len(gains))
