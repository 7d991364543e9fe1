"""Lesson 07 widgets: the prevention plan, the progress dashboard, spaced review
and the final assessment, plus the 'when to see a professional' tiers and the
answered FAQ."""
from __future__ import annotations

import html
from datetime import date, datetime, timezone
from pathlib import Path

import ipywidgets as widgets

from ..content.catalogue import lesson as catalogue_lesson
from ..content.markup import cited_keys, plural, points, to_html
from ..content.references import cite, reference
from ..files import user_path, write_atomically
from ..models.assessment import dashboard_rows
from ..models.gym_card import build_gym_card
from ..models.prevention_plan import Plan, build_plan
from ..models.review import schedule
from ..progress import snapshot
from ..store import StoreUnavailable, try_open_store
from .base import (AUTO, CONTROL, figure_pane, label_style, lean, live_region, message_html,
                   Panel, show)
from .gym_card import card_body_html, markdown_text, reference_markdown, save_gym_card

LESSON = "your-plan"
REVIEW_BATCH = 10               # questions per review round
_KIND_HEADINGS = {"change": "Change", "keep": "Keep", "consider": "Consider"}
_KIND_ORDER = ("change", "keep", "consider")


def _open(store):
    """(store or None, notice or None) for store="default", a ProgressStore or None."""
    if store == "default":
        return try_open_store()
    return store, None


def _now(now):
    return now if now is not None else datetime.now(timezone.utc)


def _lesson_name(slug: str) -> str:
    try:
        item = catalogue_lesson(slug)
    except KeyError:
        return slug
    return f"Lesson {item.number:02d}: {item.title.split(':')[0]}"


def _lesson_link(slug: str) -> str:
    """A link to the lesson's notebook when it exists, else its name."""
    try:
        item = catalogue_lesson(slug)
    except KeyError:
        return html.escape(slug)
    name = html.escape(_lesson_name(slug))
    if not item.available:
        return f"{name} (not written yet)"
    return f'<a href="{html.escape(item.notebook)}">{name}</a>'


# ---------------------------------------------------------------------------
# The plan: on screen, as a standalone HTML file and as Markdown
# ---------------------------------------------------------------------------

def plan_html(plan: Plan, *, links: bool = True) -> str:
    """The plan as HTML (citations as '(Author year)')."""
    name = _lesson_link if links else (lambda s: html.escape(_lesson_name(s)))
    out = []
    if plan.urgent:
        out.append(message_html(f"<strong>&#9888; {html.escape(plan.urgent)}</strong>",
                                "error", markup=True))
    for kind in _KIND_ORDER:
        items = plan.of_kind(kind)
        if not items:
            continue
        rows = "".join(
            f"<li><strong>{html.escape(i.title)}.</strong> {to_html(i.text, cite)} "
            f"<small>({name(i.lesson)})</small></li>" for i in items)
        out.append(f"<h4>{_KIND_HEADINGS[kind]}</h4><ul>{rows}</ul>")
    if plan.missing:
        rows = "".join(f"<li>{html.escape(m.text)}</li>" for m in plan.missing)
        out.append("<h4>What this plan could not use</h4>"
                   "<p>Nothing is guessed: these inputs are missing, so the plan leaves "
                   f"them out.</p><ul>{rows}</ul>")
    return "".join(out)


def _plan_keys(plan: Plan) -> list[str]:
    keys: list[str] = []
    for item in plan.items:
        for key in list(item.references) + cited_keys(item.text):
            if key not in keys:
                keys.append(key)
    return sorted(keys, key=lambda k: reference(k).citation)


def plan_document(plan: Plan, *, on: date) -> str:
    """One standalone, printable HTML page: no scripts, fonts or links to fetch."""
    refs = "".join(f"<li>{reference(k).to_html()}</li>" for k in _plan_keys(plan))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>My back-safe plan, {on.isoformat()}</title><style>"
        "body{font-family:Georgia,serif;max-width:44em;margin:2em auto;padding:0 1em;"
        "color:#111;line-height:1.4}h1{font-size:1.6em}h4{margin:1.2em 0 .3em}"
        "li{margin:.3em 0}small{color:#333}"
        "@media print{body{margin:0;max-width:none}a{color:#111}h4{break-after:avoid}}"
        "</style></head><body>"
        f"<h1>My back-safe plan</h1><p>Made on {on.isoformat()} by the Back-Safe Leg Day "
        "course from the answers kept on this computer. It is education, not medical "
        "advice, and it never diagnoses.</p>"
        f"{plan_html(plan, links=False)}<h4>References</h4><ol>{refs}</ol>"
        "</body></html>\n")


