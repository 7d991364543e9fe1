"""A personal prevention plan from what the learner saved in earlier lessons.

Pure: it takes a plain snapshot of the progress store (`PlanInputs`, built by
`backsafe.progress.snapshot`) and returns plan items, each tied to a lesson and
to the evidence. Nothing is invented: an input the learner has not saved is
listed in `Plan.missing` instead.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from collections.abc import Mapping

from ..content.markup import plural, points
from ..content.safety import Tier
from . import InputError
from .review import QuestionRecord
from .training_load import CHRONIC_DAYS

KINDS = ("change", "keep", "consider")   # the order the plan lists them in
PASS_SHARE = 0.8                 # a quiz score below this suggests revisiting the lesson
SPIKE_RATIO = 1.5                # Gabbett's "danger zone" (contested; said so in the text)
SIDE_RATIO_RANGE = (0.95, 1.05)  # right/left side bridge: a clinical rule of thumb (McGill's
                                 # textbook), not a validated threshold


@dataclass(frozen=True)
class LessonInfo:
    slug: str
    number: int
    title: str
    available: bool
    has_quiz: bool = False


@dataclass(frozen=True)
class Session:
    day: date
    minutes: float
    rpe: float

    @property
    def load(self) -> float:
        """Session-RPE load in arbitrary units (RPE x minutes)."""
        return self.minutes * self.rpe


@dataclass(frozen=True)
class TrunkTest:
    tested_on: str
    flexor: float
    extensor: float
    side_right: float
    side_left: float


@dataclass(frozen=True)
class PlanInputs:
    """Everything the plan and the dashboard use, as plain data."""
    today: date
    lessons: tuple[LessonInfo, ...]
    safety: tuple[str, ...] | None = None        # ticked red flags; None = not saved
    safety_tier: Tier | None = None              # most urgent tier of those flags
    self_check: Mapping[str, Any] | None = None  # None = not saved
    trunk_tests: tuple[TrunkTest, ...] = ()
    core_plan: Mapping[str, Any] | None = None
    core_plan_saved: date | None = None          # the day it was saved: its week 1
    warm_up: Mapping[str, Any] | None = None
    sessions: tuple[Session, ...] = ()
    best_scores: Mapping[str, tuple[float, int]] = field(default_factory=dict)
    completed: frozenset[str] = frozenset()
    questions: tuple[QuestionRecord, ...] = ()
    notices: tuple[str, ...] = ()                # what could not be read, in plain words


@dataclass(frozen=True)
class PlanItem:
    kind: str                    # keep | change | consider
    title: str
    text: str                    # may contain [@key] citations
    lesson: str                  # the lesson that covers it
    references: tuple[str, ...]


@dataclass(frozen=True)
class Missing:
    lesson: str
    text: str


@dataclass(frozen=True)
class Plan:
    items: tuple[PlanItem, ...]
    missing: tuple[Missing, ...]
    urgent: str | None = None    # a red-flag warning that comes before everything

    def of_kind(self, kind: str) -> tuple[PlanItem, ...]:
        return tuple(i for i in self.items if i.kind == kind)


MAX_SAVED_TEXT = 120


def saved_text(value) -> str:
    """Text a learner saved, fit to quote in the plan: at most MAX_SAVED_TEXT
    characters, and a '[@' in it is not read as a citation (a zero-width space
    goes between the two, so it still looks as typed)."""
    text = " ".join(str(value).split())
    if len(text) > MAX_SAVED_TEXT:
        text = text[:MAX_SAVED_TEXT - 1] + "…"
    return text.replace("[@", "[\u200b@")


def _label(info: Mapping[str, LessonInfo], slug: str) -> str:
    item = info.get(slug)
    return f"lesson {item.number:02d} ({item.title.split(':')[0]})" if item else slug


def weekly_loads(sessions, today: date, weeks: int = 4) -> list[float]:
    """Session-RPE load of each of the last `weeks` 7-day blocks, oldest first,
    the last block ending today."""
    totals = [0.0] * weeks
    for s in sessions:
        age = (today - s.day).days
        if 0 <= age < 7 * weeks:
            totals[weeks - 1 - age // 7] += s.load
    return totals


def answered_per_lesson(questions) -> dict[str, int]:
    """How many different questions of each lesson have ever been answered."""
    counts: dict[str, int] = {}
    for q in questions:
        counts[q.lesson] = counts.get(q.lesson, 0) + 1
    return counts


def _answers(check: Mapping[str, Any], qid: str) -> set[str]:
    value = check.get(qid)
    if isinstance(value, str):
        return {value}
    if isinstance(value, (list, tuple)):
        return {v for v in value if isinstance(v, str)}
    return set()


def warning_sign_notice(inputs: PlanInputs) -> str | None:
    """The warning that comes before everything when the learner ticked a red
    flag, with its care tier; None when none was ticked or saved."""
    if not inputs.safety:
        return None
    tier = inputs.safety_tier
    return (f"You ticked a warning sign in the safety screen of lesson 00. "
            f"{tier.heading}. {tier.action}" if tier is not None else
            "You ticked a warning sign in the safety screen: run it again in lesson "
            "00 to see how soon to get help.")


def build_plan(inputs: PlanInputs) -> Plan:
    """What to keep, what to change and what to consider, and what is missing."""
    if not isinstance(inputs, PlanInputs):
        raise InputError("The plan needs a PlanInputs snapshot of your progress.")
    info = {lesson.slug: lesson for lesson in inputs.lessons}
    items: list[PlanItem] = []
    missing: list[Missing] = []

    def add(kind, title, text, lesson, *refs):
        items.append(PlanItem(kind, title, text, lesson, tuple(refs)))

    def lack(lesson, what_done, what_absent):
        """Name an input that is not there: not done yet, or lesson not written yet."""
        item = info.get(lesson)
        if item is not None and not item.available:
            label = _label(info, lesson)
            missing.append(Missing(lesson, f"{label[0].upper()}{label[1:]} is not available "
                                           f"yet, so there is no {what_absent} to use."))
        else:
            missing.append(Missing(lesson, what_done))

    # 1. Safety first.
    urgent = None
    if inputs.safety is None:
        lack("start-here", "You have not saved the safety screen of lesson 00 (it is kept "
             "only if you tick 'Remember my answers'), so this plan cannot check it.",
             "safety screen")
    elif inputs.safety:
        tier = inputs.safety_tier
        urgent = warning_sign_notice(inputs)
        add("change", "See a clinician first",
            urgent + " The rest of this plan is general prevention advice, not treatment.",
            "start-here", *(tier.references if tier is not None else ("nice2016",)))
    else:
        add("keep", "No warning signs ticked",
            "Your saved safety screen had no warning signs. Run it again whenever your "
            "back pain changes: new signs change the advice [@nice2016].",
            "start-here", "nice2016")

    # 2. The backbone of prevention: keep exercising.
    recent = [s for s in inputs.sessions if 0 <= (inputs.today - s.day).days < 14]
    if inputs.sessions and not recent:
        add("change", "Get back to regular exercise",
            "Your training log has no session in the last two weeks. Exercise, ideally "
            "with education, is the best-supported way to prevent back pain, and its "
            "effect fades when the exercise stops [@steffens2016].",
            "your-plan", "steffens2016")
    else:
        add("keep", "Keep exercising, all year",
            "Exercise, ideally with education, is the best-supported way to prevent low "
            "back pain; education alone, belts and insoles did not prevent it, and the "
            "effect fades when the exercise stops [@steffens2016].",
            "your-plan", "steffens2016")
    add("consider", "Keep strength training in the week",
        "Across sports, strength training cut injuries the most of the exercise types "
        "tested, while stretching did not reduce them [@lauersen2014].",
        "warm-up", "lauersen2014")

    # 3. The self-check (lesson 00).
    check = inputs.self_check
    if check is None:
        lack("start-here", "You have not saved the self-check of lesson 00, so the plan "
             "cannot say which lifts and habits to look at.", "self-check")
    else:
        lifts = _answers(check, "lifts")
        if lifts & {"deadlift", "good-morning", "squat"}:
            add("change", "Keep the load close in the lifts that hurt",
                "You said squats, deadlifts or good mornings hurt. Keeping the bar close "
                "and the trunk more upright lowers the load on your lower back "
                "[@wilke1999] [@cappozzo1985]; whether that prevents injury has not been "
                "shown, and rounding is not proven to cause pain [@saraceni2020].",
                "causes-and-form", "wilke1999", "cappozzo1985", "saraceni2020")
        warm = _answers(check, "warm-up")
        if warm & {"none", "stretch"} and inputs.warm_up is None:
            add("change", "Warm up with movement, not long stretches",
                "You said you skip the warm-up or mostly stretch. A warm-up that is more "
                "than stretching improved performance in most studies [@fradkin2010], and "
                "holding stretches for 60 s or more per muscle lowered it [@behm2016].",
                "warm-up", "fradkin2010", "behm2016")
        elif "ramp" in warm:
            add("keep", "Keep your warm-up",
                "You already warm up with light cardio, mobility and lighter sets: that "
                "fits the evidence on warm-ups [@fradkin2010].", "warm-up", "fradkin2010")
        if _answers(check, "load-change") & {"yes"} or _answers(check, "timing") & {
                "after", "both"}:
            add("change", "Raise your training load gradually",
                "You said you train more than before or that pain comes after training. "
                "Big jumps compared with what you are used to have been linked to injury "
                "in team sports [@gabbett2016], though the ratio thresholds are contested "
                "[@impellizzeri2020]: log your sessions and increase step by step.",
                "overtraining", "gabbett2016", "impellizzeri2020")
        if _answers(check, "sitting") & {"yes"}:
            add("consider", "Sitting and 'tight hip flexors'",
                "You sit a lot. That is not shown to cause back pain through tight hip "
                "flexors or pelvic tilt; most pain-free people tilt forward "
                "[@herrington2011], so stretching the hip flexors is not needed for "
                "prevention.", "hip-flexors", "herrington2011")
        if _answers(check, "previous-injury") & {"yes"}:
            add("keep", "Be patient after your earlier injury",
                "A previous back injury is one of the strongest predictors of the next "
                "one [@cholewicki2005]: build heavy loads back gradually and keep the "
                "exercise going between episodes.", "causes-and-form", "cholewicki2005")

    # 4. Trunk endurance (lesson 03).
    if not inputs.trunk_tests:
        lack("core", "You have not done lesson 03's trunk-endurance test.",
             "trunk-endurance test")
    else:
        last = inputs.trunk_tests[-1]
        side = last.side_right / last.side_left if last.side_left > 0 else float("nan")
        text = (f"Your last test ({last.tested_on}): flexor {last.flexor:.0f} s, extensor "
                f"{last.extensor:.0f} s, side bridges {last.side_right:.0f} s right and "
                f"{last.side_left:.0f} s left. ")
        low, high = SIDE_RATIO_RANGE
        if side == side and not low <= side <= high:
            add("consider", "Even out your side bridges",
                text + f"Right/left is {side:.2f}, outside the {low}-{high} clinical rule "
                "of thumb [@mcgill2016], which came after the group averages of healthy "
                "adults [@mcgill1999]; spend a little more time on the shorter side. The "
                "bands are not validated risk thresholds.", "core", "mcgill2016",
                "mcgill1999")
        else:
            add("keep", "Keep your trunk endurance work",
                text + "Endurance is a reasonable training goal; the ratio bands are "
                "clinical rules of thumb [@mcgill2016] built on healthy adults' averages "
                "[@mcgill1999], not risk thresholds.", "core", "mcgill2016", "mcgill1999")
        if len(inputs.trunk_tests) > 1:
            first = inputs.trunk_tests[0]
            change = last.extensor - first.extensor
            word = "up" if change >= 0 else "down"
            add("keep", "Retest every few weeks",
                f"Your extensor hold is {word} {abs(change):.0f} s since {first.tested_on}. "
                "Retesting the same way shows whether your training works "
                "[@mcgill1999].", "core", "mcgill1999")
    if inputs.core_plan is None:
        lack("core", "You have not saved a trunk-exercise progression in lesson 03.",
             "trunk-exercise progression")
    else:
        summary = inputs.core_plan.get("summary") if isinstance(inputs.core_plan, Mapping) \
            else None
        detail = f" ({saved_text(summary)})" if isinstance(summary, str) and \
            summary.strip() else ""
        add("keep", "Follow your trunk-exercise progression",
            f"You saved a progression in lesson 03{detail}. The bird dog and side bridge "
            "work the trunk muscles while the spine stays near neutral, as measured in 8 "
            "healthy men [@mcgill2009]; no single exercise type is clearly best "
            "[@owen2020].",
            "core", "mcgill2009", "owen2020")

    # 5. Warm-up (lesson 05).
    if inputs.warm_up is None:
        lack("warm-up", "You have not saved a warm-up in lesson 05.", "saved warm-up")
    else:
        lift = saved_text(inputs.warm_up.get("lift", "your main lift")).replace("-", " ")
        minutes = inputs.warm_up.get("minutes")
        length = f"{minutes:g}-minute " if isinstance(minutes, (int, float)) and not \
            isinstance(minutes, bool) and 0 < minutes <= 600 else ""
        add("keep", "Use your saved warm-up",
            f"You saved a {length}warm-up for the {lift}. Keep it short and active, and "
            "leave long static stretches for after training [@behm2016].",
            "warm-up", "behm2016", "fradkin2010")

    # 6. Training load (lesson 06).
    if not inputs.sessions:
        lack("overtraining", "You have not logged any training sessions in lesson 06.",
             "training log")
    else:
        weeks = weekly_loads(inputs.sessions, inputs.today)
        acute, chronic = weeks[-1], sum(weeks) / len(weeks)
        history = (inputs.today - min(s.day for s in inputs.sessions)).days + 1
        if history < CHRONIC_DAYS:
            # Lesson 06: the ratio is undefined before 28 days of history.
            add("keep", "Keep logging your sessions",
                f"Your log covers {plural(history, 'day')} so far. Comparing your last "
                f"week with what you are used to needs {CHRONIC_DAYS} days of history "
                "[@gabbett2016], so the course gives no jump warning yet. Until then, "
                "raise the load step by step.", "overtraining", "gabbett2016")
        elif chronic > 0 and acute / chronic >= SPIKE_RATIO:
            add("change", "Your last week was a jump",
                f"Your last 7 days came to {acute:,.0f} AU, {acute / chronic:.1f} times "
                f"your 4-week average of {chronic:,.0f} AU. Spikes like this were linked "
                "to injury in team sports [@gabbett2016], but the ratio is a crude "
                "warning, not a prediction [@impellizzeri2020]: hold the load steady for "
                "a week or two.", "overtraining", "gabbett2016", "impellizzeri2020")
        elif recent:
            add("keep", "Your training load is steady",
                f"Your last 7 days came to {acute:,.0f} AU against a 4-week average of "
                f"{chronic:,.0f} AU: no jump. Keep raising it step by step "
                "[@gabbett2016].", "overtraining", "gabbett2016")

    # 7. Quizzes and missed questions.
    missed_by_lesson: dict[str, int] = {}
    for q in inputs.questions:
        if not q.last_correct:
            missed_by_lesson[q.lesson] = missed_by_lesson.get(q.lesson, 0) + 1
    answered_counts = answered_per_lesson(inputs.questions)
    for lesson in inputs.lessons:
        if not (lesson.available and lesson.has_quiz) or lesson.slug == "your-plan":
            continue
        best = inputs.best_scores.get(lesson.slug)
        n_missed = missed_by_lesson.get(lesson.slug, 0)
        answered = answered_counts.get(lesson.slug, 0)
        if best is None:
            missing.append(Missing(lesson.slug, f"You have not taken the quiz of "
                                                f"{_label(info, lesson.slug)}."))
        elif answered < best[1]:
            missing.append(Missing(lesson.slug, f"You have answered {answered} of the "
                                                f"{best[1]} questions in the quiz of "
                                                f"{_label(info, lesson.slug)}."))
        elif best[1] and best[0] / best[1] < PASS_SHARE:
            add("consider", f"Revisit {_label(info, lesson.slug)}",
                f"Your best quiz score there is {points(best[0])} of {best[1]}"
                f"{f', with {n_missed} question(s) still missed' if n_missed else ''}. "
                "The review below brings missed questions back.", lesson.slug,
                *_lesson_refs(lesson.slug))
        elif n_missed:
            add("consider", f"Review what you missed in {_label(info, lesson.slug)}",
                f"{n_missed} question(s) from that lesson were last answered wrongly; the "
                "review below brings them back after 1, 3, 7, 14 and 30 days.",
                lesson.slug, *_lesson_refs(lesson.slug))

    # 8. When to get help (always).
    add("keep", "Know when to get help",
        "Most back pain improves a lot within six weeks [@costa2012], so this course "
        "suggests seeing a GP or physiotherapist if yours has not improved by then. For "
        "warning signs, use the course's three tiers in this lesson, built on guidance "
        "that lists the serious causes to rule out [@nice2016].", "your-plan",
        "costa2012", "nice2016")
    order = {kind: n for n, kind in enumerate(KINDS)}
    ranked = sorted(enumerate(items), key=lambda p: (order[p[1].kind] if p[1].title !=
                                                     "See a clinician first" else -1, p[0]))
    return Plan(tuple(i for _, i in ranked), tuple(missing), urgent)


_LESSON_REFS = {
    "start-here": ("nice2016",), "anatomy": ("brinjikji2015",),
    "causes-and-form": ("cholewicki1991",), "core": ("mcgill1999",),
    "hip-flexors": ("herrington2011",), "warm-up": ("fradkin2010",),
    "overtraining": ("gabbett2016",),
}


def _lesson_refs(slug: str) -> tuple[str, ...]:
    return _LESSON_REFS.get(slug, ("steffens2016",))
