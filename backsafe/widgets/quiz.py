"""The lesson quiz: controls for each question, Check, feedback, score, Try again."""
from __future__ import annotations

import html
import threading
from dataclasses import replace
from collections.abc import Iterable

import ipywidgets as widgets

from ..content.markup import to_html
from ..content.loader import UnknownName
from ..content.quizzes import Question, QuizBank, load_bank
from ..content.references import cite
from ..models.grading import MAX_ANSWER_CHARS, Grade, score_quiz, shuffled_options
from ..store import StoreFull, StoreUnavailable, try_open_store
from .base import AUTO, CONTROL, QUESTION_CSS, Panel, fitted, lean, message_html, question_control


class _QuestionView:
    """One question: its prompt, its controls (class bsld-answer) and feedback.

    A single-choice, true/false or numeric question is one widget, its prompt the
    control's description, and its feedback follows it in the quiz (`holder`); a
    multiple-answer question is a box of its prompt and check boxes, with its
    feedback inside. Either way `box` carries the class bsld-question.
    """

    def __init__(self, number: int, question: Question, seed):
        self.question = question
        self.holder = None            # the quiz that shows `box` (set by quiz_box)
        self._feedback = None
        q = question
        prompt = f"<strong>{number}.</strong> {to_html(q.prompt, cite)}"
        if q.type in ("single", "true_false"):
            options = [(o.text, o.id) for o in shuffled_options(q, seed)]
            self.control = self.box = question_control(
                widgets.RadioButtons, prompt, options=options, value=None,
                classes=("bsld-answer",))
        elif q.type == "multiple":
            self.boxes = {o.id: fitted(widgets.Checkbox, value=False, description=o.text,
                                      indent=False, classes=("bsld-answer",))
                          for o in shuffled_options(q, seed)}
            hint = "<br><em>Tick every answer that applies.</em>"
            self.box = lean(widgets.VBox, [fitted(widgets.HTML, f"<p>{prompt}{hint}</p>"),
                                           *self.boxes.values()],
                            layout=AUTO, classes=("bsld-question",))
        else:
            unit = f" <em>(your answer in {html.escape(q.unit)})</em>" if q.unit else ""
            self.control = self.box = question_control(
                widgets.Text, prompt + unit, value="", placeholder="type a number",
                classes=("bsld-answer",))

    @property
    def feedback(self) -> widgets.HTML:
        """The feedback pane, made when first needed: a quiz opens no comm for
        feedback nobody has asked for yet (`add_feedback` makes a quiz's at once)."""
        if self._feedback is None:
            add_feedback([self])
        return self._feedback

    def response(self):
        if self.question.type == "multiple":
            return [oid for oid, box in self.boxes.items() if box.value]
        value = self.control.value
        return value if value not in ("", None) else None

    def clear(self) -> None:
        if self.question.type == "multiple":
            for box in self.boxes.values():
                box.value = False
        else:
            self.control.value = None if self.question.type != "numeric" else ""
        if self._feedback is not None:
            self._feedback.value = ""

    def show(self, grade: Grade) -> None:
        q = self.question
        if not grade.answered:
            self.feedback.value = message_html(grade.message or "No answer given yet.",
                                               "warn")
            return
        if grade.correct:
            verdict, kind = "Correct.", "ok"
        elif grade.score > 0:
            verdict, kind = f"Partly right ({grade.score:.0%} of the marks).", "warn"
        else:
            verdict, kind = "Not quite.", "error"
        lines = [f"<strong>{verdict}</strong>"]
        if grade.message:
            lines.append(html.escape(grade.message))
        lines += [to_html(line, cite) for line in grade.feedback]
        lines.append(to_html(q.explanation, cite))
        sources = "; ".join(cite(key) for key in q.references)
        lines.append(f"<small>Source: {html.escape(sources)}</small>")
        self.feedback.value = message_html("<br>".join(lines), kind, markup=True)