def plan_markdown(plan: Plan, *, on: date) -> str:
    """The plan as Markdown (citations as '(Author year)')."""
    text = markdown_text      # Markdown in saved text is shown as typed, never run
    lines = ["# My back-safe plan", "",
             f"Made on {on.isoformat()} by the Back-Safe Leg Day course from the answers "
             "kept on this computer. It is education, not medical advice.", ""]
    if plan.urgent:
        lines += [f"**{plan.urgent}**", ""]
    for kind in _KIND_ORDER:
        items = plan.of_kind(kind)
        if items:
            lines += [f"## {_KIND_HEADINGS[kind]}", ""]
            lines += [f"- **{i.title}.** {text(i.text)} ({_lesson_name(i.lesson)})"
                      for i in items]
            lines.append("")
    if plan.missing:
        lines += ["## What this plan could not use", ""]
        lines += [f"- {m.text}" for m in plan.missing] + [""]
    lines += ["## References", ""]
    lines += [f"{n}. {reference_markdown(key)}" for n, key in enumerate(_plan_keys(plan), 1)]
    return "\n".join(lines) + "\n"


def save_plan(plan: Plan, folder, *, on: date) -> tuple[Path, Path]:
    """Write the plan as HTML and Markdown into `folder` (made if needed)."""
    folder = user_path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"back-safe-plan-{on.isoformat()}"
    html_path, md_path = folder / f"{stem}.html", folder / f"{stem}.md"
    for path, text in ((html_path, plan_document(plan, on=on)),
                       (md_path, plan_markdown(plan, on=on))):
        write_atomically(path, lambda fh, text=text: fh.write(text))
    return html_path, md_path


def save_error_sentence(folder, exc: OSError) -> str:
    why = (exc.strerror or str(exc)).lower() if isinstance(exc, OSError) else str(exc)
    return (f"Your plan could not be saved in {folder} ({why}). It is still on screen: "
            "choose a folder you can write to and press Save my plan again.")


def _default_folder() -> str:
    from ..store import save_folder

    return save_folder()


def gym_card_preview(card) -> str:
    """The gym card, folded, as lesson 07 shows it under the plan."""
    return ("<details class='bsld-gym-card-preview'><summary><strong>Your one-page gym "
            "card</strong> (what 'Save my plan' also writes, to print or read on your "
            f"phone)</summary>{card_body_html(card)}</details>")


def plan_explorer(*, store="default", folder=None, now=None):
    """Your prevention plan from your saved answers, its one-page gym card, and
    'Save my plan' (the plan and the card, each as HTML and Markdown)."""
    store, notice = _open(store)
    message = lean(widgets.HTML, classes=("bsld-message",))
    inputs = snapshot(store, now=_now(now))
    notes = [notice] if notice else []
    notes += list(inputs.notices)
    if notes:
        message.value = message_html(" ".join(notes) + " The plan uses what it could read.",
                                     "warn")
    plan = build_plan(inputs)
    readout = lean(widgets.HTML, plan_html(plan), classes=("bsld-readout",))
    card = build_gym_card(inputs)
    card_view = lean(widgets.HTML, gym_card_preview(card), classes=("bsld-gym-card",))
    folder_box = lean(widgets.Text, value=str(folder) if folder else _default_folder(),
                      description="Save to folder", style=label_style(),
                      layout={"width": "520px"},
                      classes=(*CONTROL, "bsld-plan-folder"))
    save = lean(widgets.Button, description="Save my plan", icon="download",
                button_style="primary", layout=AUTO,
                tooltip="Write the plan as an HTML page and a Markdown file",
                classes=(*CONTROL, "bsld-save-plan"))
    status = lean(widgets.HTML, classes=("bsld-message", "bsld-save-status"))

    def on_save(_=None):
        from ..store import APP_MODE_FILES, app_mode

        if app_mode():
            status.value = message_html(APP_MODE_FILES, "warn")
            return
        target = folder_box.value.strip() or _default_folder()
        try:
            html_path, md_path = save_plan(plan, target, on=inputs.today)
            card_path, card_md = save_gym_card(card, target)
        except OSError as exc:
            status.value = message_html(save_error_sentence(target, exc), "error")
            return
        status.value = message_html(
            f"Saved your plan to {html_path} (open it in a browser to read or print it) "
            f"and your one-page gym card to {card_path.name} beside it, each with a "
            f"Markdown copy ({md_path.name}, {card_md.name}). Nothing was sent anywhere.",
            "ok")

    save.on_click(on_save)
    box = lean(Panel, [message, readout, card_view, lean(widgets.HBox, [folder_box, save]),
                       status], classes=("bsld-explorer", "bsld-plan-explorer"))
    box.plan, box.folder, box.save, box.status, box.readout = (plan, folder_box, save,
                                                               status, readout)
    box.card, box.card_view = card, card_view
    return box


