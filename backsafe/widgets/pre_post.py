"""The pre-test (lesson 00, form A) and the post-test with the learner's own
normalised gain (lesson 07, form B): parallel forms from pre_post_forms.yaml."""
from __future__ import annotations

from datetime import date

import ipywidgets as widgets

from ..content.loader import ContentError
from ..content.markup import points
from ..content.pre_post import NAMESPACE, form_questions
from ..models.gain import normalised_gain
from ..store import StoreUnavailable, try_open_store
from .base import AUTO, CONTROL, lean, message_html, Panel, readout_table

PRE_LESSON, POST_LESSON = "start-here", "your-plan"
SEED = "pre-post"


def _open(store):
    return try_open_store() if store == "default" else (store, None)


def _latest(store, kind: str, of: str | None = NAMESPACE) -> dict | None:
    """The latest test of `kind` taken on the parallel forms (of=None: any version)."""
    if store is None:
        return None
    try:
        return store.latest_submission(kind, of=of)
    except StoreUnavailable:
        return None


def _old_pre_test(store) -> dict | None:
    """The latest pre-test taken before the parallel forms (lesson-quiz questions),
    when there is no pre-test on form A."""
    if _latest(store, "pre") is not None:
        return None
    return _latest(store, "pre", of=None)


OLD_PRE_TEST = ("You took the earlier version of the pre-test ({score}). Its questions "
                "came from the lesson quizzes and differ from this post-test's, so no gain "
                "is computed from it; your answers to it are kept.")


def _score(row: dict | None) -> str:
    if row is None:
        return "not taken yet"
    share = row["score"] / row["max_score"]
    return (f"{points(row['score'])} of {row['max_score']} ({share:.0%}), on "
            f"{str(row['created_at'])[:10]}")


def gain_sentence(pre: float | None, post: float | None, old_pre: str | None = None) -> str:
    """What the learner's gain means, in plain words (scores as shares 0 to 1);
    `old_pre` describes a pre-test taken in its earlier version, if any."""
    if pre is None and old_pre is not None:
        return OLD_PRE_TEST.format(score=old_pre) + (
            " Your post-test score still tells you where you stand.")
    if pre is None:
        return ("You have not taken the pre-test, so there is no gain to show; your "
                "post-test score still tells you where you stand. To measure a gain, a "
                "learner takes the pre-test in lesson 00 before working through the "
                "lessons: taking it now, after the course, would not measure what you "
                "learnt.")
    if post is None:
        return "Take the post-test below to see your gain."
    g = normalised_gain(pre, post)
    if g is None:
        return ("Your pre-test score was full marks, so there was nothing left to gain: "
                "the normalised gain is undefined (it would divide by zero).")
    if g < 0:
        return (f"Your gain is negative (g = {g:.2f}): you got fewer of these questions "
                "right than in the pre-test. Read the feedback above and go back to the "
                "lessons behind the questions you missed; with so few questions, one or two "
                "unlucky answers move the score a lot.")
    return (f"You learnt {g:.0%} of what you did not yet know at the start (normalised "
            f"gain g = {g:.2f}: 0 means no change, 1 means you now get right everything "
            "you missed at first).")


def _share(row: dict | None) -> float | None:
    return None if row is None else row["score"] / row["max_score"]


def _explorer(quiz, readout, message, *classes):
    box = lean(Panel, [readout, message, quiz], classes=("bsld-explorer", *classes))
    box.quiz, box.readout, box.message = quiz, readout, message
    return box


def pre_test_check(*, store="default", seed=SEED):
    """The pre-test (form A): one question per lesson's central objective, before the
    lessons."""
    from .quiz import quiz_box

    store, notice = _open(store)
    readout = lean(widgets.HTML, classes=("bsld-readout",))
    message = lean(widgets.HTML, classes=("bsld-message",))
    earlier = _latest(store, "pre")
    text = ("Answer without looking anything up: a guess is fine, and a wrong answer "
            "costs nothing. It counts for no lesson's score and never enters your review "
            "queue; none of its questions appears in a lesson quiz. Lesson 07's post-test "
            "asks a parallel question on each point.")
    if earlier is not None:
        text += (f" You took the pre-test before ({_score(earlier)}); if you take it again, "
                 "the newer one counts, so do that only before you work through the lessons.")
    readout.value = message_html(text, "info")
    if notice:
        message.value = message_html(notice, "warn")

    def on_checked(result):
        message.value = message_html(
            f"Recorded as your pre-test: {points(result.score)} of {result.max_score} "
            f"({result.score / result.max_score:.0%}). Lesson 07 asks parallel questions "
            "at the end of the course and shows how much you gained.", "ok")

    def build():
        pairs = form_questions("a")
        return quiz_box(PRE_LESSON, pairs, seed=seed, store=store, kind="pre",
                        intro=f"{len(pairs)} questions, one for each lesson.",
                        on_checked=on_checked, explorer_part=True)

    # Built when the learner starts it: the test is optional, and a quiz nobody
    # has opened costs Run All nothing: no widgets (35 comms), and none of the
    # forms file is read.
    start = lean(widgets.Button, description="Start the pre-test", icon="play",
                 button_style="primary", layout=AUTO,
                 tooltip="Show the questions, one from each lesson",
                 classes=(*CONTROL, "bsld-start-pre-test"))
    box = lean(Panel, [readout, message, start],
               classes=("bsld-explorer", "bsld-pre-test"))
    box.readout, box.message, box.start, box.quiz = readout, message, start, None

    def on_start(_=None):
        if box.quiz is not None:
            return
        try:
            box.quiz = build()
        except ContentError as exc:     # a damaged content file: say which, keep the page
            message.value = message_html(str(exc), "error")
            return
        box.children = (readout, message, box.quiz)

    start.on_click(on_start)
    return box


def post_test_check(*, store="default", seed=SEED):
    """The post-test (form B: a parallel question for each pre-test question), with the
    learner's latest pre and post scores and normalised gain."""
    from .quiz import quiz_box

    store, notice = _open(store)
    pairs = form_questions("b")
    old = _old_pre_test(store)
    old_text = None if old is None else _score(old)
    readout = lean(widgets.HTML, classes=("bsld-readout", "bsld-gain"))
    message = lean(widgets.HTML, classes=("bsld-message",))
    if notice:
        message.value = message_html(notice, "warn")

    def show(post: dict | None) -> None:
        pre = _latest(store, "pre")
        rows = [("Pre-test (lesson 00)", _score(pre)), ("Post-test (this lesson)",
                                                        _score(post))]
        g = None if pre is None or post is None else normalised_gain(_share(pre),
                                                                     _share(post))
        if pre is not None and post is not None:
            rows.append(("Normalised gain", "undefined" if g is None else f"{g:.2f}"))
        readout.value = (readout_table(rows) +
                         message_html(gain_sentence(_share(pre), _share(post), old_text),
                                      "warn" if g is not None and g < 0 else "info"))

    def on_checked(result):
        post = _latest(store, "post") if store is not None and not store.waiting else None
        if post is None:              # not saved (no store, or the file is busy)
            post = {"score": result.score, "max_score": result.max_score,
                    "created_at": date.today().isoformat()}
        show(post)

    show(_latest(store, "post"))
    quiz = quiz_box(POST_LESSON, pairs, seed=seed, store=store, kind="post",
                    intro=f"{len(pairs)} questions, each parallel to one in the pre-test of "
                          "lesson 00 (same point, a new case).",
                    on_checked=on_checked, explorer_part=True)
    return _explorer(quiz, readout, message, "bsld-post-test")
