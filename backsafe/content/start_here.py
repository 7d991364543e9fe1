"""Content for lesson 00: the red-flag screen and the self-check questions."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, field, load_yaml

SAFETY_FILE = "safety.yaml"
SELF_CHECK_FILE = "self_check.yaml"


@dataclass(frozen=True)
class Tier:
    id: str
    heading: str
    advice: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class RedFlag:
    id: str
    tier: str
    text: str


@dataclass(frozen=True)
class SafetyContent:
    tiers: tuple[Tier, ...]        # most urgent first
    red_flags: tuple[RedFlag, ...]


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


def parse_safety(data, file: str = SAFETY_FILE) -> SafetyContent:
    tiers = tuple(
        Tier(id=field(t, "id", str, file, None),
             heading=field(t, "heading", str, file, t.get("id")),
             advice=field(t, "advice", str, file, t.get("id")),
             references=tuple(field(t, "references", list, file, t.get("id"))))
        for t in field(data, "tiers", list, file, None))
    tier_ids = [t.id for t in tiers]
    flags = []
    for f in field(data, "red_flags", list, file, None):
        fid = field(f, "id", str, file, None)
        tier = field(f, "tier", str, file, fid)
        if tier not in tier_ids:
            raise ContentError(file, f"unknown tier '{tier}'", fid, "tier")
        flags.append(RedFlag(fid, tier, field(f, "text", str, file, fid)))
    _unique(tiers, file, "tier")
    _unique(flags, file, "red flag")
    return SafetyContent(tiers, tuple(flags))


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
def safety_content() -> SafetyContent:
    return parse_safety(load_yaml(SAFETY_FILE))


@lru_cache(maxsize=1)
def self_check_questions() -> tuple[CheckQuestion, ...]:
    from .catalogue import lessons

    return parse_self_check(load_yaml(SELF_CHECK_FILE),
                            known_lessons={lesson.slug for lesson in lessons()})
