"""Instructor notes (backsafe/instructor/notes.yaml): live demos, discussion prompts,
where learners get stuck, minutes per notebook section, and setup checklists.

The file lives beside this module (not in backsafe/content/) because only
instructors read it; it is shipped as package data all the same, so the guide
can be written from an installed course (a JupyterHub image, a wheel).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..content.loader import (MAX_FILE_BYTES, ContentError, field, keyed_items,
                              parse_yaml)

FILE = "instructor/notes.yaml"
MIN_PROMPTS, MAX_PROMPTS = 2, 3


ACTIVITIES = ("explorer", "prediction", "check 1", "check 2", "check 3", "practice", "quiz",
              "triage", "test")     # test: the pre-test, post-test or final assessment
WHOLE = ("practice", "quiz", "triage", "test")  # the whole section is the activity
MINUTES = {"explorer": 5, "prediction": 1}      # a short check: 1 minute per question
QUESTION_MINUTES = 1


@dataclass(frozen=True)
class Section:
    name: str          # exactly the notebook's `## ` heading
    minutes: int
    activities: tuple[str, ...] = ()   # in notebook order, e.g. ("prediction", "explorer")
    room: int = 0                      # minutes of those activities (at most `minutes`)

    @property
    def kind(self) -> str:
        """"practice", "quiz", "activity" (something to do in class) or "read"."""
        for kind in ("practice", "quiz"):
            if kind in self.activities:
                return kind
        return "activity" if self.activities else "read"


@dataclass(frozen=True)
class CutIfLate:
    section: str       # a section of the lesson
    instead: str       # what learners do instead


@dataclass(frozen=True)
class Demo:
    call: str          # e.g. 'load_explorer(trunk_angle=60)', a name `from backsafe import *` gives
    show: str          # what to point at while it runs

    @property
    def name(self) -> str:
        """The course name the call uses, for the type-along import line."""
        return self.call.split("(", 1)[0].strip()


@dataclass(frozen=True)
class LessonNotes:
    lesson: str
    sections: tuple[Section, ...]
    demos: tuple[Demo, ...]
    prompts: tuple[str, ...]
    stuck: tuple[str, ...]
    story: str = ""
    cut_if_late: tuple[CutIfLate, ...] = ()

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.sections)


@dataclass(frozen=True)
class Setup:
    laptops: tuple[str, ...]
    hub: tuple[str, ...]


@dataclass(frozen=True)
class InstructorNotes:
    lessons: tuple[LessonNotes, ...]
    setup: Setup
    helpers: tuple[str, ...] = ()
    conduct: tuple[str, ...] = ()
    routines: tuple[str, ...] = ()

    def for_lesson(self, slug: str) -> LessonNotes:
        for notes in self.lessons:
            if notes.lesson == slug:
                return notes
        raise KeyError(slug)


def _texts(item, name: str, file: str, item_id: str | None, low: int = 1,
           high: int | None = None) -> tuple[str, ...]:
    values = field(item, name, list, file, item_id)
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise ContentError(file, "every entry must be text", item_id, name)
    if len(values) < low or (high is not None and len(values) > high):
        wanted = f"{low} to {high}" if high is not None else f"at least {low}"
        raise ContentError(file, f"give {wanted} entries, not {len(values)}", item_id, name)
    return tuple(values)


def check_call(call: str, known: set[str], file: str, item_id: str, where: str) -> None:
    """A demo is one call of a course name with literal arguments, nothing else."""
    try:
        tree = ast.parse(call.strip(), mode="eval")
    except SyntaxError:
        raise ContentError(file, f"'{call}' is not a Python call; write it as "
                           "name(keyword=value, ...)", item_id, where) from None
    node = tree.body
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        raise ContentError(file, f"'{call}' must be a single call such as "
                           "load_explorer(trunk_angle=60)", item_id, where)
    if node.func.id not in known:
        raise ContentError(file, f"'{node.func.id}' is not a name `from backsafe import *` "
                           "gives", item_id, where)
    for value in [*node.args, *(k.value for k in node.keywords)]:
        try:
            ast.literal_eval(value)
        except ValueError:
            raise ContentError(file, f"'{call}': arguments must be plain values (numbers, "
                               "text, lists), not expressions", item_id, where) from None


def _check_sizes(slug: str) -> dict[int, int]:
    """Short check number -> how many of the lesson's bank questions it asks."""
    from ..content.quizzes import bank_for

    bank = bank_for(slug)
    sizes: dict[int, int] = {}
    for q in bank.questions if bank is not None else ():
        if q.check:
            sizes[q.check] = sizes.get(q.check, 0) + 1
    return sizes


