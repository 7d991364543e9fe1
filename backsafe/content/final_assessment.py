"""The final assessment (final_assessment.yaml): scenario items the learner has
not seen, each mapped to one or more course objectives.

Answers are recorded under "final-assessment/<id>", apart from the lesson quizzes.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, field, load_yaml
from .objectives import Objective, all_objective_keys, course_objectives, parse_objective
from .quizzes import Question, id_changes, parse_questions

FILE = "final_assessment.yaml"
NAMESPACE = "final-assessment"


@dataclass(frozen=True)
class FinalItem:
    question: Question
    objectives: tuple[Objective, ...]

    @property
    def key(self) -> str:
        return f"{NAMESPACE}/{self.question.id}"


def parse_final(data, file: str = FILE, *, catalogue=None,
                known_refs=None) -> tuple[FinalItem, ...]:
    """Every item: a bank-style question plus `objectives: [slug/n, ...]`."""
    catalogue = course_objectives() if catalogue is None else catalogue
    questions = parse_questions(data, file, known_refs, name="the final assessment",
                                extra=("objectives",))
    items = []
    for entry, q in zip(data["questions"], questions):
        names = field(entry, "objectives", list, file, q.id)
        if not names:
            raise ContentError(file, "name at least one objective", q.id, "objectives")
        objectives = tuple(parse_objective(v, catalogue, file, q.id, "objectives")
                           for v in names)
        items.append(FinalItem(q, objectives))
    return tuple(items)


def uncovered(items, catalogue) -> list[str]:
    """Objective keys ("slug/n") of `catalogue` that no item is mapped to."""
    covered = {o.key for item in items for o in item.objectives}
    return [key for key in all_objective_keys(catalogue) if key not in covered]


@lru_cache(maxsize=1)
def final_items() -> tuple[FinalItem, ...]:
    """The course's final assessment, fully validated."""
    from .references import references

    return parse_final(load_yaml(FILE), known_refs=references())


@lru_cache(maxsize=1)
def changed_ids() -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The final assessment's `renamed` and `retired` ids."""
    return id_changes(load_yaml(FILE), FILE, {item.question.id for item in final_items()})


def final_questions() -> list[tuple[str, Question]]:
    """("final-assessment/<id>", Question) pairs, ready for `quiz_box`."""
    return [(item.key, item.question) for item in final_items()]
