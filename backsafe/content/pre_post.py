"""The pre-test (lesson 00) and post-test (lesson 07): two parallel forms.

`pre_post_forms.yaml` holds one group per course objective group (one per
lesson): item `a` (form A, the pre-test) and item `b` (form B, the post-test)
test the same objective with different cases. None of them is a lesson quiz
question. Answers are recorded under the test's own namespace,
"pre-post/<item id>", so they never mix with a lesson's quiz history.

Before issue 21 the pre/post-test reused lesson-quiz questions (pre_post.yaml).
Those old answers stay in the progress file and in result files under their
lesson-quiz ids; the gain is computed only from form A and form B answers, so a
learner who took only the old pre-test has no gain until they take form A.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, field, load_yaml
from .objectives import Objective, course_objectives, parse_objective
from .quizzes import Question, id_changes, parse_question

FILE = "pre_post_forms.yaml"
NAMESPACE = "pre-post"          # the store's "lesson" for every form item
FORMS = ("a", "b")              # a: pre-test, b: post-test
KIND_FORM = {"pre": "a", "post": "b"}
MAX_GROUPS = 12


@dataclass(frozen=True)
class PrePostGroup:
    objective: Objective
    a: Question
    b: Question

    def item(self, form: str) -> Question:
        return self.a if form == "a" else self.b


def parse_forms(data, file: str = FILE, *, catalogue=None,
                known_refs=None) -> tuple[PrePostGroup, ...]:
    """Check every group: a known objective, two parallel items of one type, unique ids."""
    catalogue = course_objectives() if catalogue is None else catalogue
    groups_raw = field(data, "groups", list, file, None)
    if not groups_raw:
        raise ContentError(file, "the forms have no groups", None, "groups")
    if len(groups_raw) > MAX_GROUPS:
        raise ContentError(file, f"{len(groups_raw)} groups; keep the test to at most "
                           f"{MAX_GROUPS}", None, "groups")
    groups, ids, lessons = [], set(), set()
    for n, entry in enumerate(groups_raw, 1):
        where = f"groups[{n}]"
        if not isinstance(entry, dict):
            raise ContentError(file, "each group must be a mapping", where)
        objective = parse_objective(entry.get("objective"), catalogue, file, where)
        if objective.lesson in lessons:
            raise ContentError(file, f"lesson '{objective.lesson}' already has a group; "
                               "one group per lesson", where, "objective")
        lessons.add(objective.lesson)
        items = {}
        for form in FORMS:
            raw = entry.get(form)
            if not isinstance(raw, dict):
                raise ContentError(file, f"needs item '{form}' (a question)", where, form)
            q = parse_question(raw, file, known_refs)
            if q.id in ids:
                raise ContentError(file, "this question id is used twice", q.id, "id")
            ids.add(q.id)
            items[form] = q
        if items["a"].type != items["b"].type:
            raise ContentError(file, f"parallel items must be of one type, not "
                               f"{items['a'].type} and {items['b'].type}", where, "b.type")
        groups.append(PrePostGroup(objective, items["a"], items["b"]))
    return tuple(groups)


@lru_cache(maxsize=1)
def pre_post_groups() -> tuple[PrePostGroup, ...]:
    """The course's forms, fully validated."""
    from .references import references

    return parse_forms(load_yaml(FILE), known_refs=references())


@lru_cache(maxsize=1)
def changed_ids() -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The forms' `renamed` and `retired` ids (answers to a retired item are kept
    but never graded)."""
    current = {g.item(form).id for g in pre_post_groups() for form in FORMS}
    return id_changes(load_yaml(FILE), FILE, current)


def form_questions(form: str) -> list[tuple[str, Question]]:
    """("pre-post/<id>", Question) pairs of form "a" or "b", ready for `quiz_box`."""
    if form not in FORMS:
        raise ValueError(f"There is no form {form!r}; use 'a' or 'b'.")
    return [(f"{NAMESPACE}/{g.item(form).id}", g.item(form)) for g in pre_post_groups()]


def form_map(form: str) -> dict[str, Question]:
    """"pre-post/<id>" -> Question for one form (for grading stored answers)."""
    return dict(form_questions(form))
