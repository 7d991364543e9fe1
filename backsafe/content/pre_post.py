"""The pre- and post-test (pre_post.yaml): bank questions, one per course objective."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, field, keyed_items, load_yaml

FILE = "pre_post.yaml"
MAX_ITEMS = 20          # a short test: more would be a second final assessment


@dataclass(frozen=True)
class PrePostItem:
    key: str                 # "lesson/question-id", as recorded in the progress store
    lesson: str
    objective: str           # the text of the objective it checks (from lessons.yaml)
    question: object         # backsafe.content.quizzes.Question


def parse_pre_post(data, file: str = FILE, *, catalogue=None,
                   bank=None) -> tuple[PrePostItem, ...]:
    """Check every entry against the catalogue and the question banks.

    `catalogue` maps a lesson slug to its objectives and `bank(slug)` returns a
    lesson's QuizBank or None; both default to the course's own content.
    """
    if catalogue is None:
        from .catalogue import lessons

        catalogue = {item.slug: item.objectives for item in lessons() if item.available}
    if bank is None:
        from .quizzes import bank_for as bank
    items = []
    for key, entry in keyed_items(data, "questions", "question", file):
        lesson, sep, qid = key.partition("/")
        if not sep or not lesson or not qid:
            raise ContentError(file, "write the question as lesson/question-id, for "
                               "example anatomy/disc-nerves", key, "question")
        if lesson not in catalogue:
            raise ContentError(file, f"there is no available lesson '{lesson}'", key,
                               "question")
        questions = bank(lesson)
        found = None if questions is None else next(
            (q for q in questions.questions if q.id == qid), None)
        if found is None:
            raise ContentError(file, f"the question bank of lesson '{lesson}' has no "
                               f"question '{qid}'", key, "question")
        number = field(entry, "objective", int, file, key)
        objectives = catalogue[lesson]
        if not 1 <= number <= len(objectives):
            raise ContentError(file, f"lesson '{lesson}' has objectives 1 to "
                               f"{len(objectives)}, not {number}", key, "objective")
        items.append(PrePostItem(key, lesson, objectives[number - 1], found))
    if not items:
        raise ContentError(file, "the test has no questions", None, "questions")
    if len(items) > MAX_ITEMS:
        raise ContentError(file, f"the test has {len(items)} questions; keep it to at most "
                           f"{MAX_ITEMS}", None, "questions")
    return tuple(items)


@lru_cache(maxsize=1)
def pre_post_items() -> tuple[PrePostItem, ...]:
    """The course's pre/post-test questions, in order (fully validated)."""
    return parse_pre_post(load_yaml(FILE))


def pre_post_questions() -> list[tuple[str, object]]:
    """(lesson/question-id, Question) pairs, ready for `quiz_box`."""
    return [(item.key, item.question) for item in pre_post_items()]
