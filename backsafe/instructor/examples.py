"""Made-up result files for trying the class report (notebook, benchmark)."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from .. import __version__
from .. import result_format as rf
from ..content.quizzes import Question


def _answer(q: Question, right: bool, rng: np.random.Generator):
    if q.type == "numeric":
        if right:
            return f"{q.answer:g}"
        off = q.answer * rng.choice([0.5, 0.8, 1.5, 2.0]) + 10 * (q.tolerance or 0) + 1
        return f"{off:g}"
    correct = [o.id for o in q.options if o.correct]
    wrong = [o.id for o in q.options if not o.correct]
    if q.type == "multiple":
        return correct if right else correct[:-1] + [str(rng.choice(wrong))]
    return correct[0] if right else str(rng.choice(wrong))


def example_result(number: int, questions: dict[str, Question],
                   rng: np.random.Generator, start: datetime) -> dict:
    """One made-up learner: ability drawn at random, most lessons attempted, some
    questions tried twice, a pre-test (form A), a post-test (form B) and the final."""
    from ..content.final_assessment import NAMESPACE as FINAL
    from ..content.pre_post import NAMESPACE as TESTS
    from ..content.question_ids import form_keys

    ability = rng.uniform(0.35, 0.95)
    by_lesson: dict[str, list[str]] = {}
    for qid in questions:
        by_lesson.setdefault(qid.partition("/")[0], []).append(qid)
    tests = by_lesson.pop(TESTS, [])
    finals = by_lesson.pop(FINAL, [])
    responses, lessons, t = [], {}, start
    for lesson, qids in by_lesson.items():
        if rng.random() > 0.85:
            continue
        for attempt in range(1 + int(rng.random() < 0.3)):
            for qid in qids:
                t += timedelta(seconds=int(rng.integers(10, 90)))
                right = rng.random() < ability + 0.15 * attempt
                responses.append({"question": qid, "kind": "quiz", "at": t.isoformat(),
                                  "response": _answer(questions[qid], right, rng)})
        lessons[lesson] = {"complete": True}
    forms = {"pre": [q for q in tests if q in form_keys("a")],
             "post": [q for q in tests if q in form_keys("b")], "final": finals}
    for kind, p in (("pre", ability - 0.3), ("post", ability + 0.05), ("final", ability)):
        for qid in forms[kind]:
            t += timedelta(seconds=30)
            responses.append({"question": qid, "kind": kind, "at": t.isoformat(),
                              "response": _answer(questions[qid], rng.random() < p, rng)})
    return {"format": rf.FORMAT, "schema": rf.SCHEMA, "course_version": __version__,
            "learner": f"example-{number:04d}", "name": f"Learner {number}",
            "written": (t + timedelta(minutes=5)).isoformat(), "lessons": lessons,
            "responses": responses}


def write_example_folder(folder: str | Path, n: int = 12, seed: int = 0) -> Path:
    """Write `n` made-up learners' result files into `folder` (created)."""
    from .results import current_questions

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    questions, rng = current_questions(), np.random.default_rng(seed)
    start = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
    for number in range(1, n + 1):
        data = example_result(number, questions, rng, start)
        (folder / f"learner-{number:04d}{rf.SUFFIX}").write_text(json.dumps(data),
                                                                  encoding="utf-8")
    return folder
