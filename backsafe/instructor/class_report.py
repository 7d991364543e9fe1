"""The class report: one offline HTML page built from a folder of result files.

    python -m backsafe class report FOLDER [-o class-report.html]

Every score is recomputed from the learners' latest answers against the
current question banks (`backsafe.models.item_stats`); every piece of text that
came from a learner's file is escaped, and none of it is drawn in a figure.
"""
from __future__ import annotations

import html
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from ..content.catalogue import lessons
from ..content.markup import to_html
from ..content.quizzes import Question, bank_for
from ..content.references import cite
from ..models.grading import grade
from ..models.item_stats import (ClassGain, LessonStats, Grader, class_gain,
                                 latest_answers, lesson_stats, normalised_gain,
                                 pre_post_score)
from .results import (ClassResults, FolderError, LearnerResult, current_questions,
                      read_folder)

TITLE = "Class results: Back-Safe Leg Day"
CSS = (".bsld-report td.num,.bsld-report th.num{text-align:right}"
       ".bsld-report figure{margin:1em 0}"
       ".bsld-report .problems li{font-family:monospace;font-size:.9em}")


@dataclass(frozen=True)
class PrePostRow:
    number: int                  # the learner's number in the report
    learner: LearnerResult
    pre: float | None
    pre_answered: int
    post: float | None
    post_answered: int

    @property
    def gain(self) -> float | None:
        return normalised_gain(self.pre, self.post)


@dataclass(frozen=True)
class ClassStats:
    results: ClassResults
    lessons: tuple[LessonStats, ...]
    prepost: tuple[PrePostRow, ...]
    gain: ClassGain
    old_prepost: int = 0         # learners with pre/post answers from the earlier version
    final: LessonStats | None = None   # the final assessment's items, like a lesson's


def class_statistics(results: ClassResults,
                     questions: dict[str, Question] | None = None) -> ClassStats:
    """Lesson statistics and pre/post gains for the learners of `results`.

    The pre-test is scored on form A and the post-test on form B only. Answers a
    learner gave to the earlier pre/post-test (lesson-quiz questions, before the
    parallel forms) are kept in their file but give no gain: they are counted in
    `old_prepost`."""
    from ..content.question_ids import form_keys

    questions = current_questions() if questions is None else questions
    grader = Grader()
    forms = {"pre": form_keys("a"), "post": form_keys("b")}
    latest = {kind: [latest_answers((f"{r.lesson}/{r.question}", r.at, r.response)
                                    for r in learner.responses if r.kind == kind
                                    and f"{r.lesson}/{r.question}" in forms[kind])
                     for learner in results.learners]
              for kind in ("pre", "post")}
    old = sum(any(r.kind in forms and f"{r.lesson}/{r.question}" not in forms[r.kind]
                  for r in learner.responses) for learner in results.learners)
    quiz = [_quiz_by_lesson(learner) for learner in results.learners]
    per_lesson = []
    for lesson in lessons():
        bank = bank_for(lesson.slug)
        if bank is not None:
            answers = [mine.get(lesson.slug, {}) for mine in quiz]
            per_lesson.append(lesson_stats(bank, answers, grader))
    rows = []
    for number, (learner, pre, post) in enumerate(
            zip(results.learners, latest["pre"], latest["post"]), 1):
        if pre or post:
            rows.append(PrePostRow(number, learner,
                                   *pre_post_score(questions, pre, grader),
                                   *pre_post_score(questions, post, grader)))
    return ClassStats(results, tuple(per_lesson), tuple(rows),
                      class_gain((r.pre, r.post) for r in rows), old,
                      _final_stats(results, questions, grader))


def _final_stats(results: ClassResults, questions: dict[str, Question],
                 grader) -> LessonStats | None:
    """Item statistics of the final assessment from each learner's latest answers."""
    from ..content.final_assessment import FILE, NAMESPACE
    from ..content.quizzes import QuizBank

    items = tuple(q for key, q in questions.items() if key.startswith(NAMESPACE + "/"))
    if not items:
        return None
    latest = [{question: response for (lesson, question), response in latest_answers(
        ((r.lesson, r.question), r.at, r.response) for r in learner.responses
        if r.kind == "final" and r.lesson == NAMESPACE).items()}
        for learner in results.learners]
    return lesson_stats(QuizBank(NAMESPACE, FILE, items), latest, grader)


