"""The answers each lesson's practice checker asks for (practice.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, UnknownName, field, keyed_items, load_yaml

FILE = "practice.yaml"


@dataclass(frozen=True)
class PracticeAnswer:
    id: str
    label: str
    hint: str
    tolerance: float = 0.0
    close: float = 0.0
    choice: tuple[str, ...] = ()      # accepted words; empty for a number


def parse_practice(data, file: str = FILE) -> dict[str, tuple[PracticeAnswer, ...]]:
    tasks = field(data, "tasks", dict, file, None)
    out = {}
    for lesson, items in tasks.items():
        answers = []
        for aid, item in keyed_items({"answers": items}, "answers", "id", file, slug=True):
            choice = tuple(field(item, "choice", list, file, aid, required=False) or ())
            if not choice and "tolerance" not in item:
                raise ContentError(file, "give a tolerance or a choice", aid, "tolerance")
            answers.append(PracticeAnswer(
                aid, field(item, "label", str, file, aid), field(item, "hint", str, file, aid),
                field(item, "tolerance", float, file, aid, required=False, default=0.0),
                field(item, "close", float, file, aid, required=False, default=0.0),
                choice))
        out[lesson] = tuple(answers)
    return out


@lru_cache(maxsize=1)
def practice_answers() -> dict[str, tuple[PracticeAnswer, ...]]:
    return parse_practice(load_yaml(FILE))


def lesson_practice(lesson: str) -> tuple[PracticeAnswer, ...]:
    found = practice_answers()
    if lesson not in found:
        raise UnknownName(f"Lesson '{lesson}' has no practice checker; these do: "
                          f"{', '.join(found)}.")
    return found[lesson]