# ---------------------------------------------------------------------------
# Progress dashboard
# ---------------------------------------------------------------------------

def _when(moment: datetime | None) -> str:
    return "-" if moment is None else moment.astimezone(timezone.utc).strftime(
        "%Y-%m-%d %H:%M UTC")


def dashboard_table(rows) -> str:
    head = ("Lesson", "Status", "Best score", "Last activity", "Reviews due now",
            "Reviews later", "Planned minutes")
    body = []
    for r in rows:
        item = catalogue_lesson(r.slug)
        best = "-" if r.best is None else f"{points(r.best[0])} of {r.best[1]} ({r.best_share:.0%})"
        if r.unfinished:
            best = f"not finished ({r.unfinished[0]} of {r.unfinished[1]} answered)"
        cells = (html.escape(f"{r.number:02d} {r.title.split(':')[0]}"), r.status, best,
                 _when(r.last_activity), str(r.due), str(r.later),
                 str(item.teaching_minutes + item.practice_minutes))
        body.append("<tr>" + "".join(f"<td style='padding:2px 10px 2px 0'>{c}</td>"
                                     for c in cells) + "</tr>")
    th = "".join(f"<th style='text-align:left;padding-right:10px'>{h}</th>" for h in head)
    return (f"<table><thead><tr>{th}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            "<p><small>The course does not record how long you spend in a lesson; the "
            "last column is the time the lesson plans for.</small></p>")


def progress_dashboard_explorer(*, store="default", now=None):
    """Each lesson's status, best score, last activity and reviews due; reset one lesson."""
    from ..figures.dashboard import dashboard_figure   # matplotlib only when shown

    store, notice = _open(store)
    message = lean(widgets.HTML, classes=("bsld-message",))
    readout = lean(widgets.HTML, classes=("bsld-readout",))
    pane = figure_pane()
    state = {}

    def refresh():
        inputs = snapshot(store, now=_now(now))
        items = schedule(inputs.questions, _now(now))
        rows = dashboard_rows(inputs, items)
        state["rows"] = rows
        readout.value = live_region(dashboard_table(rows))
        show(pane, dashboard_figure(rows))
        return inputs

    inputs = refresh()
    notes = ([notice] if notice else []) + list(inputs.notices)
    if notes:
        message.value = message_html(" ".join(notes), "warn")
    choices = [("(choose a lesson)", "")] + [
        (f"{r.number:02d} {r.title.split(':')[0]}", r.slug) for r in state["rows"]]
    pick = lean(widgets.Dropdown, options=choices, value="", description="Lesson to reset",
                style=label_style(), layout={"width": "360px"},
                classes=CONTROL)
    ask = lean(widgets.Button, description="Reset this lesson…", icon="trash",
               layout=AUTO,
               tooltip="Asks you to confirm first", classes=CONTROL)
    hidden = widgets.Layout(width="auto", display="none")
    confirm = lean(widgets.Button, description="Yes, reset it", button_style="danger",
                   layout=hidden, classes=("bsld-confirm-reset",))
    cancel = lean(widgets.Button, description="No, keep it",
                  layout=widgets.Layout(width="auto", display="none"),
                  classes=("bsld-cancel-reset",))
    if store is None:
        pick.disabled = ask.disabled = True

    def show_confirm(visible: bool):
        confirm.layout.display = cancel.layout.display = None if visible else "none"

    def on_pick(_=None):
        show_confirm(False)
        if not pick.value:
            message.value = ""
            return
        message.value = message_html(
            f"Resetting {_lesson_name(pick.value)} removes its quiz answers, its completion "
            "mark and the answers you saved there. Press 'Reset this lesson…' to go on.",
            "info")

    def on_ask(_=None):
        if not pick.value:
            message.value = message_html("Choose the lesson to reset first.", "warn")
            return
        message.value = message_html(
            f"Are you sure? This removes everything saved for {_lesson_name(pick.value)} "
            "and cannot be undone.", "warn")
        show_confirm(True)

    def on_confirm(_=None):
        show_confirm(False)
        slug = pick.value
        if store is None or not slug:
            message.value = message_html("Progress is not being saved, so there is "
                                         "nothing to reset.", "info")
            return
        try:
            removed = store.forget_lesson(slug)
        except StoreUnavailable as exc:
            message.value = message_html(f"{exc} Nothing was reset.", "error")
            return
        refresh()
        message.value = message_html(f"{_lesson_name(slug)} was reset ({removed} saved "
                                     "records removed).", "ok")

    def on_cancel(_=None):
        show_confirm(False)
        message.value = message_html("Nothing was reset.", "info")

    pick.observe(on_pick, "value")
    ask.on_click(on_ask)
    confirm.on_click(on_confirm)
    cancel.on_click(on_cancel)
    box = lean(Panel, [readout, pane, lean(widgets.HBox, [pick, ask, confirm, cancel]),
                       message], classes=("bsld-explorer", "bsld-dashboard"))
    box.pick, box.ask, box.confirm, box.cancel, box.message = pick, ask, confirm, cancel, message
    box.readout, box.pane, box.refresh = readout, pane, refresh
    return box


