"""Lesson 00 widgets: the red-flag safety screen and the self-check."""
from __future__ import annotations

import html

import ipywidgets as widgets

from ..content.catalogue import lessons
from ..content.markup import to_html
from ..content.references import cite
from ..content.safety import safety_content
from ..content.start_here import self_check_questions
from ..models.triage import recommend_lessons, screen_red_flags
from ..store import StoreUnavailable, try_open_store
from .base import AUTO, CONTROL, QUESTION_CSS, Panel, lean, message_html, question_control

LESSON = "start-here"
_ALERT = {
    "emergency": "border:3px solid #D55E00;background:#fcece3",
    "prompt": "border:2px solid #E69F00;background:#fdf5e6",
}


class _Remember:
    """The opt-in 'remember my answers' checkbox and its store plumbing."""

    def __init__(self, key: str, store, valid):
        self.key, self.valid = key, valid
        self.store, notice = try_open_store() if store == "default" else (store, None)
        self.checkbox = lean(
            widgets.Checkbox, value=False, indent=False, layout=AUTO,
            description="Remember my answers on this computer (off unless you tick it)",
            classes=(*CONTROL, "bsld-remember"))
        self.status = lean(widgets.HTML, classes=("bsld-message",))
        if self.store is None:
            self.checkbox.disabled = True
            self.status.value = message_html(notice or "Saving is switched off.", "warn")
        self.checkbox.observe(self._toggled, "value")
        self.current = None

    def restore(self):
        """Saved answers, if the learner chose to keep them earlier."""
        if self.store is None:
            return None
        try:
            saved = self.store.load_answers(LESSON, self.key)
        except StoreUnavailable as exc:
            self.status.value = message_html(str(exc), "warn")
            return None
        if saved is None:
            return None
        if not self.valid(saved):
            self.status.value = message_html(
                "Your saved answers could not be read, so they were not filled in; they "
                "are still in your progress file.", "warn")
            return None
        self.checkbox.value = True
        return saved

    def sync(self, answers) -> None:
        """The answers changed: keep them if the learner asked us to."""
        self.current = answers
        if self.checkbox.value:
            self._save()

    def _toggled(self, change) -> None:
        if change["new"]:
            self._save()
        else:
            self._forget()

    def _save(self) -> None:
        if self.store is None or self.current is None:
            return
        try:
            self.store.save_answers(LESSON, self.key, self.current)
            self.status.value = message_html("Your answers are saved on this computer "
                                             "only.", "info")
        except StoreUnavailable as exc:
            self.status.value = message_html(str(exc), "warn")

    def _forget(self) -> None:
        if self.store is None:
            return
        try:
            self.store.forget_answers(LESSON, self.key)
            self.status.value = ""
        except StoreUnavailable as exc:
            self.status.value = message_html(str(exc), "warn")


def _is_id_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _is_check_answers(value) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and (v is None or isinstance(v, str) or _is_id_list(v))
        for k, v in value.items())


def _screen_html(result, content) -> str:
    if result.clear:
        return message_html(
            "Nothing ticked: none of these warning signs applies to you now. This "
            "screen cannot rule everything out; if you are worried about your back, "
            "see a clinician.", "ok")
    tier = result.tier
    flags = "".join(f"<li>{html.escape(f.text)}</li>" for f in result.flags)
    groups = dict.fromkeys(f.group for f in result.flags if f.group)
    notes = "".join(f"<p>{to_html(content.group(g).note, cite)}</p>" for g in groups)
    sources = "; ".join(cite(k) for k in tier.references)
    return (f'<div role="alert" style="{_ALERT[tier.id]};padding:10px 14px;color:#111">'
            f'<p style="font-size:1.25em;margin:0 0 6px"><strong>&#9888; '
            f"{html.escape(tier.heading)}</strong></p>"
            f"<p>{html.escape(tier.action)}</p>{notes}<p>You ticked:</p><ul>{flags}</ul>"
            f"<p><small>This is safety advice, not a diagnosis. Sources: "
            f"{html.escape(sources)}.</small></p></div>")


