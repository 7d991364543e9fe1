"""Lesson 00 logic: the red-flag screen and the reading-order recommender.

Pure functions over the content records; they never diagnose. The screen
only says how soon to see a clinician; the recommender only orders lessons.
"""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Iterable, Mapping

from ..content.catalogue import Lesson
from ..content.safety import RedFlag, SafetyContent, Tier
from ..content.start_here import CheckQuestion
from . import InputError


@dataclass(frozen=True)
class ScreenResult:
    tier: Tier | None                  # the most urgent tier ticked, or None
    flags: tuple[RedFlag, ...]         # every ticked flag, most urgent first

    @property
    def clear(self) -> bool:
        return self.tier is None


@dataclass(frozen=True)
class Recommendation:
    lesson: Lesson
    reasons: tuple[str, ...]
    matched: int                       # how many answers pointed here


def screen_red_flags(ticked: Iterable[str], content: SafetyContent) -> ScreenResult:
    """The most urgent advice that applies to the ticked red flags."""
    by_id = {flag.id: flag for flag in content.red_flags}
    unknown = [fid for fid in ticked if fid not in by_id]
    if unknown:
        raise InputError(f"Unknown red flag: {unknown[0]}.")
    order = {tier.id: n for n, tier in enumerate(content.tiers)}
    place = {flag.id: n for n, flag in enumerate(content.red_flags)}
    flags = sorted({by_id[fid] for fid in ticked}, key=lambda f: (order[f.tier], place[f.id]))
    if not flags:
        return ScreenResult(None, ())
    return ScreenResult(content.tiers[order[flags[0].tier]], tuple(flags))


def recommend_lessons(answers: Mapping[str, str | Iterable[str] | None],
                      questions: Iterable[CheckQuestion],
                      lessons: Iterable[Lesson]) -> list[Recommendation]:
    """Order lessons 1 and up by how many answers point at them.

    `answers` maps a question id to an option id (single) or a collection of
    option ids (multiple); missing or None means not answered. Lessons with
    the same count keep course order; lessons no answer points at come last,
    with their subtitle as the reason.
    """
    questions = {q.id: q for q in questions}
    reasons: dict[str, list[str]] = {}
    for qid, picked in answers.items():
        if qid not in questions:
            raise InputError(f"Unknown self-check question: {qid}.")
        if picked is None:
            continue
        picked = [picked] if isinstance(picked, str) else list(picked)
        options = {o.id: o for o in questions[qid].options}
        for oid in picked:
            if oid not in options:
                raise InputError(f"Unknown answer '{oid}' to question {qid}.")
            for slug, reason in options[oid].lessons:
                if reason not in reasons.setdefault(slug, []):
                    reasons[slug].append(reason)
    ranked = [lesson for lesson in lessons if lesson.number > 0]
    ranked.sort(key=lambda lesson: (-len(reasons.get(lesson.slug, [])), lesson.number))
    return [Recommendation(lesson, tuple(reasons.get(lesson.slug) or [lesson.subtitle]),
                           len(reasons.get(lesson.slug, [])))
            for lesson in ranked]
