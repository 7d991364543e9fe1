"""The class report: one offline HTML page built from a folder of result files.

    python -m backsafe class report FOLDER [-o class-report.html]

Every score is recomputed from the learners' latest answers against the
current question banks (`backsafe.models.item_stats`); every piece of text that
came from a learner's file is escaped, and none of it is drawn in a figure.
"""
from __future__ import annotations

import sys
from html import escape
from dataclasses import dataclass
from pathlib import Path
import numpy as np

from ..content.catalogue import lessons
from ..content.markup import to_html
from ..content.quizzes import Question, bank_for
from ..content.references import cite
from ..models.grading import grade
from ..models.item_stats import (ClassGain, LessonStats, Grader, class_gain,
                                 latest_answers, lesson_stats, normalised_gain,
                                 pre_post_score)
from ..render import html, render
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
    pair = _form_pairs()
    for number, (learner, pre, post) in enumerate(
            zip(results.learners, latest["pre"], latest["post"]), 1):
        if pre and post:      # the gain compares the objectives asked in both tests
            both = {pair.get(k) for k in pre} & {pair.get(k) for k in post}
            pre = {k: v for k, v in pre.items() if pair.get(k) in both}
            post = {k: v for k, v in post.items() if pair.get(k) in both}
        if pre or post:
            rows.append(PrePostRow(number, learner,
                                   *pre_post_score(questions, pre, grader),
                                   *pre_post_score(questions, post, grader)))
    return ClassStats(results, tuple(per_lesson), tuple(rows),
                      class_gain((r.pre, r.post) for r in rows), old,
                      _final_stats(results, questions, grader))


def _form_pairs() -> dict[str, int]:
    """"pre-post/<id>" -> the number of its group, the same for items A and B."""
    from ..content.pre_post import FORMS, NAMESPACE, pre_post_groups

    return {f"{NAMESPACE}/{g.item(form).id}": n
            for n, g in enumerate(pre_post_groups()) for form in FORMS}


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
    """lesson -> {question: response} for one learner: the latest quiz answer, or,
    for a question the learner never met in the quiz (a workshop that cut it), the
    latest answer in a short check, which asks the same question."""
    by_kind = {kind: latest_answers(((r.lesson, r.question), r.at, r.response)
                                    for r in learner.responses if r.kind == kind)
               for kind in ("check", "quiz")}
    latest = {**by_kind["check"], **by_kind["quiz"]}
    grouped: dict[str, dict] = {}
    for (lesson, question), response in latest.items():
        grouped.setdefault(lesson, {})[question] = response
    return grouped


# -- HTML (backsafe/templates/class_report_body.html.j2, autoescaped) ------------------

def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def _figure(fig):
    from ..figures.svg_cache import render_svg, svg_html

    return html(svg_html(render_svg(fig.figure), fig.alt))


def _learner_rows(stats: ClassStats) -> list[list[str]]:
    taken: dict[int, int] = {}
    for s in stats.lessons:
        for i in s.participants:
            taken[i] = taken.get(i, 0) + 1
    return [[str(n), lr.name, str(len(lr.completed)), str(taken.get(n - 1, 0)), lr.file]
            for n, lr in enumerate(stats.results.learners, 1)]


def _score_rows(stats: ClassStats) -> list[list[str]]:
    n = len(stats.results.learners)
    rows = []
    for s in stats.lessons:
        sc = s.scores
        cells = ([_pct(sc.mean()), _pct(float(np.median(sc))), _pct(sc.min()),
                  _pct(sc.max())] if len(sc) else ["–"] * 4)
        rows.append([lesson_title(s.lesson), f"{len(s.participants)} of {n}", *cells])
    return rows


def lesson_title(slug: str) -> str:
    if slug == "final-assessment":
        return "Final assessment (lesson 07)"
    for lesson in lessons():
        if lesson.slug == slug:
            return f"{lesson.number:02d} {lesson.title.split(':')[0]}"
    return slug


