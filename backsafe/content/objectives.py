"""Course objectives named "<lesson slug>/<1-based number in lessons.yaml>"."""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Mapping

from .loader import ContentError


@dataclass(frozen=True)
class Objective:
    lesson: str
    number: int                  # 1-based, as listed in lessons.yaml
    text: str

    @property
    def key(self) -> str:
        return f"{self.lesson}/{self.number}"


def course_objectives() -> dict[str, tuple[str, ...]]:
    """lesson slug -> its objectives, for every available lesson."""
    from .catalogue import lessons

    return {item.slug: item.objectives for item in lessons() if item.available}


def parse_objective(value, catalogue: Mapping[str, tuple[str, ...]], file: str,
                    item: str | None, where: str = "objective") -> Objective:
    """An Objective from "slug/n", checked against `catalogue` (see course_objectives)."""
    lesson, _, number = str(value).partition("/") if isinstance(value, str) else ("", "", "")
    if not lesson or not number.isdigit():
        raise ContentError(file, f"write an objective as lesson/number, for example "
                           f"anatomy/2, not {value!r}", item, where)
    if lesson not in catalogue:
        raise ContentError(file, f"there is no available lesson '{lesson}'", item, where)
    n, texts = int(number), catalogue[lesson]
    if not 1 <= n <= len(texts):
        raise ContentError(file, f"lesson '{lesson}' has objectives 1 to {len(texts)}, not "
                           f"{n}", item, where)
    return Objective(lesson, n, texts[n - 1])


def all_objective_keys(catalogue: Mapping[str, tuple[str, ...]]) -> list[str]:
    return [f"{lesson}/{n}" for lesson, texts in catalogue.items()
            for n in range(1, len(texts) + 1)]