# ---------------------------------------------------------------------------
# Spaced review and the final assessment (both reuse the quiz's question views)
# ---------------------------------------------------------------------------

def _question(lesson: str, qid: str):
    """The current Question behind a stored id (lesson banks, renamed ids, the final
    assessment), or None if it is retired or no longer exists."""
    from ..content.question_ids import find_question

    return find_question(lesson, qid)


def _review_summary(items, now: datetime) -> str:
    due = [i for i in items if i.due]
    later = [i for i in items if not i.due]
    if not items:
        return ("No questions to review: a question you answer wrongly in a lesson quiz, "
                "a short check, a review or the final assessment comes back here after 1, "
                "3, 7, 14 and 30 days (pre- and post-test answers never do).")
    text = f"{len(due)} question{'s' if len(due) != 1 else ''} due for review now"
    if later:
        text += (f", {len(later)} scheduled later (the next on "
                 f"{later[0].due_at.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC)")
    return text + (". A right answer moves a question to a longer gap only when it is "
                   "due; answering it again the same day is practice.")


def review_explorer(*, store="default", now=None, seed=None):
    """'Review now': the missed questions that are due, with the quiz's feedback;
    'Review today's misses': practice the same day (for a one-day workshop)."""
    from ..models.review import missed_since, start_of_day
    from .quiz import quiz_box

    store, notice = _open(store)
    readout = lean(widgets.HTML, classes=("bsld-readout",))
    message = lean(widgets.HTML, classes=("bsld-message",))
    area = lean(widgets.VBox)
    start = lean(widgets.Button, description="Review now", icon="repeat",
                 button_style="primary", layout=AUTO,
                 tooltip="Show the questions that are due",
                 classes=(*CONTROL, "bsld-review-now"))
    today = lean(widgets.Button, description="Review today's misses", icon="undo",
                 layout=AUTO,
                 tooltip="Practise the questions you missed today; the spaced schedule "
                         "stays as it is",
                 classes=(*CONTROL, "bsld-review-today"))
    if notice:
        message.value = message_html(notice, "warn")

    def records():
        moment = _now(now)
        inputs = snapshot(store, now=moment)
        if inputs.notices:
            message.value = message_html(" ".join(inputs.notices), "warn")
        return inputs.questions, moment

    def update_summary():
        found, moment = records()
        items = schedule(found, moment)
        readout.value = message_html(_review_summary(items, moment), "info")
        return items

    def run(keys, empty: str, what: str):
        pairs = [(key, q) for key in keys for q in [_question(*key.split("/", 1))]
                 if q is not None]
        lost = len(keys) - len(pairs)
        gone = (f" {lost} missed question(s) are no longer asked and are skipped."
                if lost else "")
        if not pairs:
            area.children = ()
            message.value = message_html(empty + gone, "info")
            return
        batch = pairs[:REVIEW_BATCH]
        message.value = message_html(f"{what} {len(batch)} of {len(pairs)} "
                                     f"question(s).{gone}", "info")
        quiz = quiz_box(LESSON, batch, seed=seed, store=store, kind="review",
                        intro=f"{plural(len(batch), 'question')} to review.",
                        on_checked=lambda _r: update_summary(), classes=("bsld-review-quiz",))
        area.children = (quiz,)
        box.quiz = quiz

    def on_start(_=None):
        due = [i.key for i in update_summary() if i.due]
        run(due, "Nothing is due for review right now. Come back when the next question "
                 "is due, or review today's misses.", "Reviewing")

    def on_today(_=None):
        update_summary()
        found, moment = records()
        missed = missed_since(found, start_of_day(moment.astimezone()))
        run([f"{r.lesson}/{r.question}" for r in missed],
            "You have missed no question today (or answered each one right since).",
            "Practising today's misses:")

    start.on_click(on_start)
    today.on_click(on_today)
    update_summary()
    box = lean(Panel, [readout, lean(widgets.HBox, [start, today]), message, area],
               classes=("bsld-explorer", "bsld-review"))
    box.start, box.today, box.readout, box.message, box.area, box.quiz = (
        start, today, readout, message, area, None)
    return box


