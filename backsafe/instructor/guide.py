"""The instructor guide as one offline HTML page: setup checklists, schedules,
and per-lesson notes with the misconceptions the quizzes reveal.

Everything that can drift is generated here from the catalogue, the notes and
the question banks; only the notes themselves are written by hand.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..content.catalogue import lesson as catalogue_lesson
from ..content.quizzes import QuizBank, bank_for
from ..html_page import html_page
from .answer_key import number, text
from .notes import InstructorNotes, load_notes
from .schedule import FORMATS, HOMEWORK, Format, LessonPlan, PlanSection, Schedule, clock, plan_schedule

TITLE = "Back-Safe Leg Day: instructor guide"
CSS = ("code{font-family:'DejaVu Sans Mono',Consolas,monospace;font-size:.9em;"
       "background:#f2f2f2;padding:0 .2em}td.num,th.num{text-align:right}"
       "tr.break td{font-style:italic}")
_CODE = re.compile(r"`([^`]+)`")


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
    """Hand-written note text: content markup, and `code` in backticks."""
    return _CODE.sub(r"<code>\1</code>", text(value))


def _lesson_name(slug: str) -> str:
    item = catalogue_lesson(slug)
    return f"{item.number:02d} {item.title}"


def _session_rows(session) -> str:
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
        when = (clock(session.clock + first.start) if session.clock is not None
                else f"+{first.start} min")
        minutes = sum(s.minutes for s in group)
        if first.is_break:
            rows.append(f'<tr class="break"><td>{when}</td><td>Break</td><td></td>'
                        f'<td class="num">{minutes}</td></tr>')
            continue
        parts = "; ".join(f"{html.escape(s.section)} ({s.minutes})" for s in group)
        rows.append(f"<tr><td>{when}</td><td>{html.escape(_lesson_name(first.lesson))}</td>"
                    f'<td>{parts}</td><td class="num">{minutes}</td></tr>')
    return "".join(rows)


def schedule_html(schedule: Schedule, anchor: str) -> str:
    fmt = schedule.format
    parts = [f'<section id="{anchor}"><h3>{html.escape(fmt.name)}</h3>'
             f"<p>{html.escape(schedule.summary)}</p>"]
    for session in schedule.sessions:
        start = f", starting {clock(session.clock)}" if session.clock is not None else ""
        parts.append(
            f"<table><caption>{html.escape(session.label)}{start}: {session.used} of "
            f"{session.length} min used</caption><thead><tr><th scope=\"col\">Start</th>"
            "<th scope=\"col\">Lesson</th><th scope=\"col\">Sections (minutes)</th>"
            "<th scope=\"col\" class=\"num\">Minutes</th></tr></thead>"
            f"<tbody>{_session_rows(session)}</tbody></table>")
    if schedule.assigned:
        rows = "".join(
            f"<tr><td>{a.when}</td><td>{html.escape(_lesson_name(a.lesson))}</td>"
            f"<td>{html.escape('; '.join(f'{n} ({m})' for n, m in a.sections if m))}</td>"
            f'<td class="num">{a.minutes}</td><td>{html.escape(a.reason)}</td></tr>'
            for a in schedule.assigned)
        homework = sum(a.minutes for a in schedule.assigned if a.when == HOMEWORK)
        parts.append(
            "<table><caption>Outside the sessions: pre-work and homework"
            f"{f' ({homework} min of homework)' if homework else ''}</caption><thead><tr>"
            "<th scope=\"col\">When</th><th scope=\"col\">Lesson</th><th scope=\"col\">"
            "Sections (minutes)</th><th scope=\"col\" class=\"num\">Minutes</th>"
            f"<th scope=\"col\">Why</th></tr></thead><tbody>{rows}</tbody></table>")
    parts.append("</section>")
    return "".join(parts)


def lesson_html(lesson_notes, bank: QuizBank | None) -> str:
    item = catalogue_lesson(lesson_notes.lesson)
    sections = "".join(f"<tr><td>{html.escape(s.name)}</td><td class=\"num\">{s.minutes}"
                       "</td></tr>" for s in lesson_notes.sections)
    demos = "".join(f"<li><code>{html.escape(d.call)}</code><br>{note(d.show)}</li>"
                    for d in lesson_notes.demos)
    prompts = "".join(f"<li>{note(p)}</li>" for p in lesson_notes.prompts)
    stuck = "".join(f"<li>{note(s)}</li>" for s in lesson_notes.stuck)
    wrong = misconceptions(bank) if bank is not None else []
    rows = "".join(f"<tr><td>{text(m.prompt)}</td><td>{text(m.answer)}</td>"
                   f"<td>{text(m.feedback)}</td></tr>" for m in wrong)
    common = (
        "<table><thead><tr><th scope=\"col\">Question</th><th scope=\"col\">Wrong answer"
        "</th><th scope=\"col\">What the quiz tells them</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>" if wrong else "<p>This lesson has no quiz.</p>")
    return (
        f'<section id="lesson-{item.slug}"><h3>Lesson {item.number:02d}: '
        f"{html.escape(item.title)}</h3><p>Notebook <code>{html.escape(item.notebook)}</code>"
        f"; {item.teaching_minutes} min teaching + {item.practice_minutes} min practice.</p>"
        "<h4>Minutes per section</h4><table><thead><tr><th scope=\"col\">Section</th>"
        f"<th scope=\"col\" class=\"num\">Minutes</th></tr></thead><tbody>{sections}"
        f"<tr><th scope=\"row\">Total</th><td class=\"num\">{lesson_notes.minutes}</td></tr>"
        "</tbody></table>"
        "<h4>Demonstrate live</h4><p>Run each call in a scratch notebook (after "
        "<code>from backsafe import *</code>) on the projector.</p>"
        f"<ul>{demos}</ul><h4>Discussion prompts</h4><ol>{prompts}</ol>"
        f"<h4>Where learners get stuck</h4><ul>{stuck}</ul>"
        "<h4>Common misconceptions (from the quiz's wrong answers)</h4>"
        f"{common}</section>")


def safety_html() -> str:
    """Every red flag with its care tier, from safety.yaml (the screen's own source)."""
    from ..content.safety import safety_content

    content = safety_content()
    rows = []
    for tier in content.tiers:
        for flag in content.flags_of(tier.id):
            group = content.group(flag.group).note if flag.group else ""
            rows.append(f'<tr data-tier="{tier.id}"><td>{html.escape(flag.text)}</td>'
                        f"<td>{html.escape(tier.heading)}</td><td>{text(group)}</td></tr>")
    return (
        '<section id="safety"><h2>Red flags and care tiers</h2>'
        f"<p>{text(content.basis)}</p><p>If a learner mentions one of these signs, stop "
        "their training and give them the tier's advice; do not discuss their case in "
        "front of the group.</p><table><caption>The safety screen of lesson 00, the "
        "warning signs of lesson 06 and lesson 07's tiers all use this list</caption>"
        "<thead><tr><th scope=\"col\">Sign</th><th scope=\"col\">Tier</th>"
        f"<th scope=\"col\">Note</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        "</section>")


def guide_html(notes: InstructorNotes | None = None) -> str:
    """The whole guide as one standalone HTML page."""
    notes = load_notes() if notes is None else notes
    plans = schedules(notes)
    anchors = [f"schedule-{n}" for n in range(1, len(plans) + 1)]
    toc_schedules = "".join(f'<li><a href="#{a}">{html.escape(s.format.name)}</a></li>'
                            for a, s in zip(anchors, plans))
    toc_lessons = "".join(
        f'<li><a href="#lesson-{n.lesson}">{html.escape(_lesson_name(n.lesson))}</a></li>'
        for n in notes.lessons)
    laptops = "".join(f"<li>{note(x)}</li>" for x in notes.setup.laptops)
    hub = "".join(f"<li>{note(x)}</li>" for x in notes.setup.hub)
    body = (
        f"<main><h1>{html.escape(TITLE)}</h1>"
        "<p>Generated from the lesson catalogue, the instructor notes and the question "
        "banks by <code>python -m backsafe instructor guide</code>; the answers to every "
        "question are in a separate file (<code>python -m backsafe instructor answer-key"
        "</code>).</p>"
        '<nav aria-label="Contents"><h2>Contents</h2><ol>'
        '<li><a href="#setup">Before class: setup</a></li>'
        '<li><a href="#safety">Red flags and care tiers</a></li>'
        f'<li><a href="#schedules">Schedules</a><ol>{toc_schedules}</ol></li>'
        f'<li><a href="#lessons">Lesson notes</a><ol>{toc_lessons}</ol></li></ol></nav>'
        '<section id="setup"><h2>Before class: setup</h2>'
        f"<h3>A room of laptops</h3><ol>{laptops}</ol>"
        f"<h3>A JupyterHub</h3><ol>{hub}</ol></section>"
        + safety_html() +
        '<section id="schedules"><h2>Schedules</h2>'
        "<p>Minutes per section come from the lesson notes and add up to each lesson's "
        "teaching and practice minutes in the catalogue. Lessons are kept whole within a "
        "session where they fit, and breaks fall between lessons where they can.</p>"
        + "".join(schedule_html(s, a) for s, a in zip(plans, anchors)) + "</section>"
        '<section id="lessons"><h2>Lesson notes</h2>'
        + "".join(lesson_html(n, bank_for(n.lesson)) for n in notes.lessons)
        + "</section></main>")
    return html_page(TITLE, body, css=CSS)