def _quiz_by_lesson(learner: LearnerResult) -> dict[str, dict]:
    """lesson -> {question: latest quiz response} for one learner."""
    latest = latest_answers(((r.lesson, r.question), r.at, r.response)
                            for r in learner.responses if r.kind == "quiz")
    grouped: dict[str, dict] = {}
    for (lesson, question), response in latest.items():
        grouped.setdefault(lesson, {})[question] = response
    return grouped


# -- HTML -------------------------------------------------------------------------

def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], numeric=()) -> str:
    """A table of already-escaped cells; columns in `numeric` align right."""
    cls = lambda i: ' class="num"' if i in numeric else ""  # noqa: E731
    top = "".join(f'<th scope="col"{cls(i)}>{h}</th>' for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(row))
                   + "</tr>" for row in rows)
    return f"<table><thead><tr>{top}</tr></thead><tbody>{body}</tbody></table>"


def _figure(fig) -> str:
    from ..figures.svg_cache import render_svg, svg_html

    return svg_html(render_svg(fig.figure), fig.alt)


def _summary(stats: ClassStats) -> str:
    r = stats.results
    esc = html.escape
    if not r.files:
        return (f"<p><strong>No result files were found in {esc(r.folder)}.</strong> Ask "
                "learners to run <code>python -m backsafe progress share</code> (or press "
                "the share button in the last lesson) and put the files it writes, named "
                "<code>*.bsld-result.json</code>, in this folder.</p>")
    return (f"<p>{len(r.learners)} learner(s) counted from {r.files} result file(s) in "
            f"<code>{esc(r.folder)}</code>; {len(r.problems)} problem(s) listed below.</p>"
            "<p>Every score here is recomputed from each learner's <em>latest</em> answer "
            "to each question, graded against the current question banks; scores written "
            "in a file are never used. A lesson score is the share of the lesson's "
            "questions whose latest quiz answer is fully correct (an unanswered question "
            "counts as not correct); review and final-assessment answers are not "
            "counted in it. The final assessment has its own section after the lessons, "
            "from each learner's latest final answers.</p>")


def _problems(results: ClassResults) -> str:
    if not results.problems:
        return "<h2>Problems with the files</h2><p>None: every file was read in full.</p>"
    items = "".join(f"<li>{html.escape(p.line())}</li>" for p in results.problems)
    return f'<h2>Problems with the files</h2><ul class="problems">{items}</ul>'


def _learners(stats: ClassStats) -> str:
    taken = {}
    for s in stats.lessons:
        for i in s.participants:
            taken[i] = taken.get(i, 0) + 1
    rows = [(str(n), html.escape(lr.name), str(len(lr.completed)), str(taken.get(n - 1, 0)),
             html.escape(lr.file))
            for n, lr in enumerate(stats.results.learners, 1)]
    return ("<h2>Learners</h2><p>Numbers are used in the figures; names are as the "
            "learners typed them.</p>"
            + _table(["No.", "Name", "Lessons marked complete", "Quizzes answered",
                      "File"], rows, numeric={0, 2, 3}))


def _scores(stats: ClassStats) -> str:
    from ..figures.class_report import score_distribution

    n = len(stats.results.learners)
    rows = []
    for s in stats.lessons:
        sc = s.scores
        cells = ([_pct(sc.mean()), _pct(float(np.median(sc))), _pct(sc.min()),
                  _pct(sc.max())] if len(sc) else ["–"] * 4)
        rows.append([html.escape(lesson_title(s.lesson)), f"{len(s.participants)} of {n}",
                     *cells])
    return ("<h2>Participation and scores per lesson</h2>"
            "<p>A learner takes part in a lesson when they answered any of its quiz "
            "questions.</p>"
            + _table(["Lesson", "Took part", "Mean", "Median", "Lowest", "Highest"], rows,
                     numeric={1, 2, 3, 4, 5})
            + _figure(score_distribution(stats.lessons)))