def safety_screen(*, store="default"):
    """Red-flag checklist; any tick shows advice on how soon to see a clinician."""
    content = safety_content()
    boxes = {flag.id: lean(widgets.Checkbox, value=False, description=flag.text,
                           indent=False, layout=AUTO, classes=CONTROL)
             for flag in content.red_flags}
    result = lean(widgets.HTML, classes=("bsld-readout",))
    remember = _Remember("safety", store, _is_id_list)

    def update(_=None):
        ticked = [fid for fid, box in boxes.items() if box.value]
        result.value = _screen_html(screen_red_flags(ticked, content), content)
        remember.sync(ticked)

    for fid in remember.restore() or []:
        if fid in boxes:
            boxes[fid].value = True
    for box in boxes.values():
        box.observe(update, "value")
    update()
    intro = lean(widgets.HTML, "<p>Tick anything that is true for you <strong>now</strong>. "
                               "Nothing is saved unless you ask for it below.</p>")
    box = lean(Panel, [intro, *boxes.values(), result, remember.checkbox,
                       remember.status], classes=("bsld-explorer", "bsld-safety-screen"))
    box.boxes = boxes
    return box


def _recommendation_html(recs) -> str:
    items = []
    for rec in recs:
        soon = "" if rec.lesson.available else " <em>(coming soon)</em>"
        reasons = " ".join(html.escape(r) for r in rec.reasons)
        title = f"Lesson {rec.lesson.number}: {html.escape(rec.lesson.title)}"
        if rec.lesson.available:       # relative, so it works in JupyterLab, the app and
            title = (f'<a href="{html.escape(rec.lesson.notebook)}" '    # the site
                     f'class="bsld-lesson-link">{title}</a>')
        items.append(f"<li><strong>{title}</strong>{soon}<br>{reasons}</li>")
    return ("<p>Your suggested reading order (lessons that match more of your answers "
            "come first):</p><ol>" + "".join(items) + "</ol>")


def self_check(*, store="default"):
    """A few questions about your training; suggests an order of lessons."""
    questions = self_check_questions()
    controls: dict[str, object] = {}
    parts = []
    css = QUESTION_CSS        # the style for one-control questions, sent once
    for q in questions:
        prompt = f"<strong>{html.escape(q.prompt)}</strong>"
        if q.type == "single":
            control = question_control(widgets.RadioButtons, prompt, value=None,
                                       options=[(o.text, o.id) for o in q.options],
                                       classes=CONTROL)
            controls[q.id] = control
            parts.append(control)
        else:
            group = {o.id: lean(widgets.Checkbox, value=False, description=o.text,
                                indent=False, layout=AUTO, classes=CONTROL)
                     for o in q.options}
            controls[q.id] = group
            parts += [lean(widgets.HTML, f"{css}<p>{prompt}</p>"), *group.values()]
            css = ""
    if css:
        parts.insert(0, lean(widgets.HTML, css))
    button = lean(widgets.Button, description="Suggest my reading order",
                  button_style="primary", icon="list-ol", layout=AUTO,
                  classes=(*CONTROL, "bsld-recommend"))
    result = lean(widgets.HTML, classes=("bsld-readout",))
    remember = _Remember("self-check", store, _is_check_answers)

    def answers():
        out = {}
        for qid, control in controls.items():
            if isinstance(control, dict):
                out[qid] = [oid for oid, box in control.items() if box.value]
            else:
                out[qid] = control.value
        return out

    def on_click(_=None):
        given = answers()
        if not any(given.values()):
            result.value = message_html("Answer at least one question first.", "warn")
            return
        recs = recommend_lessons(given, questions, lessons())
        result.value = _recommendation_html(recs)
        remember.sync(given)

    saved = remember.restore() or {}
    for qid, value in saved.items():
        control = controls.get(qid)
        if isinstance(control, dict):
            for oid in value or []:
                if oid in control:
                    control[oid].value = True
        elif control is not None and value in [o for _, o in control.options]:
            control.value = value
    button.on_click(on_click)
    box = lean(Panel, [*parts, button, result, remember.checkbox, remember.status],
               classes=("bsld-explorer", "bsld-self-check"))
    box.controls, box.button = controls, button
    return box