def add_feedback(views) -> None:
    """Give each view that has none its feedback pane: inside a multiple-answer
    question's box, else right after the question in its quiz, where one change
    to the quiz places them all."""
    after = {}
    for view in views:
        if view._feedback is not None:
            continue
        view._feedback = pane = fitted(widgets.HTML, classes=("bsld-feedback",))
        if view.question.type == "multiple":
            view.box.children += (pane,)
        else:
            after[id(view.box)] = pane
    holders = {id(v.holder): v.holder for v in views if id(v.box) in after}
    for holder in holders.values():
        holder.children = tuple(w for child in holder.children
                                for w in (child, after.get(id(child))) if w is not None)


class _Recorder:
    """Saves checked quizzes and keeps the learner told where their answers are.

    A busy (locked) progress file never costs an answer: the store keeps the
    check in memory, and this retries in the background until it is written.
    """

    RETRY_SECONDS = 2.0

    def __init__(self, store, notice: str | None, heading: str = ""):
        self.store, self._timer = store, None
        self.heading = heading        # shown above the message, in the same widget
        if store is None and notice:
            first = (notice + " The quiz still works.", "warn")
        elif store is None:
            first = ("This quiz is not recording progress.", "info")
        else:
            first = (notice or "Your answers are saved on this computer when you press "
                     "Check.", "warn" if notice else "info")
        self.status = fitted(widgets.HTML, self._html(*first), classes=("bsld-store-status",))

    def _html(self, text: str, kind: str) -> str:
        return self.heading + message_html(text, kind)

    def _say(self, text: str, kind: str) -> None:
        self.status.value = self._html(text, kind)

    def record(self, lesson: str, grades, responses, complete: bool,
               kind: str = "quiz") -> None:
        if self.store is None:
            return
        try:
            self.store.record_quiz(lesson, grades, responses, complete=complete, kind=kind)
        except StoreUnavailable as exc:
            self._give_up(exc)
            return
        self._report()

    def _give_up(self, exc: StoreUnavailable) -> None:
        self.store = None
        self._say(f"{exc} The quiz still works.", "warn")

    def _report(self, earlier: int = 0) -> None:
        waiting = self.store.waiting
        if waiting:
            checks = "check is" if waiting == 1 else f"{waiting} checks are"
            if isinstance(self.store.waiting_because, StoreFull):
                self._say(f"The disk that holds your progress file is full, so your last "
                          f"{checks} waiting to be saved; free some space and they will be "
                          "saved by themselves. Keep going.", "warn")
            else:
                self._say(f"The progress file is busy (another program is using it), so "
                          f"your last {checks} waiting to be saved; they will be saved by "
                          "themselves as soon as it is free. Keep going.", "warn")
            self._retry_later()
        elif earlier:
            self._say(f"Saved to your progress on this computer, including {earlier} "
                      f"check{'s' if earlier > 1 else ''} that had to wait.", "ok")
        else:
            self._say("Saved to your progress on this computer.", "ok")

    def _retry_later(self) -> None:
        if self._timer is None:
            self._timer = threading.Timer(self.RETRY_SECONDS, self._retry)
            self._timer.daemon = True
            self._timer.start()

    def _retry(self) -> None:
        self._timer = None
        if self.store is None:
            return
        try:
            written = len(self.store.flush())
        except StoreUnavailable as exc:
            self._give_up(exc)
            return
        self._report(earlier=written)


def quiz_widget(lesson: str, *, check: int | None = None, seed: int | str | None = None,
                store="default"):
    """The quiz for a lesson, from its question bank; with `check`, only the short
    check of that number (the bank's questions marked `check: N`), recorded as kind
    "check" so it never counts as the lesson's quiz score.

    `seed` shuffles the options reproducibly; `store` is a ProgressStore, None
    (do not record), or "default" (the learner's own progress file).
    """
    bank = load_bank(lesson)
    if check is None:
        return quiz_box(lesson, [(q.id, q) for q in bank.questions], seed=seed, store=store,
                        classes=("bsld-quiz",))
    pairs = [(q.id, q) for q in bank.questions if q.check == check]
    if not pairs:
        numbers = sorted({q.check for q in bank.questions if q.check is not None})
        raise UnknownName(f"Lesson '{lesson}' has no short check {check!r}; its checks "
                          f"are {', '.join(map(str, numbers)) or 'none'}.")
    return quiz_box(lesson, pairs, seed=seed, store=store, kind="check",
                    intro=f"Short check {check}: {len(pairs)} questions on the sections "
                    "above (not part of your lesson score).",
                    classes=("bsld-quiz", "bsld-short-check", f"bsld-short-check-{check}"))


