"""Teaching schedules: which lesson sections go into which session, when the
breaks fall, and what becomes pre-work or homework when it does not fit.

A pure model: lessons (with their sections, minutes and in-class activity
minutes) and a format in, a schedule out. Nothing is silently dropped: every
minute of every lesson is either placed in a session or assigned, with the reason.

Workshop formats are "flipped": the reading part of each section is pre-work,
and the activities (explorers, predictions, short checks, practice, quiz,
triage cases) stay in the room, with minutes for discussion prompts added.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..models import InputError

PRE_WORK, HOMEWORK = "pre-work", "homework"
DISCUSSION = "Discussion"


@dataclass(frozen=True)
class PlanSection:
    name: str                  # the notebook's `## ` heading
    minutes: int               # the whole section, as a learner alone needs it
    room: int = 0              # of which: minutes of activity to do in the room
    kind: str = "read"         # "read", "activity", "practice" or "quiz"

    @property
    def reading(self) -> int:
        return self.minutes - self.room


@dataclass(frozen=True)
class LessonPlan:
    slug: str
    title: str
    sections: tuple[PlanSection, ...]
    prompts: int = 0           # discussion prompts in the instructor notes

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.sections)


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
    movable: tuple[str, ...] = ()        # section kinds that may become homework
    flipped: bool = False                # reading parts are pre-work, activities in class
    discussion: int = 0                  # minutes per discussion prompt in class
    prompts: int = 0                     # discussion prompts per lesson in class


@dataclass(frozen=True)
class Slot:
    start: int                           # minutes after the session starts
    minutes: int
    lesson: str | None = None            # None for a break
    section: str | None = None
    kind: str = "break"                  # "break", "discussion" or a section kind

    @property
    def is_break(self) -> bool:
        return self.lesson is None

    @property
    def is_lesson_time(self) -> bool:
        """Minutes that belong to the lesson itself (not a break, not discussion)."""
        return self.kind not in ("break", "discussion")


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

    def _slots(self):
        return (s for ses in self.sessions for s in ses.slots)

    @property
    def class_minutes(self) -> int:
        """Lesson minutes placed in sessions (breaks and discussion excluded)."""
        return sum(s.minutes for s in self._slots() if s.is_lesson_time)

    @property
    def discussion_minutes(self) -> int:
        return sum(s.minutes for s in self._slots() if s.kind == "discussion")

    @property
    def assigned_minutes(self) -> int:
        return sum(a.minutes for a in self.assigned)

    def lesson_minutes(self, slug: str) -> int:
        """Minutes of a lesson taught in the sessions (discussion excluded)."""
        return sum(s.minutes for s in self._slots() if s.lesson == slug and s.is_lesson_time)

    def in_class(self, kind: str) -> list[tuple[str, str]]:
        """(lesson, section) of every slot of this kind placed in a session."""
        return [(s.lesson, s.section) for s in self._slots() if s.kind == kind]


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
    if fmt.discussion < 0 or fmt.prompts < 0:
        raise InputError("Discussion minutes and prompts must be zero or more.")
    slugs = [lesson.slug for lesson in lessons]
    if len(set(slugs)) != len(slugs):
        raise InputError("Each lesson may appear only once in a schedule.")
    for lesson in lessons:
        for s in lesson.sections:
            if s.minutes < 0 or not 0 <= s.room <= s.minutes:
                raise InputError("Section minutes must be zero or more, and the in-class "
                                 "part at most the whole section.")


def _discussion(lesson: LessonPlan, fmt: Format) -> int:
    return fmt.discussion * min(fmt.prompts, lesson.prompts)


def _with_discussion(lesson: LessonPlan, fmt: Format) -> list[PlanSection]:
    """The lesson's class sections, with its discussion before practice (or at the end)."""
    sections = [s for s in lesson.sections if s.minutes]
    minutes = _discussion(lesson, fmt)
    if not sections or not minutes:
        return sections
    at = next((n for n, s in enumerate(sections) if s.kind in ("practice", "quiz")),
              len(sections))
    return sections[:at] + [PlanSection(DISCUSSION, minutes, minutes, "discussion")] + \
        sections[at:]


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
        sections = _with_discussion(lesson, fmt)
        m = sum(s.minutes for s in sections)
        if m == 0:
            continue
        extra = brk if wants_break(m) else 0
        if sessions[-1] and t + extra + m > length and m <= length:
            if not next_session():
                return None
        elif extra:
            add_break()
        for section in sections:
            if wants_break(section.minutes):
                add_break()
            if t + section.minutes > length:
                if section.minutes > length or not next_session():
                    return None
            sessions[-1].append(Slot(t, section.minutes, lesson.slug, section.name,
                                     section.kind))
            t, block = t + section.minutes, block + section.minutes
    return sessions


def _flip(lesson: LessonPlan) -> tuple[LessonPlan, tuple[tuple[str, int], ...]]:
    """The in-class part of a lesson, and its reading parts as pre-work."""
    reading = tuple((s.name, s.reading) for s in lesson.sections if s.reading)
    room = tuple(replace(s, minutes=s.room) for s in lesson.sections if s.room)
    return replace(lesson, sections=room), reading


