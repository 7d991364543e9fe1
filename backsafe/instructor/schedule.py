"""Teaching schedules: which lesson sections go into which session, when the
breaks fall, and what becomes pre-work or homework when it does not fit.

A pure model: lessons (with their sections and minutes) and a format in, a
schedule out. Nothing is silently dropped: every minute of every lesson is
either placed in a session or assigned, with the reason.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..models import InputError

PRE_WORK, HOMEWORK = "pre-work", "homework"


@dataclass(frozen=True)
class LessonPlan:
    slug: str
    title: str
    sections: tuple[tuple[str, int], ...]      # (heading, minutes), in notebook order

    @property
    def minutes(self) -> int:
        return sum(m for _, m in self.sections)


@dataclass(frozen=True)
class Format:
    name: str
    session_minutes: int
    sessions: int | None                 # None: as many as needed (self-paced weeks)
    session_label: str = "Session"
    starts: tuple[int, ...] = ()         # clock minute each session starts; () = no clock
    break_every: int | None = None       # longest stretch of teaching before a break
    break_minutes: int = 0
    pre_work: tuple[str, ...] = ()       # lessons learners do alone before session 1
    movable: tuple[str, ...] = ()        # section names that may become homework


@dataclass(frozen=True)
class Slot:
    start: int                           # minutes after the session starts
    minutes: int
    lesson: str | None = None            # None for a break
    section: str | None = None

    @property
    def is_break(self) -> bool:
        return self.lesson is None


@dataclass(frozen=True)
class Session:
    label: str
    clock: int | None                    # minutes after midnight, or None
    length: int
    slots: tuple[Slot, ...]

    @property
    def used(self) -> int:
        return self.slots[-1].start + self.slots[-1].minutes if self.slots else 0

    @property
    def break_minutes(self) -> int:
        return sum(s.minutes for s in self.slots if s.is_break)


@dataclass(frozen=True)
class Assignment:
    when: str                            # PRE_WORK or HOMEWORK
    lesson: str
    sections: tuple[tuple[str, int], ...]
    reason: str

    @property
    def minutes(self) -> int:
        return sum(m for _, m in self.sections)


@dataclass(frozen=True)
class Schedule:
    format: Format
    sessions: tuple[Session, ...]
    assigned: tuple[Assignment, ...]
    summary: str

    @property
    def class_minutes(self) -> int:
        """Teaching minutes placed in sessions (breaks excluded)."""
        return sum(s.minutes for ses in self.sessions for s in ses.slots if not s.is_break)

    @property
    def assigned_minutes(self) -> int:
        return sum(a.minutes for a in self.assigned)

    def lesson_minutes(self, slug: str) -> int:
        """Minutes of a lesson taught in the sessions."""
        return sum(s.minutes for ses in self.sessions for s in ses.slots if s.lesson == slug)


def clock(minute: int) -> str:
    """'09:05' from minutes after midnight (wrapping past midnight)."""
    minute %= 24 * 60
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _check(lessons, fmt: Format) -> None:
    if fmt.session_minutes <= 0:
        raise InputError(f"A session must last at least one minute, not {fmt.session_minutes}.")
    if fmt.sessions is not None and fmt.sessions < 1:
        raise InputError(f"A format needs at least one session, not {fmt.sessions}.")
    if fmt.break_every is not None and (fmt.break_every <= 0 or fmt.break_minutes < 0):
        raise InputError("Breaks need a positive teaching stretch and zero or more minutes.")
    slugs = [lesson.slug for lesson in lessons]
    if len(set(slugs)) != len(slugs):
        raise InputError("Each lesson may appear only once in a schedule.")
    if any(m < 0 for lesson in lessons for _, m in lesson.sections):
        raise InputError("Section minutes must be zero or more.")


def _place(lessons: list[LessonPlan], fmt: Format) -> list[list[Slot]] | None:
    """Sections in order into sessions, a lesson kept within one session where it
    fits in one, a break before any stretch of teaching longer than `break_every`.
    None when the sessions run out."""
    length, brk = fmt.session_minutes, fmt.break_minutes
    sessions: list[list[Slot]] = [[]]
    t = block = 0

    def next_session() -> bool:
        nonlocal t, block
        if fmt.sessions is not None and len(sessions) >= fmt.sessions:
            return False
        sessions.append([])
        t = block = 0
        return True

    def wants_break(minutes: int) -> bool:
        return (fmt.break_every is not None and brk > 0 and block > 0
                and block + minutes > fmt.break_every and t + brk + minutes <= length)

    def add_break() -> None:
        nonlocal t, block
        sessions[-1].append(Slot(t, brk))
        t, block = t + brk, 0

    for lesson in lessons:
        m = lesson.minutes
        if m == 0:
            continue
        extra = brk if wants_break(m) else 0
        if sessions[-1] and t + extra + m > length and m <= length:
            if not next_session():
                return None
        elif extra:
            add_break()
        for name, minutes in lesson.sections:
            if minutes == 0:
                continue
            if wants_break(minutes):
                add_break()
            if t + minutes > length:
                if minutes > length or not next_session():
                    return None
            sessions[-1].append(Slot(t, minutes, lesson.slug, name))
            t, block = t + minutes, block + minutes
    return sessions


def plan_schedule(lessons, fmt: Format) -> Schedule:
    """Fit the lessons into the format's sessions.

    Pre-work lessons are assigned first. If the rest does not fit, the movable
    sections (practice, quiz) of the last lesson become homework, then those of
    the lesson before it, and so on; if it still does not fit, whole lessons from
    the end become homework until it does.
    """
    lessons = list(lessons)
    _check(lessons, fmt)
    assigned = [Assignment(PRE_WORK, lesson.slug, lesson.sections,
                           "learners do it alone before the first session")
                for lesson in lessons if lesson.slug in fmt.pre_work]
    todo = [lesson for lesson in lessons if lesson.slug not in fmt.pre_work]
    kept = {lesson.slug: lesson.sections for lesson in todo}
    moved: dict[str, str] = {}                      # slug -> "sections" or "lesson"

    def current() -> list[LessonPlan]:
        return [LessonPlan(x.slug, x.title, kept[x.slug]) for x in todo]

    for x in todo:                                  # can never be placed: say so first
        if any(m > fmt.session_minutes for _, m in x.sections):
            kept[x.slug], moved[x.slug] = (), "too long"
    steps = [(x, "sections") for x in reversed(todo)
             if any(name in fmt.movable and m for name, m in x.sections)]
    steps += [(x, "lesson") for x in reversed(todo)]
    placed = _place(current(), fmt)
    for lesson, what in steps:
        if placed is not None:
            break
        if moved.get(lesson.slug) in ("too long", "lesson"):
            continue
        if what == "sections":
            kept[lesson.slug] = tuple(s for s in lesson.sections if s[0] not in fmt.movable)
        else:
            kept[lesson.slug] = ()
        moved[lesson.slug] = what
        placed = _place(current(), fmt)
    assert placed is not None                      # with every lesson moved, nothing is left

    for lesson in todo:
        if lesson.slug not in moved:
            continue
        rest = tuple(s for s in lesson.sections if s not in kept[lesson.slug])
        reason = ("the whole lesson does not fit in the sessions"
                  if moved[lesson.slug] == "lesson" else
                  f"a section is longer than a whole {fmt.session_label.lower()} "
                  f"({fmt.session_minutes} min)" if moved[lesson.slug] == "too long" else
                  f"{' and '.join(fmt.movable).lower()} do not fit in the sessions; "
                  "learners do them after class")
        assigned.append(Assignment(HOMEWORK, lesson.slug, rest, reason))

    sessions = tuple(
        Session(f"{fmt.session_label} {n}", fmt.starts[n - 1] if n <= len(fmt.starts) else None,
                fmt.session_minutes, tuple(slots))
        for n, slots in enumerate(placed, 1) if slots or n == 1)
    return Schedule(fmt, sessions, tuple(assigned), _summary(fmt, sessions, assigned, lessons))


def _summary(fmt: Format, sessions, assigned, lessons) -> str:
    total = sum(x.minutes for x in lessons)
    taught = sum(s.minutes for ses in sessions for s in ses.slots if not s.is_break)
    breaks = sum(ses.break_minutes for ses in sessions)
    label = fmt.session_label.lower()
    text = (f"{len(sessions)} {label}{'s' if len(sessions) != 1 else ''} of up to "
            f"{fmt.session_minutes} min: {taught} of the course's {total} min are scheduled "
            f"in the {label}s" + (f", with {breaks} min of breaks." if breaks else "."))
    pre = sum(a.minutes for a in assigned if a.when == PRE_WORK)
    home = sum(a.minutes for a in assigned if a.when == HOMEWORK)
    if pre:
        text += f" {pre} min are pre-work."
    if home:
        text += f" {home} min do not fit and are homework (listed below)."
    if not assigned:
        text += " Everything fits."
    return text


WORKSHOP = Format("3-hour workshop", 180, 1, starts=(9 * 60,), break_every=90,
                  break_minutes=15, pre_work=("start-here",), movable=("Practice", "Quiz"))
TWO_SESSIONS = Format("Two 90-minute sessions", 90, 2, starts=(18 * 60, 18 * 60),
                      break_every=50, break_minutes=5, pre_work=("start-here",),
                      movable=("Practice", "Quiz"))
SELF_PACED = Format("Self-paced cohort", 90, None, session_label="Week")
FORMATS = (WORKSHOP, TWO_SESSIONS, SELF_PACED)
