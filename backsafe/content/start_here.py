"""Content for lesson 00: the self-check questions. The red flags of its safety
screen live in safety.py."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, field, load_yaml

SELF_CHECK_FILE = "self_check.yaml"


@dataclass(frozen=True)
class CheckOption:
    id: str
    text: str
    lessons: tuple[tuple[str, str], ...]   # (lesson slug, reason)


@dataclass(frozen=True)
class CheckQuestion:
    id: str
    type: str                      # single | multiple
    prompt: str
    options: tuple[CheckOption, ...]


def _unique(items, file, what):
    seen = set()
    for item in items:
        if item.id in seen:
            raise ContentError(file, f"this {what} id is used twice", item.id, "id")
        seen.add(item.id)


def parse_self_check(data, file: str = SELF_CHECK_FILE, known_lessons=None):
    questions = []
    for q in field(data, "questions", list, file, None):
        qid = field(q, "id", str, file, None)
        qtype = field(q, "type", str, file, qid)
        if qtype not in ("single", "multiple"):
            raise ContentError(file, "type must be single or multiple", qid, "type")
        options = []
        for o in field(q, "options", list, file, qid):
            oid = str(field(o, "id", (str, bool), file, qid))
            lessons = field(o, "lessons", dict, file, f"{qid}/{oid}", required=False,
                            default={})
            for slug, reason in lessons.items():
                if known_lessons is not None and slug not in known_lessons:
                    raise ContentError(file, f"unknown lesson '{slug}'", f"{qid}/{oid}",
                                       "lessons")
                if not isinstance(reason, str) or not reason.strip():
                    raise ContentError(file, "each lesson needs a reason", f"{qid}/{oid}",
                                       f"lessons.{slug}")
            options.append(CheckOption(oid, field(o, "text", str, file, f"{qid}/{oid}"),
                                       tuple(lessons.items())))
        _unique(options, file, "option")
        questions.append(CheckQuestion(qid, qtype, field(q, "prompt", str, file, qid),
                                       tuple(options)))
    _unique(questions, file, "question")
    return tuple(questions)


@lru_cache(maxsize=1)
def self_check_questions() -> tuple[CheckQuestion, ...]:
    from .catalogue import lessons

    return parse_self_check(load_yaml(SELF_CHECK_FILE),
                            known_lessons={lesson.slug for lesson in lessons()})