def _discrimination(item) -> str:
    if item.discrimination is None:
        return f"undefined: {item.discrimination_note}"
    return f"{item.discrimination:.2f}"


def _content(text: str):
    """Question-bank text (bold, italic, citations) as safe HTML."""
    return html(to_html(text, cite))


def _wrong_rows(number: int, q: Question, distractors) -> list[list]:
    options = {o.id: o for o in q.options}
    rows = []
    for choice, times in distractors:
        if q.type == "numeric":
            g = grade(q, choice)
            text = f"typed {choice}"
            feedback = html(escape(g.message or "") + " ".join(
                to_html(f, cite) for f in g.feedback))
        else:
            text = _content(options[choice].text)
            feedback = _content(options[choice].feedback)
        rows.append([f"Q{number}", text, str(times), feedback])
    return rows


def _section(s: LessonStats) -> dict:
    rows, wrong = [], []
    for n, item in enumerate(s.items, 1):
        prompt = item.question.prompt
        prompt = prompt if len(prompt) <= 140 else prompt[:139] + "…"
        rows.append([f"Q{n}", _content(prompt), str(item.answered), _pct(item.difficulty),
                     _discrimination(item)])
        wrong += _wrong_rows(n, item.question, item.distractors)
    return {"title": lesson_title(s.lesson), "took_part": len(s.participants),
            "learners": s.learners, "rows": rows, "wrong": wrong}


def _prepost_rows(stats: ClassStats) -> list[list[str]]:
    rows = [[str(r.number), r.learner.name, f"{_pct(r.pre)}\u00a0({r.pre_answered})",
             f"{_pct(r.post)}\u00a0({r.post_answered})",
             "–" if r.gain is None else f"{r.gain:.2f}"] for r in stats.prepost]
    g = stats.gain
    fmt = lambda x: "–" if x is None else f"{x:.2f}"  # noqa: E731
    rows.append([html(f"<strong>Class</strong> ({g.learners} with both)"), "",
                 _pct(g.mean_pre), _pct(g.mean_post),
                 f"{fmt(g.gain_of_means)} (of the averages); {fmt(g.mean_of_gains)} "
                 f"(mean of {g.gains_defined} individual gains)"])
    return rows


def report_body(stats: ClassStats) -> str:
    """The report's HTML body (inside <div class="bsld-report">)."""
    r = stats.results
    context = {"title": TITLE, "files": r.files, "folder": str(r.folder),
               "problems": [p.line() for p in r.problems], "learners": []}
    if r.learners:
        from ..figures.class_report import difficulty, pre_post, score_distribution

        sections = [_section(s) for s in stats.lessons]
        if stats.final is not None:
            sections.append(_section(stats.final))
        pairs = [(x.number, x.pre, x.post) for x in stats.prepost
                 if x.pre is not None and x.post is not None]
        context.update(
            learners=_learner_rows(stats), scores=_score_rows(stats),
            score_figure=_figure(score_distribution(stats.lessons)),
            difficulty_figure=_figure(difficulty(stats.lessons)), sections=sections,
            old_prepost=stats.old_prepost, prepost=_prepost_rows(stats) if stats.prepost
            else [], prepost_figure=_figure(pre_post(pairs)) if stats.prepost else "")
    return render("class_report_body.html.j2", **context)


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
    from ..files import WriteFailed, user_path, write_atomically, write_in_new_folder
    from .cli import default_folder, refused_folder

    try:
        if args.output:
            target, write = user_path(args.output), write_atomically
            if refused_folder(target, "class-report.html"):
                return 2
        else:
            target, write = default_folder() / "class-report.html", write_in_new_folder
        refuse_result_file(target)
        page, stats = build_report(args.folder)
        write(target, lambda fh: fh.write(page))
    except (FolderError, WriteFailed) as exc:
        print(exc, file=sys.stderr)
        return 1
    except ContentError as exc:
        print(damaged_content_sentence(exc), file=sys.stderr)
        return 1
    print(summary_sentence(stats, target), file=sys.stderr)
    return 0
