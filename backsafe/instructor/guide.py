"""The instructor guide as one offline HTML page: setup (the instructor's checklists
and the learners' own setup page), helpers, code of conduct, in-class routines,
running the physical tests safely, red flags, schedules, per-lesson notes and the
glossary.

Everything that can drift is generated here from content data (catalogue, notes,
question banks, safety, physical tests, setup page, glossary); only the notes
themselves are written by hand. The page is a Jinja2 template with autoescape
(backsafe/templates/guide.html.j2); values that are already HTML are marked `html()`.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..content.catalogue import lesson as catalogue_lesson
from ..content.markup import code_spans
from ..content.quizzes import QuizBank, bank_for
from ..html_page import BASE_CSS
from ..render import html, render
from .answer_key import number, text
from .notes import InstructorNotes, LessonNotes, load_notes
from .schedule import (FORMATS, HOMEWORK, PRE_WORK, Format, LessonPlan, PlanSection,
                       Schedule, clock, plan_schedule)

TITLE = "Back-Safe Leg Day: instructor guide"
CSS = ("code{font-family:'DejaVu Sans Mono',Consolas,monospace;font-size:.9em;"
       "background:#f2f2f2;padding:0 .2em}td.num,th.num{text-align:right}"
       "tr.break td,tr.discussion td{font-style:italic}dt{font-weight:bold;margin-top:.4em}"
       "dd{margin-left:1.5em}.bsld-physical-test{border-left:3px solid #767676;"
       "padding-left:.8em}")


@dataclass(frozen=True)
class Misconception:
    question: str          # question id
    prompt: str
    answer: str            # the wrong option, or "an answer below 290" for numbers
    feedback: str


def misconceptions(bank: QuizBank) -> list[Misconception]:
    """Every wrong answer a quiz anticipates, with its feedback, in question order."""
    found = []
    for q in bank.questions:
        if q.type == "numeric":
            low, high = q.answer - q.tolerance, q.answer + q.tolerance
            answers = {"too_low": f"An answer below {number(low)}",
                       "too_high": f"An answer above {number(high)}"}
            found += [Misconception(q.id, q.prompt, answers[key], fb)
                      for key, fb in q.feedback if key in answers]
        else:
            found += [Misconception(q.id, q.prompt, o.text, o.feedback)
                      for o in q.options if not o.correct]
    return found


def lesson_plans(notes: InstructorNotes) -> list[LessonPlan]:
    """The schedule model's view of the notes: sections with their in-class minutes."""
    return [LessonPlan(n.lesson, catalogue_lesson(n.lesson).title,
                       tuple(PlanSection(s.name, s.minutes, s.room, s.kind)
                             for s in n.sections), len(n.prompts))
            for n in notes.lessons]


def schedules(notes: InstructorNotes, formats: tuple[Format, ...] = FORMATS) -> list[Schedule]:
    plans = lesson_plans(notes)
    return [plan_schedule(plans, fmt) for fmt in formats]


def note(value: str) -> str:
    """Hand-written note text: content markup, and `code` in backticks (as HTML)."""
    return html(code_spans(text(value)))


def _lesson_name(slug: str) -> str:
    item = catalogue_lesson(slug)
    return f"{item.number:02d} {item.title}"


def _session_rows(session) -> list[dict]:
    """One row per lesson (its consecutive sections) or break."""
    groups: list[list] = []
    for slot in session.slots:
        if groups and not slot.is_break and groups[-1][0].lesson == slot.lesson:
            groups[-1].append(slot)
        else:
            groups.append([slot])
    rows = []
    for group in groups:
        first = group[0]
        rows.append({
            "when": (clock(session.clock + first.start) if session.clock is not None
                     else f"+{first.start} min"),
            "is_break": first.is_break,
            "lesson": "" if first.is_break else _lesson_name(first.lesson),
            "parts": "; ".join(f"{s.section} ({s.minutes})" for s in group),
            "minutes": sum(s.minutes for s in group)})
    return rows