def quiz_box(lesson: str, questions: Iterable[tuple[str, Question]], *,
             seed: int | str | None = None, store="default", kind: str = "quiz",
             intro: str | None = None, on_checked=None, classes=(),
             explorer_part: bool = False) -> widgets.VBox:
    """Questions, Check, Try again and the score, recorded as one quiz of `kind`.

    `questions` are (id, Question) pairs: a lesson's own quiz uses each question's
    id; a quiz that mixes lessons (review, final assessment) uses
    "lesson/question", so each answer is recorded at its own lesson's question.
    Only kind "quiz" marks the lesson complete. `on_checked(result)` is called
    after a check was recorded. `classes` are the quiz's CSS classes; with
    `explorer_part`, its Check button and score are also marked as an explorer's
    control and readout.
    """
    bank = QuizBank(lesson, f"quizzes/{lesson}.yaml",
                    tuple(replace(q, id=qid) for qid, q in questions))
    if store == "default":
        store, notice = try_open_store()
    else:
        notice = None
    views = [_QuestionView(n, q, seed) for n, q in enumerate(bank.questions, 1)]
    # The quiz's heading and where its answers are saved: one HTML widget.
    recorder = _Recorder(store, notice, heading=(
        f"{QUESTION_CSS}<p>{intro or f'{len(views)} questions.'} Choose your answers, then "
        "press <strong>Check my answers</strong>. Every answer gets feedback.</p>"))
    score = fitted(widgets.HTML, classes=("bsld-score", "bsld-readout") if explorer_part
                  else ("bsld-score",))
    check = fitted(widgets.Button, description="Check my answers", icon="check",
                  button_style="primary", tooltip="Mark every question",
                  classes=("bsld-check", *CONTROL) if explorer_part else ("bsld-check",))
    retry = fitted(widgets.Button, description="Try again", icon="refresh",
                  tooltip="Clear your answers and start over", classes=("bsld-retry",))

    def on_check(_=None):
        try:
            responses = {v.question.id: v.response() for v in views}
            result = score_quiz(bank, responses)
        except Exception as exc:          # a bug must not look like a frozen quiz
            score.value = message_html(f"This quiz could not be marked ({type(exc).__name__}"
                                       "); your answers are still on screen. Please report "
                                       "it to the course authors.", "error")
            return
        if result.answered:               # save first: showing feedback might fail
            kept = {qid: r[:MAX_ANSWER_CHARS] if isinstance(r, str) else r
                    for qid, r in responses.items()}
            recorder.record(lesson, result.grades, kept, complete=kind == "quiz" and
                            result.answered == result.max_score, kind=kind)
        failed = 0
        add_feedback(views)
        for view, grade in zip(views, result.grades):
            try:
                view.show(grade)
            except Exception:
                failed += 1
                view.feedback.value = message_html(
                    "The feedback for this question could not be shown (a content file "
                    "may be damaged); your answer was marked and saved.", "error")
        pct = result.score / result.max_score
        missing = result.max_score - result.answered
        text = f"Score: {round(result.score, 2):g} out of {result.max_score} ({pct:.0%})."
        if missing:
            text += f" {missing} question{'s' if missing > 1 else ''} not answered yet."
        if failed:
            text += f" Feedback could not be shown for {failed} question(s)."
        score.value = message_html(text, "ok" if pct >= 0.8 and not failed else "info")
        if on_checked is not None and result.answered:
            on_checked(result)

    def on_retry(_=None):
        for view in views:
            view.clear()
        score.value = ""

    check.on_click(on_check)
    retry.on_click(on_retry)
    quiz = lean(Panel, [recorder.status, *[v.box for v in views],
                        lean(widgets.HBox, [check, retry], layout=AUTO), score],
                layout=AUTO, classes=classes)
    for view in views:
        view.holder = quiz
    quiz.views = views  # for tests and instructors: the question views in order
    quiz.recorder = recorder
    quiz.check, quiz.retry, quiz.score = check, retry, score
    return quiz
