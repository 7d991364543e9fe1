"""Small stand-ins for pre_post_forms.yaml and final_assessment.yaml (issue 21), so
the machinery is tested on data whose answers the test knows; tests of the
course's real files use those files."""
from __future__ import annotations

import pytest

from backsafe.content import final_assessment, pre_post
from backsafe.content.objectives import course_objectives

REF = "bogduk2012"
# Equal length and shape: the key is never the only long one.
OPTIONS = ("Option text one, same size", "Option text two, same size",
           "Option text six, same size")


def single(qid: str, right: int, **extra) -> dict:
    return {"id": qid, "type": "single", "prompt": f"A new case for {qid}?",
            "options": [{"id": f"o{n}", "text": text, "correct": n == right,
                         "feedback": f"Feedback on option {n}."}
                        for n, text in enumerate(OPTIONS)],
            "explanation": "Why, in one sentence.", "references": [REF], **extra}


def true_false(qid: str, answer: bool, **extra) -> dict:
    return {"id": qid, "type": "true_false", "prompt": f"Statement {qid} holds.",
            "answer": answer, "feedback": {"true": "About true.", "false": "About false."},
            "explanation": "Why, in one sentence.", "references": [REF], **extra}


def forms_data() -> dict:
    groups = []
    for n, lesson in enumerate(course_objectives()):
        groups.append({"objective": f"{lesson}/1",
                       "a": single(f"{lesson}-form-a", n % 3),
                       "b": single(f"{lesson}-form-b", (n + 1) % 3)})
    return {"groups": groups}


def final_data() -> dict:
    """One item per two or three objectives, covering all of them."""
    keys = [f"{lesson}/{n}" for lesson, texts in course_objectives().items()
            for n in range(1, len(texts) + 1)]
    questions = []
    for k, n in enumerate(range(0, len(keys), 3)):
        qid = f"case-{k + 1}"
        item = true_false(qid, k % 4 == 1) if k % 2 else single(qid, k % 3)
        questions.append({**item, "objectives": keys[n:n + 3]})
    return {"questions": questions}


@pytest.fixture
def fixture_forms(monkeypatch):
    """The stand-in forms, in place of the course's file."""
    groups = pre_post.parse_forms(forms_data())
    monkeypatch.setattr(pre_post, "pre_post_groups", lambda: groups)
    return groups


@pytest.fixture
def fixture_final(monkeypatch):
    items = final_assessment.parse_final(final_data())
    monkeypatch.setattr(final_assessment, "final_items", lambda: items)
    return items