def _lesson_notes(slug: str, item: dict, file: str, known: set[str],
                  catalogue: dict) -> LessonNotes:
    if slug not in catalogue:
        raise ContentError(file, f"there is no lesson '{slug}' in the catalogue; lessons: "
                           f"{', '.join(catalogue)}", slug, "lesson")
    checks = _check_sizes(slug)
    sections, seen = [], set()
    for n, raw in enumerate(field(item, "sections", list, file, slug), 1):
        where = f"sections[{n}]"
        name = field(raw, "name", str, file, slug)
        minutes = field(raw, "minutes", int, file, slug)
        if minutes < 0:
            raise ContentError(file, "minutes must be zero or more", slug, f"{where}.minutes")
        if name in seen:
            raise ContentError(file, f"section '{name}' is listed twice", slug,
                               f"{where}.name")
        seen.add(name)
        activities = _activities(raw, file, slug, where, checks)
        sections.append(Section(name, minutes, activities,
                                _room(activities, minutes, checks)))
    if not sections:
        raise ContentError(file, "list the notebook's sections", slug, "sections")
    expected = catalogue[slug]
    total = sum(s.minutes for s in sections)
    if total != expected:
        raise ContentError(file, f"section minutes add up to {total}, but the catalogue "
                           f"gives the lesson {expected} (teaching + practice)", slug,
                           "sections")
    demos = []
    for n, raw in enumerate(field(item, "demos", list, file, slug), 1):
        call = field(raw, "call", str, file, slug)
        check_call(call, known, file, slug, f"demos[{n}].call")
        demos.append(Demo(call.strip(), field(raw, "show", str, file, slug)))
    if not demos:
        raise ContentError(file, "give at least one live demo", slug, "demos")
    placed = [a for s in sections for a in s.activities if a.startswith("check ")]
    for n in sorted(checks):
        if placed.count(f"check {n}") != 1:
            raise ContentError(file, f"the bank has short check {n}; name the section it "
                               "follows exactly once", slug, "sections")
    return LessonNotes(
        lesson=slug, sections=tuple(sections), demos=tuple(demos),
        prompts=_texts(item, "prompts", file, slug, MIN_PROMPTS, MAX_PROMPTS),
        stuck=_texts(item, "stuck", file, slug),
        story=field(item, "story", str, file, slug),
        cut_if_late=_cuts(item, sections, file, slug))


def _activities(raw, file: str, slug: str, where: str, checks: dict) -> tuple[str, ...]:
    values = field(raw, "activities", list, file, slug, required=False, default=[])
    for value in values:
        if value not in ACTIVITIES:
            raise ContentError(file, f"unknown activity {value!r}; use one of "
                               f"{', '.join(ACTIVITIES)}", slug, f"{where}.activities")
        if value.startswith("check ") and int(value[-1]) not in checks:
            raise ContentError(file, f"the lesson's bank has no questions for {value}",
                               slug, f"{where}.activities")
    return tuple(values)


def _room(activities: tuple[str, ...], minutes: int, checks: dict) -> int:
    """Minutes of the section's activities: a practice, quiz or triage section is all
    activity; otherwise explorers, predictions and short-check questions, capped at
    the section's own minutes."""
    if any(a in WHOLE for a in activities):
        return minutes
    need = sum(checks[int(a[-1])] * QUESTION_MINUTES if a.startswith("check ")
               else MINUTES[a] for a in activities)
    return min(need, minutes)


def _cuts(item, sections, file: str, slug: str) -> tuple[CutIfLate, ...]:
    kinds = {s.name: s for s in sections}
    cuts = []
    for n, raw in enumerate(field(item, "cut_if_late", list, file, slug), 1):
        name = field(raw, "section", str, file, slug)
        if name not in kinds:
            raise ContentError(file, f"'{name}' is not a section of this lesson", slug,
                               f"cut_if_late[{n}].section")
        if kinds[name].kind == "practice" or any(a.startswith("check ")
                                                 for a in kinds[name].activities):
            raise ContentError(file, f"'{name}' holds the practice or a short check, which "
                               "stay in class; cut reading or the quiz instead", slug,
                               f"cut_if_late[{n}].section")
        cuts.append(CutIfLate(name, field(raw, "instead", str, file, slug)))
    if not cuts:
        raise ContentError(file, "name at least one section to cut if late", slug,
                           "cut_if_late")
    return tuple(cuts)


def parse_notes(data, file: str = FILE) -> InstructorNotes:
    """Validate the notes against the catalogue; every available lesson needs notes."""
    import backsafe
    from ..content.catalogue import lessons

    catalogue = {x.slug: x.teaching_minutes + x.practice_minutes
                 for x in lessons() if x.available}
    known = set(backsafe.__all__)
    notes = [_lesson_notes(slug, item, file, known, catalogue)
             for slug, item in keyed_items(data, "lessons", "lesson", file, slug=True)]
    missing = [slug for slug in catalogue if slug not in {n.lesson for n in notes}]
    if missing:
        raise ContentError(file, f"no notes for lesson(s) {', '.join(missing)}", None,
                           "lessons")
    order = list(catalogue)
    notes.sort(key=lambda n: order.index(n.lesson))
    setup = field(data, "setup", dict, file, None)
    return InstructorNotes(tuple(notes), Setup(
        laptops=_texts(setup, "laptops", file, "setup"),
        hub=_texts(setup, "hub", file, "setup")),
        helpers=_texts(data, "helpers", file, None),
        conduct=_texts(data, "conduct", file, None),
        routines=_texts(data, "routines", file, None))


@lru_cache(maxsize=1)
def load_notes() -> InstructorNotes:
    """The shipped instructor notes, fully validated."""
    try:
        with resources.files("backsafe").joinpath(FILE).open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ContentError(FILE, "the file is missing from the package") from None
    return parse_notes(parse_yaml(raw, FILE), FILE)
