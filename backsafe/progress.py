"""Read the progress store into the plain snapshot the lesson-07 models use.

This is the only place lesson 07 talks to the store for its plan, dashboard
and review. It uses the store's summary tables (best scores, per-question
status), so it stays fast however many answers the file holds. Anything that
cannot be read becomes a plain sentence in `PlanInputs.notices`; the rest of
the snapshot is still filled in.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from importlib import resources

from .content.catalogue import lessons
from .content.quizzes import bank_file
from .models.prevention_plan import LessonInfo, PlanInputs, Session, TrunkTest
from .models.review import QuestionRecord
from .store import TRUNK_TESTS, StoreUnavailable


def lesson_infos() -> tuple[LessonInfo, ...]:
    root = resources.files("backsafe.content")
    return tuple(LessonInfo(item.slug, item.number, item.title, item.available,
                            root.joinpath(bank_file(item.slug)).is_file())
                 for item in lessons())


def _when(text) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _day(text) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def _safety_tier(flags):
    """The most urgent care tier (from safety.yaml) of the saved flags, or None."""
    from .content.safety import safety_content
    from .models.triage import screen_red_flags

    content = safety_content()
    known = {flag.id for flag in content.red_flags}
    result = screen_red_flags([f for f in flags if f in known], content)
    return result.tier


def question_records(rows) -> list[QuestionRecord]:
    """The store's `question_status` rows as review records, each question under its
    current id (renamed ids followed, retired ones left out); unreadable rows are
    skipped."""
    from .content.question_ids import id_map
    from .models.review import follow_id_changes

    records = []
    for row in rows:
        when = _when(row.get("last_at"))
        if when is None or row["attempts"] < 1 or not 0 <= row["streak"] <= row["attempts"] \
                or (not row["last_correct"] and row["streak"]):
            continue
        step_at = _when(row.get("step_at")) if row.get("step_at") else None
        records.append(QuestionRecord(row["lesson"], row["question"], int(row["attempts"]),
                                      bool(row["last_correct"]), when, int(row["streak"]),
                                      step_at))
    return follow_id_changes(records, id_map(r.lesson for r in records))


def snapshot(store, *, now: datetime | None = None) -> PlanInputs:
    """Everything the plan, dashboard and review need, from a ProgressStore (or None)."""
    now = now or datetime.now(timezone.utc)
    notices: list[str] = []

    def read(name, call, default):
        if store is None:
            return default
        try:
            return call()
        except StoreUnavailable as exc:
            if str(exc) not in notices:
                notices.append(str(exc))
            return default

    safety = read("safety", lambda: store.load_answers("start-here", "safety"), None)
    if safety is not None and not (isinstance(safety, list)
                                   and all(isinstance(f, str) for f in safety)):
        notices.append("Your saved safety-screen answers could not be read, so the plan "
                       "leaves them out.")
        safety = None
    check = read("self-check", lambda: store.load_answers("start-here", "self-check"), None)
    if check is not None and not isinstance(check, dict):
        notices.append("Your saved self-check answers could not be read, so the plan "
                       "leaves them out.")
        check = None
    core = read("core", lambda: store.load_answers("core", "progression-plan"), None)
    core_saved = read("core", lambda: store.answers_saved_at("core", "progression-plan"),
                      None) if core is not None else None
    warm = read("warm-up", lambda: store.load_answers("warm-up", "plan"), None)
    if warm is not None and not isinstance(warm, dict):
        warm = None
    tests = tuple(TrunkTest(str(r["tested_on"]), *(float(r[k]) for k in TRUNK_TESTS))
                  for r in read("trunk", store.trunk_tests if store else list, []))
    sessions = []
    for row in read("sessions", store.sessions if store else list, []):
        day = _day(row.get("day"))
        if day is not None:
            sessions.append(Session(day, float(row["minutes"]), float(row["rpe"])))
    records = question_records(read("questions", store.question_status if store else list,
                                    []))
    best = read("best", store.best_scores if store else dict, {})
    completed = read("completed", store.completed_lessons if store else list, [])
    return PlanInputs(
        today=now.date(), lessons=lesson_infos(),
        safety=tuple(safety) if safety is not None else None,
        safety_tier=_safety_tier(safety) if safety else None,
        self_check=check, trunk_tests=tests, core_plan=core,
        core_plan_saved=_day(core_saved) if core_saved else None, warm_up=warm,
        sessions=tuple(sessions), best_scores=dict(best), completed=frozenset(completed),
        questions=tuple(records), notices=tuple(notices))


plan_inputs = snapshot              # the public name in `backsafe`