def plan_schedule(lessons, fmt: Format) -> Schedule:
    """Fit the lessons into the format's sessions.

    Pre-work lessons are assigned first; in a flipped format the reading part of
    every other section is pre-work too. If the rest does not fit, the movable
    sections (by kind) of the last lesson become homework, then those of the
    lesson before it, and so on; if it still does not fit, whole lessons from the
    end become homework until it does.
    """
    lessons = list(lessons)
    _check(lessons, fmt)
    assigned = [Assignment(PRE_WORK, lesson.slug, tuple((s.name, s.minutes)
                                                        for s in lesson.sections),
                           "learners do it alone before the first session")
                for lesson in lessons if lesson.slug in fmt.pre_work]
    todo = [lesson for lesson in lessons if lesson.slug not in fmt.pre_work]
    if fmt.flipped:
        flipped = [_flip(lesson) for lesson in todo]
        todo = [lesson for lesson, _ in flipped]
        assigned += [Assignment(PRE_WORK, lesson.slug, reading,
                                "reading, done before class so the session is spent on "
                                "the explorers, predictions, checks and practice")
                     for lesson, reading in flipped if reading]
    kept = {lesson.slug: lesson.sections for lesson in todo}
    moved: dict[str, str] = {}                      # slug -> "sections", "lesson", "too long"

    def current() -> list[LessonPlan]:
        return [replace(x, sections=kept[x.slug]) for x in todo]

    for x in todo:                                  # can never be placed: say so first
        if any(s.minutes > fmt.session_minutes for s in x.sections):
            kept[x.slug], moved[x.slug] = (), "too long"
    steps = [(x, "sections") for x in reversed(todo)
             if any(s.kind in fmt.movable and s.minutes for s in x.sections)]
    steps += [(x, "lesson") for x in reversed(todo)]
    placed = _place(current(), fmt)
    for lesson, what in steps:
        if placed is not None:
            break
        if moved.get(lesson.slug) in ("too long", "lesson"):
            continue
        kept[lesson.slug] = (tuple(s for s in lesson.sections if s.kind not in fmt.movable)
                             if what == "sections" else ())
        moved[lesson.slug] = what
        placed = _place(current(), fmt)
    assert placed is not None                      # with every lesson moved, nothing is left

    for lesson in todo:
        if lesson.slug in moved:
            rest = tuple((s.name, s.minutes) for s in lesson.sections
                         if s not in kept[lesson.slug])
            assigned.append(Assignment(HOMEWORK, lesson.slug, rest,
                                       _reason(moved[lesson.slug], fmt)))

    sessions = tuple(
        Session(f"{fmt.session_label} {n}", fmt.starts[n - 1] if n <= len(fmt.starts) else None,
                fmt.session_minutes, tuple(slots))
        for n, slots in enumerate(placed, 1) if slots or n == 1)
    return Schedule(fmt, sessions, tuple(assigned), _summary(fmt, sessions, assigned, lessons))


def _reason(what: str, fmt: Format) -> str:
    if what == "lesson":
        return "the lesson's class time does not fit in the sessions"
    if what == "too long":
        return (f"a section is longer than a whole {fmt.session_label.lower()} "
                f"({fmt.session_minutes} min)")
    kinds = " and ".join(fmt.movable)
    if fmt.flipped and fmt.movable == ("quiz",):
        return ("the quiz does not fit in the sessions; the short checks asked its "
                "questions in class, so learners retake the whole quiz after class")
    return f"{kinds} do not fit in the sessions; learners do them after class"


def _summary(fmt: Format, sessions, assigned, lessons) -> str:
    total = sum(x.minutes for x in lessons)
    slots = [s for ses in sessions for s in ses.slots]
    taught = sum(s.minutes for s in slots if s.is_lesson_time)
    talk = sum(s.minutes for s in slots if s.kind == "discussion")
    breaks = sum(ses.break_minutes for ses in sessions)
    label = fmt.session_label.lower()
    extras = [f"{talk} min of discussion" if talk else "", f"{breaks} min of breaks"
              if breaks else ""]
    extras = [x for x in extras if x]
    text = (f"{len(sessions)} {label}{'s' if len(sessions) != 1 else ''} of up to "
            f"{fmt.session_minutes} min: {taught} of the course's {total} min are scheduled "
            f"in the {label}s" + (f", with {' and '.join(extras)}." if extras else "."))
    pre = sum(a.minutes for a in assigned if a.when == PRE_WORK)
    home = sum(a.minutes for a in assigned if a.when == HOMEWORK)
    if pre:
        text += f" {pre} min are pre-work."
    if home:
        text += f" {home} min do not fit and are homework (listed below)."
    if not assigned:
        text += " Everything fits."
    return text


# One day of two 3-hour blocks, or four evenings: a single 3-hour slot cannot hold
# the course's in-class activities (the guide's schedules show the arithmetic).
WORKSHOP = Format("One-day workshop", 180, 2, starts=(9 * 60, 13 * 60 + 30),
                  break_every=90, break_minutes=15, pre_work=("start-here",),
                  movable=("quiz",), flipped=True, discussion=3, prompts=1)
EVENINGS = Format("Four 90-minute sessions", 90, 4, starts=(18 * 60,) * 4,
                  break_every=50, break_minutes=5, pre_work=("start-here",),
                  movable=("quiz",), flipped=True, discussion=3, prompts=1)
SELF_PACED = Format("Self-paced cohort", 90, None, session_label="Week",
                    movable=("practice", "quiz"))
FORMATS = (WORKSHOP, EVENINGS, SELF_PACED)