def final_assessment_check(*, store="default", seed=None):
    """The final assessment: new cases, none from a lesson quiz, mapped to the course
    objectives in final_assessment.yaml; recorded as kind 'final'."""
    from ..content.final_assessment import final_items, uncovered
    from ..content.objectives import all_objective_keys, course_objectives
    from .quiz import quiz_box

    items = final_items()
    catalogue = course_objectives()
    total = len(all_objective_keys(catalogue))
    covered = total - len(uncovered(items, catalogue))
    pairs = [(item.key, item.question) for item in items]
    readout = lean(widgets.HTML, classes=("bsld-readout",))
    quiz = quiz_box(LESSON, pairs, seed=seed, store=store, kind="final",
                    intro=f"{len(pairs)} questions you have not seen before.",
                    explorer_part=True)
    scope = ("all" if covered == total else f"{covered} of the") + f" {total}"
    readout.value = message_html(
        f"Each question is a new case that draws on one or more lessons; none of them "
        f"appears in a lesson quiz. Together they cover {scope} learning objectives of "
        "the course. Your answers are recorded as the final assessment, and a question "
        "you miss joins your review.", "info")
    box = lean(Panel, [readout, quiz], classes=("bsld-explorer", "bsld-final-assessment"))
    box.quiz, box.items = quiz, items
    return box


# ---------------------------------------------------------------------------
# Static parts of the lesson: when to see a professional, your questions answered
# ---------------------------------------------------------------------------

_TIER_STYLE = {"emergency": "border-left:6px solid #D55E00;background:#fcece3",
               "prompt": "border-left:6px solid #E69F00;background:#fdf5e6",
               "self-manage": "border-left:6px solid #009E73;background:#eaf7f2"}
_TIER_MARK = {"emergency": "&#9888;&#9888;", "prompt": "&#9888;", "self-manage": "&#10003;"}


def _tier_signs(content, tier) -> str:
    """The tier's red flags (a group's note above its signs), then its other signs."""
    items = [f"<li>{html.escape(f.text)}</li>" for f in content.flags_of(tier.id)
             if f.group is None]
    for group in (g for g in content.groups if g.tier == tier.id):
        signs = "".join(f"<li>{html.escape(f.text)}</li>" for f in content.flags_of(tier.id)
                        if f.group == group.id)
        items.insert(0, f"<li>{to_html(group.note, cite)}<ul>{signs}</ul></li>")
    items += [f"<li>{html.escape(s)}</li>" for s in tier.signs]
    return f"<ul>{''.join(items)}</ul>"


def when_to_see():
    """The care tiers of the course's safety content, most urgent first, as HTML."""
    from IPython.display import HTML

    from ..content.safety import safety_content

    content = safety_content()
    parts = [f"<p>{to_html(content.basis, cite)}</p>"]
    for tier in content.tiers:
        parts.append(
            f'<div class="bsld-tier" data-tier="{tier.id}" style="{_TIER_STYLE[tier.id]};'
            f'padding:8px 14px;margin:8px 0;color:#111"><p style="font-size:1.15em;'
            f'margin:0 0 4px"><strong>{_TIER_MARK[tier.id]} {html.escape(tier.heading)}'
            f"</strong></p><p style='margin:0 0 4px'>{to_html(tier.action, cite)}</p>"
            f"{_tier_signs(content, tier)}"
            f"<p style='margin:0'><small>Why: {to_html(tier.why, cite)}</small></p></div>")
    return HTML("<section class='bsld-when-to-see'>" + "".join(parts) + "</section>")


def your_questions_answered():
    """The popular FAQ, each answer with its evidence and a link to its lesson."""
    from IPython.display import HTML

    from ..content.your_plan import faq

    parts = []
    for item in faq():
        parts.append(f"<h4>{html.escape(item.question)}</h4><p>{to_html(item.answer, cite)}"
                     f"</p><p><small>More in {_lesson_link(item.lesson)}.</small></p>")
    return HTML("<section class='bsld-faq'>" + "".join(parts) + "</section>")