def lesson_title(slug: str) -> str:
    if slug == "final-assessment":
        return "Final assessment (lesson 07)"
    for lesson in lessons():
        if lesson.slug == slug:
            return f"{lesson.number:02d} {lesson.title.split(':')[0]}"
    return slug


def _discrimination(item) -> str:
    if item.discrimination is None:
        return f"undefined: {html.escape(item.discrimination_note)}"
    return f"{item.discrimination:.2f}"


def _wrong_rows(number: int, q: Question, distractors) -> list[list[str]]:
    options = {o.id: o for o in q.options}
    rows = []
    for choice, times in distractors:
        if q.type == "numeric":
            g = grade(q, choice)
            text = f"typed {html.escape(choice)}"
            feedback = html.escape(g.message or "") + " ".join(
                to_html(f, cite) for f in g.feedback)
        else:
            text = to_html(options[choice].text, cite)
            feedback = to_html(options[choice].feedback, cite)
        rows.append([f"Q{number}", text, str(times), feedback])
    return rows


def _difficulty(stats: ClassStats) -> str:
    from ..figures.class_report import difficulty

    return ("<h2>Difficulty per question</h2><p>The share of learners who answered a "
            "question that got it right; each lesson's section below names the questions "
            "and the wrong answers chosen.</p>" + _figure(difficulty(stats.lessons)))


def _lesson_section(s: LessonStats) -> str:
    title = html.escape(lesson_title(s.lesson))
    if not s.participants:
        return f"<h2>{title}</h2><p>No learner answered these questions.</p>"
    rows, wrong = [], []
    for n, item in enumerate(s.items, 1):
        prompt = item.question.prompt
        prompt = prompt if len(prompt) <= 140 else prompt[:139] + "…"
        rows.append([f"Q{n}", to_html(prompt, cite), str(item.answered),
                     _pct(item.difficulty), _discrimination(item)])
        wrong += _wrong_rows(n, item.question, item.distractors)
    distractors = (_table(["Question", "Wrong answer chosen", "Times", "Its feedback "
                           "(the misconception)"], wrong, numeric={2}) if wrong
                   else "<p>No wrong answers were chosen.</p>")
    return (f"<h2>{title}</h2>"
            f"<p>{len(s.participants)} of {s.learners} learner(s) took part.</p>"
            "<h3>Difficulty and discrimination</h3>"
            "<p>Share correct is among those who answered. Discrimination is the "
            "correlation between getting the question right and the rest of the lesson "
            "score (corrected point-biserial): below 0.2 the question separates stronger "
            "from weaker learners poorly; a negative value suggests checking the key or "
            "the wording.</p>"
            + _table(["No.", "Question", "Answered", "Share correct", "Discrimination"],
                     rows, numeric={2, 3})
            + "<h3>Wrong answers chosen</h3>" + distractors)


