"""Question ids across the course: lesson banks (with their `renamed` and `retired`
entries), the pre/post forms and the final assessment.

Everything that meets a stored question id (review, result files, the class
report) asks here what it means now: a renamed id is the same question under its
new id, so a learner's history carries over; a retired id is kept in the store
but never asked again and not graded.
"""
from __future__ import annotations

from collections.abc import Iterable

from .loader import ContentError
from .quizzes import Question, bank_for

RETIRED = None      # what `current_id` returns for a retired question


def _special(lesson: str):
    """The loader of a namespace that is not a lesson bank, or None."""
    from . import final_assessment, pre_post

    if lesson == pre_post.NAMESPACE:
        return lambda: {g.item(f).id: g.item(f) for g in pre_post.pre_post_groups()
                        for f in pre_post.FORMS}
    if lesson == final_assessment.NAMESPACE:
        return lambda: {i.question.id: i.question for i in final_assessment.final_items()}
    return None


def _bank(lesson: str):
    try:
        return bank_for(lesson)
    except (KeyError, ContentError):
        return None


def _changes(lesson: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """(renamed, retired) ids of a lesson bank, the pre/post forms or the final
    assessment; none for a namespace the course does not know."""
    from . import final_assessment, pre_post

    special = {pre_post.NAMESPACE: pre_post.changed_ids,
               final_assessment.NAMESPACE: final_assessment.changed_ids}.get(lesson)
    if special is not None:
        try:
            return special()
        except (ContentError, FileNotFoundError):
            return (), ()
    bank = _bank(lesson)
    return (bank.renamed, bank.retired) if bank is not None else ((), ())


def current_id(lesson: str, qid: str) -> str | None:
    """The question's id now: itself, its new id when renamed, None when retired."""
    renamed, retired = _changes(lesson)
    renamed = dict(renamed)
    seen = set()
    while qid in renamed and qid not in seen:    # a renamed id may be renamed again
        seen.add(qid)
        qid = renamed[qid]
    return RETIRED if qid in retired else qid


def find_question(lesson: str, qid: str) -> Question | None:
    """The current Question behind a stored (lesson, id), or None when it is retired
    or no longer exists."""
    new = current_id(lesson, qid)
    if new is None:
        return None
    special = _special(lesson)
    if special is not None:
        try:
            return special().get(new)
        except (ContentError, FileNotFoundError):
            return None
    bank = _bank(lesson)
    if bank is None:
        return None
    return next((q for q in bank.questions if q.id == new), None)


def current_key(key: str) -> str | None:
    """"lesson/id" under its current id; None when retired."""
    lesson, _, qid = key.partition("/")
    new = current_id(lesson, qid)
    return None if new is None else f"{lesson}/{new}"


def id_map(lessons: Iterable[str]) -> dict[tuple[str, str], str | None]:
    """(lesson, old id) -> new id (None: retired) for the given lessons' banks, the
    pre/post forms and the final assessment."""
    out: dict[tuple[str, str], str | None] = {}
    for lesson in set(lessons):
        renamed, retired = _changes(lesson)
        for old, _ in renamed:
            out[(lesson, old)] = current_id(lesson, old)
        for old in retired:
            out[(lesson, old)] = None
    return out


def _present(file: str) -> bool:
    from importlib import resources

    return resources.files("backsafe.content").joinpath(file).is_file()


def _optional(file: str, load) -> dict:
    """`load()`, or {} when the course ships no such file (a damaged one still raises)."""
    try:
        return load()
    except ContentError:
        if _present(file):
            raise
        return {}


def course_questions() -> dict[str, Question]:
    """Every question a learner can answer, keyed "lesson/id": the lesson banks, the
    pre/post forms ("pre-post/<id>") and the final assessment ("final-assessment/<id>")."""
    from . import final_assessment, pre_post
    from .catalogue import lessons

    found = {}
    for lesson in lessons():
        bank = _bank(lesson.slug)
        for q in bank.questions if bank else ():
            found[f"{lesson.slug}/{q.id}"] = q
    for form in pre_post.FORMS:
        found.update(_optional(pre_post.FILE, lambda form=form: pre_post.form_map(form)))
    found.update(_optional(final_assessment.FILE,
                           lambda: dict(final_assessment.final_questions())))
    return found


def form_keys(form: str) -> frozenset[str]:
    """The "pre-post/<id>" keys of form "a" or "b" (empty when the course has no forms)."""
    from . import pre_post

    return frozenset(_optional(pre_post.FILE, lambda: pre_post.form_map(form)))


def key_changes() -> dict[str, str | None]:
    """"lesson/old id" -> "lesson/new id" (None: retired) over every lesson bank,
    the pre/post forms and the final assessment."""
    from . import final_assessment, pre_post
    from .catalogue import lessons

    namespaces = [item.slug for item in lessons()] + [pre_post.NAMESPACE,
                                                       final_assessment.NAMESPACE]
    return {f"{lesson}/{old}": None if new is None else f"{lesson}/{new}"
            for (lesson, old), new in id_map(namespaces).items()}
