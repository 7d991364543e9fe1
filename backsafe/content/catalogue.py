"""The lesson catalogue (lessons.yaml): titles, minutes, objectives."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, UnknownName, choice, field, keyed_items, load_yaml

FILE = "lessons.yaml"
STATUSES = ("available", "planned")


@dataclass(frozen=True)
class Lesson:
    slug: str
    number: int
    title: str
    subtitle: str
    status: str
    teaching_minutes: int
    practice_minutes: int
    objectives: tuple[str, ...]
    questions: tuple[str, ...]
    references: tuple[str, ...]

    @property
    def notebook(self) -> str:
        """File name of the lesson's notebook, e.g. '01-anatomy.ipynb'."""
        return f"{self.number:02d}-{self.slug}.ipynb"

    @property
    def available(self) -> bool:
        return self.status == "available"


def parse_catalogue(data, file: str = FILE) -> tuple[Lesson, ...]:
    lessons = []
    for slug, item in keyed_items(data, "lessons", "slug", file):
        item_id = slug
        status = choice(item, "status", STATUSES, file, item_id)
        texts = {}
        for name in ("objectives", "questions", "references"):
            values = field(item, name, list, file, item_id, required=name != "references",
                           default=[])
            if not all(isinstance(v, str) and v.strip() for v in values):
                raise ContentError(file, "every entry must be text", item_id, name)
            texts[name] = tuple(values)
        if not 3 <= len(texts["objectives"]) <= 5:
            raise ContentError(file, "a lesson needs 3 to 5 objectives", item_id,
                               "objectives")
        lessons.append(Lesson(
            slug=slug,
            number=field(item, "number", int, file, item_id),
            title=field(item, "title", str, file, item_id),
            subtitle=field(item, "subtitle", str, file, item_id),
            status=status,
            teaching_minutes=field(item, "teaching_minutes", int, file, item_id),
            practice_minutes=field(item, "practice_minutes", int, file, item_id),
            **texts,
        ))
    numbers = [lesson.number for lesson in lessons]
    if numbers != sorted(set(numbers)):
        raise ContentError(file, "lesson numbers must be unique and in order",
                           None, "number")
    return tuple(lessons)


@lru_cache(maxsize=1)
def lessons() -> tuple[Lesson, ...]:
    """Every lesson in the catalogue, in course order."""
    from .references import references

    catalogue = parse_catalogue(load_yaml(FILE))
    known = references()
    for item in catalogue:
        for key in item.references:
            if key not in known:
                raise ContentError(FILE, f"unknown reference key '{key}'", item.slug,
                                   "references")
    return catalogue


def lesson(slug: str) -> Lesson:
    """One lesson by slug; a clear error names the slugs that exist."""
    for item in lessons():
        if item.slug == slug:
            return item
    known = ", ".join(item.slug for item in lessons())
    raise UnknownName(f"There is no lesson called '{slug}'. Lessons: {known}.")