def schedule_view(schedule: Schedule, anchor: str) -> dict:
    homework = sum(a.minutes for a in schedule.assigned if a.when == HOMEWORK)
    return {
        "anchor": anchor, "name": schedule.format.name, "summary": schedule.summary,
        "flipped": schedule.format.flipped, "discussion": schedule.format.discussion,
        "sessions": [{"label": s.label, "start": clock(s.clock) if s.clock is not None
                      else None, "used": s.used, "length": s.length,
                      "rows": _session_rows(s)} for s in schedule.sessions],
        "assigned": [{"when": a.when, "lesson": _lesson_name(a.lesson),
                      "sections": "; ".join(f"{n} ({m})" for n, m in a.sections if m),
                      "minutes": a.minutes, "reason": a.reason} for a in schedule.assigned],
        "homework": homework}


def check_ins(bank: QuizBank | None, notes: LessonNotes) -> list[dict]:
    """Per short check: the section it follows and the questions to ask hands on."""
    if bank is None:
        return []
    where = {a: s.name for s in notes.sections for a in s.activities}
    return [{"number": n, "after": where.get(f"check {n}", "the lesson"),
             "questions": [{"id": q.id, "prompt": html(text(q.prompt))}
                           for q in bank.questions if q.check == n]}
            for n in sorted({q.check for q in bank.questions if q.check})]


def lesson_view(notes: LessonNotes, bank: QuizBank | None, fmt: Format) -> dict:
    item = catalogue_lesson(notes.lesson)
    wrong = misconceptions(bank) if bank is not None else []
    return {
        "slug": item.slug, "number": item.number, "title": item.title,
        "notebook": item.notebook, "teaching": item.teaching_minutes,
        "practice": item.practice_minutes, "objectives": item.objectives,
        "story": note(notes.story), "minutes": notes.minutes,
        "sections": [{"name": s.name, "minutes": s.minutes, "room": s.room,
                      "reading": s.minutes - s.room,
                      "activities": ", ".join(s.activities)} for s in notes.sections],
        "cuts": [{"section": c.section, "instead": note(c.instead)}
                 for c in notes.cut_if_late],
        "demos": [{"call": d.call, "name": d.name, "show": note(d.show)}
                  for d in notes.demos],
        "prompts": [note(p) for p in notes.prompts], "prompt_minutes": fmt.discussion,
        "stuck": [note(s) for s in notes.stuck],
        "checks": check_ins(bank, notes), "has_bank": bank is not None,
        "misconceptions": [{"prompt": html(text(m.prompt)), "answer": html(text(m.answer)),
                            "feedback": html(text(m.feedback))} for m in wrong]}


def safety_rows() -> tuple[str, list[dict]]:
    """Every red flag with its care tier, from safety.yaml (the screen's own source)."""
    from ..content.safety import safety_content

    content = safety_content()
    rows = [{"tier_id": tier.id, "sign": flag.text, "tier": tier.heading,
             "note": html(text(content.group(flag.group).note if flag.group else ""))}
            for tier in content.tiers for flag in content.flags_of(tier.id)]
    return html(text(content.basis)), rows


def guide_html(notes: InstructorNotes | None = None) -> str:
    """The whole guide as one standalone HTML page."""
    from ..content.glossary import glossary_html
    from ..content.physical_tests import safety_html as physical_safety_html
    from ..content.setup_page import setup_page

    notes = load_notes() if notes is None else notes
    plans = schedules(notes)
    workshop = next((s.format for s in plans if s.format.flipped), plans[0].format)
    basis, flags = safety_rows()
    setup = setup_page()
    return render(
        "guide.html.j2", title=TITLE, css=html(BASE_CSS + CSS),
        laptops=[note(x) for x in notes.setup.laptops],
        hub=[note(x) for x in notes.setup.hub],
        learner_setup={"title": setup.title, "intro": setup.intro,
                       "steps": [{"heading": h, "lines": [note(x) for x in lines]}
                                 for h, lines in setup.steps],
                       "trouble": [{"problem": note(p), "fix": note(f)}
                                   for p, f in setup.troubleshooting]},
        helpers=[note(x) for x in notes.helpers],
        conduct=[note(x) for x in notes.conduct],
        routines=[note(x) for x in notes.routines],
        physical=html(physical_safety_html(heading_level=3)),
        safety_basis=basis, flags=flags,
        schedules=[schedule_view(s, f"schedule-{n}") for n, s in enumerate(plans, 1)],
        pre_work=PRE_WORK,
        lessons=[lesson_view(n, bank_for(n.lesson), workshop) for n in notes.lessons],
        glossary=html(glossary_html()))