def _prepost(stats: ClassStats) -> str:
    from ..figures.class_report import pre_post

    head = "<h2>Pre-test and post-test</h2>"
    if stats.old_prepost:
        head += (f"<p>{stats.old_prepost} learner(s) answered the earlier version of the "
                 "pre- or post-test, which reused lesson-quiz questions. Those answers are "
                 "not used here: the gain compares only the parallel forms (form A before "
                 "the course, form B after it), so the two scores measure the same "
                 "objectives with questions none of the lessons asks.</p>")
    if not stats.prepost:
        return head + "<p>No learner's file holds answers to the pre-test (form A) or the "\
                      "post-test (form B).</p>"
    rows = [[str(r.number), html.escape(r.learner.name),
             f"{_pct(r.pre)}&nbsp;({r.pre_answered})",
             f"{_pct(r.post)}&nbsp;({r.post_answered})",
             "–" if r.gain is None else f"{r.gain:.2f}"] for r in stats.prepost]
    g = stats.gain
    fmt = lambda x: "–" if x is None else f"{x:.2f}"  # noqa: E731
    rows.append([f"<strong>Class</strong> ({g.learners} with both)", "",
                 _pct(g.mean_pre), _pct(g.mean_post),
                 f"{fmt(g.gain_of_means)} (of the averages); {fmt(g.mean_of_gains)} "
                 f"(mean of {g.gains_defined} individual gains)"])
    pairs = [(r.number, r.pre, r.post) for r in stats.prepost
             if r.pre is not None and r.post is not None]
    return (head + "<p>Each score is the share correct of the test questions the learner "
            "answered (number answered in brackets), from their latest answer to each: "
            "form A for the pre-test, form B for the post-test. "
            "Normalised gain g = (post − pre) / (1 − pre) is the share of the possible "
            "improvement achieved (Hake 1998); it is undefined (–) without both tests or "
            "when the pre-test score is 100%.</p>"
            + _table(["No.", "Name", "Pre-test", "Post-test", "Gain g"], rows,
                     numeric={2, 3, 4})
            + _figure(pre_post(pairs)))


def report_body(stats: ClassStats) -> str:
    """The report's HTML body (inside <div class="bsld-report">)."""
    parts = [f"<h1>{html.escape(TITLE)}</h1>", _summary(stats), _problems(stats.results)]
    if stats.results.learners:
        parts += [_learners(stats), _scores(stats)]
        parts.append(_difficulty(stats))
        parts += [_lesson_section(s) for s in stats.lessons]
        if stats.final is not None:
            parts.append(_lesson_section(stats.final))
        parts.append(_prepost(stats))
    return f'<div class="bsld-report">{"".join(parts)}</div>'


def build_report(folder) -> tuple[str, ClassStats]:
    """(the whole HTML page, the statistics) for a folder; raises FolderError."""
    from ..html_page import html_page

    stats = class_statistics(read_folder(folder))
    return html_page(TITLE, report_body(stats), css=CSS), stats


def damaged_content_sentence(exc: Exception) -> str:
    """A course content file (a question bank) the report needs cannot be read."""
    return (f"No report was made: a course content file is damaged ({exc}). Undo the "
            "change to it or reinstall the course, then build the report again.")


def refuse_result_file(target: Path) -> None:
    """Raise FolderError when `target` is (or would be read as) a learner's result
    file: the report never replaces one."""
    from ..result_format import FORMAT, SUFFIX

    looks_like = target.name.endswith(SUFFIX)
    if not looks_like and target.is_file():
        try:
            with open(target, "rb") as fh:
                looks_like = FORMAT.encode() in fh.read(4096)
        except OSError:
            pass
    if looks_like:
        raise FolderError(f"Nothing was written: {target} is a learner's result file (or "
                          f"would be read as one); choose another name for the report, "
                          "such as class-report.html.")


def no_files_sentence(folder: str) -> str:
    return (f"No result files (*.bsld-result.json) were found in {folder}; ask learners "
            "to run 'python -m backsafe progress share' and put the files here.")


def summary_sentence(stats: ClassStats, output) -> str:
    r = stats.results
    if not r.files:
        return f"{no_files_sentence(r.folder)} The report written to {output} says so."
    return (f"Class report written to {output}: {len(r.learners)} learner(s), "
            f"{len(r.problems)} problem(s) with the files (listed in the report).")


# -- command line -----------------------------------------------------------------

def run_class_command(args) -> int:
    """`python -m backsafe class report` (parsed in backsafe.cli); the exit code."""
    from ..content.loader import ContentError
    from ..files import WriteFailed, write_atomically

    try:
        target = Path(args.output).expanduser()
        refuse_result_file(target)
        page, stats = build_report(args.folder)
        write_atomically(target, lambda fh: fh.write(page))
    except (FolderError, WriteFailed) as exc:
        print(exc, file=sys.stderr)
        return 1
    except ContentError as exc:
        print(damaged_content_sentence(exc), file=sys.stderr)
        return 1
    print(summary_sentence(stats, target), file=sys.stderr)
    return 0
